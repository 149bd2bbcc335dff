/**
 * The metrics page (index.html of `ncverify metrics --out DIR`): one static, self-contained page
 * like the run report (html.ts): formulas typeset with KaTeX on the server, figures as inline SVG
 * from vega-lite + vega; no script, no network.
 */
import { gramHeatmapSpec } from '../figures/gram-heatmap.ts';
import { vegaLiteSvg } from '../figures/vega-svg.ts';
import { htmlEscape as esc } from '../html.ts';
import { katexStylesheet, renderMath } from '../katex.ts';
import { cdnvMatrixSpec, cosineGram, histogramSpec, normsSpec } from './figures.ts';
import { Footnotes, cellText, fmt, metricTables, type MetricsDocument, type Table } from './document.ts';

const STYLE = `
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #101828; margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 36px 0 6px; border-bottom: 1px solid #d0d5dd; padding-bottom: 4px; }
code { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 14px; }
th, td { border: 1px solid #d0d5dd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f9fafb; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.undef { color: #b54708; } .muted { color: #667085; } .small { font-size: 13px; }
ul.prov { font-size: 14px; padding-left: 18px; } ul.formulas { list-style: none; padding: 0; } ul.formulas li { margin: 4px 0; overflow-x: auto; }
.figures { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
figure { display: table; margin: 0; border: 1px solid #eaecf0; border-radius: 6px; padding: 8px; background: #fff; }
figcaption { display: table-caption; caption-side: bottom; font-size: 13px; color: #475467; padding: 6px 8px 0; }
`;

const FORMULAS: Array<[string, string]> = [
  [
    'NC1',
    String.raw`\mathrm{NC1} = \tfrac{1}{K}\operatorname{tr}\!\big(\Sigma_W \Sigma_B^{+}\big),\quad \Sigma_W = \tfrac1N\sum_i (h_i-\mu_{y_i})(h_i-\mu_{y_i})^\top,\ \Sigma_B = \tfrac1K\sum_k (\mu_k-\mu_G)(\mu_k-\mu_G)^\top`,
  ],
  [
    'CDNV',
    String.raw`\mathrm{CDNV}_p = \operatorname{mean}_{k<l} \frac{\sigma_k^2+\sigma_l^2}{2\,\lVert\mu_k-\mu_l\rVert^{p}},\quad \sigma_k^2 = \tfrac{1}{n_k}\sum_{y_i=k}\lVert h_i-\mu_k\rVert^2`,
  ],
  [
    'ETF error',
    String.raw`\Big\lVert \tfrac{G}{\lVert G\rVert_F} - \tfrac{1}{\sqrt{K-1}}\big(I-\tfrac1K\mathbf 1\mathbf 1^\top\big)\Big\rVert_F,\quad G_{kl} = (\mu_k-\mu_G)\cdot(\mu_l-\mu_G)`,
  ],
  [
    'GNC2',
    String.raw`\operatorname{mean},\operatorname{var}_{k<l}\ \log\frac{1}{\lVert u_k-u_l\rVert},\quad u_k = \frac{\mu_k-\mu_G}{\lVert\mu_k-\mu_G\rVert}`,
  ],
  ['global means', String.raw`\mu_G^{\mathrm{sw}} = \tfrac1N\sum_i h_i,\qquad \mu_G^{\mathrm{cm}} = \tfrac1K\sum_k \mu_k`],
];

