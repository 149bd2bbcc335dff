/**
 * Measured vs predicted Gram heatmaps (e.g. W W^T at a certified minimiser next to the simplex
 * ETF Gram the claim predicts), one figure per matrix with a shared diverging colour scale, so
 * equal colours mean equal entries across the panels.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GramComparison } from '../../engine/verdict.ts';

interface Cell {
  readonly panel: string;
  readonly row: number;
  readonly col: number;
  readonly value: number;
}

/** Names of the matrices a comparison holds, in a stable order. */
export function gramNames(gram: GramComparison): string[] {
  return Object.keys(gram.measured);
}

/** Largest |measured - predicted| entry of matrix `name`, or null without a prediction. */
export function gramGap(gram: GramComparison, name: string): number | null {
  const m = gram.measured[name];
  const p = gram.predicted?.[name];
  if (!m || !p || p.length !== m.length) return null;
  let gap = 0;
  for (let i = 0; i < m.length; i++) for (let j = 0; j < m.length; j++) gap = Math.max(gap, Math.abs(m[i][j] - p[i][j]));
  return gap;
}

/** The vega-lite spec of one matrix: measured (and predicted, when there is one) side by side. */
export function gramHeatmapSpec(gram: GramComparison, name: string, title: string): TopLevelSpec {
  const cells: Cell[] = [];
  // Short panel titles: small matrices make narrow panels. Which point was measured goes in the caption.
  const measuredLabel = 'measured';
  const push = (panel: string, m: number[][] | undefined) => {
    m?.forEach((r, i) => r.forEach((value, j) => cells.push({ panel, row: i + 1, col: j + 1, value })));
  };
  push(measuredLabel, gram.measured[name]);
  push('predicted', gram.predicted?.[name]);
  const side = gram.measured[name]?.length ?? 1;
  const cell = Math.max(10, Math.min(36, Math.floor(200 / side)));
  let maxAbs = 0;
  for (const c of cells) if (Number.isFinite(c.value)) maxAbs = Math.max(maxAbs, Math.abs(c.value));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: cells as unknown as Record<string, unknown>[] },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: [measuredLabel] } },
    spec: {
      width: cell * side,
      height: cell * side,
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'col', type: 'ordinal', title: null },
        y: { field: 'row', type: 'ordinal', title: null },
        color: {
          field: 'value',
          type: 'quantitative',
          title: name,
          legend: { format: '.3~g' },
          // Symmetric around 0, so the sign pattern of an ETF Gram reads at a glance.
          scale: { scheme: 'redblue', reverse: true, domain: [-(maxAbs || 1), maxAbs || 1] },
        },
      },
    },
  };
}
