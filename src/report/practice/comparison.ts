/**
 * Rendering a measured-vs-predicted comparison (src/practice/compare.ts) as Markdown, terminal
 * text and HTML (with the normalised Grams as heatmaps: measured next to predicted, and next to
 * the ETF). Shared by `ncverify train --compare`, `ncverify metrics --compare` and the practice
 * section of a run report.
 */
import type { ClaimComparison, Comparison } from '../../practice/compare.ts';
import type { Geometry, QuantityDistance } from '../../practice/geometry.ts';
import { gramHeatmapSpec } from '../figures/gram-heatmap.ts';
import { vegaLiteSvg } from '../figures/vega-svg.ts';
import { fmt } from '../metrics/document.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const mdEsc = (s: string) => s.replace(/\|/g, '\\|');

export const QUANTITY_TEXT: Record<QuantityDistance['quantity'], string> = {
  meanGram: 'normalised centred class-mean Gram',
  uncentredMeanGram: 'normalised uncentred class-mean Gram M Mᵀ',
  wGram: 'normalised W Wᵀ',
  meanNormRatios: 'class-mean norm ratios ‖c_k‖ / mean',
  wNormRatios: 'classifier norm ratios ‖w_k‖ / mean',
  minorityCosine: 'minority collapse: mean cos(w_k, w_l) over minority pairs',
  uncentredMeanCosine: 'ReLU orthogonality: mean cos(m_k, m_l), uncentred means',
};

/** A quantity's value as a short cell (matrices are drawn, not printed). */
function value(g: Geometry, q: QuantityDistance['quantity']): string {
  switch (q) {
    case 'meanGram':
    case 'uncentredMeanGram':
    case 'wGram':
      return 'K × K (figure)';
    case 'meanNormRatios':
      return g.meanNormRatios.map((v) => v.toFixed(3)).join(', ');
    case 'wNormRatios':
      return g.wNormRatios?.map((v) => v.toFixed(3)).join(', ') ?? '—';
    case 'minorityCosine':
      return g.minorityCosine === null ? '—' : g.minorityCosine.toFixed(4);
    case 'uncentredMeanCosine':
      return g.uncentredMeanCosine.toFixed(4);
  }
}

/** How much better (or worse) the prediction fits than the ETF, in words. */
export function fitText(c: Extract<ClaimComparison, { kind: 'compared' }>): string {
  if (c.distance === 0 && c.etfDistance === 0) return 'both exact';
  const r = c.etfDistance / c.distance;
  return r >= 1 ? `prediction ${r.toFixed(2)}× closer than the ETF` : `ETF ${(1 / r).toFixed(2)}× closer than the prediction`;
}

/** The one-row-per-claim summary table (Markdown). */
export function comparisonSummaryMarkdown(cmp: Comparison): string[] {
  const out = ['| claim | instance | engine verdict | distance to prediction | distance to ETF | fit |', '|---|---|---|---:|---:|---|'];
  for (const c of cmp.claims) {
    if (c.kind === 'compared') out.push(`| \`${c.claim}\` | ${mdEsc(c.summary)} | ${c.verdict} | ${fmt(c.distance)} | ${fmt(c.etfDistance)} | ${fitText(c)} |`);
    else out.push(`| \`${c.claim}\` | — | not applicable | — | — | ${mdEsc(c.reason)} |`);
  }
  return out;
}

/** The whole comparison as Markdown: summary, then every compared claim's quantities and notes. */
export function comparisonMarkdown(cmp: Comparison, heading = '##'): string[] {
  const out = [`${heading} Measured geometry against the claims' predictions`, ''];
  out.push(
    'Distances: the mean of the Frobenius distances between the normalised Grams (centred and uncentred class means, and W Wᵀ); 0 is a perfect match, the scale is that of unit-Frobenius matrices. The ETF column is the balanced simplex ETF, for contrast.',
    '',
  );
  return out.concat(comparisonSummaryMarkdown(cmp), [''], comparisonDetailsMarkdown(cmp, heading));
}

/** Every compared claim's quantities, instance and notes (Markdown). */
export function comparisonDetailsMarkdown(cmp: Comparison, heading = '##'): string[] {
  const out: string[] = [];
  for (const c of cmp.claims) {
    if (c.kind !== 'compared') continue;
    out.push(`${heading}# \`${c.claim}\` — ${c.paper}, ${c.section}`, '', c.statement, '');
    out.push(`- instance: \`${JSON.stringify(c.instance)}\``);
    out.push(
      `- engine: **${c.verdict}** (${c.reason}); prediction read at the ${c.point === 'certified' ? 'certified minimiser' : c.point} (${c.seconds.toFixed(1)} s)`,
    );
    out.push(
      `- scale: ${c.scale.text}. ‖W‖_F²: measured ${c.scale.measured.wFrobeniusSq === null ? '—' : fmt(c.scale.measured.wFrobeniusSq)}, predicted ${c.scale.predicted.wFrobeniusSq === null ? '—' : fmt(c.scale.predicted.wFrobeniusSq)}; mean ‖m_k‖²: measured ${fmt(c.scale.measured.meanClassMeanSq)}, predicted ${fmt(c.scale.predicted.meanClassMeanSq)}`,
    );
    for (const n of c.notes) out.push(`- note: ${n}`);
    out.push('', '| quantity | measured | predicted | ETF | distance to prediction | to ETF | distance |', '|---|---|---|---|---:|---:|---|');
    for (const q of c.quantities) {
      out.push(
        `| ${QUANTITY_TEXT[q.quantity]} | ${value(cmp.measured, q.quantity)} | ${value(c.predicted, q.quantity)} | ${value(cmp.etf, q.quantity)} | ${fmt(q.toPrediction)} | ${fmt(q.toEtf)} | ${q.distance} |`,
      );
    }
    out.push('');
  }
  return out;
}

