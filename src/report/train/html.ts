/**
 * The training page (index.html of `ncverify train --out DIR`): static and self-contained like
 * the run report, with the NC curves over epochs, the loss curves, per-class norms against n_k,
 * and the comparison with the claims' predictions.
 */
import { vegaLiteSvg } from '../figures/vega-svg.ts';
import { katexStylesheet } from '../katex.ts';
import { normsSpec } from '../metrics/figures.ts';
import { comparisonHtml } from '../practice/comparison.ts';
import { settingsLine, terminalLine, type TrainDocument } from './document.ts';
import { ncCurvesSpec, lossSpec } from './figures.ts';
import { checkpointTable, nc1Reduction } from './markdown.ts';
import { fmt } from '../metrics/document.ts';

// Not html.ts's htmlEscape: html.ts renders the practice section through this file (no import cycle).
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const PAGE_STYLE = `
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #101828; margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 36px 0 6px; border-bottom: 1px solid #d0d5dd; padding-bottom: 4px; }
code { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 14px; }
th, td { border: 1px solid #d0d5dd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f9fafb; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #667085; } .small { font-size: 13px; } ul.prov { font-size: 14px; padding-left: 18px; }
.figures { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
figure { display: table; margin: 0; border: 1px solid #eaecf0; border-radius: 6px; padding: 8px; background: #fff; }
figcaption { display: table-caption; caption-side: bottom; font-size: 13px; color: #475467; padding: 6px 8px 0; }
`;

/** Markdown table rows to an HTML table (the cells are plain text). */
export function mdTableHtml(rows: readonly string[]): string {
  const cells = (r: string) =>
    r
      .slice(1, -1)
      .split(' | ')
      .map((c) => c.trim());
  const [head, , ...body] = rows;
  return `<table><thead><tr>${cells(head)
    .map((c) => `<th>${esc(c)}</th>`)
    .join('')}</tr></thead><tbody>${body
    .map(
      (r) =>
        `<tr>${cells(r)
          .map((c, i) => `<td${i > 0 ? ' class="num"' : ''}>${esc(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

/** The figures and tables of one training run (also used by the run report's practice section). */
export async function trainingSectionHtml(doc: Pick<TrainDocument, 'result' | 'checkpoints' | 'precisionNote' | 'comparison'>, id: string): Promise<string> {
  const r = doc.result;
  const figs = [
    `<figure>${await vegaLiteSvg(ncCurvesSpec(doc.checkpoints, r.terminal.enteredAt), `${id}-nc`)}<figcaption>NC metrics at the checkpoints (class-mean μ_G unless named)${r.terminal.enteredAt !== null ? `; the dashed line is the terminal-phase entry (epoch ${r.terminal.enteredAt})` : ''}.</figcaption></figure>`,
    `<figure>${await vegaLiteSvg(lossSpec(r.epochs), `${id}-loss`)}<figcaption>Training loss, the regularised objective and the train error at every epoch, on all N samples.</figcaption></figure>`,
    `<figure>${await vegaLiteSvg(normsSpec(r.finalMetrics).spec, `${id}-norms`)}<figcaption>Per-class norms at the end against n_k (log axes): equinorm is a flat line; the imbalanced predictions are not.</figcaption></figure>`,
  ];
  const red = nc1Reduction(doc.checkpoints);
  return (
    `<ul class="prov"><li>${esc(settingsLine(r.settings))}</li><li><strong>precision</strong>: ${esc(doc.precisionNote)}</li><li>${esc(terminalLine(r))}</li>` +
    (red !== null
      ? `<li>NC1 fell by a factor ${red.toFixed(1)} (${fmt(doc.checkpoints[0].nc1!)} → ${fmt(doc.checkpoints[doc.checkpoints.length - 1].nc1!)})</li>`
      : '') +
    '</ul>' +
    `<div class="figures">${figs.join('')}</div>` +
    `<h3>Checkpoints</h3>${mdTableHtml(checkpointTable(doc))}` +
    (doc.comparison ? `<h3>Measured vs predicted</h3>${await comparisonHtml(doc.comparison, `${id}-cmp`)}` : '')
  );
}

export async function renderTrainHtml(doc: TrainDocument): Promise<string> {
  const p = doc.provenance;
  const body = await trainingSectionHtml(doc, 'train');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light">
<meta name="generator" content="ncverify ${esc(p.packages.ncverify ?? '')} (${esc(doc.schema)})">
<title>ncverify train</title>
<style>${katexStylesheet(body)}</style><style>${PAGE_STYLE}</style></head>
<body><header><h1>ncverify train</h1><p class="small muted">commit <code>${esc(p.commit)}</code>${p.dirty ? ' (with uncommitted changes)' : ''}, ${esc(p.startedAt)}, node ${esc(p.node)}, ${p.machine.cpus} × ${esc(p.machine.cpuModel)}; files: ${Object.values(
    doc.files,
  )
    .map((f) => `<code>${esc(f)}</code>`)
    .join(', ')}</p></header>
<main>${body}</main>
<footer class="small muted"><p>Rendered from train.json (${esc(doc.schema)}).</p></footer>
</body></html>
`;
}
