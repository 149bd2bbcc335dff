/**
 * The Householder + QL eigensolver and the thin Householder QR: on matrices whose factors are
 * known by construction (A = V diag(lambda) V^T with V a product of Givens rotations; a QR of
 * a matrix built as Q0 R0), on rank-deficient inputs, and against planted wrong answers.
 */
import { describe, expect, it } from 'vitest';
import { householderQr } from '../../src/linalg/householder-qr.ts';
import { symmetricEigenQl } from '../../src/linalg/symmetric-ql.ts';
import { Rng } from '../../src/random.ts';

/** An orthogonal n x n matrix (row-major) as a product of random Givens rotations. */
function randomOrthogonal(n: number, rng: Rng): Float64Array {
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Q[i * n + i] = 1;
  for (let t = 0; t < 4 * n * n; t++) {
    const i = Math.floor(rng.uniform() * n);
    let j = Math.floor(rng.uniform() * n);
    if (j === i) j = (i + 1) % n;
    const th = rng.uniform() * 2 * Math.PI;
    const c = Math.cos(th);
    const s = Math.sin(th);
    for (let k = 0; k < n; k++) {
      const a = Q[k * n + i];
      const b = Q[k * n + j];
      Q[k * n + i] = c * a - s * b;
      Q[k * n + j] = s * a + c * b;
    }
  }
  return Q;
}

function compose(V: Float64Array, lam: number[], n: number): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += V[i * n + k] * lam[k] * V[j * n + k];
      A[i * n + j] = s;
    }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[j * n + i] = A[i * n + j];
  return A;
}

describe('symmetricEigenQl', () => {
  it('recovers planted eigenvalues (with repeats and zeros) and orthonormal eigenvectors', () => {
    const rng = new Rng(3);
    for (const n of [1, 2, 5, 40]) {
      const lam = Array.from({ length: n }, (_, k) => (k % 3 === 0 ? 0 : k % 3 === 1 ? 2.5 : -1 - k));
      const V0 = randomOrthogonal(n, rng);
      const A = compose(V0, lam, n);
      const { values, vectors } = symmetricEigenQl(A, n);
      const sorted = [...lam].sort((a, b) => a - b);
      const scale = Math.max(...lam.map(Math.abs), 1);
      values.forEach((v, k) => expect(Math.abs(v - sorted[k])).toBeLessThan(50 * n * 2.2e-16 * scale));
      // A v = lambda v and V^T V = I.
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          let av = 0;
          for (let k = 0; k < n; k++) av += A[i * n + k] * vectors[k * n + j];
          expect(Math.abs(av - values[j] * vectors[i * n + j])).toBeLessThan(100 * n * 2.2e-16 * scale);
        }
        for (let l = 0; l < n; l++) {
          let dot = 0;
          for (let k = 0; k < n; k++) dot += vectors[k * n + j] * vectors[k * n + l];
          expect(Math.abs(dot - (j === l ? 1 : 0))).toBeLessThan(100 * n * 2.2e-16);
        }
      }
    }
  });

  it('a wrong planted spectrum is told apart', () => {
    const n = 6;
    const V0 = randomOrthogonal(n, new Rng(5));
    const A = compose(V0, [1, 2, 3, 4, 5, 6], n);
    const { values } = symmetricEigenQl(A, n);
    expect(Math.abs(values[5] - 6)).toBeLessThan(1e-13);
    expect(Math.abs(values[5] - 6.000001)).toBeGreaterThan(1e-7);
  });
});

describe('householderQr', () => {
  it('A = Q R with Q orthonormal and R upper triangular, also for a rank-deficient A', () => {
    const rng = new Rng(7);
    const m = 30;
    const n = 8;
    const A = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) A[i * n + j] = rng.normal();
    // Column 5 = column 1 + column 2: rank 7.
    for (let i = 0; i < m; i++) A[i * n + 5] = A[i * n + 1] + A[i * n + 2];
    const { Q, R } = householderQr(A, m, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(R[i * n + j]).toBe(0);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += Q[i * n + k] * R[k * n + j];
        expect(Math.abs(s - A[i * n + j])).toBeLessThan(1e-13);
      }
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += Q[i * n + a] * Q[i * n + b];
        expect(Math.abs(s - (a === b ? 1 : 0))).toBeLessThan(1e-14);
      }
    // The rank deficiency shows in R's diagonal.
    expect(Math.abs(R[5 * n + 5])).toBeLessThan(1e-13);
  });
});
