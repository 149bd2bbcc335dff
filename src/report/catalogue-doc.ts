/**
 * docs/catalogue.md, rendered from the catalogue itself: per paper section, the problem each
 * claim is about with its conventions (Problem.conventions), then per claim the statement that
 * is checked, its confidence tags, its assumptions, predictions and checks (the same
 * expressions the engine evaluates) and its planted wrong variants. Generated, never edited by
 * hand: `npm run docs` writes it and tests/report/catalogue-doc.test.ts fails when the committed
 * file and the claims have drifted apart.
 */
import { isStudy, isTheorem, type Catalogue, type Claim } from '../engine/catalogue.ts';
import type { Construction } from '../engine/construction.ts';
import { sectionOf } from '../engine/claim.ts';
import type { Study } from '../engine/study.ts';
import type { Theorem } from '../engine/theorem.ts';
import { clauseRecords, type ClauseRecord } from '../engine/clauses.ts';

const PREAMBLE = `# The claim catalogue

Every claim ncverify checks, grouped by paper. This file is generated from the claims
(\`npm run docs\`); a test fails when it and the code disagree, so what is written here is what
runs. Section ids (\`zhu2021\`, ...) are the prefixes of the claim ids.

Notation: K classes, n_k samples in class k, N = sum_k n_k; W (K x d) has the classifiers
w_k as rows; H (d x N) has the features h_{k,i} as columns; b in R^K; H_bar = [h_1 ... h_K] the
class means; D = diag(n_k); C = I_K - J/K the centering matrix; CE(z, k) = log sum_j exp z_j - z_k;
"mean CE" averages over the N samples; ridge penalties are lambda/2 ||.||_F^2. The simplex-ETF
Gram is (K/(K-1)) C.

Confidence tags: **paper** — the paper's own statement; **code** — fixed by the authors' official
code (conventions, constants); **derived** — derived here from the problem and checked
numerically (a derived statement is itself a claim, and is checked like one).
`;

/** The Markdown of the whole catalogue. */
export function renderCatalogueDoc(cat: Catalogue): string {
  const sections = new Map<string, Claim[]>();
  for (const c of cat.entries) {
    const s = sectionOf(c.id);
    sections.set(s, [...(sections.get(s) ?? []), c]);
  }
  const out = [PREAMBLE];
  for (const [section, claims] of sections) {
    out.push(`## ${section} — ${claims[0].paper}`, '', claims[0].citation, '');
    const problems = new Map<string, string>();
    for (const c of claims) if (isTheorem(c)) problems.set(c.problem.name, c.problem.conventions);
    for (const [name, conventions] of problems) out.push(`Problem \`${name}\`: ${conventions}`, '');
    for (const c of claims) for (const l of isTheorem(c) ? theoremEntry(c) : isStudy(c) ? studyEntry(c) : constructionEntry(c)) out.push(l);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function heading(c: Claim): string[] {
  const tags = c.confidence.join(', ');
  const status = c.status === 'conjecture' ? ' — conjecture' : '';
  return [
    `### \`${c.id}\` (${c.section}) [${tags}]${status}`,
    '',
    `*${c.kind}*. ${c.statement}`,
    '',
    ...(c.confidenceNote ? [`Confidence: ${c.confidenceNote}.`, ''] : []),
  ];
}

/** Every clause of the claim's catalogue text and what decides it (src/engine/clauses.ts). */
function clauseLines(c: Claim): string[] {
  if (!c.clauses || c.clauses.length === 0) return ['Clauses: none declared.', ''];
  const by = (k: ClauseRecord) =>
    k.status === 'checked'
      ? `checked by ${k.checkedBy!.map((n) => `\`${n}\``).join(', ')}`
      : k.status === 'assumption'
        ? `assumption \`${k.assumption}\``
        : `**unchecked**: ${k.unchecked}`;
  return ['Clauses:', '', ...clauseRecords(c.clauses).map((k) => `- ${k.text} — ${by(k)}${k.note ? ` (${k.note})` : ''}`), ''];
}

function table(title: string, rows: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(rows);
  if (entries.length === 0) return [];
  return [`${title}:`, '', ...entries.map(([k, v]) => `- \`${k}\`: \`${v}\``), ''];
}

function theoremEntry(t: Theorem): string[] {
  const explicit = t.variants ?? [];
  return [
    ...heading(t),
    `Problem: \`${t.problem.name}\`.${t.solveMode === 'reduced' ? ' Solved on its exact class reduction (no per-sample check).' : ''}`,
    '',
    ...table('Assumptions', t.assumptions),
    ...table('Predictions (in order)', t.predictions),
    'Checks:',
    '',
    ...t.checks.map((c) => `- ${c.name}: ${c.claim}${c.needs === 'samples' ? ' (per sample)' : ''}`),
    '',
    ...clauseLines(t),
    ...(t.reduced ? [`Scalar reduction: the argmin over ${t.reduced.variable} of \`${t.reduced.objective}\` equals \`${t.reduced.matches}\`.`, ''] : []),
    ...(t.construct ? ['The claimed minimiser is built from the closed forms and must be stationary and attain `optimum`.', ''] : []),
    `Planted wrong variants: every numeric constant of every prediction perturbed by 3%${explicit.length > 0 ? ', and:' : '.'}`,
    '',
    ...explicit.map((v) => `- ${v.name}: ${v.description}`),
    ...(explicit.length > 0 ? [''] : []),
  ];
}

function studyEntry(s: Study): string[] {
  const along =
    s.kind === 'threshold'
      ? `Along \`${s.parameter}\`: "${s.property}" must switch on at the predicted t*, located by bisection on certified solutions in ${s.configurations.length} configurations.`
      : `Along \`${s.parameter}\`: \`${s.deviation}\` must shrink towards 0, claimed O((${s.rate})^${s.claimedExponent}), in ${s.configurations.length} configurations.`;
  return [
    ...heading(s),
    ...(s.of ? [`Studies \`${s.of}\`.`, ''] : []),
    along,
    '',
    ...clauseLines(s),
    'Planted wrong variants:',
    '',
    ...s.variants.map((v) => `- ${v.name}: ${v.description}`),
    '',
  ];
}

function constructionEntry(c: Construction): string[] {
  return [
    ...heading(c),
    'Checks of the output, each within a tolerance from the precision of the arithmetic:',
    '',
    ...c.checks.map((k) => `- ${k.name}: ${k.claim}`),
    '',
    ...clauseLines(c),
    'Planted wrong variants:',
    '',
    ...c.variants.map((v) => `- ${v.name}: ${v.description}`),
    '',
  ];
}
