import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import {
  centering,
  colGram,
  diag,
  eye,
  fromRows,
  mat,
  matmul,
  matmulNT,
  matmulTN,
  nuclearNorm,
  pinv,
  psdSqrt,
  rank,
  relFrobDiff,
  rowGram,
  scale,
  svd,
  symmetricEigen,
  transpose,
} from '../../src/linalg/index.ts';
import type { Mat } from '../../src/linalg/index.ts';
import { NumericalError } from '../../src/errors.ts';
import { maxDiff, naiveMul, randn, randSym } from './helpers.ts';

function toMl(A: Mat): Matrix {
  return new Matrix(Array.from({ length: A.rows }, (_, i) => Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols))));
}

/** ||Q^T Q - I||_max */
function orthoErr(Q: Mat): number {
  return maxDiff(matmulTN(Q, Q), eye(Q.cols));
}

function reconstruct(U: Mat, s: Float64Array, V: Mat): Mat {
  const US = mat(U.rows, U.cols, U.data.slice());
  for (let i = 0; i < U.rows; i++) for (let j = 0; j < U.cols; j++) US.data[i * U.cols + j] *= s[j];
  return matmulNT(US, V);
}

describe('symmetricEigen', () => {
  it.each([1, 2, 5, 16, 40])('matches ml-matrix on a random symmetric matrix of order %i', (n) => {
    const A = randSym(n, 40 + n);
    const { values, vectors } = symmetricEigen(A);
    const ref = new EigenvalueDecomposition(toMl(A), { assumeSymmetric: true }).realEigenvalues.slice().sort((a, b) => a - b);
    for (let i = 0; i < n; i++) expect(values[i]).toBeCloseTo(ref[i], 12);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    expect(orthoErr(vectors)).toBeLessThan(1e-13);
    // A V = V diag(values)
    expect(maxDiff(matmul(A, vectors), matmul(vectors, diag(values)))).toBeLessThan(1e-12);
  });

  it('centering matrix: eigenvalue 0 once and 1 with multiplicity K-1', () => {
    for (const K of [2, 3, 10, 50]) {
      const { values, vectors } = symmetricEigen(centering(K));
      expect(Math.abs(values[0])).toBeLessThan(1e-14);
      for (let i = 1; i < K; i++) expect(values[i]).toBeCloseTo(1, 14);
      // The null vector is the constant vector.
      for (let i = 0; i < K; i++) expect(Math.abs(vectors.data[i * K])).toBeCloseTo(1 / Math.sqrt(K), 12);
    }
  });

  it('simplex ETF Gram (K/(K-1))(I - J/K): 0 once, K/(K-1) with multiplicity K-1', () => {
    for (const K of [3, 4, 10, 100]) {
      const { values } = symmetricEigen(scale(centering(K), K / (K - 1)));
      expect(Math.abs(values[0])).toBeLessThan(1e-13);
      for (let i = 1; i < K; i++) expect(values[i]).toBeCloseTo(K / (K - 1), 13);
    }
  });

  it('handles diagonal, zero and indefinite inputs', () => {
    expect(Array.from(symmetricEigen(diag([3, -1, 2])).values)).toEqual([-1, 2, 3]);
    expect(Array.from(symmetricEigen(mat(3, 3)).values)).toEqual([0, 0, 0]);
    const { values } = symmetricEigen(
      fromRows([
        [0, 1],
        [1, 0],
      ]),
    );
    expect(values[0]).toBeCloseTo(-1, 15);
    expect(values[1]).toBeCloseTo(1, 15);
    expect(symmetricEigen(mat(0, 0)).values.length).toBe(0);
  });

  it('gets tiny eigenvalues of a low-rank PSD Gram to absolute accuracy', () => {
    const H = randn(30, 4, 7);
    const G = rowGram(H); // rank 4, 26 zero eigenvalues
    const { values } = symmetricEigen(G);
    const scaleG = values[29];
    for (let i = 0; i < 26; i++) expect(Math.abs(values[i])).toBeLessThan(1e-13 * scaleG);
    const s = svd(H).s;
    for (let i = 0; i < 4; i++) expect(values[29 - i] / (s[i] * s[i])).toBeCloseTo(1, 12);
  });

  it('is scale-invariant far from 1 (no overflow in the rotations)', () => {
    const A = randSym(8, 3);
    const ref = symmetricEigen(A).values;
    for (const f of [1e200, 1e-200]) {
      const v = symmetricEigen(scale(A, f)).values;
      for (let i = 0; i < 8; i++) expect(v[i] / f).toBeCloseTo(ref[i], 12);
    }
  });

  it('rejects non-square, non-finite and non-symmetric input, naming itself', () => {
    expect(() => symmetricEigen(mat(2, 3))).toThrow(NumericalError);
    expect(() => symmetricEigen(mat(2, 3))).toThrow(/^symmetricEigen: .*not square/);
    expect(() =>
      symmetricEigen(
        fromRows([
          [1, NaN],
          [NaN, 1],
        ]),
      ),
    ).toThrow(/symmetricEigen: .*non-finite/);
    expect(() =>
      symmetricEigen(
        fromRows([
          [1, 2],
          [0, 1],
        ]),
      ),
    ).toThrow(/symmetricEigen: .*not symmetric/);
  });

  it('throws NumericalError when the sweep budget is too small', () => {
    expect(() => symmetricEigen(randSym(20, 5), { maxSweeps: 1 })).toThrow(/symmetricEigen: .*did not converge/);
  });
});

