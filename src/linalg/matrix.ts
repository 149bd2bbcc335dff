/**
 * Dense float64 matrices, row-major, as plain records over a Float64Array. A bare record rather
 * than a class keeps matrices cheap to create, structurally typed, and easy to hand to workers.
 */

import { InputError } from '../errors.ts';

/** A dense row-major matrix: entry (i, j) is `data[i * cols + j]`. */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Smallest positive normal double; below it a norm is treated as zero. */
const TINY = 2.2250738585072014e-308;

function checkDim(fn: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new InputError(fn, `${name} must be a non-negative integer, got ${n}`);
  }
}

function shape(A: Mat): string {
  return `${A.rows}x${A.cols}`;
}

function sameShape(fn: string, A: Mat, B: Mat): void {
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw new InputError(fn, `A is ${shape(A)} but B is ${shape(B)} (shapes differ)`);
  }
}

/**
 * A rows x cols matrix. A Float64Array `data` is used as is (shared, not copied) so callers can
 * wrap existing buffers; a number[] is copied. Throws InputError('mat') if the length is wrong.
 */
export function mat(rows: number, cols: number, data?: Float64Array | number[]): Mat {
  checkDim('mat', 'rows', rows);
  checkDim('mat', 'cols', cols);
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  if (data.length !== rows * cols) {
    throw new InputError('mat', `data has length ${data.length} but a ${rows}x${cols} matrix needs ${rows * cols}`);
  }
  return { rows, cols, data: data instanceof Float64Array ? data : Float64Array.from(data) };
}

/** The rows x cols zero matrix. */
export function zeros(rows: number, cols: number): Mat {
  return mat(rows, cols);
}

/** The n x n identity. */
export function eye(n: number): Mat {
  const A = mat(n, n);
  for (let i = 0; i < n; i++) A.data[i * n + i] = 1;
  return A;
}

/** A matrix from an array of equally long rows; an empty array gives the 0x0 matrix. */
export function fromRows(rows: number[][]): Mat {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0].length;
  const A = mat(m, n);
  for (let i = 0; i < m; i++) {
    const r = rows[i];
    if (r.length !== n) {
      throw new InputError('fromRows', `row ${i} has length ${r.length} but row 0 has length ${n}`);
    }
    for (let j = 0; j < n; j++) A.data[i * n + j] = r[j];
  }
  return A;
}

/** The rows of A as plain arrays (for printing, JSON and tests). */
export function toRows(A: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < A.rows; i++) out.push(Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols)));
  return out;
}

/** A deep copy of A. */
export function clone(A: Mat): Mat {
  return { rows: A.rows, cols: A.cols, data: A.data.slice() };
}

/** A^T, as a new matrix. */
export function transpose(A: Mat): Mat {
  const m = A.rows;
  const n = A.cols;
  const a = A.data;
  const t = new Float64Array(m * n);
  // Blocked so that both the reads and the strided writes stay within cache lines.
  const bs = 32;
  for (let i0 = 0; i0 < m; i0 += bs) {
    const i1 = Math.min(m, i0 + bs);
    for (let j0 = 0; j0 < n; j0 += bs) {
      const j1 = Math.min(n, j0 + bs);
      for (let i = i0; i < i1; i++) {
        const row = i * n;
        for (let j = j0; j < j1; j++) t[j * m + i] = a[row + j];
      }
    }
  }
  return { rows: n, cols: m, data: t };
}

// ---------------------------------------------------------------------------------------------
// Matrix products.
//
// All four products (A B, A^T B, A B^T and the Grams) run through one kernel that sees op(A) and
// op(B) through strides. Panels of op(A) (4 rows) and op(B) (4 columns) are packed k-major into
// contiguous scratch, so the transposed variants cost only a different packing loop rather than
// a materialised transpose, and the 4x4 inner kernel reads both operands sequentially. The depth
// is blocked (KC) so that one op(A) block and one op(B) panel stay in L1/L2 while they are reused.
// ---------------------------------------------------------------------------------------------

