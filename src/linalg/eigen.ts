/**
 * Symmetric eigendecomposition and SVD by Jacobi methods. Jacobi is slower than QR-based
 * routines for large matrices, but the matrices here are small (K x K Grams, d x N features),
 * every sweep is bounded so nothing can loop forever, and one-sided Jacobi computes small
 * singular values to high relative accuracy, which the collapse metrics (ratios of tiny
 * within-class to between-class quantities) depend on.
 */

import { NumericalError } from '../errors.ts';
import { isFiniteMat, rowGram, transpose } from './matrix.ts';
import type { Mat } from './matrix.ts';

const EPS = 2.220446049250313e-16;

/**
 * A power of two f with f * max|a_ij| near 1. Scaling by it is exact, and it keeps the squares
 * and products inside the Jacobi loops away from overflow and underflow.
 */
function pow2Scale(a: Float64Array): number {
  let big = 0;
  for (let i = 0; i < a.length; i++) big = Math.max(big, Math.abs(a[i]));
  if (big === 0) return 1;
  return 2 ** -Math.round(Math.log2(big));
}

/** Result of {@link symmetricEigen}: eigenvalues ascending, eigenvectors as the columns of `vectors`. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: Mat;
}

/** Result of {@link svd}: A = U diag(s) V^T with s descending, U and V with orthonormal columns. */
export interface Svd {
  U: Mat;
  s: Float64Array;
  V: Mat;
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix by cyclic
 * Jacobi. Sweeps continue until every off-diagonal entry is negligible, either absolutely
 * (at most tol * ||A||_F / n, so the neglected mass is at most about tol * ||A||_F; default
 * tol 1e-15) or relatively (at most eps * sqrt(|a_pp a_qq|)). The symmetric part (A + A^T)/2 is used; an input that
 * is far from symmetric (relative asymmetry above 1e-8) is rejected as a caller bug.
 * Throws NumericalError('symmetricEigen') for non-square or non-finite input, or when
 * `maxSweeps` (default 100) sweeps do not converge.
 */
export function symmetricEigen(A: Mat, opts: { maxSweeps?: number; tol?: number } = {}): SymmetricEigen {
  const fn = 'symmetricEigen';
  const maxSweeps = opts.maxSweeps ?? 100;
  const tol = opts.tol ?? 1e-15;
  if (A.rows !== A.cols) throw new NumericalError(fn, `A is ${A.rows}x${A.cols}, not square`);
  if (!isFiniteMat(A)) throw new NumericalError(fn, 'A has a non-finite entry');
  const n = A.rows;
  const src = A.data;
  const f = pow2Scale(src);

  // Work on the symmetric part; measure how far the input is from symmetric on the way.
  const a = new Float64Array(n * n);
  let asym = 0;
  let normSq = 0;
  for (let i = 0; i < n; i++) {
    const d = f * src[i * n + i];
    a[i * n + i] = d;
    normSq += d * d;
    for (let j = i + 1; j < n; j++) {
      const u = f * src[i * n + j];
      const l = f * src[j * n + i];
      const v = 0.5 * (u + l);
      a[i * n + j] = v;
      a[j * n + i] = v;
      normSq += u * u + l * l;
      asym += (u - l) * (u - l);
    }
  }
  const norm = Math.sqrt(normSq); // of the scaled matrix
  if (Math.sqrt(asym) > 1e-8 * norm) {
    throw new NumericalError(fn, `A is not symmetric (||A - A^T||_F / ||A||_F = ${(Math.sqrt(asym) / norm).toExponential(2)})`);
  }

  // V holds the eigenvectors as rows while iterating so that each rotation touches two
  // contiguous rows; it is transposed on output.
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  const floor = n > 0 ? (tol * norm) / n : 0;
  let converged = n <= 1 || norm === 0;
  for (let sweep = 0; sweep < maxSweeps && !converged; sweep++) {
    let rotations = 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        const abs = Math.abs(apq);
        if (abs <= floor) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        if (abs <= EPS * Math.sqrt(Math.abs(app * aqq))) continue;
        rotations++;
        // Rutishauser's formulas: the smaller rotation angle, t = tan(theta), |theta| <= pi/4.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const pr = p * n;
        const qr = q * n;
        // Rows p and q are rotated and mirrored into columns p and q in the same pass; the
        // four entries of the 2x2 block are then set exactly.
        for (let k = 0, kn = 0; k < n; k++, kn += n) {
          const akp = a[pr + k];
          const akq = a[qr + k];
          const np = c * akp - s * akq;
          const nq = s * akp + c * akq;
          a[pr + k] = np;
          a[qr + k] = nq;
          a[kn + p] = np;
          a[kn + q] = nq;
          const vp = v[pr + k];
          const vq = v[qr + k];
          v[pr + k] = c * vp - s * vq;
          v[qr + k] = s * vp + c * vq;
        }
        a[pr + p] = app - t * apq;
        a[qr + q] = aqq + t * apq;
        a[pr + q] = 0;
        a[qr + p] = 0;
      }
    }
    if (rotations === 0) converged = true;
  }
  if (!converged) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off += a[i * n + j] * a[i * n + j];
    throw new NumericalError(
      fn,
      `cyclic Jacobi did not converge in ${maxSweeps} sweeps (off-diagonal norm ${(Math.sqrt(off) / f).toExponential(2)}, ||A||_F ${(norm / f).toExponential(2)})`,
    );
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const from = order[c];
    values[c] = a[from * n + from] / f;
    for (let k = 0; k < n; k++) vectors[k * n + c] = v[from * n + k];
  }
  return { values, vectors: { rows: n, cols: n, data: vectors } };
}

