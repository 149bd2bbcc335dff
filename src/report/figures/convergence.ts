/**
 * Solver convergence: the gradient norm and the objective gap to the final value along the
 * L-BFGS + Newton-CG path of the best start, one curve per instance of a claim.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { InstanceResult } from '../../core/verdict.ts';

/** Points kept per curve; longer histories are thinned evenly (the last point always kept). */
const MAX_POINTS = 150;

export function hasConvergence(results: readonly InstanceResult[]): boolean {
  return results.some((r) => (r.convergence?.length ?? 0) > 1);
}

export function convergenceSpec(results: readonly InstanceResult[], title: string): TopLevelSpec {
  const rows: Array<{ instance: string; iteration: number; quantity: string; value: number }> = [];
  for (const r of results) {
    const h = r.convergence;
    if (!h || h.length < 2) continue;
    const fEnd = h[h.length - 1][0];
    const stride = Math.max(1, Math.ceil(h.length / MAX_POINTS));
    for (let it = 0; it < h.length; it++) {
      if (it % stride !== 0 && it !== h.length - 1) continue;
      const [f, g] = h[it];
      const instance = `#${r.index}`;
      if (g > 0 && Number.isFinite(g)) rows.push({ instance, iteration: it, quantity: '‖∇f‖', value: g });
      const gap = f - fEnd;
      if (gap > 0 && Number.isFinite(gap)) rows.push({ instance, iteration: it, quantity: 'f − f(final)', value: gap });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: rows },
    facet: { column: { field: 'quantity', type: 'nominal', title: null, sort: ['‖∇f‖'] } },
    spec: {
      width: 300,
      height: 200,
      mark: { type: 'line', strokeWidth: 1.2, clip: true },
      encoding: {
        x: { field: 'iteration', type: 'quantitative', title: 'iteration (best start)' },
        y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: null, axis: { format: '.0e' } },
        color: { field: 'instance', type: 'nominal', title: 'instance', legend: { columns: 2, symbolLimit: 40 } },
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}