const KC = 256;
/** Below this many multiply-adds packing costs more than it saves. */
const SMALL_FLOPS = 4096;

/**
 * C = op(A) op(B), where op(A) is M x K with (i, k) at a[i * ai + k * ak] and op(B) is K x N with
 * (k, j) at b[k * bk + j * bj]. When `upper` is set only the tiles on or above the diagonal are
 * computed and then mirrored (used for the Grams, whose result is symmetric).
 */
function gemm(
  M: number,
  N: number,
  K: number,
  a: Float64Array,
  ai: number,
  ak: number,
  b: Float64Array,
  bk: number,
  bj: number,
  c: Float64Array,
  upper: boolean,
): void {
  c.fill(0, 0, M * N);
  if (M === 0 || N === 0 || K === 0) return;
  if (M * N * K <= SMALL_FLOPS) {
    naive(0, M, 0, N, K, a, ai, ak, b, bk, bj, c, N, upper);
    if (upper) mirrorUpper(c, M);
    return;
  }
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  const kcMax = Math.min(K, KC);
  const Ap = new Float64Array(M4 * kcMax);
  const Bp = new Float64Array(4 * kcMax);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    packA(M4, kc, k0, a, ai, ak, Ap);
    for (let j0 = 0; j0 < N4; j0 += 4) {
      packB(kc, k0, j0, b, bk, bj, Bp);
      // In upper mode, row blocks strictly below this column block are skipped.
      const iEnd = upper ? Math.min(M4, j0 + 4) : M4;
      for (let i0 = 0; i0 < iEnd; i0 += 4) kernel4x4(kc, Ap, i0 * kc, Bp, c, i0 * N + j0, N);
    }
  }
  // Edges that do not fill a 4x4 tile: the last N % 4 columns, then the last M % 4 rows.
  if (N4 < N) naive(0, M4, N4, N, K, a, ai, ak, b, bk, bj, c, N, upper);
  if (M4 < M) naive(M4, M, 0, N, K, a, ai, ak, b, bk, bj, c, N, upper);
  if (upper) mirrorUpper(c, M);
}

function packA(M4: number, kc: number, k0: number, a: Float64Array, ai: number, ak: number, Ap: Float64Array): void {
  let p = 0;
  for (let i0 = 0; i0 < M4; i0 += 4) {
    let r0 = i0 * ai + k0 * ak;
    let r1 = r0 + ai;
    let r2 = r1 + ai;
    let r3 = r2 + ai;
    for (let k = 0; k < kc; k++) {
      Ap[p] = a[r0];
      Ap[p + 1] = a[r1];
      Ap[p + 2] = a[r2];
      Ap[p + 3] = a[r3];
      p += 4;
      r0 += ak;
      r1 += ak;
      r2 += ak;
      r3 += ak;
    }
  }
}

function packB(kc: number, k0: number, j0: number, b: Float64Array, bk: number, bj: number, Bp: Float64Array): void {
  let c0 = k0 * bk + j0 * bj;
  let p = 0;
  for (let k = 0; k < kc; k++) {
    Bp[p] = b[c0];
    Bp[p + 1] = b[c0 + bj];
    Bp[p + 2] = b[c0 + 2 * bj];
    Bp[p + 3] = b[c0 + 3 * bj];
    p += 4;
    c0 += bk;
  }
}

/** Adds the 4x4 product of a packed A block and a packed B panel into C at offset `co`. */
function kernel4x4(kc: number, Ap: Float64Array, ao: number, Bp: Float64Array, c: Float64Array, co: number, ldc: number): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  let pa = ao;
  let pb = 0;
  for (let k = 0; k < kc; k++) {
    const a0 = Ap[pa],
      a1 = Ap[pa + 1],
      a2 = Ap[pa + 2],
      a3 = Ap[pa + 3];
    const b0 = Bp[pb],
      b1 = Bp[pb + 1],
      b2 = Bp[pb + 2],
      b3 = Bp[pb + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    pa += 4;
    pb += 4;
  }
  let o = co;
  c[o] += c00;
  c[o + 1] += c01;
  c[o + 2] += c02;
  c[o + 3] += c03;
  o += ldc;
  c[o] += c10;
  c[o + 1] += c11;
  c[o + 2] += c12;
  c[o + 3] += c13;
  o += ldc;
  c[o] += c20;
  c[o + 1] += c21;
  c[o + 2] += c22;
  c[o + 3] += c23;
  o += ldc;
  c[o] += c30;
  c[o + 1] += c31;
  c[o + 2] += c32;
  c[o + 3] += c33;
}