/**
 * Thin SVD A = U diag(s) V^T by one-sided (Hestenes) Jacobi: s descending, U is m x k and V is
 * n x k with k = min(m, n), both with orthonormal columns (columns of U for zero singular values
 * are completed to an orthonormal set). Columns are rotated until every pair is orthogonal to
 * relative precision, which gives small singular values to high relative accuracy.
 * Throws NumericalError('svd') for non-finite input or when `maxSweeps` (default 100) sweeps do
 * not converge.
 */
export function svd(A: Mat, opts: { maxSweeps?: number } = {}): Svd {
  if (!isFiniteMat(A)) throw new NumericalError('svd', 'A has a non-finite entry');
  if (A.rows < A.cols) {
    // A^T = U' S V'^T  =>  A = V' S U'^T.
    const r = svdTall(transpose(A), opts.maxSweeps ?? 100);
    return { U: r.V, s: r.s, V: r.U };
  }
  return svdTall(A, opts.maxSweeps ?? 100);
}

/** One-sided Jacobi for m >= n. */
function svdTall(A: Mat, maxSweeps: number): Svd {
  const m = A.rows;
  const n = A.cols;
  // Columns of A are kept as contiguous rows of W = A^T (and of Vt = V^T) so rotations stream.
  const w = transpose(A).data;
  const f = pow2Scale(w);
  for (let i = 0; i < w.length; i++) w[i] *= f;
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vt[i * n + i] = 1;
  // Relative orthogonality target; a little above eps so that rounding in the dot products
  // themselves cannot keep a converged pair rotating.
  const tol = EPS * Math.max(1, Math.sqrt(m));

  let converged = n <= 1;
  let sweeps = 0;
  for (; sweeps < maxSweeps && !converged; sweeps++) {
    let rotations = 0;
    for (let i = 0; i < n - 1; i++) {
      const ir = i * m;
      for (let j = i + 1; j < n; j++) {
        const jr = j * m;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < m; k++) {
          const x = w[ir + k];
          const y = w[jr + k];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (alpha === 0 || beta === 0) continue;
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotations++;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.abs(zeta) > 1e150 ? 1 / (2 * zeta) : (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < m; k++) {
          const x = w[ir + k];
          const y = w[jr + k];
          w[ir + k] = c * x - s * y;
          w[jr + k] = s * x + c * y;
        }
        const iv = i * n;
        const jv = j * n;
        for (let k = 0; k < n; k++) {
          const x = vt[iv + k];
          const y = vt[jv + k];
          vt[iv + k] = c * x - s * y;
          vt[jv + k] = s * x + c * y;
        }
      }
    }
    if (rotations === 0) converged = true;
  }
  if (!converged) {
    throw new NumericalError('svd', `one-sided Jacobi did not converge in ${maxSweeps} sweeps on a ${m}x${n} matrix`);
  }

  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += w[i * m + k] * w[i * m + k];
    norms[i] = Math.sqrt(s);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => norms[j] - norms[i]);
  const s = new Float64Array(n);
  const U = new Float64Array(m * n);
  const V = new Float64Array(n * n);
  // Every pair of nonzero columns is orthogonal to relative precision on exit, so even a column
  // of pure rounding noise normalises to a valid left vector; only exactly zero columns (which
  // carry no direction) need their left vectors rebuilt.
  const missing: number[] = [];
  for (let c = 0; c < n; c++) {
    const src = order[c];
    const sv = norms[src];
    s[c] = sv / f;
    for (let k = 0; k < n; k++) V[k * n + c] = vt[src * n + k];
    if (sv > 0) {
      const inv = 1 / sv;
      for (let k = 0; k < m; k++) U[k * n + c] = w[src * m + k] * inv;
    } else {
      missing.push(c);
    }
  }
  if (missing.length > 0) completeOrthonormal(U, m, n, missing);
  return { U: { rows: m, cols: n, data: U }, s, V: { rows: n, cols: n, data: V } };
}

