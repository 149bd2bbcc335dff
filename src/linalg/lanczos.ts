/**
 * Extreme eigenvalues of a symmetric operator known only through matrix-vector products (a
 * Hessian through Hessian-vector products). The minimum eigenvalue is what certifies a critical
 * point as a local minimum or a strict saddle, so this trades memory for reliability: the whole
 * Lanczos basis is kept and every new vector is reorthogonalised against it, which prevents the
 * ghost copies of converged Ritz values that plain Lanczos produces.
 */

import { InputError, NumericalError } from '../errors.ts';
import { Rng } from '../random.ts';

const EPS = 2.220446049250313e-16;

/** Options for {@link lanczosExtremeEigen}. */
export interface LanczosOptions {
  /** Most matrix-vector products (= Krylov dimension); default min(n, 300), capped at n. */
  maxIter?: number;
  /** Relative residual target: |beta_m s_{m,i}| <= tol * max(1, |theta_i|); default 1e-10. */
  tol?: number;
  /** Seed of the random start vector, so that runs replay; default 0. */
  seed?: number;
  /**
   * Restricts the iteration to a subspace: applied (in place) to the start vector and to every
   * new Lanczos vector, e.g. projecting off a symmetry orbit's tangent space so that the
   * eigenvalues found are those of P A P on the complement, without the orbit's zeros. The
   * operator must map the subspace into itself.
   */
  project?: (v: Float64Array) => void;
}

/** Result of {@link lanczosExtremeEigen}. */
export interface LanczosResult {
  /** Smallest Ritz value. */
  min: number;
  /** Largest Ritz value. */
  max: number;
  /** Residual bound for `min`: some eigenvalue lies within it (see the function's doc). */
  minResidual: number;
  /** Lanczos residual estimate |beta_m s_{m,max}| for `max`. */
  maxResidual: number;
  /** Unit Ritz vector for `min`. */
  minVector: Float64Array;
  /** Matrix-vector products used (excluding the one that checks the final residual). */
  iterations: number;
  /** Both extreme residuals met the tolerance, or the Krylov space was exhausted. */
  converged: boolean;
}

/**
 * Smallest and largest eigenvalues of the symmetric n x n operator `matvec` (which must write
 * A v into `out` and leave `v` untouched) by Lanczos with full reorthogonalisation from a seeded
 * random start. Stops when both extreme Ritz residuals are within tol * max(1, |theta|), when the
 * Krylov space is exhausted (an invariant subspace was found: residuals are then ~0 and
 * `converged` is true), or after maxIter products with `converged` false.
 *
 * A single start vector finds each distinct eigenvalue once, so a repeated eigenvalue (e.g. 0
 * from symmetry directions) is found but its multiplicity is not reported. `minResidual` is the
 * larger of the Lanczos estimate and the true residual ||A y - min y|| of the returned vector
 * (one extra product), so "some eigenvalue of A lies within minResidual of min" holds in
 * floating point, not only in exact arithmetic. As with any Krylov method, that eigenvalue is the
 * smallest one only with overwhelming probability over the random start, not with certainty.
 * Throws InputError for a bad n and NumericalError if the operator returns a non-finite value.
 */
