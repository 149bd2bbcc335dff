import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/errors.ts';
import { svd } from '../../src/linalg/eigen.ts';
import { mat } from '../../src/linalg/matrix.ts';
import { parseUfmZ, singularValueThreshold, solveUfmZ, ufmZDualityGap, ufmZObjective, ufmZOf } from '../../src/ground-truth/ufm-z.ts';
import { ufmCe } from '../../src/problems/ufm-ce/problem.ts';
import { ufmCeView } from '../../src/problems/ufm-ce/view.ts';
import { solveMultistart } from '../../src/solvers/multistart.ts';
import { anyProfile, ufmCeWith } from '../../src/instances/imbalanced.ts';
import { logUniform } from '../../src/instances/ufm-ce.ts';

describe('UFM-Z convex solve', () => {
  it('reproduces the balanced closed form a (K I - J) of Hong & Ling Thm 2', () => {
    for (const [K, n, lambdaZ] of [
      [3, 4, 0.05],
      [4, 5, 0.02],
      [5, 2, 0.01],
    ] as const) {
      const N = K * n;
      // Closed form written from docs/catalogue.md, independent of the solver.
      const a = (1 / K) * Math.log(Math.sqrt(K) / (Math.sqrt(N) * lambdaZ) - K + 1);
      const s = solveUfmZ({ problem: 'ufm-z', K, n: Array(K).fill(n), lambdaZ, lambdaB: 0.1, bias: true });
      expect(s.certified).toBe(true);
      for (let i = 0; i < K; i++)
        for (let k = 0; k < K; k++) {
          expect(s.Zbar.data[i * K + k]).toBeCloseTo(a * ((i === k ? K : 0) - 1), 8);
        }
      for (const b of s.b) expect(Math.abs(b)).toBeLessThan(1e-8);
    }
  });

  it('gives Z_bar = 0 above the balanced zero threshold N lambdaZ >= sqrt(N/K)', () => {
    const K = 4;
    const n = 3;
    const s = solveUfmZ({ problem: 'ufm-z', K, n: Array(K).fill(n), lambdaZ: (1.05 * Math.sqrt(n)) / (K * n), lambdaB: 0, bias: false });
    expect(s.certified).toBe(true);
    for (const v of s.Zbar.data) expect(v).toBe(0);
    expect(s.objective).toBeCloseTo(Math.log(K), 12);
  });

  it('duality gap is non-negative and large away from the optimum', () => {
    const inst = { problem: 'ufm-z' as const, K: 3, n: [5, 2, 1], lambdaZ: 0.03, lambdaB: 0.2, bias: true };
    const x = new Float64Array(9 + 3);
    x[0] = 1;
    const g = ufmZDualityGap(inst, x);
    expect(g.gap).toBeGreaterThan(1e-3);
    const s = solveUfmZ(inst);
    expect(s.gap).toBeGreaterThanOrEqual(-1e-14);
    expect(s.gap).toBeLessThan(1e-10);
    // The objective at the solution equals the value recomputed from (Z_bar, b).
    expect(ufmZObjective(inst, s.Zbar, s.b)).toBeCloseTo(s.objective, 13);
  });

  it('singular-value thresholding shrinks every singular value by tau', () => {
    const A = mat(3, 3, [3, 1, 0, 1, 2, 0.5, 0, 0.5, 1]);
    const before = svd(A).s;
    const x = Float64Array.from(A.data);
    singularValueThreshold(x, 3, 0.7);
    const after = svd(mat(3, 3, x)).s;
    for (let i = 0; i < 3; i++) expect(after[i]).toBeCloseTo(Math.max(0, before[i] - 0.7), 12);
  });

  it('parse names the offending field', () => {
    expect(() => parseUfmZ({ problem: 'ufm-z', K: 3, n: [1, 2], lambdaZ: 0.1 }, 'i')).toThrow(/i\.n/);
    expect(() => parseUfmZ({ problem: 'ufm-z', K: 2, n: [1, 2], lambdaZ: -1 }, 'i')).toThrow(InputError);
    expect(parseUfmZ({ problem: 'ufm-z', K: 2, n: [3, 1], lambdaZ: 0.1 }, 'i').bias).toBe(true);
  });
});

describe('convex UFM-Z and non-convex (W, H, b) solves agree', () => {
  // 50 random imbalanced instances (every profile), d = K or K + 1, both sides of the thresholds.
  const instances = fc.sample(
    ufmCeWith(anyProfile(), (p) => fc.record({ t: logUniform(0.3, 3), nRef: fc.constant(p.n[p.n.length - 1]) }), { dOffset: [0, 1] }).filter(
      (i) => i.n.reduce((a, b) => a + b, 0) <= 40 && i.K <= 6,
    ),
    { seed: 20240303, numRuns: 50 },
  );

  it('on the optimal value and the class-level logits, on 50 instances', () => {
    const disagreements: string[] = [];
    for (const inst of instances) {
      const conv = solveUfmZ(ufmZOf(inst));
      expect(conv.certified).toBe(true);
      const runs = solveMultistart(ufmCe, inst, { starts: 2, seed: 7 });
      const best = runs.reduce((a, b) => (b.f < a.f ? b : a));
      const v = ufmCeView(inst, best.x);
      const K = inst.K;
      let diff = 0;
      let ref = 0;
      for (let i = 0; i < K; i++)
        for (let k = 0; k < K; k++) {
          let z = 0;
          for (let r = 0; r < inst.d; r++) z += v.W.data[i * inst.d + r] * v.Hbar.data[r * K + k];
          diff += (z - conv.Zbar.data[i * K + k]) ** 2;
          ref += conv.Zbar.data[i * K + k] ** 2;
        }
      const logitGap = Math.sqrt(diff) / Math.max(Math.sqrt(ref), 1);
      const valueGap = Math.abs(best.f - conv.objective) / Math.max(1, conv.objective);
      if (!(logitGap < 1e-6 && valueGap < 1e-9)) disagreements.push(`${JSON.stringify(inst)}: logits ${logitGap}, value ${valueGap}`);
    }
    expect(instances.length).toBe(50);
    expect(disagreements).toEqual([]);
  });
});
