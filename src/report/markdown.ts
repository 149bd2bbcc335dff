/**
 * Markdown rendering of a report: the CI job summary ($GITHUB_STEP_SUMMARY), which GitHub caps
 * at 1 MiB. A full rendering that would exceed MARKDOWN_BUDGET is replaced by a compact one
 * (only non-pass instance rows), and that by a summary-only one; each says what it left out.
 */
import type { Report, ReportClaim } from './report.ts';
import type { InstanceResult } from '../engine/verdict.ts';
import { counterexampleJson, replayCommand } from './replay.ts';
import { bulkDescentSummary } from './provenance.ts';
import { practiceMarkdown } from './practice/render.ts';
import { FAILS_INSIDE, clauseSummary } from './hunt-sections.ts';

const ICON: Record<string, string> = { pass: 'pass', fail: '**FAIL**', inconclusive: 'inconclusive', skipped: 'skipped' };

/** Bytes a job summary may use; GitHub rejects summaries over 1 MiB. */
export const MARKDOWN_BUDGET = 1024 * 1024 - 16 * 1024;

export interface MarkdownOptions {
  /** Where the report lives relative to the repository root, for replay commands. @defaultValue '.' */
  readonly reportDir?: string;
}

type Detail = 'full' | 'compact' | 'summary';

