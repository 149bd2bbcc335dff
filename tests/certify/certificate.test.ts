import { describe, expect, it } from 'vitest';
import { certify } from '../../src/certify/certificate.ts';
import { ufmCeObjective, type UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import { solveMultistart } from '../../src/solvers/multistart.ts';
import { ufmCe } from '../../src/problems/ufm-ce/problem.ts';

const instance = (lambda: number): UfmCeInstance => ({
  problem: 'ufm-ce',
  K: 3,
  n: [4, 4, 4],
  d: 4,
  lambdaW: lambda,
  lambdaH: lambda,
  lambdaB: 0,
  bias: false,
});

describe('certificates', () => {
  // The origin is a critical point of every balanced bias-free instance. With t = K n^(1/2) lambda:
  // below 1 it is a strict saddle (growing along an ETF lowers f), above 1 the global minimum.
  it('certifies the origin as a strict saddle below the zero threshold', () => {
    const I = instance(0.05); // t = 3 * 2 * 0.05 = 0.3
    const obj = ufmCeObjective(I);
    const c = certify(obj, new Float64Array(obj.size));
    expect(c.gradNorm).toBe(0);
    expect(c.stationarity).toBe('strict-saddle');
    expect(c.minHessianEig).toBeLessThan(-1e-3);
  });

  it('certifies the origin as second-order stationary above the threshold', () => {
    const I = instance(0.25); // t = 1.5
    const obj = ufmCeObjective(I);
    const c = certify(obj, new Float64Array(obj.size));
    expect(c.stationarity).toBe('second-order');
    expect(c.minHessianEig).toBeGreaterThan(0);
  });

  it('certifies a solved minimiser, and refuses a point that is not stationary', () => {
    const I = instance(0.05);
    const obj = ufmCeObjective(I);
    const [run] = solveMultistart(ufmCe, I, { starts: 1, seed: 2 });
    const c = certify(obj, run.x);
    expect(c.stationarity).toBe('second-order');
    expect(c.distanceEstimate).toBeLessThan(1e-9);
    const moved = Float64Array.from(run.x, (v, i) => (i === 0 ? v + 1e-3 : v));
    expect(certify(obj, moved).stationarity).toBe('not-stationary');
  });
});
