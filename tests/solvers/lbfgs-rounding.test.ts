/**
 * Near an optimum f changes by less than its rounding error, so a line search that orders trial
 * points by f alone stalls. These objectives put the optimum under a large constant so that the
 * last decades of gradient reduction happen entirely below f's rounding level.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.ts';
import { lbfgs, norm2 } from '../../src/solvers/lbfgs.ts';
import { solveToStationarity } from '../../src/solvers/to-stationarity.ts';
import type { Objective } from '../../src/problems/problem.ts';

/** f(x) = c + sum_i a_i (x_i - 1)^2 / 2 + (sum_i x_i - n)^4 / 4, minimiser x = 1, f* = c. */
function offsetObjective(n: number, c: number): Objective {
  const a = Float64Array.from({ length: n }, (_, i) => 10 ** (-3 + (3 * i) / (n - 1)));
  return {
    size: n,
    blocks: [{ name: 'x', rows: n, cols: 1, offset: 0 }],
    value(x, g) {
      let s = 0;
      let q = 0;
      for (let i = 0; i < n; i++) {
        q += 0.5 * a[i] * (x[i] - 1) ** 2;
        s += x[i] - 1;
      }
      if (g) for (let i = 0; i < n; i++) g[i] = a[i] * (x[i] - 1) + s ** 3;
      return c + q + s ** 4 / 4;
    },
    hessVec(x, v, out) {
      let s = 0;
      let sv = 0;
      for (let i = 0; i < n; i++) {
        s += x[i] - 1;
        sv += v[i];
      }
      for (let i = 0; i < n; i++) out[i] = a[i] * v[i] + 3 * s * s * sv;
    },
  };
}

describe('L-BFGS below the rounding level of f', () => {
  it('reaches ||grad|| <= 1e-9 at f = 1e3, where the last steps change f by ~1e-15 (rounding: 1e-13)', () => {
    const obj = offsetObjective(200, 1e3);
    const x0 = new Rng(1).normalArray(200, 1);
    const r = lbfgs((x, g) => obj.value(x, g), x0, { gtol: 1e-9, maxIterations: 5000 });
    expect(r.reason).toBe('gtol');
    expect(r.gradNorm).toBeLessThanOrEqual(1e-9);
    // A line search that bisects on noisy f values spends ~20-40 evaluations per iteration here.
    expect(r.evaluations).toBeLessThan(2 * r.iterations + 10);
  });

  it('the relative rule scales with |f| and the absolute rule does not', () => {
    const obj = offsetObjective(50, 1e6);
    const x0 = new Rng(2).normalArray(50, 1);
    const rel = lbfgs((x, g) => obj.value(x, g), x0, { gtol: 1e-9, relative: true });
    expect(rel.reason).toBe('gtol');
    expect(rel.gradNorm).toBeLessThanOrEqual(1e-3);
    expect(rel.gradNorm).toBeGreaterThan(1e-9);
  });

  it('solveToStationarity reports the rule it met, on the returned point', () => {
    const obj = offsetObjective(100, 5);
    const r = solveToStationarity(obj, new Rng(3).normalArray(100, 1), { tol: 1e-10 });
    const g = new Float64Array(100);
    const f = obj.value(r.x, g);
    expect(r.converged).toBe(true);
    expect(norm2(g)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(f)));
    expect(r.f).toBe(f);
  });
});
