/**
 * The HTML report: one static, self-contained page (no script, no network) a reviewer can open
 * from a CI artefact or GitHub Pages. Formulas are typeset with KaTeX and figures drawn as
 * inline SVG with vega-lite + vega, both on the server.
 *
 * Layout: provenance; the summary table (verdict counts per claim, coloured, and how many of its
 * clauses are checked); per claim its statement, assumptions and predictions as formulas, its
 * clauses and what checks each, the assumption-necessity table and failure maps when the run
 * has them, the figures (deviation vs tolerance, solver convergence, measured vs predicted Gram
 * heatmaps, phase diagrams when the claim has them), every `fail` with its counterexample,
 * numbers and replay command, and the instances table; then the planted wrong variants.
 */
import type { InstanceResult, Verdict } from '../engine/verdict.ts';
import type { MutateResult } from '../engine/mutate.ts';
import { convergenceSpec, hasConvergence } from './figures/convergence.ts';
import { deviationRows, deviationSpec } from './figures/deviation.ts';
import { gramGap, gramHeatmapSpec, gramNames } from './figures/gram-heatmap.ts';
import { phaseSpec } from './figures/phase.ts';
import { vegaLiteSvg } from './figures/vega-svg.ts';
import { symbolLatex } from './formulas.ts';
import { katexStylesheet, renderMath } from './katex.ts';
import { bulkDescentSummary } from './provenance.ts';
import type { Report, ReportClaim } from './report.ts';
import { counterexampleFile, counterexampleJson, replayCommand } from './replay.ts';
import { practiceHtml } from './practice/render.ts';
import { clauseSummary, clausesBlock, exercisedChecks, mapFigure, necessityBlock } from './hunt-sections.ts';

export interface HtmlOptions {
  /** Where the report lives relative to the repository root, for replay commands. @defaultValue '.' */
  readonly reportDir?: string;
  /** Passing instances per claim whose Gram heatmaps are drawn (the closest to their tolerance), besides up to 3 fails. @defaultValue 1 */
  readonly gramInstances?: number;
}

const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'inconclusive', 'skipped'];