/** Plain dot-product loop over a rectangle of C; used for small products and tile edges. */
function naive(
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  K: number,
  a: Float64Array,
  ai: number,
  ak: number,
  b: Float64Array,
  bk: number,
  bj: number,
  c: Float64Array,
  ldc: number,
  upper: boolean,
): void {
  for (let i = i0; i < i1; i++) {
    const ja = upper ? Math.max(j0, i) : j0;
    for (let j = ja; j < j1; j++) {
      let s = 0;
      let pa = i * ai;
      let pb = j * bj;
      for (let k = 0; k < K; k++) {
        s += a[pa] * b[pb];
        pa += ak;
        pb += bk;
      }
      c[i * ldc + j] = s;
    }
  }
}

function mirrorUpper(c: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) c[i * n + j] = c[j * n + i];
}

/** Whether two views share memory (views of one buffer that do not overlap are fine). */
function overlaps(x: Float64Array, y: Float64Array): boolean {
  if (x.buffer !== y.buffer) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

function prepareOut(fn: string, M: number, N: number, A: Mat, B: Mat, out?: Mat): Mat {
  if (out === undefined) return { rows: M, cols: N, data: new Float64Array(M * N) };
  if (out.rows !== M || out.cols !== N) {
    throw new InputError(fn, `out is ${shape(out)} but the product is ${M}x${N}`);
  }
  if (overlaps(out.data, A.data) || overlaps(out.data, B.data)) {
    throw new InputError(fn, 'out shares its buffer with an operand; the product would overwrite its own input');
  }
  return out;
}

/** A B. `out`, if given, must be rows(A) x cols(B) and must not share a buffer with A or B. */
export function matmul(A: Mat, B: Mat, out?: Mat): Mat {
  if (A.cols !== B.rows) {
    throw new InputError('matmul', `A is ${shape(A)} but B is ${shape(B)} (inner dimensions differ)`);
  }
  const C = prepareOut('matmul', A.rows, B.cols, A, B, out);
  gemm(A.rows, B.cols, A.cols, A.data, A.cols, 1, B.data, B.cols, 1, C.data, false);
  return C;
}

/** A^T B without forming A^T. */
export function matmulTN(A: Mat, B: Mat, out?: Mat): Mat {
  if (A.rows !== B.rows) {
    throw new InputError('matmulTN', `A is ${shape(A)} but B is ${shape(B)} (A^T B needs equal row counts)`);
  }
  const C = prepareOut('matmulTN', A.cols, B.cols, A, B, out);
  gemm(A.cols, B.cols, A.rows, A.data, 1, A.cols, B.data, B.cols, 1, C.data, false);
  return C;
}

/** A B^T without forming B^T. */
export function matmulNT(A: Mat, B: Mat, out?: Mat): Mat {
  if (A.cols !== B.cols) {
    throw new InputError('matmulNT', `A is ${shape(A)} but B is ${shape(B)} (A B^T needs equal column counts)`);
  }
  const C = prepareOut('matmulNT', A.rows, B.rows, A, B, out);
  gemm(A.rows, B.rows, A.cols, A.data, A.cols, 1, B.data, 1, B.cols, C.data, false);
  return C;
}

/** A A^T (rows x rows), exactly symmetric; only the upper triangle is computed. */
export function rowGram(A: Mat): Mat {
  const m = A.rows;
  const C = mat(m, m);
  gemm(m, m, A.cols, A.data, A.cols, 1, A.data, 1, A.cols, C.data, true);
  return C;
}

/** A^T A (cols x cols), exactly symmetric; only the upper triangle is computed. */
export function colGram(A: Mat): Mat {
  const n = A.cols;
  const C = mat(n, n);
  gemm(n, n, A.rows, A.data, 1, A.cols, A.data, A.cols, 1, C.data, true);
  return C;
}

// ---------------------------------------------------------------------------------------------
// Elementwise operations and norms.
// ---------------------------------------------------------------------------------------------

/** A + B. */
export function add(A: Mat, B: Mat): Mat {
  sameShape('add', A, B);
  const out = new Float64Array(A.data.length);
  for (let i = 0; i < out.length; i++) out[i] = A.data[i] + B.data[i];
  return { rows: A.rows, cols: A.cols, data: out };
}

/** A - B. */
export function sub(A: Mat, B: Mat): Mat {
  sameShape('sub', A, B);
  const out = new Float64Array(A.data.length);
  for (let i = 0; i < out.length; i++) out[i] = A.data[i] - B.data[i];
  return { rows: A.rows, cols: A.cols, data: out };
}

/** s A. */
export function scale(A: Mat, s: number): Mat {
  const out = new Float64Array(A.data.length);
  for (let i = 0; i < out.length; i++) out[i] = s * A.data[i];
  return { rows: A.rows, cols: A.cols, data: out };
}

/** Euclidean norm of an array, rescaling only when the plain sum of squares under/overflows. */
function norm2(x: Float64Array, start = 0, end = x.length, stride = 1): number {
  let s = 0;
  for (let i = start; i < end; i += stride) s += x[i] * x[i];
  if (s < Infinity && s > 1e-280) return Math.sqrt(s);
  let big = 0;
  for (let i = start; i < end; i += stride) big = Math.max(big, Math.abs(x[i]));
  if (big === 0 || !Number.isFinite(big)) return big;
  s = 0;
  for (let i = start; i < end; i += stride) {
    const r = x[i] / big;
    s += r * r;
  }
  return big * Math.sqrt(s);
}

/** Frobenius norm ||A||_F (safe against overflow and underflow of the sum of squares). */
export function frobNorm(A: Mat): number {
  return norm2(A.data);
}

/** The Frobenius inner product <A, B> = trace(A^T B). */
export function frobDot(A: Mat, B: Mat): number {
  sameShape('frobDot', A, B);
  let s = 0;
  for (let i = 0; i < A.data.length; i++) s += A.data[i] * B.data[i];
  return s;
}

/** max |a_ij| (0 for an empty matrix; NaN if any entry is NaN). */
export function maxAbs(A: Mat): number {
  let m = 0;
  for (let i = 0; i < A.data.length; i++) {
    const v = Math.abs(A.data[i]);
    if (v > m || Number.isNaN(v)) m = v;
    if (Number.isNaN(m)) return NaN;
  }
  return m;
}

/**
 * ||A - B||_F / ||B||_F. When ||B||_F is zero (or subnormal) the absolute difference ||A - B||_F
 * is returned instead, so comparing against a zero target never divides by zero.
 */
export function relFrobDiff(A: Mat, B: Mat): number {
  sameShape('relFrobDiff', A, B);
  const d = new Float64Array(A.data.length);
  for (let i = 0; i < d.length; i++) d[i] = A.data[i] - B.data[i];
  const num = norm2(d);
  const den = norm2(B.data);
  return den < TINY ? num : num / den;
}

// ---------------------------------------------------------------------------------------------
// Structured matrices and row/column helpers.
// ---------------------------------------------------------------------------------------------

/** The K x K centering matrix I - J/K (J the all-ones matrix). */
export function centering(K: number): Mat {
  checkDim('centering', 'K', K);
  if (K === 0) throw new InputError('centering', 'K must be at least 1');
  const C = mat(K, K);
  const off = -1 / K;
  C.data.fill(off);
  for (let i = 0; i < K; i++) C.data[i * K + i] = 1 + off;
  return C;
}

/** A C with C = I - J/cols: the mean column is subtracted from every column. */
export function centerColumns(A: Mat): Mat {
  const m = A.rows;
  const n = A.cols;
  const out = A.data.slice();
  if (n === 0) return { rows: m, cols: n, data: out };
  for (let i = 0; i < m; i++) {
    const r = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += out[r + j];
    const mean = s / n;
    for (let j = 0; j < n; j++) out[r + j] -= mean;
  }
  return { rows: m, cols: n, data: out };
}

/** Euclidean norm of each row. */
export function rowNorms(A: Mat): Float64Array {
  const out = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) out[i] = norm2(A.data, i * A.cols, (i + 1) * A.cols, 1);
  return out;
}

