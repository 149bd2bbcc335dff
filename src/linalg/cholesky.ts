/**
 * Dense Cholesky factorisation of a symmetric positive definite matrix, for the small normal
 * systems J J^T of constrained certificates (src/certify/kkt.ts). Row-major n x n in, lower
 * factor out; no pivoting: a pivot at or below `tol` times the largest diagonal entry means the
 * matrix is (numerically) singular, which the caller must treat as "not certified".
 */
import { NumericalError } from '../errors.ts';

export interface CholeskyFactor {
  readonly n: number;
  /** Lower triangular L (row-major n x n), A = L L^T. */
  readonly L: Float64Array;
}

/**
 * Factorises A = L L^T. Throws NumericalError('cholesky') when a pivot is not above
 * tol * max_i A_ii (default tol 1e-13).
 */
export function cholesky(A: Float64Array, n: number, tol = 1e-13): CholeskyFactor {
  const L = new Float64Array(n * n);
  let big = 0;
  for (let i = 0; i < n; i++) big = Math.max(big, A[i * n + i]);
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j];
    for (let k = 0; k < j; k++) s -= L[j * n + k] * L[j * n + k];
    if (!(s > tol * big))
      throw new NumericalError('cholesky', `pivot ${j} is ${s.toExponential(3)} (largest diagonal ${big.toExponential(3)}): not positive definite`);
    const ljj = Math.sqrt(s);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j];
      for (let k = 0; k < j; k++) t -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = t / ljj;
    }
  }
  return { n, L };
}

/** Solves (L L^T) x = b, returning x (b is not modified). */
export function choleskySolve(f: CholeskyFactor, b: Float64Array): Float64Array {
  const { n, L } = f;
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * y[k];
    y[i] = s / L[i * n + i];
  }
  return y;
}