describe('svd', () => {
  it.each([
    [1, 1],
    [6, 4],
    [4, 6],
    [30, 7],
    [7, 30],
    [25, 25],
    [200, 12],
  ])('reconstructs a %ix%i matrix with orthonormal U, V', (m, n) => {
    const A = randn(m, n, 3 * m + n);
    const { U, s, V } = svd(A);
    const k = Math.min(m, n);
    expect([U.rows, U.cols, V.rows, V.cols, s.length]).toEqual([m, k, n, k, k]);
    expect(relFrobDiff(reconstruct(U, s, V), A)).toBeLessThan(1e-14);
    expect(orthoErr(U)).toBeLessThan(1e-13);
    expect(orthoErr(V)).toBeLessThan(1e-13);
    for (let i = 1; i < k; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
    const ref = new SingularValueDecomposition(toMl(A), { autoTranspose: true }).diagonal;
    for (let i = 0; i < k; i++) expect(s[i]).toBeCloseTo(ref[i], 12);
  });

  it('is scale-invariant far from 1 (no overflow in the column norms)', () => {
    const A = randn(9, 5, 6);
    const ref = svd(A);
    for (const f of [1e250, 1e-250]) {
      const { U, s, V } = svd(scale(A, f));
      for (let i = 0; i < 5; i++) expect(s[i] / f).toBeCloseTo(ref.s[i], 12);
      expect(orthoErr(U)).toBeLessThan(1e-13);
      expect(orthoErr(V)).toBeLessThan(1e-13);
    }
  });

  it('rank-deficient input: zero singular values, still orthonormal U and V', () => {
    // 20x8 of rank 3.
    const A = matmul(randn(20, 3, 1), randn(3, 8, 2));
    const { U, s, V } = svd(A);
    for (let i = 3; i < 8; i++) expect(s[i]).toBeLessThan(1e-14 * s[0]);
    expect(orthoErr(U)).toBeLessThan(1e-12);
    expect(orthoErr(V)).toBeLessThan(1e-13);
    expect(relFrobDiff(reconstruct(U, s, V), A)).toBeLessThan(1e-14);
    expect(rank(A)).toBe(3);
    expect(rank(transpose(A))).toBe(3);
  });

  it('exactly zero columns and the zero matrix', () => {
    const A = fromRows([
      [1, 0, 2],
      [3, 0, 4],
      [5, 0, 6],
      [7, 0, 8],
    ]);
    const r = svd(A);
    expect(r.s[2]).toBe(0);
    expect(orthoErr(r.U)).toBeLessThan(1e-14);
    expect(relFrobDiff(reconstruct(r.U, r.s, r.V), A)).toBeLessThan(1e-15);
    const Z = svd(mat(5, 3));
    expect(Array.from(Z.s)).toEqual([0, 0, 0]);
    expect(orthoErr(Z.U)).toBeLessThan(1e-15);
    expect(rank(mat(5, 3))).toBe(0);
  });

  it('is relatively accurate for tiny singular values of a graded matrix', () => {
    // A = Q diag(1, 1e-5, 1e-10, 1e-15) W^T with orthogonal Q, W: the small values must come out
    // to many relative digits, which QR-based SVD of A^T A cannot do.
    const sv = [1, 1e-5, 1e-10, 1e-15];
    const Q = svd(randn(9, 4, 21)).U;
    const W = svd(randn(4, 4, 22)).U;
    const A = matmulNT(matmul(Q, diag(sv)), W);
    const { s } = svd(A);
    for (let i = 0; i < 3; i++) expect(s[i] / sv[i]).toBeCloseTo(1, 4);
  });

  it('column-graded matrices keep full relative accuracy', () => {
    // For A = B D with B well conditioned and D strongly graded, sigma_k(A) ~ d_k * R_kk where
    // R is B's QR factor (relative error ~ grading ratio squared). One-sided Jacobi must get
    // even the 1e-16-scaled value to many digits; an A^T A approach would return noise there.
    const B = randn(12, 5, 31);
    const d = [1, 1e-4, 1e-8, 1e-12, 1e-16];
    const { s } = svd(matmul(B, diag(d)));
    const q = Array.from({ length: 5 }, (_, j) => Array.from({ length: 12 }, (_, i) => B.data[i * 5 + j]));
    for (let k = 0; k < 5; k++) {
      // Modified Gram-Schmidt residual of column k against the earlier columns = |R_kk|.
      for (let j = 0; j < k; j++) {
        let c = 0;
        for (let i = 0; i < 12; i++) c += q[j][i] * q[k][i];
        for (let i = 0; i < 12; i++) q[k][i] -= c * q[j][i];
      }
      const r = Math.hypot(...q[k]);
      for (let i = 0; i < 12; i++) q[k][i] /= r;
      expect(s[k] / (d[k] * r)).toBeCloseTo(1, 6);
    }
    // With rtol = 0 pinv inverts every singular value, the smallest included.
    expect(svd(pinv(matmul(B, diag(d)), 0)).s[0] * s[4]).toBeCloseTo(1, 6);
  });

  it('rejects non-finite input and an exhausted sweep budget', () => {
    expect(() => svd(fromRows([[1, Infinity]]))).toThrow(/^svd: .*non-finite/);
    expect(() => svd(randn(30, 20, 4), { maxSweeps: 1 })).toThrow(/svd: .*did not converge/);
  });
});

describe('psdSqrt, pinv, nuclearNorm, rank', () => {
  it('psdSqrt squares back to the input and is symmetric', () => {
    const H = randn(12, 5, 8);
    const G = rowGram(H); // PSD, rank 5
    const S = psdSqrt(G);
    expect(maxDiff(S, transpose(S))).toBe(0);
    expect(relFrobDiff(matmul(S, S), G)).toBeLessThan(1e-13);
    const P = colGram(randn(10, 6, 9)); // positive definite
    expect(relFrobDiff(matmul(psdSqrt(P), psdSqrt(P)), P)).toBeLessThan(1e-13);
    expect(maxDiff(psdSqrt(eye(3)), eye(3))).toBeLessThan(1e-15);
  });

  it('psdSqrt clamps rounding-level negatives and rejects clearly negative eigenvalues', () => {
    const C = centering(6); // eigenvalue 0 computed as +-1e-17
    expect(relFrobDiff(matmul(psdSqrt(C), psdSqrt(C)), C)).toBeLessThan(1e-14);
    expect(() => psdSqrt(diag([1, -1e-6]))).toThrow(/^psdSqrt: .*not positive semidefinite/);
    expect(() => psdSqrt(diag([1, -1e-14]))).not.toThrow();
  });

  it('pinv satisfies the Penrose conditions on rank-deficient, tall and wide input', () => {
    for (const A of [matmul(randn(9, 2, 1), randn(2, 6, 2)), randn(8, 3, 3), randn(3, 8, 4)]) {
      const P = pinv(A);
      expect([P.rows, P.cols]).toEqual([A.cols, A.rows]);
      expect(relFrobDiff(matmul(matmul(A, P), A), A)).toBeLessThan(1e-13);
      expect(relFrobDiff(matmul(matmul(P, A), P), P)).toBeLessThan(1e-13);
      const AP = matmul(A, P);
      const PA = matmul(P, A);
      expect(maxDiff(AP, transpose(AP))).toBeLessThan(1e-13);
      expect(maxDiff(PA, transpose(PA))).toBeLessThan(1e-13);
    }
    const S = randn(5, 5, 10);
    expect(maxDiff(matmul(pinv(S), S), eye(5))).toBeLessThan(1e-11);
  });

  it('nuclearNorm and rank with rtol', () => {
    expect(nuclearNorm(diag([3, -4, 0]))).toBeCloseTo(7, 14);
    const A = naiveMul(randn(7, 7, 5), diag([1, 1, 1, 1e-9, 0, 0, 0]));
    expect(rank(A)).toBe(4);
    expect(rank(A, 1e-6)).toBe(3);
    expect(rank(mat(0, 3))).toBe(0);
  });
});