/** Euclidean norm of each column. */
export function colNorms(A: Mat): Float64Array {
  const out = new Float64Array(A.cols);
  const end = A.rows * A.cols;
  for (let j = 0; j < A.cols; j++) out[j] = norm2(A.data, j, end, A.cols);
  return out;
}

/**
 * Cosines between the rows of A: entry (i, j) is <a_i, a_j> / (||a_i|| ||a_j||), clamped to
 * [-1, 1]. A zero row has cosine 0 with every row, itself included, so the result never holds NaN.
 */
export function cosineMatrix(A: Mat): Mat {
  const m = A.rows;
  const G = rowGram(A);
  const norms = rowNorms(A);
  const g = G.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const d = norms[i] * norms[j];
      const v = d > 0 ? g[i * m + j] / d : 0;
      g[i * m + j] = v > 1 ? 1 : v < -1 ? -1 : v;
    }
  }
  return G;
}

/** The square diagonal matrix with v on its diagonal. */
export function diag(v: ArrayLike<number>): Mat {
  const n = v.length;
  const D = mat(n, n);
  for (let i = 0; i < n; i++) D.data[i * n + i] = v[i];
  return D;
}

/** The main diagonal of A (length min(rows, cols)). */
export function diagOf(A: Mat): Float64Array {
  const n = Math.min(A.rows, A.cols);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = A.data[i * A.cols + i];
  return out;
}