/** Terminal lines. */
export function comparisonText(cmp: Comparison): string[] {
  const out = ['measured vs predicted (normalised quantities; distance = mean Frobenius distance of the normalised Grams):'];
  const w = cmp.claims.reduce((m, c) => Math.max(m, c.claim.length), 0);
  for (const c of cmp.claims) {
    if (c.kind === 'compared') {
      out.push(`  ${c.claim.padEnd(w)}  ${c.verdict.padEnd(12)} distance ${fmt(c.distance).padStart(9)}  ETF ${fmt(c.etfDistance).padStart(9)}  ${fitText(c)}`);
      const minor = c.quantities.find((q) => q.quantity === 'minorityCosine');
      if (minor)
        out.push(
          `  ${''.padEnd(w)}  minority cosine measured ${cmp.measured.minorityCosine!.toFixed(3)}, predicted ${c.predicted.minorityCosine!.toFixed(3)}, ETF ${cmp.etf.minorityCosine!.toFixed(3)}`,
        );
      out.push(
        `  ${''.padEnd(w)}  uncentred class-mean cosine measured ${cmp.measured.uncentredMeanCosine.toFixed(3)}, predicted ${c.predicted.uncentredMeanCosine.toFixed(3)}`,
      );
    } else out.push(`  ${c.claim.padEnd(w)}  not applicable: ${c.reason}`);
  }
  for (const n of cmp.lambdas.notes) out.push(`  note: ${n}`);
  return out;
}

const round = (m: number[][]) => m.map((r) => r.map((v) => Number(v.toPrecision(6))));

/** The HTML section: summary table, per-claim quantity tables and Gram heatmaps. */
export async function comparisonHtml(cmp: Comparison, idPrefix: string): Promise<string> {
  const rows = cmp.claims
    .map((c) =>
      c.kind === 'compared'
        ? `<tr><td><code>${esc(c.claim)}</code></td><td>${esc(c.summary)}</td><td>${esc(c.verdict)}</td><td class="num">${fmt(c.distance)}</td><td class="num">${fmt(c.etfDistance)}</td><td>${esc(fitText(c))}</td></tr>`
        : `<tr><td><code>${esc(c.claim)}</code></td><td colspan="4">not applicable</td><td class="small">${esc(c.reason)}</td></tr>`,
    )
    .join('');
  const parts = [
    `<p class="small muted">Distances are the mean Frobenius distance between normalised Grams (centred and uncentred class means, W Wᵀ); the ETF column is the balanced simplex ETF, for contrast. Every quantity is normalised: the predictions' scale is not compared.</p>`,
    `<table><thead><tr><th>claim</th><th>instance</th><th>engine verdict</th><th>distance to prediction</th><th>distance to ETF</th><th>fit</th></tr></thead><tbody>${rows}</tbody></table>`,
  ];
  let fig = 0;
  for (const c of cmp.claims) {
    if (c.kind !== 'compared') continue;
    const q = c.quantities
      .map(
        (x) =>
          `<tr><td>${esc(QUANTITY_TEXT[x.quantity])}</td><td>${esc(value(cmp.measured, x.quantity))}</td><td>${esc(value(c.predicted, x.quantity))}</td><td>${esc(value(cmp.etf, x.quantity))}</td><td class="num">${fmt(x.toPrediction)}</td><td class="num">${fmt(x.toEtf)}</td></tr>`,
      )
      .join('');
    const figs: string[] = [];
    const pairs: Array<[string, number[][] | null, number[][] | null]> = [
      ['class means (centred)', cmp.measured.meanGram, c.predicted.meanGram],
      ['class means (uncentred)', cmp.measured.uncentredMeanGram, c.predicted.uncentredMeanGram],
      ['W Wᵀ', cmp.measured.wGram, c.predicted.wGram],
    ];
    for (const [name, m, p] of pairs) {
      if (!m || !p) continue;
      const spec = gramHeatmapSpec(
        { point: 'certified', measured: { [name]: round(m) }, predicted: { [name]: round(p) } },
        name,
        `${name}, normalised: network vs ${c.claim}`,
      );
      figs.push(
        `<figure>${await vegaLiteSvg(spec, `${idPrefix}-${++fig}`)}<figcaption>${esc(name)}: the trained network (left) and the certified solution of ${esc(c.claim)} on ${esc(c.summary)} (right), each divided by its Frobenius norm.</figcaption></figure>`,
      );
    }
    parts.push(
      `<h4><code>${esc(c.claim)}</code> — ${esc(c.paper)}, ${esc(c.section)}</h4><p class="small">${esc(c.statement)}</p>` +
        `<p class="small">engine: <strong>${esc(c.verdict)}</strong> (${esc(c.reason)}); ${esc(c.scale.text)}</p>` +
        (c.notes.length ? `<ul class="small">${c.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '') +
        `<table><thead><tr><th>quantity</th><th>measured</th><th>predicted</th><th>ETF</th><th>distance to prediction</th><th>to ETF</th></tr></thead><tbody>${q}</tbody></table>` +
        `<div class="figures">${figs.join('')}</div>`,
    );
  }
  if (cmp.lambdas.notes.length) parts.push(`<ul class="small">${cmp.lambdas.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  return parts.join('\n');
}
