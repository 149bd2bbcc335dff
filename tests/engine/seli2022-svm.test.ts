import { describe, expect, it } from 'vitest';
import { checkInstance } from '../../src/engine/check.ts';
import { runMutations } from '../../src/engine/mutate.ts';
import { Rng } from '../../src/random.ts';
import { psdSqrt } from '../../src/linalg/eigen.ts';
import { centering, diag, matmul, matmulNT, rowGram, type Mat } from '../../src/linalg/matrix.ts';
import { solveUfSvmConvex } from '../../src/ground-truth/uf-svm-convex.ts';
import { ufSvmObjective, ufSvmView } from '../../src/problems/uf-svm/problem.ts';
import { solveFrom } from '../../src/solvers/multistart.ts';
import { seli2022Svm } from '../../theorems/seli2022.ts';

/** STEP imbalance k_A = k_B = 5: n = R (majority), 1 (minority). */
const step = (R: number) => [...Array<number>(5).fill(R), ...Array<number>(5).fill(1)];

/** ||w_maj||^2 / ||w_min||^2 and cos(w_min, w_min') from a classifier Gram (classes 0 and 5, 6). */
function referenceQuantities(G: Mat): { ratio: number; cos: number } {
  const K = G.rows;
  const g = (i: number, j: number) => G.data[i * K + j];
  return { ratio: g(0, 0) / g(5, 5), cos: g(5, 6) / Math.sqrt(g(5, 5) * g(6, 6)) };
}

/** docs/catalogue.md, seli2022: the catalogue's values, with the precision they are given to. */
const catalogueValues = [
  { R: 10, ratio: 2.672, ratioDigits: 3, cos: 0.033, cosDigits: 3 },
  { R: 100, ratio: 5.766, ratioDigits: 3, cos: 0.338, cosDigits: 3 },
  { R: 1e4, ratio: 11.06, ratioDigits: 2, cos: 0.873, cosDigits: 3 },
];

describe('seli2022 reference values (STEP imbalance, k_A = k_B = 5)', () => {
  for (const ref of catalogueValues) {
    it(`R = ${ref.R}: closed form, convex solve and non-convex UF-SVM solve all give ${ref.ratio}, ${ref.cos}`, () => {
      const n = step(ref.R);
      const K = n.length;
      const C = centering(K);
      // 1. Closed form W W^T = (C D C)^{1/2}.
      const closed = referenceQuantities(psdSqrt(matmul(matmul(C, diag(n)), C)));
      // 2. The certified convex solve: W W^T = (M M^T)^{1/2}, M = Z_bar* D^{1/2}.
      const conv = solveUfSvmConvex(n);
      expect(conv.certified).toBe(true);
      const M = matmul(conv.Zbar, diag(n.map(Math.sqrt)));
      const fromConvex = referenceQuantities(psdSqrt(matmulNT(M, M)));
      // 3. The non-convex UF-SVM itself (class-reduced), W read off directly: no matrix root at all.
      const inst = { problem: 'uf-svm' as const, K, n, d: K - 1 };
      const obj = ufSvmObjective(inst, 'reduced');
      const r = solveFrom(obj, new Rng(3).normalArray(obj.size, 0.5), {});
      const fromSolver = referenceQuantities(rowGram(ufSvmView(inst, r.x, 'reduced').W));
      for (const q of [closed, fromConvex, fromSolver]) {
        expect(Math.abs(q.ratio - ref.ratio)).toBeLessThanOrEqual(0.5 * 10 ** -ref.ratioDigits);
        expect(Math.abs(q.cos - ref.cos)).toBeLessThanOrEqual(0.5 * 10 ** -ref.cosDigits);
      }
      // The solvers agree with each other far beyond the catalogue's digits.
      expect(fromSolver.ratio).toBeCloseTo(fromConvex.ratio, 6);
      expect(fromSolver.cos).toBeCloseTo(fromConvex.cos, 6);
    });
  }
});

describe('seli2022.svm', () => {
  it('passes on in-assumption instances at the edge d = K - 1', () => {
    for (const n of [
      [5, 5, 1, 1],
      [3, 2, 1],
      [2, 2, 2, 2],
    ]) {
      const r = checkInstance(seli2022Svm, { problem: 'uf-svm', K: n.length, n, d: n.length - 1 }, 0, { seed: 1 });
      expect(r.verdict, r.reason).toBe('pass');
    }
  });

  it('is skipped below the dimension assumption', () => {
    expect(checkInstance(seli2022Svm, { problem: 'uf-svm', K: 4, n: [3, 3, 1, 1], d: 2 }, 0).verdict).toBe('skipped');
  });

  it('rejects every planted wrong variant', () => {
    const res = runMutations(seli2022Svm, { seed: 1, candidates: 150, instancesPerVariant: 3 });
    const survivors = res.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`);
    expect(survivors).toEqual([]);
    // 12 constants (margin, logitOffset, two in each of the four exponents written as fractions, countExponent) + 6 explicit variants.
    expect(res.total).toBeGreaterThanOrEqual(17);
  });

  it('a wrong class-mean Gram under balance is caught (D^{-1/2} vs D^{-1})', () => {
    const thm = { ...seli2022Svm, predictions: { ...seli2022Svm.predictions, meanGramOuter: '-1' } };
    const r = checkInstance(thm, { problem: 'uf-svm', K: 3, n: [4, 4, 4], d: 2 }, 0, { seed: 2 });
    expect(r.verdict).toBe('fail');
  });
});