/** trace(A); A must be square. */
export function trace(A: Mat): number {
  if (A.rows !== A.cols) throw new InputError('trace', `A is ${shape(A)}, not square`);
  let s = 0;
  for (let i = 0; i < A.rows; i++) s += A.data[i * A.cols + i];
  return s;
}

/** True when every entry is finite (no NaN or infinity). */
export function isFiniteMat(A: Mat): boolean {
  const a = A.data;
  for (let i = 0; i < a.length; i++) {
    // x - x is NaN exactly for NaN and +-Infinity, and is cheaper than Number.isFinite here.
    if (a[i] - a[i] !== 0) return false;
  }
  return true;
}

/** (A + A^T) / 2; A must be square. */
export function symmetrize(A: Mat): Mat {
  if (A.rows !== A.cols) throw new InputError('symmetrize', `A is ${shape(A)}, not square`);
  const n = A.rows;
  const a = A.data;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = a[i * n + i];
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return { rows: n, cols: n, data: out };
}

/** A copy of column j. */
export function column(A: Mat, j: number): Float64Array {
  if (!Number.isInteger(j) || j < 0 || j >= A.cols) {
    throw new InputError('column', `index ${j} is out of range for a ${shape(A)} matrix`);
  }
  const out = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) out[i] = A.data[i * A.cols + j];
  return out;
}

/** Overwrites column j of A with v, in place. */
export function setColumn(A: Mat, j: number, v: ArrayLike<number>): void {
  if (!Number.isInteger(j) || j < 0 || j >= A.cols) {
    throw new InputError('setColumn', `index ${j} is out of range for a ${shape(A)} matrix`);
  }
  if (v.length !== A.rows) {
    throw new InputError('setColumn', `v has length ${v.length} but A has ${A.rows} rows`);
  }
  for (let i = 0; i < A.rows; i++) A.data[i * A.cols + j] = v[i];
}
