/** Markdown rendering of a report: the CI job summary. Kept well under 1 MiB by design. */
import type { Report } from './report.ts';
import type { ClaimResult, InstanceResult } from '../core/verdict.ts';

const ICON: Record<string, string> = { pass: 'pass', fail: '**FAIL**', inconclusive: 'inconclusive', skipped: 'skipped' };

export function renderMarkdown(report: Report): string {
  const p = report.provenance;
  const out: string[] = [];
  out.push(`# ncverify report — suite \`${report.suite}\``, '');
  out.push(`- seed ${p.seed}, commit \`${p.commit.slice(0, 12)}\`${p.dirty ? ' (uncommitted changes)' : ''}, ${p.startedAt}`);
  out.push(`- ${p.durationSeconds.toFixed(1)} s; ${report.totals.instances} instances, ${report.totals.instancesPerMinute.toFixed(1)} decided (pass/fail) per minute`);
  out.push(`- decided in ${p.backend.precision} (${p.backend.name}, ${p.backend.device}); node ${p.node}; ${p.machine.cpus} x ${p.machine.cpuModel}`);
  out.push(`- packages: ${Object.entries(p.packages).map(([k, v]) => `${k} ${v}`).join(', ')}`, '');
  out.push('| claim | paper | pass | fail | inconclusive | skipped |', '|---|---|---:|---:|---:|---:|');
  for (const c of report.claims) {
    out.push(`| \`${c.claim}\`${c.status === 'conjecture' ? ' (conjecture)' : ''} | ${c.paper}, ${c.section} | ${c.summary.pass} | ${c.summary.fail} | ${c.summary.inconclusive} | ${c.summary.skipped} |`);
  }
  out.push('');
  for (const c of report.claims) out.push(...renderClaim(c));
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

function renderClaim(c: ClaimResult): string[] {
  const out: string[] = [`## \`${c.claim}\` — ${c.paper}, ${c.section}`, '', c.statement, ''];
  out.push('Largest deviation per check (over all instances):', '', '| check | largest deviation | its tolerance |', '|---|---:|---:|');
  for (const [name, d] of Object.entries(c.largestDeviation)) out.push(`| ${name} | ${d.deviation.toExponential(2)} | ${d.tolerance.toExponential(2)} |`);
  out.push('', '| # | instance | verdict | worst check | |grad| | min eig |', '|---:|---|---|---|---:|---:|');
  for (const r of c.results) out.push(instanceRow(r));
  out.push('');
  for (const r of c.results.filter((x) => x.verdict === 'fail')) {
    out.push(`**fail on #${r.index}** — ${r.reason}`, '', '```json', JSON.stringify(r.instance), '```');
    out.push(`Replay: save the instance above as \`inst.json\`, then \`npx ncverify check ${c.claim} --instance inst.json\``, '');
  }
  return out;
}

function instanceRow(r: InstanceResult): string {
  const w = r.worst ? `${r.worst.name}: ${r.worst.deviation.toExponential(1)} / ${r.worst.tolerance.toExponential(1)}` : '';
  const c = r.certificate;
  return `| ${r.index} | ${r.summary} | ${ICON[r.verdict]} | ${w} | ${c ? c.gradNorm.toExponential(1) : ''} | ${c ? c.minHessianEig.toExponential(1) : ''} |`;
}
