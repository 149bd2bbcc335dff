/**
 * Orthonormal frames by Householder QR. Householder (rather than Gram-Schmidt) because its Q is
 * orthonormal to a few ulps whatever the conditioning of the input: ||Q^T Q - I|| = O(eps),
 * which is what the claim "N <= d admits an exactly orthonormal set" (max |cos| <= 1e-12) and
 * the exact simplex ETF of SSE-C rest on. The same factorisation as numpy.linalg.qr (LAPACK
 * dgeqrf + dorgqr), up to the signs of Q's columns, which no claim depends on.
 */
import { InputError } from '../errors.ts';
import { mat, type Mat } from '../linalg/matrix.ts';
import type { Rng } from '../random.ts';

/**
 * The m x n factor Q (orthonormal columns) of the thin QR factorisation A = Q R, m >= n.
 *
 * Syntax: orthonormalColumns(mat(5, 3, data)) -> 5 x 3 Q with Q^T Q = I
 */
export function orthonormalColumns(A: Mat): Mat {
  const m = A.rows;
  const n = A.cols;
  if (n > m) throw new InputError('orthonormalColumns', `a ${m}x${n} matrix has at most ${m} orthonormal columns (needs rows >= cols)`);
  // Columns stored contiguously (row c of `cols` is column c of A), so reflections stream.
  const cols = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let c = 0; c < n; c++) cols[c * m + i] = A.data[i * n + c];
  const reflectors = new Float64Array(n * m);
  for (let k = 0; k < n; k++) {
    const x = k * m;
    let s = 0;
    for (let i = k; i < m; i++) s += cols[x + i] * cols[x + i];
    const norm = Math.sqrt(s);
    const v = reflectors.subarray(k * m, (k + 1) * m);
    if (norm === 0) continue; // a zero column: Q gets an arbitrary orthonormal completion below
    // alpha takes the sign opposite to x_k so that v_k = x_k - alpha does not cancel.
    const alpha = cols[x + k] >= 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i] = cols[x + i];
    v[k] -= alpha;
    let vn = 0;
    for (let i = k; i < m; i++) vn += v[i] * v[i];
    vn = Math.sqrt(vn);
    for (let i = k; i < m; i++) v[i] /= vn;
    for (let c = k + 1; c < n; c++) reflect(v, cols, c * m, k, m);
  }
  // Q = H_0 H_1 ... H_{n-1} [I_n; 0], applied right to left; q stores Q's columns contiguously.
  const q = new Float64Array(n * m);
  for (let c = 0; c < n; c++) q[c * m + c] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = reflectors.subarray(k * m, (k + 1) * m);
    for (let c = 0; c < n; c++) reflect(v, q, c * m, k, m);
  }
  const Q = mat(m, n);
  for (let c = 0; c < n; c++) for (let i = 0; i < m; i++) Q.data[i * n + c] = q[c * m + i];
  return Q;
}

/** y[k:] -= 2 v (v . y[k:]) for the column y stored at `off` (v is zero before k). */
function reflect(v: Float64Array, y: Float64Array, off: number, k: number, m: number): void {
  let t = 0;
  for (let i = k; i < m; i++) t += v[i] * y[off + i];
  if (t === 0) return;
  t *= 2;
  for (let i = k; i < m; i++) y[off + i] -= t * v[i];
}

/**
 * N <= d orthonormal rows in R^d: Q^T of the QR factorisation of a d x N Gaussian matrix, so the
 * rows are a uniformly random orthonormal N-frame.
 *
 * Syntax: randomOrthonormalRows(10, 20, new Rng(1)) -> 10 x 20 V with V V^T = I
 */
export function randomOrthonormalRows(N: number, d: number, rng: Rng): Mat {
  if (N > d) throw new InputError('randomOrthonormalRows', `${N} orthonormal rows need d >= ${N}, got d = ${d}`);
  const Q = orthonormalColumns(mat(d, N, rng.normalArray(d * N)));
  const V = mat(N, d);
  for (let i = 0; i < d; i++) for (let c = 0; c < N; c++) V.data[c * d + i] = Q.data[i * N + c];
  return V;
}
