/**
 * The UF-SVM's point builders, logits view, symbols and memoised convex ground truth, checked
 * against quantities written out here: the balanced factorisation of Z = C Y, and the closed
 * forms ||C D^{1/2}||_* = sqrt(n) (K - 1), ||C D||_* = n (K - 1) for balanced counts n_k = n.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { certifiedUfSvmConvex, solveUfSvmConvex } from '../../../src/ground-truth/uf-svm-convex.ts';
import { psdPower } from '../../../src/linalg/psd-power.ts';
import { colGram, mat, matmulNT, matmulTN, relFrobDiff, rowGram, type Mat } from '../../../src/linalg/matrix.ts';
import { ufSvmPoint, ufSvmPointFromLogits } from '../../../src/problems/uf-svm/point.ts';
import { ufSvmView, type UfSvmInstance } from '../../../src/problems/uf-svm/problem.ts';
import { ufSvmSymbols } from '../../../src/problems/uf-svm/symbols.ts';
import { ufSvmLogitsView } from '../../../src/problems/uf-svm/view.ts';

const inst = (n: number[], d: number): UfSvmInstance => ({ problem: 'uf-svm', K: n.length, n, d });

/** Z = C Y: column j = e_{y_j} - 1/K, samples class by class. */
function seliLogits(n: number[]): Mat {
  const K = n.length;
  const labels = n.flatMap((nk, k) => Array<number>(nk).fill(k));
  const Z = mat(K, labels.length);
  labels.forEach((y, j) => {
    for (let i = 0; i < K; i++) Z.data[i * labels.length + j] = (i === y ? 1 : 0) - 1 / K;
  });
  return Z;
}

describe('UF-SVM point builders', () => {
  for (const d of [2, 4]) {
    it(`factors Z = C Y into the balanced W, H (d = ${d})`, () => {
      const I = inst([3, 1, 2], d);
      const Z = seliLogits(I.n as number[]);
      const x = ufSvmPointFromLogits(I, Z, { gramPower: 0.5, featurePower: 0.5 });
      if (!(x instanceof Float64Array)) throw new Error(x.impossible);
      const v = ufSvmLogitsView(I, x);
      expect(relFrobDiff(v.Z, Z)).toBeLessThan(1e-13);
      expect(relFrobDiff(rowGram(v.W), psdPower(matmulNT(Z, Z), 0.5))).toBeLessThan(1e-12);
      expect(relFrobDiff(colGram(v.H), psdPower(matmulTN(Z, Z), 0.5))).toBeLessThan(1e-12);
      expect(v.scale).toBeGreaterThan(0);
    });
  }

  it('other powers give the Grams they name', () => {
    const I = inst([2, 2, 1], 3);
    const Z = seliLogits(I.n as number[]);
    const x = ufSvmPointFromLogits(I, Z, { gramPower: 1, featurePower: 0.5 });
    if (!(x instanceof Float64Array)) throw new Error(x.impossible);
    expect(relFrobDiff(rowGram(ufSvmView(I, x).W), matmulNT(Z, Z))).toBeLessThan(1e-12);
  });

  it('is impossible when rank Z > d, and packs W, H in order', () => {
    const I = inst([1, 1, 1], 1);
    const r = ufSvmPointFromLogits(I, seliLogits([1, 1, 1]), { gramPower: 0.5, featurePower: 0.5 });
    expect(r).toEqual({ impossible: expect.stringMatching(/rank 2 > d = 1/) });
    const W = mat(3, 1, [1, 2, 3]);
    const H = mat(1, 3, [4, 5, 6]);
    expect(Array.from(ufSvmPoint(I, W, H))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => ufSvmPoint(I, mat(3, 2), H)).toThrow(InputError);
    expect(() => ufSvmPoint(I, W, mat(1, 2))).toThrow(InputError);
  });
});

describe('UF-SVM symbols and the memoised convex ground truth', () => {
  it('nuclear norms of C D^{1/2} and C D for balanced counts', () => {
    const s = ufSvmSymbols(inst([4, 4, 4, 4], 3));
    expect(s.nuclearSeli as number).toBeCloseTo(2 * 3, 12);
    expect(s.nuclearCD as number).toBeCloseTo(4 * 3, 12);
    expect([s.K, s.d, s.N, s.nmin, s.nmax]).toEqual([4, 3, 16, 4, 4]);
  });

  it('solves once per count vector, at the SELI optimum', () => {
    const a = certifiedUfSvmConvex([2, 2, 2]);
    expect(certifiedUfSvmConvex([2, 2, 2])).toBe(a);
    expect(a.certified).toBe(true);
    expect(a.objective).toBeCloseTo(Math.sqrt(2) * 2, 8);
    // A different count vector is a different solve, and agrees with the unmemoised one.
    expect(certifiedUfSvmConvex([3, 1, 2]).objective).toBeCloseTo(solveUfSvmConvex([3, 1, 2]).objective, 12);
  });
});