/** Escapes text for HTML element content and attribute values. */
export function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const esc = htmlEscape;
const sci = (x: number | undefined | null, d = 2) => (x === undefined || x === null ? '' : Number.isFinite(x) ? x.toExponential(d) : String(x));
const anchor = (claim: string) => `claim-${claim.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

const STYLE = `
:root { --pass:#067647; --pass-bg:#dcfae6; --fail:#b42318; --fail-bg:#fee4e2; --inc:#b54708; --inc-bg:#fef0c7; --skip:#475467; --skip-bg:#eaecf0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #101828; margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 40px 0 6px; border-bottom: 1px solid #d0d5dd; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 22px 0 6px; } h4 { font-size: 15px; margin: 14px 0 4px; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f2f4f7; padding: 8px 10px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 14px; }
th, td { border: 1px solid #d0d5dd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f9fafb; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #667085; } .small { font-size: 13px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 13px; }
.v-pass { color: var(--pass); background: var(--pass-bg); } .v-fail { color: var(--fail); background: var(--fail-bg); }
.v-inconclusive { color: var(--inc); background: var(--inc-bg); } .v-skipped { color: var(--skip); background: var(--skip-bg); }
td.zero { color: #98a2b3; background: none; }
dl.prov { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 14px; margin: 10px 0; }
dl.prov dt { color: #475467; } dl.prov dd { margin: 0; }
ul.formulas { list-style: none; padding: 0; margin: 4px 0 10px; } ul.formulas li { margin: 2px 0; overflow-x: auto; }
ul.formulas .name { display: inline-block; min-width: 8.5em; color: #475467; font-size: 14px; }
ul.predictions li { padding: 2px 0 2px 1em; }
.figures { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
/* display: table makes the caption as wide as the figure, not the other way round. */
figure { display: table; margin: 0; border: 1px solid #eaecf0; border-radius: 6px; padding: 8px; background: #fff; }
figcaption { display: table-caption; caption-side: bottom; font-size: 13px; color: #475467; padding: 6px 8px 0; }
.katex-display { margin: 0.2em 0; text-align: left; } .katex-display > .katex { text-align: left; }
.counterexample { border-left: 4px solid var(--fail); padding: 2px 12px; margin: 12px 0; background: #fffbfa; }
.not-all-checked { font-size: 12px; font-weight: 600; }
`;

function verdictBadge(v: Verdict | 'fail-variants'): string {
  if (v === 'fail-variants') return '<span class="badge v-fail">FAIL</span>';
  return `<span class="badge v-${v}">${v.toUpperCase()}</span>`;
}

/** The claim's overall standing: fail beats inconclusive beats pass; all-skipped is skipped. */
function claimVerdict(c: ReportClaim): Verdict {
  const s = c.summary;
  if (s.fail > 0) return 'fail';
  if (s.inconclusive > 0) return 'inconclusive';
  if (s.pass > 0) return 'pass';
  return 'skipped';
}

function countCell(v: Verdict, n: number): string {
  return `<td class="num ${n > 0 ? `v-${v}` : 'zero'}">${n}</td>`;
}

function provenanceBlock(report: Report): string {
  const p = report.provenance;
  const rows: Array<[string, string]> = [
    ['suite', esc(report.suite)],
    ['seed', String(p.seed)],
    ['commit', `<code>${esc(p.commit)}</code>${p.dirty ? ' (with uncommitted changes)' : ''}`],
    ['started', esc(p.startedAt)],
    [
      'duration',
      `${p.durationSeconds.toFixed(1)} s; ${report.totals.instancesPerMinute.toFixed(1)} instances decided by certified solves per minute of checking`,
    ],
    ['decided in', `${esc(p.backend.precision)} (${esc(p.backend.name)}, ${esc(p.backend.device)}); ${esc(bulkDescentSummary(p.bulkDescent))}`],
    [
      'machine',
      `${esc(p.machine.platform)}/${esc(p.machine.arch)}, ${p.machine.cpus} × ${esc(p.machine.cpuModel)}, ${p.machine.memoryGiB} GiB; node ${esc(p.node)}`,
    ],
    [
      'packages',
      esc(
        Object.entries(p.packages)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ),
    ],
  ];
  if (report.shard) rows.push(['shard', `${report.shard.index}/${report.shard.count} (a slice of the run; merge the shards with <code>ncverify merge</code>)`]);
  if (p.shards && p.shards.length > 0) {
    rows.push([
      'merged from',
      p.shards.map((s) => `${esc(s.shard)} (${s.durationSeconds.toFixed(1)} s on ${s.machine.cpus} × ${esc(s.machine.cpuModel)})`).join('; '),
    ]);
  }
  return `<dl class="prov">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function summaryTable(report: Report): string {
  const mut = new Map(report.mutations.map((m) => [m.claim, m]));
  const rows = report.claims.map((c) => {
    const m = mut.get(c.claim);
    const variants = m ? `<td class="num ${m.rejected === m.total ? 'v-pass' : 'v-fail'}">${m.rejected}/${m.total}</td>` : '<td class="num zero">—</td>';
    const cov = clauseSummary(c.clauses);
    const clauses =
      c.clauses === undefined
        ? '<td class="num zero">—</td>'
        : `<td class="num ${cov.complete ? 'v-pass' : 'v-inconclusive'}" title="${cov.complete ? 'every clause checked or an assumption' : 'not every clause is checked'}">${esc(cov.text)}${cov.complete ? '' : ' <span class="not-all-checked">not all checked</span>'}</td>`;
    return (
      `<tr><td><a href="#${anchor(c.claim)}"><code>${esc(c.claim)}</code></a>${c.status === 'conjecture' ? ' <span class="muted">(conjecture)</span>' : ''}</td>` +
      `<td>${esc(c.paper)}, ${esc(c.section)}</td><td>${verdictBadge(claimVerdict(c))}</td>` +
      VERDICTS.map((v) => countCell(v, c.summary[v])).join('') +
      variants +
      clauses +
      '</tr>'
    );
  });
  const t = report.totals;
  const mTotal = report.mutations.reduce((a, m) => a + m.total, 0);
  const mRejected = report.mutations.reduce((a, m) => a + m.rejected, 0);
  const totalRow =
    `<tr><th colspan="3">total (${t.instances} instances)</th>${VERDICTS.map((v) => countCell(v, t[v])).join('')}` +
    (report.mutations.length > 0
      ? `<td class="num ${mRejected === mTotal ? 'v-pass' : 'v-fail'}">${mRejected}/${mTotal}</td>`
      : '<td class="num zero">—</td>') +
    '<td></td></tr>';
  return (
    `<table id="summary" class="summary"><thead><tr><th>claim</th><th>paper</th><th>verdict</th><th>pass</th><th>fail</th><th>inconclusive</th><th>skipped</th><th>planted variants rejected</th><th>clauses checked</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody><tfoot>${totalRow}</tfoot></table>`
  );
}

function formulasBlock(c: ReportClaim): string {
  const f = c.formulas;
  if (!f) return '<p class="muted">This report carries no formulas for the claim (written by an older ncverify).</p>';
  const item = (name: string, body: string) => `<li><span class="name">${esc(name)}</span> ${body}</li>`;
  const assumptions = f.assumptions.map((a) => item(a.name, renderMath(a.latex, false, a.source)));
  const predictions = f.predictions.map(
    (p) => `<li title="${esc(`${p.name} = ${p.source}`)}">${renderMath(`${symbolLatex(p.name)} = ${p.latex}`, true, `${p.name} = ${p.source}`)}</li>`,
  );
  const checks = f.checks.map((k) => `<li><span class="name">${esc(k.name)}</span> <code>${esc(k.claim)}</code></li>`);
  return (
    `<h3>Assumptions</h3><ul class="formulas assumptions">${assumptions.join('')}</ul>` +
    `<h3>Predictions</h3><p class="small muted">Evaluated in this order; <code>optimum</code> is the claimed global minimum value.</p><ul class="formulas predictions">${predictions.join('')}</ul>` +
    `<h3>Checks at every certified solution</h3><ul class="formulas checks">${checks.join('')}</ul>`
  );
}

function ratio(r: InstanceResult): number {
  return r.worst && r.worst.tolerance > 0 ? r.worst.deviation / r.worst.tolerance : -1;
}

/** Up to 3 fails, then `others` more: the passes closest to their tolerance, then anything else with a Gram. */
function gramInstances(c: ReportClaim, others: number): InstanceResult[] {
  const withGram = c.results.filter((r) => r.gram && gramNames(r.gram).length > 0);
  const fails = withGram.filter((r) => r.verdict === 'fail').slice(0, 3);
  const passes = withGram.filter((r) => r.verdict === 'pass').sort((a, b) => ratio(b) - ratio(a));
  const rest = withGram.filter((r) => r.verdict !== 'fail' && r.verdict !== 'pass');
  return [...fails, ...[...passes, ...rest].slice(0, others)];
}

class FigureCounter {
  private n = 0;
  next(): string {
    this.n += 1;
    return `fig${this.n}`;
  }
}

async function figure(spec: Parameters<typeof vegaLiteSvg>[0], ids: FigureCounter, caption: string, kind: string): Promise<string> {
  const svg = await vegaLiteSvg(spec, ids.next());
  return `<figure class="figure fig-${kind}">${svg}<figcaption>${caption}</figcaption></figure>`;
}

async function claimFigures(c: ReportClaim, ids: FigureCounter, gramLimit: number): Promise<string> {
  const figs: string[] = [];
  if (deviationRows(c.results).length > 0) {
    figs.push(
      await figure(
        deviationSpec(c.results, 'Deviation vs tolerance, every check × instance'),
        ids,
        'Each point is one check on one certified solution (or a closed-form consistency check). The tolerance is derived from the certificate; points above the dashed line are violations.',
        'deviation',
      ),
    );
  }
  if (hasConvergence(c.results)) {
    figs.push(
      await figure(
        convergenceSpec(c.results, 'Solver convergence (best start of each instance)'),
        ids,
        'Gradient norm along L-BFGS then Newton-CG polish, per instance (the best of its starts).',
        'convergence',
      ),
    );
  }
  for (const r of gramInstances(c, gramLimit)) {
    for (const name of gramNames(r.gram!)) {
      const gap = gramGap(r.gram!, name);
      const caption =
        `Instance #${r.index} (${esc(r.summary)}), verdict ${r.verdict}: <code>${esc(name)}</code> measured at the ${r.gram!.point === 'certified' ? 'certified minimiser' : r.gram!.point === 'counterexample' ? 'counterexample' : 'best start'}` +
        (gap === null ? ' (the claim builds no minimiser to compare with).' : ` next to the claimed minimiser's; largest entry gap ${sci(gap)}.`);
      figs.push(await figure(gramHeatmapSpec(r.gram!, name, `${name}, instance #${r.index}: measured vs predicted`), ids, caption, 'gram'));
    }
  }
  for (const s of c.phase ?? []) {
    figs.push(await figure(phaseSpec(s), ids, `Phase diagram: ${esc(s.quantity)} across ${esc(s.parameter)}, measured against the predicted curve.`, 'phase'));
  }
  return figs.length > 0 ? `<h3>Figures</h3><div class="figures">${figs.join('')}</div>` : '';
}

function counterexampleBlock(c: ReportClaim, r: InstanceResult, seed: number, reportDir: string): string {
  const violated = r.checks.filter((k) => !k.ok);
  const rows = violated.map(
    (k) =>
      `<tr><td>${esc(k.name)}</td><td><code>${esc(k.claim)}</code></td><td>${k.start ?? '—'}</td><td>${esc(k.detail ?? '')}</td><td class="num">${sci(k.deviation, 3)}</td><td class="num">${sci(k.tolerance, 3)}</td></tr>`,
  );
  const cx = r.counterexample;
  const numbers: string[] = [];
  if (typeof r.predictions.optimum === 'number') numbers.push(`claimed optimum ${r.predictions.optimum}`);
  if (cx?.objective !== undefined) numbers.push(`objective at the counterexample ${cx.objective}`);
  if (r.certificate)
    numbers.push(`|∇f| = ${sci(r.certificate.gradNorm)}, λ<sub>min</sub>(∇²f) = ${sci(r.certificate.minHessianEig)} (${esc(r.certificate.stationarity)})`);
  const file = counterexampleFile(c.claim, r.index);
  return (
    `<div class="counterexample" id="${anchor(c.claim)}-fail-${r.index}"><h4>${verdictBadge('fail')} instance #${r.index}: ${esc(r.summary)}</h4>` +
    `<p>${esc(r.reason)}</p>` +
    (cx ? `<p><strong>${esc(cx.kind)}</strong>: ${esc(cx.message)}</p>` : '') +
    (numbers.length ? `<p class="small">${numbers.join('; ')}</p>` : '') +
    (rows.length
      ? `<table><thead><tr><th>violated check</th><th>claim</th><th>start</th><th>measured</th><th>deviation</th><th>tolerance</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '') +
    `<p class="small">Instance (<a href="${esc(file)}">${esc(file)}</a>):</p><pre>${esc(counterexampleJson(r))}</pre>` +
    `<p class="small">Replay:</p><pre class="replay"><code>${esc(replayCommand(c.claim, r, seed, reportDir))}</code></pre></div>`
  );
}

function instancesTable(c: ReportClaim): string {
  const rows = c.results.map((r) => {
    const z = r.certificate;
    const certified = r.starts.filter((s) => s.stationarity === 'second-order').length;
    const worst = r.worst ? `${esc(r.worst.name)}: ${sci(r.worst.deviation, 1)} / ${sci(r.worst.tolerance, 1)}` : '';
    return (
      `<tr id="${anchor(c.claim)}-${r.index}"><td class="num">${r.index}</td><td>${esc(r.summary)}</td><td>${verdictBadge(r.verdict)}</td><td>${worst}</td>` +
      `<td class="num">${z ? z.objective.toPrecision(10) : ''}</td><td class="num">${sci(z?.gradNorm, 1)}</td><td class="num">${sci(z?.minHessianEig, 1)}</td>` +
      `<td class="num">${r.starts.length ? `${certified}/${r.starts.length}` : ''}</td><td class="num">${r.seconds.toFixed(2)}</td></tr>`
    );
  });
  return (
    `<h3>Instances</h3><table class="instances"><thead><tr><th>#</th><th>instance</th><th>verdict</th><th>worst check: deviation / tolerance</th><th>f</th><th>|∇f|</th><th>λ<sub>min</sub></th><th>2nd-order starts</th><th>s</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    (c.results.some((r) => r.verdict !== 'pass')
      ? `<ul class="small">${c.results
          .filter((r) => r.verdict !== 'pass' && r.verdict !== 'fail')
          .map((r) => `<li>#${r.index} ${r.verdict}: ${esc(r.reason)}</li>`)
          .join('')}</ul>`
      : '')
  );
}

async function claimSection(c: ReportClaim, report: Report, ids: FigureCounter, options: Required<HtmlOptions>): Promise<string> {
  const fails = c.results.filter((r) => r.verdict === 'fail');
  const largest = Object.entries(c.largestDeviation);
  return (
    `<section class="claim" id="${anchor(c.claim)}"><h2><code>${esc(c.claim)}</code> — ${esc(c.paper)}, ${esc(c.section)} ${verdictBadge(claimVerdict(c))}</h2>` +
    (c.citation ? `<p class="small muted">${esc(c.citation)}</p>` : '') +
    `<p class="statement">${esc(c.statement)}</p><p class="small muted">kind: ${esc(c.kind)}${c.status === 'conjecture' ? ', conjecture' : ''}; seed ${c.seed}; ${c.results.length} instances in ${c.seconds.toFixed(1)} s</p>` +
    formulasBlock(c) +
    (c.clauses !== undefined ? clausesBlock(c.clauses, exercisedChecks(c.results)) : '') +
    necessityBlock(
      report.necessity?.find((n) => n.claim === c.claim),
      c.summary.fail > 0,
    ) +
    (await mapsBlock(report, c.claim, ids)) +
    (fails.length > 0 ? `<h3>Counterexamples</h3>${fails.map((r) => counterexampleBlock(c, r, report.provenance.seed, options.reportDir)).join('')}` : '') +
    (largest.length
      ? `<h3>Largest deviation per check</h3><table><thead><tr><th>check</th><th>largest deviation</th><th>its tolerance</th></tr></thead><tbody>${largest.map(([n, d]) => `<tr><td>${esc(n)}</td><td class="num">${sci(d.deviation)}</td><td class="num">${sci(d.tolerance)}</td></tr>`).join('')}</tbody></table>`
      : '') +
    (await claimFigures(c, ids, options.gramInstances)) +
    instancesTable(c) +
    '</section>'
  );
}

/** The claim's failure maps (`maps` of the plan), each a phase diagram of verdicts. */
async function mapsBlock(report: Report, claim: string, ids: FigureCounter): Promise<string> {
  const maps = (report.maps ?? []).filter((m) => m.claim === claim);
  if (maps.length === 0) return '';
  const figs: string[] = [];
  for (const m of maps) figs.push(await mapFigure(m, ids.next()));
  return `<h3>Failure maps</h3><div class="figures">${figs.join('')}</div>`;
}

/** Threshold studies with their phase diagrams, and asymptotic sequences with their fitted rates. */
async function studiesSection(report: Report, ids: FigureCounter): Promise<string> {
  const studies = report.studies ?? [];
  if (studies.length === 0) return '';
  const parts: string[] = [];
  for (const s of studies) {
    const badge = verdictBadge(s.verdict);
    let table = '';
    if (s.threshold) {
      table =
        `<table><thead><tr><th>configuration</th><th>predicted t*</th><th>measured</th><th>rel. error</th><th>resolution</th><th>outcome</th></tr></thead><tbody>` +
        s.threshold
          .map(
            (r) =>
              `<tr><td>${esc(r.configuration)}</td><td>${r.predicted.toPrecision(10)}</td><td>${r.measured.toPrecision(10)}</td><td>${sci(r.relativeError)}</td><td>${sci(r.resolution)}</td><td>${verdictBadge(r.outcome === 'agree' ? 'pass' : 'fail')}</td></tr>`,
          )
          .join('') +
        '</tbody></table>';
    }
    if (s.asymptotic) {
      table =
        `<table><thead><tr><th>configuration</th><th>verdict</th><th>fitted exponent</th><th>detail</th></tr></thead><tbody>` +
        s.asymptotic
          .map(
            (r) =>
              `<tr><td>${esc(r.configuration)}</td><td>${verdictBadge(r.verdict)}</td><td>${r.fittedExponent.toFixed(2)}</td><td class="small">${esc(r.detail)}</td></tr>`,
          )
          .join('') +
        '</tbody></table>';
    }
    const fig = s.phase
      ? `<div class="figures">${await figure(phaseSpec(s.phase), ids, `Phase diagram: ${esc(s.phase.quantity)} across ${esc(s.phase.parameter)}, measured against the predicted curve.`, 'phase')}</div>`
      : '';
    parts.push(
      `<section class="study" id="study-${esc(s.claim)}"><h3><code>${esc(s.claim)}</code> (${s.kind} study) ${badge}</h3><p>${esc(s.statement)}</p>${table}${fig}${s.clauses !== undefined ? clausesBlock(s.clauses) : ''}</section>`,
    );
  }
  return `<section id="studies"><h2>Threshold and asymptotic studies</h2>${parts.join('')}</section>`;
}

function mutationsSection(mutations: readonly MutateResult[]): string {
  if (mutations.length === 0) return '';
  const rows = mutations.flatMap((m) =>
    m.variants.map(
      (v) =>
        `<tr><td><code>${esc(m.claim)}</code></td><td>${esc(v.name)}</td><td>${verdictBadge(v.rejected ? 'pass' : 'fail')}</td><td class="small">${esc(v.reason)}</td></tr>`,
    ),
  );
  return (
    `<section id="variants"><h2>Planted wrong variants</h2><p>Each claim is re-checked with every numeric constant of its predictions perturbed and with its explicit wrong variants; every variant must be rejected with a <code>fail</code>, or the harness could not tell the claim from a wrong one.</p>` +
    `<table><thead><tr><th>claim</th><th>variant</th><th>rejected</th><th>why</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

/**
 * Renders the HTML page of a report.
 *
 * Syntax: await renderHtml(report, { reportDir: 'reports/latest' })
 * See also: renderMarkdown, renderJunit (the same report in other formats)
 */
export async function renderHtml(report: Report, options: HtmlOptions = {}): Promise<string> {
  const opts: Required<HtmlOptions> = { reportDir: options.reportDir ?? '.', gramInstances: options.gramInstances ?? 1 };
  const ids = new FigureCounter();
  const sections: string[] = [];
  for (const c of report.claims) sections.push(await claimSection(c, report, ids, opts));
  const body = sections.join('\n') + (await studiesSection(report, ids)) + (await practiceHtml(report)) + mutationsSection(report.mutations);
  const t = report.totals;
  const survived = report.mutations.some((m) => m.rejected < m.total);
  const overall: Verdict | 'fail-variants' =
    t.fail > 0 ? 'fail' : survived ? 'fail-variants' : t.inconclusive > 0 ? 'inconclusive' : t.pass > 0 ? 'pass' : 'skipped';
  const title = `ncverify report — ${report.suite}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light">
<meta name="generator" content="ncverify ${esc(report.provenance.packages.ncverify ?? '')} (${esc(report.schema)})">
<title>${esc(title)}</title>
<style>${katexStylesheet(body)}</style><style>${STYLE}</style></head>
<body><header><h1>${esc(title)} ${verdictBadge(overall)}</h1>
<p class="muted">Published theorems about collapse phenomena, checked numerically: <strong>pass</strong> = certified solve within tolerance; <strong>fail</strong> = a certified counterexample; <strong>inconclusive</strong> = the solver did not certify; <strong>skipped</strong> = outside the claim's assumptions.</p>
${provenanceBlock(report)}</header>
<main><h2>Summary</h2>${summaryTable(report)}
${body}</main>
<footer class="small muted"><p>Rendered from report.json (${esc(report.schema)}). Every other format (report.md, junit.xml) is rendered from the same file: <code>npx ncverify report report.json --format html|md|junit</code>.</p></footer>
</body></html>
`;
}
