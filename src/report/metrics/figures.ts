/**
 * vega-lite specs for the metrics page: per-class norms against class sizes (log axes), the CDNV
 * matrix (small K) or its histogram (large K), and histograms of pair statistics. The Gram
 * heatmaps reuse figures/gram-heatmap.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GramComparison } from '../../engine/verdict.ts';
import type { Histogram, NcMetricsResult } from '../../metrics/types.ts';
import { LOG_FLOOR } from '../figures/vega-svg.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Scatter points drawn at most (SVG size); the caption says when classes were thinned. */
export const MAX_POINTS = 2000;

/** Measured cosine Gram of the figure classes next to the simplex ETF's (1 on the diagonal, -1/(K-1) off it). */
export function cosineGram(name: string, measured: number[][], K: number): GramComparison {
  const etf = measured.map((row, i) => row.map((_, j) => (i === j ? 1 : -1 / (K - 1))));
  return { point: 'certified', measured: { [name]: measured }, predicted: { [name]: etf } };
}

/** ||mu_k - mu_G|| (both conventions) and ||w_k|| against n_k, log-log. */
export function normsSpec(r: NcMetricsResult): { spec: TopLevelSpec; thinned: number } {
  const step = Math.max(1, Math.ceil(r.K / MAX_POINTS));
  const values: Array<{ n: number; norm: number; series: string }> = [];
  for (let k = 0; k < r.K; k += step) {
    const c = r.perClass[k];
    values.push({ n: c.n, norm: Math.max(LOG_FLOOR, c.centredNorm.sampleWeighted), series: '‖μ_k − μ_G‖, sample-weighted' });
    values.push({ n: c.n, norm: Math.max(LOG_FLOOR, c.centredNorm.classMean), series: '‖μ_k − μ_G‖, class-mean' });
    if (c.wNorm !== undefined) values.push({ n: c.n, norm: Math.max(LOG_FLOOR, c.wNorm), series: '‖w_k‖' });
  }
  return {
    thinned: step,
    spec: {
      $schema: SCHEMA,
      title: 'Per-class norms against class size',
      width: 360,
      height: 240,
      data: { values },
      mark: { type: 'point', filled: true, size: 22, opacity: 0.7 },
      encoding: {
        x: { field: 'n', type: 'quantitative', scale: { type: 'log' }, title: 'n_k (samples in class k)' },
        y: { field: 'norm', type: 'quantitative', scale: { type: 'log' }, title: 'norm' },
        color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
      },
    },
  };
}

/** log10 of the CDNV matrix (distance power 2), blank on the diagonal and where undefined. */
export function cdnvMatrixSpec(matrix: (number | null)[][]): TopLevelSpec {
  const values: Array<{ row: number; col: number; v: number }> = [];
  matrix.forEach((row, i) =>
    row.forEach((x, j) => {
      if (x !== null && x > 0) values.push({ row: i, col: j, v: Math.log10(x) });
    }),
  );
  const K = matrix.length;
  const cell = Math.max(6, Math.min(24, Math.floor(320 / K)));
  return {
    $schema: SCHEMA,
    title: 'CDNV matrix (log10, distance power 2)',
    width: cell * K,
    height: cell * K,
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'col', type: 'ordinal', title: 'class l' },
      y: { field: 'row', type: 'ordinal', title: 'class k' },
      color: { field: 'v', type: 'quantitative', title: 'log10 CDNV', scale: { scheme: 'viridis' } },
    },
  };
}

/** A histogram with fixed bins (empty bins at both ends trimmed). */
export function histogramSpec(h: Histogram, title: string, xTitle: string): TopLevelSpec {
  let lo = h.counts.findIndex((c) => c > 0);
  let hi = h.counts.length - 1 - [...h.counts].reverse().findIndex((c) => c > 0);
  if (lo < 0) {
    lo = 0;
    hi = 0;
  }
  const values = h.counts.slice(lo, hi + 1).map((count, i) => ({ x0: h.lo + (lo + i) * h.width, x1: h.lo + (lo + i + 1) * h.width, count }));
  return {
    $schema: SCHEMA,
    title,
    width: 360,
    height: 200,
    data: { values },
    mark: { type: 'rect', color: '#4c78a8' },
    encoding: {
      x: { field: 'x0', type: 'quantitative', title: xTitle, scale: { zero: false } },
      x2: { field: 'x1' },
      y: { field: 'count', type: 'quantitative', title: 'class pairs' },
    },
  };
}
