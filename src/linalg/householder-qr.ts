/**
 * Thin QR factorisation A = Q R of a tall m x n matrix (m >= n) by Householder reflections
 * (Golub & Van Loan 5.2.1): Q m x n with orthonormal columns, R n x n upper triangular.
 * Backward stable, and Q is orthonormal to working precision whatever the rank of A: span(Q)
 * contains range(A) even when A is rank deficient (there R has tiny diagonal entries), which is
 * what the metrics need (a basis of a space that contains every centred class mean).
 */

/** Result of {@link householderQr}: Q row-major m x n, R row-major n x n. */
export interface ThinQr {
  readonly m: number;
  readonly n: number;
  readonly Q: Float64Array;
  readonly R: Float64Array;
}

/**
 * Thin QR of the row-major m x n matrix `a` (not modified).
 *
 * Syntax: const { Q, R } = householderQr(A, m, n)
 */
export function householderQr(a: Float64Array, m: number, n: number): ThinQr {
  if (m < n) throw new RangeError(`householderQr: needs m >= n, got ${m} x ${n}`);
  if (a.length !== m * n) throw new RangeError(`householderQr: ${a.length} values for ${m} x ${n}`);
  // Work column-major (columns contiguous): the reflections act on columns.
  const W = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) W[j * m + i] = a[i * n + j];
  const vs: Float64Array[] = [];
  const betas = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const col = k * m;
    let norm = 0;
    // Scaled norm (no overflow for huge entries).
    let big = 0;
    for (let i = k; i < m; i++) big = Math.max(big, Math.abs(W[col + i]));
    const v = new Float64Array(m - k);
    if (big === 0) {
      vs.push(v);
      betas[k] = 0;
      continue;
    }
    for (let i = k; i < m; i++) {
      const t = W[col + i] / big;
      norm += t * t;
    }
    norm = big * Math.sqrt(norm);
    const x0 = W[col + k];
    const alpha = x0 >= 0 ? -norm : norm;
    // v = x - alpha e1, beta = 2 / (v^T v) = 1 / (norm (norm + |x0|)).
    for (let i = k; i < m; i++) v[i - k] = W[col + i];
    v[0] = x0 - alpha;
    const beta = 1 / (norm * (norm + Math.abs(x0)));
    vs.push(v);
    betas[k] = beta;
    W[col + k] = alpha;
    for (let i = k + 1; i < m; i++) W[col + i] = 0;
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k] * W[cj + i];
      s *= beta;
      if (s !== 0) for (let i = k; i < m; i++) W[cj + i] -= s * v[i - k];
    }
  }
  const R = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) R[i * n + j] = W[j * m + i];
  // Q = H_0 ... H_{n-1} [I_n; 0], applied backwards, column-major then transposed.
  const Qc = new Float64Array(m * n);
  for (let j = 0; j < n; j++) Qc[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    const beta = betas[k];
    if (beta === 0) continue;
    for (let j = k; j < n; j++) {
      const cj = j * m;
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k] * Qc[cj + i];
      s *= beta;
      if (s !== 0) for (let i = k; i < m; i++) Qc[cj + i] -= s * v[i - k];
    }
  }
  const Q = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) Q[i * n + j] = Qc[j * m + i];
  return { m, n, Q, R };
}
