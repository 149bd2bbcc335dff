import { describe, expect, it } from 'vitest';
import { fromRows, frobNorm, matmul } from '../../src/linalg/matrix.ts';
import { factorisationGram, solveUfmZ, ufmZGroundTruth, ufmZOf } from '../../src/ground-truth/ufm-z.ts';
import { ufmZSymbols } from '../../src/ground-truth/ufm-z-symbols.ts';
import { ufmZView } from '../../src/ground-truth/ufm-z-view.ts';
import { etfDistanceAt, profileCounts, switchBracket, watchedClusterCollapsed } from '../../src/ground-truth/ufm-z-clusters.ts';
import { ufmCePoint } from '../../src/problems/ufm-ce/point.ts';
import type { UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';

const inst: UfmCeInstance = { problem: 'ufm-ce', K: 3, n: [6, 2, 2], d: 3, lambdaW: 0.02, lambdaH: 0.05, lambdaB: 0.1, bias: true };

describe('UFM-Z ground truth of a ufm-ce instance', () => {
  it('is solved once: equal UFM-Z instances (d does not enter) share one solution, equal to a fresh solve', () => {
    const s = ufmZGroundTruth(inst);
    expect(ufmZGroundTruth({ ...inst, n: [...inst.n] })).toBe(s);
    expect(ufmZGroundTruth({ ...inst, d: 5 })).toBe(s);
    expect(ufmZGroundTruth({ ...inst, lambdaB: 0.2 })).not.toBe(s);
    const fresh = solveUfmZ(ufmZOf(inst));
    expect(s.certified).toBe(true);
    expect(s.objective).toBe(fresh.objective);
  });

  it('symbols: Fz is the certified optimum, lambdaZ = sqrt(lambdaW lambdaH), and the cluster vectors', () => {
    const sym = ufmZSymbols(inst);
    expect(sym.Fz).toBe(ufmZGroundTruth(inst).objective);
    expect(sym.lambdaZ).toBeCloseTo(Math.sqrt(0.001), 15);
    expect([sym.Nj, sym.kj, sym.nA, sym.nB]).toEqual([[6, 2], [1, 2], 6, 2]);
  });

  it('factorisation Gram of the balanced closed form: (M M^T)^{1/2} = sqrt(n) a K C', () => {
    const [K, n, a] = [3, 4, 0.6];
    const Z = fromRows([
      [2 * a, -a, -a],
      [-a, 2 * a, -a],
      [-a, -a, 2 * a],
    ]);
    const G = factorisationGram(Z, [n, n, n]);
    // C = I - J/K, so sqrt(n) a K C has K sqrt(n) a (1 - 1/K) on the diagonal and -sqrt(n) a off it.
    for (let i = 0; i < K; i++)
      for (let k = 0; k < K; k++) {
        expect(G.data[i * K + k]).toBeCloseTo(Math.sqrt(n) * a * (i === k ? K - 1 : -1), 12);
      }
  });

  it('the view reads Z_bar = W H_bar with the logit sensitivity 2 (||W|| + ||H_bar||) / ||Z_bar||', () => {
    const W = fromRows([
      [1, 0, 0],
      [0, 2, 0],
      [0, 0, -1],
    ]);
    const Hbar = fromRows([
      [1, 0, 1],
      [0, 1, 0],
      [2, 0, 0],
    ]);
    const v = ufmZView(inst, ufmCePoint(inst, { W, Hbar }));
    expect([...v.Z.data]).toEqual([...matmul(W, Hbar).data]);
    expect(v.sens).toBeCloseTo((2 * (Math.sqrt(6) + Math.sqrt(7))) / frobNorm(matmul(W, Hbar)), 14);
  });
});

describe('UFM-Z on cluster profiles (the threshold and asymptotic studies)', () => {
  const c = { sizes: [2, 2], counts: [10, 2], watch: 1, bias: true, lambdaB: 0.01 };

  it('lists the counts cluster by cluster and brackets the switch below the next threshold', () => {
    expect(profileCounts(c)).toEqual([10, 10, 2, 2]);
    // t = sqrt(2); the next threshold is sqrt(10/2) = 2.24 times higher, so the bracket stops at 1.5 t.
    expect(switchBracket(c)).toEqual([0.5 * Math.SQRT2, 1.5 * Math.SQRT2]);
  });

  it('the minority collapses above N lambdaZ = sqrt(n_B) and not below (Cor 4)', () => {
    expect(watchedClusterCollapsed(c, 0.9 * Math.SQRT2).holds).toBe(false);
    const above = watchedClusterCollapsed(c, 1.1 * Math.SQRT2);
    expect([above.holds, above.certified]).toEqual([true, true]);
  });

  it('a balanced two-cluster profile (r = 1) is exactly at the ETF shape', () => {
    const p = etfDistanceAt({ kA: 2, kB: 2, r: 1, lambda: 0.5, nB0: 2, bias: false, lambdaB: 0 }, 8, 0.5);
    expect(p.certified).toBe(true);
    expect(p.deviation).toBeLessThan(1e-8);
    expect(p.rate).toBe(1 / Math.log(8));
  });
});
