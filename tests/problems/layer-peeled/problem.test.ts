import { describe, expect, it } from 'vitest';
import { expectDirectionalDerivativeMatches, expectHessVecMatchesDifferences } from '../../helpers/derivatives.ts';
import { Rng } from '../../../src/random.ts';
import { layerPeeled, layerPeeledObjective, layerPeeledPoint, parseLayerPeeled, type LayerPeeledInstance } from '../../../src/problems/layer-peeled/problem.ts';
import { layerPeeledConvex } from '../../../src/ground-truth/layer-peeled.ts';
import { solveMultistart } from '../../../src/solvers/multistart.ts';

const inst: LayerPeeledInstance = { problem: 'layer-peeled', K: 3, n: [4, 2, 1], d: 3, EW: 1, EH: 2 };

describe('layer-peeled (constraint form)', () => {
  it('gradient and Hessian-vector product match central finite differences', () => {
    const obj = layerPeeledObjective(inst);
    const rng = new Rng(4);
    const x = rng.normalArray(obj.size, 1);
    const v = rng.normalArray(obj.size, 1);
    // The bounds of toBeCloseTo(., 7) and toBeCloseTo(., 6): |error| < 5e-8 and < 5e-7.
    expectDirectionalDerivativeMatches(obj, x, v, 5e-8);
    expectHessVecMatchesDifferences(obj, x, v, 5e-7, { h: 1e-6, absolute: true });
  });

  it('points lie on both constraint spheres', () => {
    const x = new Rng(5).normalArray(layerPeeledObjective(inst).size, 3);
    const y = layerPeeledPoint(inst, x);
    let w2 = 0;
    for (let i = 0; i < 9; i++) w2 += y[i] ** 2;
    expect(w2 / 3).toBeCloseTo(inst.EW, 12);
    let h2 = 0;
    const labels = [0, 0, 0, 0, 1, 1, 2];
    for (let r = 0; r < 3; r++) for (let j = 0; j < 7; j++) h2 += y[9 + r * 7 + j] ** 2 / inst.n[labels[j]];
    expect(h2 / 3).toBeCloseTo(inst.EH, 12);
  });

  it('the balanced convex optimum is the ETF value log(1 + (K-1) exp(-K sqrt(EW EH)/(K-1)))', () => {
    for (const [K, EW, EH] of [
      [3, 1, 2],
      [4, 0.5, 1],
      [5, 1, 5],
    ] as const) {
      const s = layerPeeledConvex(K, Array(K).fill(2), EW, EH);
      expect(s.certified).toBe(true);
      expect(s.objective).toBeCloseTo(Math.log(1 + (K - 1) * Math.exp((-K * Math.sqrt(EW * EH)) / (K - 1))), 9);
    }
  });

  it('non-convex solves reach the certified convex optimum on imbalanced instances', () => {
    for (const I of [inst, { ...inst, n: [5, 5, 1], d: 4, EH: 5 }, { ...inst, K: 4, n: [6, 3, 1, 1], d: 4 }] as LayerPeeledInstance[]) {
      const conv = layerPeeledConvex(I.K, I.n, I.EW, I.EH);
      expect(conv.certified).toBe(true);
      const runs = solveMultistart(layerPeeled, I, { starts: 2, seed: 3 });
      const best = Math.min(...runs.map((r) => r.f));
      expect(Math.abs(best - conv.objective)).toBeLessThan(1e-9);
    }
  });

  it('parse names the offending field', () => {
    expect(() => parseLayerPeeled({ problem: 'layer-peeled', K: 2, n: [1, 1], d: 2, EW: 0, EH: 1 }, 'i')).toThrow(/i\.EW/);
    expect(() => parseLayerPeeled({ problem: 'layer-peeled', K: 2, n: [1], d: 2, EW: 1, EH: 1 }, 'i')).toThrow(/i\.n/);
  });
});

describe('minority collapse reference values of docs/catalogue.md (fang2021, K=10, k_A=5, EH=5, EW=1)', () => {
  // Mean minority cosine 0.52 at R=10, 0.94 at R=12, 1.000 from R=13 [derived in the catalogue].
  const cosine = (R: number) => {
    const K = 10;
    const s = layerPeeledConvex(K, [...Array(5).fill(R), ...Array(5).fill(1)], 1, 5);
    expect(s.certified).toBe(true);
    // w_k . w_k' is proportional to (Z Z^T)^{1/2}; with collapse the minority rows of Z coincide.
    const Z = s.Zbar.data;
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let j = 0; j < K; j++) {
      dot += Z[5 * K + j] * Z[6 * K + j];
      a += Z[5 * K + j] ** 2;
      b += Z[6 * K + j] ** 2;
    }
    return { rowCos: dot / Math.sqrt(a * b), Z };
  };
  it('collapses exactly at R = 13 and not at R = 12', () => {
    const r12 = cosine(12);
    const r13 = cosine(13);
    let spread12 = 0;
    let spread13 = 0;
    for (let j = 0; j < 10; j++) {
      spread12 = Math.max(spread12, Math.abs(r12.Z[50 + j] - r12.Z[60 + j]));
      spread13 = Math.max(spread13, Math.abs(r13.Z[50 + j] - r13.Z[60 + j]));
    }
    expect(spread12).toBeGreaterThan(1e-3);
    expect(spread13).toBeLessThan(1e-12);
  });
});
