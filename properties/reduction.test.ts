/**
 * The exact class reduction (docs/design.md) may be used for speed only while reduced and full
 * solves agree: on random imbalanced instances, the K-column solve expanded to the full problem
 * and an independent full N-sample solve from an unrelated random start reach the same
 * objective and the same logits W h_{k,i} + b (logits are invariant under the rotations
 * W -> W Q, H -> Q^T H that make W and H themselves non-unique).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/random.ts';
import { ufmCe, ufmCeObjective, type UfmCeInstance } from '../src/problems/ufm-ce/problem.ts';
import { ufmCeClassReduction } from '../src/problems/ufm-ce/reduction.ts';
import { solveToStationarity } from '../src/solvers/to-stationarity.ts';

const instances: fc.Arbitrary<UfmCeInstance> = fc
  .record({
    K: fc.integer({ min: 2, max: 5 }),
    dExtra: fc.integer({ min: -1, max: 2 }),
    counts: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 5, maxLength: 5 }),
    lw: fc.integer({ min: -30, max: -10 }),
    lh: fc.integer({ min: -30, max: -10 }),
    lb: fc.integer({ min: -30, max: -10 }),
    bias: fc.boolean(),
  })
  .map(({ K, dExtra, counts, lw, lh, lb, bias }) => ({
    problem: 'ufm-ce' as const,
    K,
    n: counts.slice(0, K),
    d: Math.max(1, K + dExtra),
    lambdaW: 10 ** (lw / 10),
    lambdaH: 10 ** (lh / 10),
    lambdaB: 10 ** (lb / 10),
    bias,
  }));

/** Logits of every sample, K x N row-major, from a full point. */
function logits(I: UfmCeInstance, x: Float64Array): Float64Array {
  const { K, d } = I;
  const N = I.n.reduce((a, b) => a + b, 0);
  const Z = new Float64Array(K * N);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < N; j++) {
      let z = I.bias ? x[K * d + d * N + k] : 0;
      for (let i = 0; i < d; i++) z += x[k * d + i] * x[K * d + i * N + j];
      Z[k * N + j] = z;
    }
  }
  return Z;
}

describe('exact class reduction', () => {
  it('reduced and full solves agree on the objective and the logits', () => {
    fc.assert(
      fc.property(instances, fc.integer({ min: 0, max: 2 ** 30 }), (I, seed) => {
        const full = ufmCeObjective(I);
        const red = ufmCeClassReduction(I);
        const rng = new Rng(seed);
        const fullRun = solveToStationarity(full, ufmCe.randomStart(I, rng, 1), { tol: 1e-10 });
        const redRun = solveToStationarity(red.objective, rng.normalArray(red.objective.size, 0.5), { tol: 1e-10 });
        expect(fullRun.converged).toBe(true);
        expect(redRun.converged).toBe(true);
        const xr = red.toFull(redRun.x);
        const fr = full.value(xr);
        expect(Math.abs(fr - fullRun.f)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(fullRun.f)));
        const Zf = logits(I, fullRun.x);
        const Zr = logits(I, xr);
        let dev = 0;
        let scale = 1;
        for (let i = 0; i < Zf.length; i++) {
          dev = Math.max(dev, Math.abs(Zf[i] - Zr[i]));
          scale = Math.max(scale, Math.abs(Zf[i]));
        }
        // At gradient norm 1e-10 the points are within ~1e-10 / (smallest curvature ~ lambda) of
        // the critical set, so the logits agree to ~1e-6 relative even at lambda = 1e-3.
        expect(dev / scale).toBeLessThan(1e-5);
      }),
      { numRuns: 8, seed: 20261122 },
    );
  });
});
