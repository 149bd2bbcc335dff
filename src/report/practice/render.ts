/** The practice section of a run report in Markdown and HTML (absent: nothing is rendered). */
import type { Report } from '../report.ts';
import { settingsLine, terminalLine } from '../train/document.ts';
import { trainingSectionHtml } from '../train/html.ts';
import { checkpointTable, nc1Reduction } from '../train/markdown.ts';
import { comparisonDetailsMarkdown, comparisonSummaryMarkdown } from './comparison.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function practiceMarkdown(report: Report): string[] {
  const p = report.practice;
  if (!p) return [];
  const out = [
    '## Theory against practice: trained networks',
    '',
    `${p.experiments.length} networks trained on Fashion-MNIST (${p.seconds.toFixed(1)} s); each last layer next to the claims' predictions for its class counts and lambdas.`,
    '',
  ];
  out.push('| experiment | terminal phase | NC1 start → end | closest prediction | its distance | ETF distance |', '|---|---|---|---|---:|---:|');
  for (const e of p.experiments) {
    const compared = (e.comparison?.claims ?? []).flatMap((c) => (c.kind === 'compared' ? [c] : []));
    const best = compared.reduce<(typeof compared)[number] | null>((b, c) => (b === null || c.distance < b.distance ? c : b), null);
    const a = e.checkpoints[0]?.nc1,
      z = e.checkpoints[e.checkpoints.length - 1]?.nc1;
    const tpt = e.result.terminal.reached
      ? `entered at epoch ${e.result.terminal.enteredAt}, ran ${e.result.terminal.epochsRun}`
      : `not reached in ${e.result.terminal.epochsRun} epochs (accuracy ${(100 * e.result.epochs[e.result.epochs.length - 1].accuracy).toFixed(2)}%)`;
    out.push(
      `| \`${e.id}\` | ${tpt} | ${a?.toExponential(2) ?? '—'} → ${z?.toExponential(2) ?? '—'} | ${best ? `\`${best.claim}\`` : '—'} | ${best ? best.distance.toFixed(4) : '—'} | ${best ? best.etfDistance.toFixed(4) : '—'} |`,
    );
  }
  out.push('');
  for (const e of p.experiments) {
    out.push(`### Experiment \`${e.id}\``, '', e.description, '');
    out.push(`- ${settingsLine(e.result.settings)}`, `- **precision**: ${e.precisionNote}`, `- ${terminalLine(e.result)}`);
    const red = nc1Reduction(e.checkpoints);
    if (red !== null) out.push(`- NC1 fell by a factor ${red.toFixed(1)}`);
    out.push('');
    for (const row of checkpointTable(e).filter((_, i, rows) => i < 2 || i === rows.length - 1 || (i - 2) % 5 === 0)) out.push(row);
    out.push('');
    if (e.comparison) {
      for (const l of comparisonSummaryMarkdown(e.comparison)) out.push(l);
      out.push('');
      for (const l of comparisonDetailsMarkdown(e.comparison, '###')) out.push(l);
    }
  }
  return out;
}

export async function practiceHtml(report: Report): Promise<string> {
  const p = report.practice;
  if (!p) return '';
  const parts: string[] = [];
  for (const [i, e] of p.experiments.entries()) {
    parts.push(
      `<section class="practice" id="practice-${esc(e.id)}"><h3>Experiment <code>${esc(e.id)}</code></h3><p>${esc(e.description)}</p>${await trainingSectionHtml(e, `practice-${i}`)}</section>`,
    );
  }
  return `<section id="practice"><h2>Theory against practice: trained networks</h2><p class="small muted">${p.experiments.length} networks trained on Fashion-MNIST in ${p.seconds.toFixed(1)} s, each last layer compared with the claims' certified predictions for its class counts and lambdas.</p>${parts.join('')}</section>`;
}