/** Renders the Markdown summary, at the most detail that fits MARKDOWN_BUDGET. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  for (const detail of ['full', 'compact'] as const) {
    const md = render(report, options, detail);
    if (Buffer.byteLength(md, 'utf8') <= MARKDOWN_BUDGET) return md;
  }
  return render(report, options, 'summary');
}

function render(report: Report, options: MarkdownOptions, detail: Detail): string {
  const p = report.provenance;
  const t = report.totals;
  const out: string[] = [];
  out.push(`# ncverify report — suite \`${report.suite}\``, '');
  out.push(`**${t.pass} pass, ${t.fail} fail, ${t.inconclusive} inconclusive, ${t.skipped} skipped** over ${t.instances} instances.`, '');
  const st = report.stopped;
  if (st) {
    out.push(
      `**Stopped by \`--timeout\` (${st.budgetSeconds} s)** before everything was decided: ${st.undecidedInstances} instances not decided (counted as inconclusive), ${st.variantsNotRun} planted variants not run${st.studiesNotRun.length > 0 ? `, studies not run: ${st.studiesNotRun.join(', ')}` : ''}.`,
      '',
    );
  }
  out.push(`- seed ${p.seed}, commit \`${p.commit.slice(0, 12)}\`${p.dirty ? ' (uncommitted changes)' : ''}, ${p.startedAt}`);
  if (report.shard) out.push(`- shard ${report.shard.index}/${report.shard.count} of the run (merge shards with \`npx ncverify merge\`)`);
  if (p.shards?.length) out.push(`- merged from ${p.shards.length} shards: ${p.shards.map((s) => `${s.shard} ${s.durationSeconds.toFixed(1)} s`).join(', ')}`);
  out.push(`- ${p.durationSeconds.toFixed(1)} s; ${t.instancesPerMinute.toFixed(1)} instances decided by certified solves per minute of checking`);
  out.push(
    `- decided in ${p.backend.precision} (${p.backend.name}, ${p.backend.device}); ${bulkDescentSummary(p.bulkDescent)}; node ${p.node}; ${p.machine.cpus} x ${p.machine.cpuModel}`,
  );
  out.push(
    `- packages: ${Object.entries(p.packages)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
  );
  out.push('| claim | paper | pass | fail | inconclusive | skipped | clauses checked |', '|---|---|---:|---:|---:|---:|---|');
  for (const c of report.claims) {
    const cov = c.clauses === undefined ? null : clauseSummary(c.clauses);
    const clauses = cov ? `${cov.text}${cov.complete ? '' : ' **not all checked**'}` : '—';
    out.push(
      `| \`${c.claim}\`${c.status === 'conjecture' ? ' (conjecture)' : ''} | ${c.paper}, ${c.section} | ${c.summary.pass} | ${c.summary.fail} | ${c.summary.inconclusive} | ${c.summary.skipped} | ${clauses} |`,
    );
  }
  out.push('');
  if (detail === 'summary') {
    out.push('_Per-instance detail left out: it would exceed the 1 MiB job-summary limit. See report.json, index.html or junit.xml._', '');
  } else {
    if (detail === 'compact') out.push('_Compact rendering: passing instances are counted above but not listed (the full list would exceed 1 MiB)._', '');
    // One push per line: spreading a long claim's lines into push() can overflow the argument limit.
    for (const c of report.claims)
      for (const line of [...renderClaim(c, report.provenance.seed, options.reportDir ?? '.', detail), ...renderHunts(report, c.claim)]) out.push(line);
  }
  for (const line of renderStudies(report)) out.push(line);
  for (const line of practiceMarkdown(report)) out.push(line);
  if (report.mutations.length > 0) {
    out.push('## Planted wrong variants', '');
    out.push('| claim | variants | rejected |', '|---|---:|---:|');
    for (const m of report.mutations) out.push(`| \`${m.claim}\` | ${m.total} | ${m.rejected} |`);
    out.push('');
    for (const m of report.mutations) {
      for (const v of m.variants.filter((x) => !x.rejected)) out.push(`- NOT rejected: \`${m.claim}\` ${v.name}: ${v.reason}`);
    }
  }
  return out.join('\n') + '\n';
}

/** A claim's unchecked clauses, its assumption-necessity table and its failure maps' counts. */
function renderHunts(report: Report, claim: string): string[] {
  const out: string[] = [];
  const c = report.claims.find((x) => x.claim === claim);
  const unchecked = (c?.clauses ?? []).filter((k) => k.status === 'unchecked');
  if (unchecked.length > 0) {
    out.push('Unchecked clauses:', '');
    for (const k of unchecked) out.push(`- ${k.text} — ${k.unchecked}`);
    out.push('');
  }
  const n = report.necessity?.find((x) => x.claim === claim);
  if (n && n.rows.length > 0) {
    out.push(`Assumption necessity (at most ${n.budget} instances outside each):`, '');
    if (c && c.summary.fail > 0) out.push(FAILS_INSIDE, '');
    out.push('| assumption | outcome | instances | evidence |', '|---|---|---:|---|');
    for (const r of n.rows) out.push(`| \`${r.assumption}\`: \`${r.expression}\` | ${r.outcome} | ${r.instances} | ${r.message.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  for (const m of (report.maps ?? []).filter((x) => x.claim === claim)) {
    out.push(
      `Failure map over ${m.x.name} x ${m.y.name}: ${m.counts.pass} pass, ${m.counts.fail} fail, ${m.counts.inconclusive} inconclusive, ${m.counts.skipped} skipped (drawn in index.html).`,
      '',
    );
  }
  return out;
}

/** Threshold studies (predicted vs measured switch points) and asymptotic sequences (fitted rates). */
function renderStudies(report: Report): string[] {
  const out: string[] = [];
  for (const s of report.studies ?? []) {
    out.push(`## Study \`${s.claim}\` (${s.kind}): ${s.verdict === 'fail' ? '**FAIL**' : s.verdict}`, '', s.statement, '');
    if (s.threshold) {
      out.push('| configuration | predicted t* | measured | rel. error | resolution | outcome |', '|---|---:|---:|---:|---:|---|');
      for (const r of s.threshold) {
        out.push(
          `| ${r.configuration} | ${r.predicted.toPrecision(10)} | ${r.measured.toPrecision(10)} | ${r.relativeError.toExponential(1)} | ${r.resolution.toExponential(1)} | ${r.outcome} |`,
        );
      }
    }
    if (s.asymptotic) {
      out.push('| configuration | verdict | fitted exponent | detail |', '|---|---|---:|---|');
      for (const r of s.asymptotic) out.push(`| ${r.configuration} | ${r.verdict} | ${r.fittedExponent.toFixed(2)} | ${r.detail} |`);
    }
    out.push('');
  }
  return out;
}

function renderClaim(c: ReportClaim, seed: number, reportDir: string, detail: Detail): string[] {
  const out: string[] = [`## \`${c.claim}\` — ${c.paper}, ${c.section}`, '', c.statement, ''];
  if (c.formulas) {
    out.push(`Assumptions: ${c.formulas.assumptions.map((a) => `${a.name}: \`${a.source}\``).join('; ')}`, '');
    const optimum = c.formulas.predictions.find((p) => p.name === 'optimum');
    if (optimum) out.push(`Claimed optimum: \`${optimum.source}\``, '');
  }
  out.push('Largest deviation per check (over all instances):', '', '| check | largest deviation | its tolerance |', '|---|---:|---:|');
  for (const [name, d] of Object.entries(c.largestDeviation)) out.push(`| ${name} | ${d.deviation.toExponential(2)} | ${d.tolerance.toExponential(2)} |`);
  const rows = detail === 'full' ? c.results : c.results.filter((r) => r.verdict !== 'pass');
  out.push('', '| # | instance | verdict | worst check | |grad| | min eig |', '|---:|---|---|---|---:|---:|');
  for (const r of rows) out.push(instanceRow(r));
  out.push('');
  for (const r of c.results.filter((x) => x.verdict === 'fail')) {
    out.push(`**fail on #${r.index}** — ${r.reason}`, '', '```json', counterexampleJson(r).trimEnd(), '```');
    out.push(`Replay: \`${replayCommand(c.claim, r, seed, reportDir)}\``, '');
  }
  return out;
}

function instanceRow(r: InstanceResult): string {
  const w = r.worst ? `${r.worst.name}: ${r.worst.deviation.toExponential(1)} / ${r.worst.tolerance.toExponential(1)}` : '';
  const c = r.certificate;
  return `| ${r.index} | ${r.summary} | ${ICON[r.verdict]} | ${w} | ${c ? c.gradNorm.toExponential(1) : ''} | ${c ? c.minHessianEig.toExponential(1) : ''} |`;
}
