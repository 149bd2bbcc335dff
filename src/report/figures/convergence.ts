/**
 * Solver convergence: the gradient norm along the L-BFGS + Newton-CG path of the best start,
 * one curve per instance of a claim, on a log scale (where linear and quadratic convergence
 * are told apart at a glance).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { InstanceResult } from '../../engine/verdict.ts';

/** Points drawn per curve; longer histories are thinned evenly (the last point always kept). */
const MAX_POINTS = 50;

export function hasConvergence(results: readonly InstanceResult[]): boolean {
  return results.some((r) => (r.convergence?.length ?? 0) > 1);
}

export function convergenceSpec(results: readonly InstanceResult[], title: string): TopLevelSpec {
  const rows: Array<{ instance: string; iteration: number; gradNorm: number }> = [];
  for (const r of results) {
    const h = r.convergence;
    if (!h || h.length < 2) continue;
    const iterations = r.convergenceIterations ?? h.map((_, i) => i);
    const stride = Math.max(1, Math.ceil(h.length / MAX_POINTS));
    for (let it = 0; it < h.length; it++) {
      if (it % stride !== 0 && it !== h.length - 1) continue;
      const g = h[it][1];
      if (g > 0 && Number.isFinite(g)) rows.push({ instance: `#${r.index}`, iteration: iterations[it], gradNorm: g });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'gradient norm of the best start, per instance' },
    width: 420,
    height: 240,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.2, clip: true },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'iteration (L-BFGS, then Newton-CG polish)', axis: { grid: false } },
      y: { field: 'gradNorm', type: 'quantitative', scale: { type: 'log' }, title: '‖∇f‖', axis: { format: '.0e' } },
      color: { field: 'instance', type: 'nominal', title: 'instance', legend: { columns: 3, symbolLimit: 60 } },
    },
  };
}
