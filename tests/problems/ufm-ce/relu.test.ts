import { describe, expect, it } from 'vitest';
import { expectDirectionalDerivativeMatches, expectHessVecMatchesDifferences } from '../../helpers/derivatives.ts';
import { Rng } from '../../../src/random.ts';
import { featuresFromRoots, ufmCeReluEscapes, ufmCeReluObjective } from '../../../src/problems/ufm-ce/relu.ts';
import { parseUfmCe, ufmCe, ufmCeObjective, type UfmCeInstance } from '../../../src/problems/ufm-ce/problem.ts';
import { solveFrom } from '../../../src/solvers/multistart.ts';

const inst: UfmCeInstance = { problem: 'ufm-ce', K: 3, n: [3, 2, 1], d: 3, lambdaW: 0.03, lambdaH: 0.02, lambdaB: 0, bias: false, features: 'nonnegative' };

describe('ufm-ce with nonnegative features (H = G o G)', () => {
  it('value is the ufm-ce objective at H = G o G', () => {
    const x = new Rng(1).normalArray(ufmCeReluObjective(inst).size, 0.7);
    expect(ufmCeReluObjective(inst).value(x)).toBeCloseTo(ufmCeObjective(inst).value(featuresFromRoots(inst, x)), 14);
  });

  it('gradient and Hessian-vector product match central finite differences', () => {
    const obj = ufmCeReluObjective(inst);
    const rng = new Rng(2);
    const x = rng.normalArray(obj.size, 0.6);
    const v = rng.normalArray(obj.size, 1);
    // The bounds of toBeCloseTo(., 7) and toBeCloseTo(., 6): |error| < 5e-8 and < 5e-7.
    expectDirectionalDerivativeMatches(obj, x, v, 5e-8);
    expectHessVecMatchesDifferences(obj, x, v, 5e-7, { h: 1e-6, absolute: true });
  });

  it('parses "features" and rejects unknown values, naming the field', () => {
    const raw = { problem: 'ufm-ce', K: 2, n: [2, 1], d: 2, lambdaW: 0.1, lambdaH: 0.1, bias: false };
    expect(parseUfmCe({ ...raw, features: 'nonnegative' }, 'i').features).toBe('nonnegative');
    expect(parseUfmCe(raw, 'i').features).toBeUndefined();
    expect(() => parseUfmCe({ ...raw, features: 'relu' }, 'i')).toThrow(/i\.features/);
  });

  it('escapes the stall where a live minority class sits at h_k = 0', () => {
    // Found by the dang2024relu check: every plain start ended at f = 0.70583 with h_3 = 0.
    const stuck: UfmCeInstance = {
      problem: 'ufm-ce',
      K: 3,
      n: [10, 10, 2],
      d: 3,
      lambdaW: 0.02286,
      lambdaH: 0.0618,
      lambdaB: 0,
      bias: false,
      features: 'nonnegative',
    };
    const obj = ufmCe.objective(stuck);
    const N = 22;
    // The stalled point: classes 1 and 2 on coordinates 0 and 1, class 3 and coordinate 2 empty.
    const x0 = new Float64Array(obj.size);
    for (let k = 0; k < 3; k++) for (let r = 0; r < 2; r++) x0[k * 3 + r] = (k === r ? 1 : -0.5) * 0.5;
    for (let c = 0; c < 20; c++) x0[9 + (c < 10 ? 0 : 1) * N + c] = 0.7;
    const r0 = solveFrom(obj, x0, {});
    const escapes = ufmCeReluEscapes(stuck, r0.x);
    expect(escapes.length).toBeGreaterThan(0);
    const best = Math.min(...escapes.map((e) => solveFrom(obj, e, {}).f));
    expect(r0.f).toBeGreaterThan(0.7055);
    expect(best).toBeLessThan(r0.f - 1e-3);
  });
});