export function lanczosExtremeEigen(matvec: (v: Float64Array, out: Float64Array) => void, n: number, opts: LanczosOptions = {}): LanczosResult {
  const fn = 'lanczosExtremeEigen';
  if (!Number.isInteger(n) || n < 1) throw new InputError(fn, `n must be a positive integer, got ${n}`);
  const maxIter = Math.min(n, Math.max(1, Math.floor(opts.maxIter ?? Math.min(n, 300))));
  const tol = opts.tol ?? 1e-10;
  const rng = new Rng(opts.seed ?? 0);

  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];

  let q = rng.normalArray(n);
  opts.project?.(q);
  scaleTo(q, 1 / norm(q));

  let thetaMin = 0;
  let thetaMax = 0;
  let resMin = Infinity;
  let resMax = Infinity;
  let converged = false;

  for (let j = 0; j < maxIter; j++) {
    basis.push(q);
    const w = new Float64Array(n);
    matvec(q, w);
    for (let i = 0; i < n; i++) {
      if (w[i] - w[i] !== 0) throw new NumericalError(fn, `matvec returned a non-finite value at step ${j + 1}`);
    }
    let a = dot(q, w);
    axpy(-a, q, w);
    if (j > 0) axpy(-beta[j - 1], basis[j - 1], w);
    // Full reorthogonalisation against the whole basis, repeated once when the first pass
    // cancelled much of w (the DGKS / Kahan-Parlett test that ARPACK uses: "twice is enough").
    // The component along q is folded into alpha so that T stays the projection Q^T A Q.
    let b = norm(w);
    for (let pass = 0; pass < 2; pass++) {
      const before = b;
      for (let i = 0; i <= j; i++) {
        const c = dot(basis[i], w);
        if (i === j) a += c;
        axpy(-c, basis[i], w);
      }
      b = norm(w);
      if (b >= 0.717 * before) break;
    }
    if (opts.project) {
      // Rounding drift out of the subspace would grow into spurious Ritz values of the complement.
      opts.project(w);
      b = norm(w);
    }
    alpha.push(a);
    beta.push(b);

    const m = j + 1;
    const { values, lastRow } = tridiagEigen(alpha, beta, m, false);
    let iMin = 0;
    let iMax = 0;
    for (let i = 1; i < m; i++) {
      if (values[i] < values[iMin]) iMin = i;
      if (values[i] > values[iMax]) iMax = i;
    }
    thetaMin = values[iMin];
    thetaMax = values[iMax];
    resMin = Math.abs(b * lastRow[iMin]);
    resMax = Math.abs(b * lastRow[iMax]);
    const anorm = Math.max(Math.abs(thetaMin), Math.abs(thetaMax));

    // Exhausted Krylov space: the next vector is rounding noise, T's eigenvalues are eigenvalues
    // of A, and continuing would only inject noise directions.
    if (m === n || b === 0 || b <= 16 * EPS * anorm) {
      converged = true;
      break;
    }
    if (resMin <= tol * Math.max(1, Math.abs(thetaMin)) && resMax <= tol * Math.max(1, Math.abs(thetaMax))) {
      converged = true;
      break;
    }
    scaleTo(w, 1 / b);
    q = w;
  }

  // Ritz vector for the minimum: y = Q s, with s the eigenvector of T for thetaMin.
  const m = alpha.length;
  const { values, vectors } = tridiagEigen(alpha, beta, m, true);
  let iMin = 0;
  for (let i = 1; i < m; i++) if (values[i] < values[iMin]) iMin = i;
  const y = new Float64Array(n);
  for (let k = 0; k < m; k++) axpy(vectors[k * m + iMin], basis[k], y);
  scaleTo(y, 1 / norm(y));

  const ay = new Float64Array(n);
  matvec(y, ay);
  const rayleigh = dot(y, ay);
  axpy(-thetaMin, y, ay);
  const trueRes = norm(ay);
  if (!Number.isFinite(trueRes) || !Number.isFinite(rayleigh)) {
    throw new NumericalError(fn, 'matvec returned a non-finite value for the Ritz vector');
  }

  return {
    min: thetaMin,
    max: thetaMax,
    minResidual: Math.max(resMin, trueRes),
    maxResidual: resMax,
    minVector: y,
    iterations: m,
    converged,
  };
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

function norm(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/** y += a x */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function scaleTo(x: Float64Array, s: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= s;
}

/** sqrt(a^2 + b^2) without overflow; Math.hypot is several times slower in V8. */
function pythag(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}

/**
 * Eigenvalues (unsorted) of the m x m symmetric tridiagonal matrix with diagonal alpha[0..m-1]
 * and off-diagonal beta[0..m-2], by implicit QL with Wilkinson-type shifts (tqli). The
 * eigenvector matrix Z is accumulated only as far as needed: its last row (for the Lanczos
 * residuals |beta_m z_{m,i}|, O(m^2) work) or, when `full`, all of it (O(m^3), done once).
 * Rows of Z evolve independently under the right-applied rotations, which is what makes
 * tracking a single row exact.
 */
export function tridiagEigen(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
  m: number,
  full: boolean,
): { values: Float64Array; lastRow: Float64Array; vectors: Float64Array } {
  const d = new Float64Array(m);
  const e = new Float64Array(m);
  for (let i = 0; i < m; i++) d[i] = alpha[i];
  for (let i = 0; i < m - 1; i++) e[i] = beta[i];
  const rows = full ? m : 1;
  // z[r * m + c]: tracked row r of Z; with `full` row r is row r, otherwise the only row is m-1.
  const z = new Float64Array(rows * m);
  if (full) for (let i = 0; i < m; i++) z[i * m + i] = 1;
  else if (m > 0) z[m - 1] = 1;

  for (let l = 0; l < m; l++) {
    let iter = 0;
    for (;;) {
      let mm = l;
      for (; mm < m - 1; mm++) {
        const dd = Math.abs(d[mm]) + Math.abs(d[mm + 1]);
        if (Math.abs(e[mm]) <= EPS * dd) break;
      }
      if (mm === l) break;
      if (++iter > 60) throw new NumericalError('tridiagEigen', `implicit QL did not converge for eigenvalue ${l} of ${m}`);
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = pythag(g, 1);
      g = d[mm] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = mm - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = pythag(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Underflow in the rotation: the matrix has already split, restart the deflation scan.
          d[i + 1] -= p;
          e[mm] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (let k = 0; k < rows; k++) {
          const o = k * m;
          const zf = z[o + i + 1];
          z[o + i + 1] = s * z[o + i] + c * zf;
          z[o + i] = c * z[o + i] - s * zf;
        }
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[mm] = 0;
    }
  }
  const lastRow = full ? z.slice((m - 1) * m, m * m) : z;
  return { values: d, lastRow, vectors: full ? z : new Float64Array(0) };
}