/**
 * Fills the listed columns of the m x n matrix U (whose other columns are orthonormal) with unit
 * vectors orthogonal to all other columns, by Gram-Schmidt (twice) on coordinate vectors.
 */
function completeOrthonormal(U: Float64Array, m: number, n: number, missing: number[]): void {
  const filled = new Set<number>();
  for (let c = 0; c < n; c++) if (!missing.includes(c)) filled.add(c);
  const x = new Float64Array(m);
  let e = 0;
  for (const c of missing) {
    for (; e < m; e++) {
      x.fill(0);
      x[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const f of filled) {
          let d = 0;
          for (let k = 0; k < m; k++) d += U[k * n + f] * x[k];
          for (let k = 0; k < m; k++) x[k] -= d * U[k * n + f];
        }
      }
      let nx = 0;
      for (let k = 0; k < m; k++) nx += x[k] * x[k];
      nx = Math.sqrt(nx);
      // A coordinate vector nearly inside the current span would be normalised noise; skip it.
      if (nx > 0.5) {
        for (let k = 0; k < m; k++) U[k * n + c] = x[k] / nx;
        filled.add(c);
        e++;
        break;
      }
    }
  }
}

/**
 * The symmetric PSD square root S (S S = A, S = S^T) of a symmetric PSD matrix. Eigenvalues down
 * to -1e-12 * max|lambda| are rounding and are clamped to 0; anything more negative means A is
 * not PSD and throws NumericalError('psdSqrt').
 */
export function psdSqrt(A: Mat): Mat {
  const { values, vectors } = symmetricEigen(A);
  const n = values.length;
  let big = 0;
  for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(values[i]));
  const w = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    let lam = values[c];
    if (lam < 0) {
      if (lam < -1e-12 * big) {
        throw new NumericalError('psdSqrt', `A is not positive semidefinite (eigenvalue ${lam.toExponential(3)}, max |eigenvalue| ${big.toExponential(3)})`);
      }
      lam = 0;
    }
    // S = (V L^{1/4}) (V L^{1/4})^T: a Gram product, so the result is exactly symmetric.
    const f = Math.sqrt(Math.sqrt(lam));
    for (let k = 0; k < n; k++) w[k * n + c] = vectors.data[k * n + c] * f;
  }
  return rowGram({ rows: n, cols: n, data: w });
}

function cutoff(s: Float64Array, m: number, n: number, rtol: number | undefined): number {
  const smax = s.length > 0 ? s[0] : 0;
  return (rtol ?? Math.max(m, n) * EPS) * smax;
}

/**
 * Moore-Penrose pseudoinverse (cols x rows). Singular values at or below rtol * s_max are treated
 * as zero; rtol defaults to max(rows, cols) * eps, as in NumPy and MATLAB.
 */
export function pinv(A: Mat, rtol?: number): Mat {
  const m = A.rows;
  const n = A.cols;
  const { U, s, V } = svd(A);
  const k = s.length;
  const cut = cutoff(s, m, n, rtol);
  // A^+ = V diag(1/s) U^T, skipping the truncated terms.
  const out = new Float64Array(n * m);
  for (let c = 0; c < k; c++) {
    if (!(s[c] > cut)) continue;
    const inv = 1 / s[c];
    for (let i = 0; i < n; i++) {
      const vi = V.data[i * k + c] * inv;
      if (vi === 0) continue;
      const row = i * m;
      for (let j = 0; j < m; j++) out[row + j] += vi * U.data[j * k + c];
    }
  }
  return { rows: n, cols: m, data: out };
}

/** Sum of the singular values. */
export function nuclearNorm(A: Mat): number {
  const { s } = svd(A);
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i];
  return t;
}

/** Number of singular values above rtol * s_max (rtol defaults to max(rows, cols) * eps). */
export function rank(A: Mat, rtol?: number): number {
  const { s } = svd(A);
  const cut = cutoff(s, A.rows, A.cols, rtol);
  let r = 0;
  for (let i = 0; i < s.length; i++) if (s[i] > cut) r++;
  return r;
}