function tableHtml(t: Table, notes: Footnotes): string {
  const head = `<tr>${t.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const rows = t.rows
    .map(
      (row) =>
        `<tr>${row
          .map((c, i) => {
            const text = esc(cellText(c, notes.mark));
            const undef = c !== null && typeof c === 'object' && !c.defined;
            return i === 0 || typeof c === 'string' ? `<td>${text}</td>` : `<td class="num${undef ? ' undef' : ''}">${text}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  return `<h3>${esc(t.title)}</h3>${t.note ? `<p class="small muted">${esc(t.note)}</p>` : ''}<table>${head}${rows}</table>`;
}

async function figure(spec: Parameters<typeof vegaLiteSvg>[0], id: string, caption: string): Promise<string> {
  return `<figure>${await vegaLiteSvg(spec, id)}<figcaption>${esc(caption)}</figcaption></figure>`;
}

/** Renders the metrics page. */
export async function renderMetricsHtml(doc: MetricsDocument): Promise<string> {
  const notes = new Footnotes();
  const tables = metricTables(doc)
    .map((t) => tableHtml(t, notes))
    .join('\n');
  const f = doc.figures;
  const figs: string[] = [];
  const subset = f.classes.length < doc.K ? ` (the ${f.classes.length} most frequent classes of ${doc.K})` : '';
  figs.push(
    await figure(
      gramHeatmapSpec(cosineGram('cos', f.meanCosines.classMean, doc.K), 'cos', 'Class-mean cosines, class-mean μ_G'),
      'fig-gram-cm',
      `cos(μ_k − μ_G, μ_l − μ_G) with μ_G the mean of class means${subset}, next to the simplex ETF (1 on the diagonal, −1/(K−1) off it).`,
    ),
  );
  figs.push(
    await figure(
      gramHeatmapSpec(cosineGram('cos', f.meanCosines.sampleWeighted, doc.K), 'cos', 'Class-mean cosines, sample-weighted μ_G'),
      'fig-gram-sw',
      `The same with the sample-weighted global mean${subset}.`,
    ),
  );
  if (f.wCosines) {
    figs.push(
      await figure(
        gramHeatmapSpec(cosineGram('cos', f.wCosines, doc.K), 'cos', 'Classifier cosines cos(w_k, w_l)'),
        'fig-gram-w',
        `W Wᵀ normalised to cosines${subset}, next to the simplex ETF.`,
      ),
    );
  }
  const norms = normsSpec(doc);
  figs.push(
    await figure(
      norms.spec,
      'fig-norms',
      `Per-class norms against n_k on log axes${norms.thinned > 1 ? ` (every ${norms.thinned}th class of ${doc.K})` : ''}; equinorm means a flat line.`,
    ),
  );
  if (f.cdnvMatrix)
    figs.push(
      await figure(
        cdnvMatrixSpec(f.cdnvMatrix),
        'fig-cdnv',
        'CDNV of every pair of classes (distance power 2, log10); blank: the diagonal and classes with one sample.',
      ),
    );
  else
    figs.push(
      await figure(
        histogramSpec(doc.cdnv.histogram, 'CDNV over class pairs', 'log10 CDNV (distance power 2)'),
        'fig-cdnv',
        `Histogram of log10 CDNV over ${doc.cdnv.distancePower2.pairs} class pairs${doc.pairs.mode === 'sampled' ? ' (sampled)' : ''}; ${doc.cdnv.histogram.below} below and ${doc.cdnv.histogram.above} above the range.`,
      ),
    );
  figs.push(
    await figure(
      histogramSpec(f.cosineHistogram.classMean, 'Cosines of centred class means (class-mean μ_G)', 'cos(μ_k − μ_G, μ_l − μ_G)'),
      'fig-cos',
      `A simplex ETF puts every pair at −1/(K−1) = ${fmt(-1 / (doc.K - 1))}.`,
    ),
  );
  const formulas = FORMULAS.map(([name, tex]) => `<li><span class="muted">${esc(name)}</span> ${renderMath(tex, true)}</li>`).join('');
  const p = doc.provenance;
  const inputs = doc.inputs;
  const prov = [
    `features <code>${esc(inputs.features.source)}</code> (${esc(inputs.features.dtype)}), labels <code>${esc(inputs.labels.source)}</code> (${esc(inputs.labels.dtype)})${inputs.classifier ? `, classifier <code>${esc(inputs.classifier.source)}</code>` : ''}${inputs.bias ? `, bias <code>${esc(inputs.bias.source)}</code>` : ''}`,
    `N = ${doc.N}, d = ${doc.d}, K = ${doc.K}; pairs ${doc.pairs.mode === 'exact' ? 'exact' : `sampled (${doc.pairs.samples}, seed ${doc.pairs.seed})`}`,
    `float64 (${esc(doc.run.kernels)} kernels), ${doc.run.workers} thread(s), ${doc.run.seconds.total.toFixed(2)} s`,
    `commit <code>${esc(p.commit)}</code>${p.dirty ? ' (with uncommitted changes)' : ''}, ${esc(p.startedAt)}, node ${esc(p.node)}, ${p.machine.cpus} × ${esc(p.machine.cpuModel)}`,
  ]
    .map((l) => `<li>${l}</li>`)
    .join('');
  const list = notes.list();
  const undef = list.length ? `<h3>Undefined metrics</h3><ul class="small">${list.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : '';
  const body = `<ul class="formulas">${formulas}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light">
<meta name="generator" content="ncverify ${esc(p.packages.ncverify ?? '')} (${esc(doc.schema)})">
<title>ncverify metrics</title>
<style>${katexStylesheet(body)}</style><style>${STYLE}</style></head>
<body><header><h1>ncverify metrics</h1><ul class="prov">${prov}</ul></header>
<main><h2>Definitions</h2>${body}
<h2>Metrics</h2><p class="small muted">Every centred quantity for both global means; each row names the published convention it follows.</p>
${tables}${undef}
<h2>Figures</h2><div class="figures">${figs.join('\n')}</div></main>
<footer class="small muted"><p>Rendered from metrics.json (${esc(doc.schema)}).</p></footer>
</body></html>
`;
}
