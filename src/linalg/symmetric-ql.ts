/**
 * Symmetric eigendecomposition by Householder reduction to tridiagonal form and the implicit QL
 * algorithm with Wilkinson-type shifts (the EISPACK tred2 / tql2 pair, as in Golub & Van Loan
 * sections 8.3 and 8.2): O(n^3) with a small constant, for the d x d and K x K matrices of the
 * collapse metrics (n up to a few thousand), where the cyclic Jacobi of eigen.ts (several
 * O(n^3) sweeps) is too slow. Backward stable: the computed eigenvalues are those of A + E with
 * ||E||_2 ~ n eps ||A||_2, so small eigenvalues carry absolute (not relative) error ~ n eps
 * lambda_max; callers that invert eigenvalues must cut off at a threshold of that size.
 */
import { NumericalError } from '../errors.ts';

/** Eigenvalues ascending; eigenvectors as columns of the row-major n x n `vectors` (v_j[i] = vectors[i n + j]). */
export interface SymmetricEigenQl {
  readonly n: number;
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of the symmetric n x n matrix `a` (row-major; only its values are
 * read, the lower triangle is used). Throws NumericalError if QL does not converge in 30 n
 * iterations or the matrix is not finite.
 *
 * Syntax: const { values, vectors } = symmetricEigenQl(A, n)
 */
export function symmetricEigenQl(a: Float64Array, n: number): SymmetricEigenQl {
  if (a.length !== n * n) throw new RangeError(`symmetricEigenQl: ${a.length} values for ${n} x ${n}`);
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new NumericalError('symmetricEigenQl', 'matrix has a non-finite entry');
  // V holds the accumulated transformations, row-major: V[i n + j].
  const V = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { n, values: d, vectors: V };
  // Both stages work on V^T: QL rotates pairs of eigenvector columns, which are rows of V^T.
  const VT = V;
  tred2(VT, d, e, n);
  tql2(VT, d, e, n);
  return { n, values: d, vectors: transposeSquare(VT, n) };
}

function transposeSquare(A: Float64Array, n: number): Float64Array {
  const T = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) T[j * n + i] = A[i * n + j];
  return T;
}

/** Householder tridiagonalisation: on exit d = diagonal, e = subdiagonal (e[0] = 0), V = Q. */
/**
 * Householder tridiagonalisation: on exit d = diagonal, e = subdiagonal (e[0] = 0), V = Q^T.
 * EISPACK's tred2 walks columns of the lower triangle; this works on the transpose (rows, which
 * are contiguous), with the input's symmetry making the transposed start the same matrix.
 */
function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[j * n + (n - 1)];
  for (let i = n - 1; i > 0; i--) {
    // Scale to avoid under/overflow.
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[j * n + (i - 1)];
        V[j * n + i] = 0;
        V[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      // Apply the similarity transformation to the remaining columns (lower triangle in V).
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[i * n + j] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[j * n + k] * d[k];
          e[k] += V[j * n + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[j * n + k] -= f * e[k] + g * d[k];
        d[j] = V[j * n + (i - 1)];
        V[j * n + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    V[i * n + (n - 1)] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[(i + 1) * n + k] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[(i + 1) * n + k] * V[j * n + k];
        for (let k = 0; k <= i; k++) V[j * n + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[j * n + (n - 1)];
    V[j * n + (n - 1)] = 0;
  }
  V[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e), accumulating into the rows of VT (= V^T); eigenvalues sorted ascending. */
function tql2(VT: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 30 * n) throw new NumericalError('symmetricEigenQl', `QL did not converge for eigenvalue ${l}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          // Rotate eigenvector columns i and i+1 of V (contiguous rows i, i+1 of VT).
          const ri = i * n;
          const rj = ri + n;
          for (let k = 0; k < n; k++) {
            const hk = VT[rj + k];
            VT[rj + k] = s * VT[ri + k] + c * hk;
            VT[ri + k] = c * VT[ri + k] - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // Selection sort of the eigenpairs, ascending.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const t = VT[i * n + j];
        VT[i * n + j] = VT[k * n + j];
        VT[k * n + j] = t;
      }
    }
  }
}
