/**
 * Fused float64 kernels for the cross-entropy part of the ufm-ce objective (ufm-ce.ts):
 *
 *   CE(W, H, b) = sum_j c_j CE(W h_j + b, y_j),   c_j = weight_j / N,
 *
 * its gradient and its exact Hessian-vector product, with H (d x P, row-major) processed in
 * blocks of BLOCK columns. For each block the logits, the softmax, the residual G = c (p - e_y)
 * and all three products that touch the block (W H_b, W^T G, G H_b^T) are computed while the
 * block is in cache, instead of three passes over the whole K x P logit matrix.
 *
 * Why padding: W is copied into a buffer with K and d rounded up to multiples of 4, and each H
 * block into a d4 x ld buffer, with zeros in the padding. Every product is then a whole
 * number of 4x4 register tiles (16 accumulators, 8 loads per 16 multiply-adds), so the inner
 * loops have no edge cases and V8 keeps them tight. The padded logits rows are never read by
 * the softmax, and padded residual rows are zero, so padding changes no result.
 *
 * Where WebAssembly SIMD is available the three products run in the f64x2 kernel of
 * wasm/gemm-f64x2.wat (about twice the scalar rate: V8 emits scalar SSE2 for the JavaScript
 * loops), on scratch buffers that live in that kernel's memory; G H^T then reads a transposed
 * copy of the H block so that its inner dimension is contiguous. The kernel sums in the same
 * order as the JavaScript loops and wasm has no fused multiply-add, so both paths give
 * bit-identical results (tests/problems/wasm/gemm-f64x2.test.ts) and a solve is deterministic
 * whichever runs. The JavaScript kernels below are the fallback.
 */
import { gemmArena, type ExpShiftRows, type GemmF64x2 } from './wasm/gemm-f64x2.ts';

/** Columns of H per block: the block of H, logits and residuals (~3 x 100 x 128 doubles) stays in L2. */
export const BLOCK = 128;

/** The shape data the kernels need; built once per objective. */
export interface CeShape {
  readonly K: number;
  readonly d: number;
  /** Columns of H. */
  readonly P: number;
  readonly bias: boolean;
  readonly label: Int32Array;
  /** c_j = weight_j / N. */
  readonly coef: Float64Array;
  /**
   * The H ridge (lambda_H / 2) sum_j weight_j ||h_j||^2, which the value/gradient kernels take
   * inside their pass over H (its sum of squares per chunk, its gradient added where H's CE
   * gradient is written): lambda_H (0 for none) and weight_j, null when every weight is 1.
   */
  readonly lambdaH?: number;
  readonly hWeight?: Float64Array | null;
}

/** Scratch buffers for one objective; not shared between threads. */
export interface CeScratch {
  readonly K4: number;
  readonly d4: number;
  /** Block width ld (a multiple of 4, at most BLOCK): columns per block and the row stride of every block buffer. */
  readonly ld: number;
  /** W padded to K4 x d4. */
  readonly Wp: Float64Array;
  /** dW (the direction's W block) padded, for Hessian-vector products. */
  readonly Vp: Float64Array;
  /** One H block, d4 x ld, and one block of the direction's H. */
  readonly Hb: Float64Array;
  readonly Db: Float64Array;
  /** Logits / probabilities of a block, K4 x ld. */
  readonly Zb: Float64Array;
  /** Residuals c (p - e) of a block, K4 x ld. */
  readonly Gb: Float64Array;
  /** Directional logits and their softmax Jacobian image, K4 x ld. */
  readonly dZb: Float64Array;
  /** Output block for the H part (d4 x ld). */
  readonly Ob: Float64Array;
  /** Gradient accumulators for W (K4 x d4). */
  readonly gW: Float64Array;
  /** Per-column scratch (max, sums), length ld. */
  readonly colA: Float64Array;
  readonly colB: Float64Array;
  /**
   * Per column of the block: the row of its largest logit (the first on a tie), and
   * s' = sum of exp(z_k - max) over the other rows, so that the CE is (max - z_y) + log1p(s')
   * and stays relatively accurate when s' is far below 1 (see softmaxBlock). JavaScript-only.
   */
  readonly colArg: Int32Array;
  readonly colRest: Float64Array;
  /** The argmax row's directional logit per column, for Hessian-vector products. JavaScript-only. */
  readonly colDz: Float64Array;
  /** Transposed H block and direction block (ld x d4), read by G H^T in the SIMD kernel. */
  readonly HbT: Float64Array;
  readonly DbT: Float64Array;
  /** The SIMD kernel owning the block buffers, or null for the JavaScript kernels. */
  readonly gemm: GemmF64x2 | null;
  /** The softmax's exponential pass in the same instance (Math.exp bit for bit), or null. */
  readonly expShiftRows: ExpShiftRows | null;
  /** One chunk's slot (slotStride doubles) for the chunks after the first, on this thread; empty for one chunk. */
  readonly slot: Float64Array;
}

/** Options of ceScratch. */
export interface CeScratchOptions {
  /** Use the WebAssembly SIMD kernel where available. @defaultValue true */
  readonly simd?: boolean;
}

const up4 = (n: number): number => (n + 3) & ~3;

/** The block width and the lengths of ceScratch's block buffers, in its order (Wp, Vp, Hb, Db, Zb, Gb, dZb, Ob, gW, HbT, DbT, colA, colB). */
function scratchLayout(K: number, d: number, P: number): { K4: number; d4: number; ld: number; lengths: number[] } {
  const K4 = up4(K);
  const d4 = up4(d);
  // Few columns (the class-reduced problem): blocks only as wide as P, so padding does not dominate.
  const ld = Math.min(BLOCK, up4(P));
  return { K4, d4, ld, lengths: [K4 * d4, K4 * d4, d4 * ld, d4 * ld, K4 * ld, K4 * ld, K4 * ld, d4 * ld, K4 * d4, ld * d4, ld * d4, ld, ld] };
}

/** Scratch buffers for a K x d weight matrix and P columns (in the SIMD kernel's memory unless `simd: false` or no wasm SIMD). */
export function ceScratch(K: number, d: number, P: number, options: CeScratchOptions = {}): CeScratch {
  const { K4, d4, ld, lengths } = scratchLayout(K, d, P);
  const arena = options.simd === false ? null : gemmArena(lengths);
  const [Wp, Vp, Hb, Db, Zb, Gb, dZb, Ob, gW, HbT, DbT, colA, colB] = arena ? arena.buffers : lengths.map((n) => new Float64Array(n));
  return {
    K4,
    d4,
    ld,
    Wp,
    Vp,
    Hb,
    Db,
    Zb,
    Gb,
    dZb,
    Ob,
    gW,
    HbT,
    DbT,
    colA,
    colB,
    colArg: new Int32Array(ld),
    colRest: new Float64Array(ld),
    colDz: new Float64Array(ld),
    slot: new Float64Array(chunkCount(P) > 1 ? K * d + K + 2 : 0),
    gemm: arena ? arena.gemm : null,
    expShiftRows: arena ? arena.expShiftRows : null,
  };
}

/**
 * Scratch for a K x d x P shape shared by every objective of that shape on this thread: an
 * evaluation uses its scratch only while it runs (every buffer is written before it is read, the
 * zero padding is the shape's own), and evaluations on one thread never overlap, so objectives
 * of one shape can take turns. A new objective of a seen shape then costs no wasm instance and
 * no fresh pages (~0.2 ms of a ~1 ms class-reduced solve at (10, 220, 16), bench/README.md).
 * Only small scratches are shared (SHARED_SCRATCH_DOUBLES), a few shapes at a time.
 */
export function sharedCeScratch(K: number, d: number, P: number): CeScratch {
  const doubles = scratchLayout(K, d, P).lengths.reduce((t, n) => t + n, 0);
  if (doubles > SHARED_SCRATCH_DOUBLES) return ceScratch(K, d, P);
  const key = `${K},${d},${P}`;
  let s = sharedScratches.get(key);
  if (s === undefined) {
    s = ceScratch(K, d, P);
    if (sharedScratches.size >= SHARED_SCRATCH_SHAPES) sharedScratches.delete(sharedScratches.keys().next().value!);
  } else sharedScratches.delete(key);
  sharedScratches.set(key, s);
  return s;
}
const SHARED_SCRATCH_DOUBLES = 1 << 18;
const SHARED_SCRATCH_SHAPES = 8;
/** Shared scratches by shape, least recently asked for first. */
const sharedScratches = new Map<string, CeScratch>();

/** Copies the K x d block at `off` of x into the zero-padded K4 x d4 buffer. */
function padW(x: Float64Array, off: number, K: number, d: number, d4: number, out: Float64Array): void {
  for (let k = 0; k < K; k++) {
    const src = off + k * d;
    const dst = k * d4;
    for (let i = 0; i < d; i++) out[dst + i] = x[src + i];
  }
}

/**
 * Copies columns j0 .. j0+nb-1 of the d x P matrix at `off` into the d4 x ld buffer (zeros
 * beyond) and, with the SIMD kernel, transposed into the ld x d4 buffer `outT` (its first nb4
 * rows, with the padding of `out`: zeros in rows nb .. nb4 and, as rows d .. d4 of `out` are
 * never written, in columns d .. d4).
 */
function packColumns(
  s: CeScratch,
  x: Float64Array,
  off: number,
  d: number,
  P: number,
  j0: number,
  nb: number,
  out: Float64Array,
  outT: Float64Array,
  squares = false,
  weight: Float64Array | null = null,
): number {
  const { ld, d4 } = s;
  // With `squares`, the block's sum_j weight_j ||h_j||^2 (row by row, as it is copied; weights 1 when null).
  let t = 0;
  for (let i = 0; i < d; i++) {
    const src = off + i * P + j0;
    const dst = i * ld;
    if (!squares) for (let j = 0; j < nb; j++) out[dst + j] = x[src + j];
    else if (weight === null)
      for (let j = 0; j < nb; j++) {
        const h = x[src + j];
        out[dst + j] = h;
        t += h * h;
      }
    else
      for (let j = 0; j < nb; j++) {
        const h = x[src + j];
        out[dst + j] = h;
        t += weight[j0 + j] * h * h;
      }
    for (let j = nb; j < ld; j++) out[dst + j] = 0;
  }
  if (s.gemm === null) return t;
  // Transposed from the packed block (in cache), four rows at a time so that every read stream
  // is sequential and every write fills 32 contiguous bytes.
  const nb4 = up4(nb);
  for (let i0 = 0; i0 < d; i0 += 4) {
    const r0 = i0 * ld,
      r1 = r0 + ld,
      r2 = r1 + ld,
      r3 = r2 + ld;
    for (let j = 0; j < nb4; j++) {
      const o = j * d4 + i0;
      outT[o] = out[r0 + j];
      outT[o + 1] = out[r1 + j];
      outT[o + 2] = out[r2 + j];
      outT[o + 3] = out[r3 + j];
    }
  }
  return t;
}

/** C = A B (+ A2 B2) as mulNN, in the SIMD kernel when the scratch has one. */
function blockNN(s: CeScratch, nb4: number, A: Float64Array, B: Float64Array, C: Float64Array, A2: Float64Array | null, B2: Float64Array | null): void {
  const { gemm, ld, K4, d4 } = s;
  if (gemm === null) return mulNN(ld, K4, d4, nb4, A, B, C, A2, B2);
  gemm(K4, nb4, d4, A.byteOffset, d4, 1, B.byteOffset, ld, C.byteOffset, ld, 0, A2?.byteOffset ?? 0, B2?.byteOffset ?? 0, A2 && B2 ? 2 : 1);
}

/** C = A^T G (+ A2^T G2) as mulTN, in the SIMD kernel when the scratch has one. */
function blockTN(s: CeScratch, nb4: number, A: Float64Array, G: Float64Array, C: Float64Array, A2: Float64Array | null, G2: Float64Array | null): void {
  const { gemm, ld, K4, d4 } = s;
  if (gemm === null) return mulTN(ld, K4, d4, nb4, A, G, C, A2, G2);
  gemm(d4, nb4, K4, A.byteOffset, 1, d4, G.byteOffset, ld, C.byteOffset, ld, 0, A2?.byteOffset ?? 0, G2?.byteOffset ?? 0, A2 && G2 ? 2 : 1);
}

/** C += G B^T as mulNTAcc; the SIMD kernel reads B transposed (BT, ld x d4). */
function blockNTAcc(s: CeScratch, nb4: number, G: Float64Array, B: Float64Array, BT: Float64Array, C: Float64Array): void {
  const { gemm, ld, K4, d4 } = s;
  if (gemm === null) return mulNTAcc(ld, K4, d4, nb4, G, B, C);
  gemm(K4, d4, nb4, G.byteOffset, ld, 1, BT.byteOffset, d4, C.byteOffset, d4, 1, 0, 0, 1);
}

/**
 * C (K4 x nb4) = A (K4 x d4) B (d4 x ld-strided), 4x4 tiles; with `A2`/`B2` adds A2 B2
 * (the two products of a Hessian-vector product share one pass).
 */
function mulNN(
  ld: number,
  K4: number,
  d4: number,
  nb4: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  A2: Float64Array | null,
  B2: Float64Array | null,
): void {
  for (let k0 = 0; k0 < K4; k0 += 4) {
    const a0 = k0 * d4,
      a1 = a0 + d4,
      a2 = a1 + d4,
      a3 = a2 + d4;
    for (let j0 = 0; j0 < nb4; j0 += 4) {
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
      for (let pass = 0; pass < 2; pass++) {
        const AA = pass === 0 ? A : A2;
        const BB = pass === 0 ? B : B2;
        if (AA === null || BB === null) break;
        let pb = j0;
        for (let i = 0; i < d4; i++) {
          const w0 = AA[a0 + i],
            w1 = AA[a1 + i],
            w2 = AA[a2 + i],
            w3 = AA[a3 + i];
          const h0 = BB[pb],
            h1 = BB[pb + 1],
            h2 = BB[pb + 2],
            h3 = BB[pb + 3];
          c00 += w0 * h0;
          c01 += w0 * h1;
          c02 += w0 * h2;
          c03 += w0 * h3;
          c10 += w1 * h0;
          c11 += w1 * h1;
          c12 += w1 * h2;
          c13 += w1 * h3;
          c20 += w2 * h0;
          c21 += w2 * h1;
          c22 += w2 * h2;
          c23 += w2 * h3;
          c30 += w3 * h0;
          c31 += w3 * h1;
          c32 += w3 * h2;
          c33 += w3 * h3;
          pb += ld;
        }
      }
      let o = k0 * ld + j0;
      C[o] = c00;
      C[o + 1] = c01;
      C[o + 2] = c02;
      C[o + 3] = c03;
      o += ld;
      C[o] = c10;
      C[o + 1] = c11;
      C[o + 2] = c12;
      C[o + 3] = c13;
      o += ld;
      C[o] = c20;
      C[o + 1] = c21;
      C[o + 2] = c22;
      C[o + 3] = c23;
      o += ld;
      C[o] = c30;
      C[o + 1] = c31;
      C[o + 2] = c32;
      C[o + 3] = c33;
    }
  }
}

/** C (d4 x nb4) = A^T G for A (K4 x d4) and G (K4 x ld-strided); with A2/G2 adds A2^T G2. */
function mulTN(
  ld: number,
  K4: number,
  d4: number,
  nb4: number,
  A: Float64Array,
  G: Float64Array,
  C: Float64Array,
  A2: Float64Array | null,
  G2: Float64Array | null,
): void {
  for (let i0 = 0; i0 < d4; i0 += 4) {
    for (let j0 = 0; j0 < nb4; j0 += 4) {
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
      for (let pass = 0; pass < 2; pass++) {
        const AA = pass === 0 ? A : A2;
        const GG = pass === 0 ? G : G2;
        if (AA === null || GG === null) break;
        let pa = i0;
        let pg = j0;
        for (let k = 0; k < K4; k++) {
          const w0 = AA[pa],
            w1 = AA[pa + 1],
            w2 = AA[pa + 2],
            w3 = AA[pa + 3];
          const g0 = GG[pg],
            g1 = GG[pg + 1],
            g2 = GG[pg + 2],
            g3 = GG[pg + 3];
          c00 += w0 * g0;
          c01 += w0 * g1;
          c02 += w0 * g2;
          c03 += w0 * g3;
          c10 += w1 * g0;
          c11 += w1 * g1;
          c12 += w1 * g2;
          c13 += w1 * g3;
          c20 += w2 * g0;
          c21 += w2 * g1;
          c22 += w2 * g2;
          c23 += w2 * g3;
          c30 += w3 * g0;
          c31 += w3 * g1;
          c32 += w3 * g2;
          c33 += w3 * g3;
          pa += d4;
          pg += ld;
        }
      }
      let o = i0 * ld + j0;
      C[o] = c00;
      C[o + 1] = c01;
      C[o + 2] = c02;
      C[o + 3] = c03;
      o += ld;
      C[o] = c10;
      C[o + 1] = c11;
      C[o + 2] = c12;
      C[o + 3] = c13;
      o += ld;
      C[o] = c20;
      C[o + 1] = c21;
      C[o + 2] = c22;
      C[o + 3] = c23;
      o += ld;
      C[o] = c30;
      C[o + 1] = c31;
      C[o + 2] = c32;
      C[o + 3] = c33;
    }
  }
}

/** C (K4 x d4) += G B^T for G (K4 x ld-strided) and B (d4 x ld-strided), over nb4 columns. */
function mulNTAcc(ld: number, K4: number, d4: number, nb4: number, G: Float64Array, B: Float64Array, C: Float64Array): void {
  for (let k0 = 0; k0 < K4; k0 += 4) {
    const g0r = k0 * ld,
      g1r = g0r + ld,
      g2r = g1r + ld,
      g3r = g2r + ld;
    for (let i0 = 0; i0 < d4; i0 += 4) {
      const b0r = i0 * ld,
        b1r = b0r + ld,
        b2r = b1r + ld,
        b3r = b2r + ld;
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
      for (let j = 0; j < nb4; j++) {
        const g0 = G[g0r + j],
          g1 = G[g1r + j],
          g2 = G[g2r + j],
          g3 = G[g3r + j];
        const h0 = B[b0r + j],
          h1 = B[b1r + j],
          h2 = B[b2r + j],
          h3 = B[b3r + j];
        c00 += g0 * h0;
        c01 += g0 * h1;
        c02 += g0 * h2;
        c03 += g0 * h3;
        c10 += g1 * h0;
        c11 += g1 * h1;
        c12 += g1 * h2;
        c13 += g1 * h3;
        c20 += g2 * h0;
        c21 += g2 * h1;
        c22 += g2 * h2;
        c23 += g2 * h3;
        c30 += g3 * h0;
        c31 += g3 * h1;
        c32 += g3 * h2;
        c33 += g3 * h3;
      }
      let o = k0 * d4 + i0;
      C[o] += c00;
      C[o + 1] += c01;
      C[o + 2] += c02;
      C[o + 3] += c03;
      o += d4;
      C[o] += c10;
      C[o + 1] += c11;
      C[o + 2] += c12;
      C[o + 3] += c13;
      o += d4;
      C[o] += c20;
      C[o + 1] += c21;
      C[o + 2] += c22;
      C[o + 3] += c23;
      o += d4;
      C[o] += c30;
      C[o + 1] += c31;
      C[o + 2] += c32;
      C[o + 3] += c33;
    }
  }
}

/**
 * Adds the bias to the block's logits and turns them into exp(z - max) in place (columns j < nb,
 * rows k < K), with the reciprocals of the column sums in `sum` (residualBlock normalises them),
 * row by row so every pass reads contiguous memory. Returns sum_j c_j (logsumexp_j - z_{y_j, j})
 * over the block.
 *
 * Why log1p: with a = argmax_k z_k, logsumexp - z_y = (z_a - z_y) + log(1 + s'), s' = sum over
 * k != a of exp(z_k - z_a). Both parts are >= 0 (no cancellation), but log(sum) of a sum that
 * rounds to 1 + s' keeps only the absolute accuracy 1e-16: at a well-separated point (tiny
 * lambdas, large norm budgets) the CE is ~s' << 1 and log(sum) has no correct digit left, or is
 * exactly 0. log1p(s') keeps the relative accuracy down to where exp itself underflows. The
 * exponentials come from the shared pass (wasm or JavaScript, bit-identical); s' is summed
 * here over the rows other than a (z_a's exponential is exp(0) = 1 exactly and is left out
 * rather than subtracted, which would cancel), so both kernel paths stay bit-identical.
 */
function softmaxBlock(
  s: CeScratch,
  shape: CeShape,
  x: Float64Array,
  offB: number,
  j0: number,
  nb: number,
  Z: Float64Array,
  mx: Float64Array,
  sum: Float64Array,
): number {
  const { K, bias, label, coef } = shape;
  const { ld, expShiftRows, colArg, colRest } = s;
  for (let j = 0; j < nb; j++) {
    mx[j] = -Infinity;
    sum[j] = 0;
    colArg[j] = 0;
  }
  // The bias added and the column maxima found in one sweep.
  for (let k = 0; k < K; k++) {
    const r = k * ld;
    const bk = bias ? x[offB + k] : 0;
    for (let j = 0; j < nb; j++) {
      const z = bias ? Z[r + j] + bk : Z[r + j];
      Z[r + j] = z;
      if (z > mx[j]) {
        mx[j] = z;
        colArg[j] = k;
      }
    }
  }
  let ce = 0;
  // The true-class logit is read before exponentiation overwrites it.
  for (let j = 0; j < nb; j++) ce -= coef[j0 + j] * (Z[label[j0 + j] * ld + j] - mx[j]);
  if (expShiftRows !== null) {
    // The same pass in wasm, two columns at a time (an odd nb also writes padding column nb, never read).
    expShiftRows(Z.byteOffset, ld, K, nb, mx.byteOffset, sum.byteOffset);
  } else {
    for (let k = 0; k < K; k++) {
      const r = k * ld;
      for (let j = 0; j < nb; j++) {
        const e = Math.exp(Z[r + j] - mx[j]);
        Z[r + j] = e;
        sum[j] += e;
      }
    }
  }
  // s' without the argmax row: its exp(0) = 1 is zeroed for the sweep and put back.
  for (let j = 0; j < nb; j++) {
    colRest[j] = 0;
    Z[colArg[j] * ld + j] = 0;
  }
  for (let k = 0; k < K; k++) {
    const r = k * ld;
    for (let j = 0; j < nb; j++) colRest[j] += Z[r + j];
  }
  for (let j = 0; j < nb; j++) {
    Z[colArg[j] * ld + j] = 1;
    ce += coef[j0 + j] * Math.log1p(colRest[j]);
    sum[j] = 1 / sum[j];
  }
  // Z holds exp(z - max) and `sum` the reciprocals of the column sums: residualBlock normalises
  // Z to the probabilities as it forms the residuals (a value alone never needs them).
  return ce;
}

/**
 * G = c (p - e_y) for the block (rows >= K and columns >= nb are zero), normalising softmaxBlock's
 * exp(z - max) in `Pr` to the probabilities p = exp(z - max) / sum on the way. Where y is the argmax,
 * p_y - 1 = -s' / (1 + s') is formed from s' (softmaxBlock) rather than as 1/sum - 1, which
 * rounds to 0 once s' < 1e-16 and would leave the gradient with no correct digit at a
 * well-separated point (its other entries c p_k ~ c e^{-margin} keep theirs).
 */
function residualBlock(s: CeScratch, shape: CeShape, j0: number, nb: number, Pr: Float64Array, G: Float64Array, inv: Float64Array): void {
  const { K, label, coef } = shape;
  const { ld, K4, colArg, colRest } = s;
  for (let k = 0; k < K; k++) {
    const r = k * ld;
    for (let j = 0; j < nb; j++) {
      const p = Pr[r + j] * inv[j];
      Pr[r + j] = p;
      G[r + j] = coef[j0 + j] * p;
    }
    for (let j = nb; j < ld; j++) G[r + j] = 0;
  }
  for (let k = K; k < K4; k++) G.fill(0, k * ld, (k + 1) * ld);
  for (let j = 0; j < nb; j++) {
    const y = label[j0 + j];
    const c = coef[j0 + j];
    G[y * ld + j] = y === colArg[j] ? -c * colRest[j] * inv[j] : G[y * ld + j] - c;
  }
}

/**
 * Columns per chunk of one evaluation: whole blocks, at least CHUNK_MIN columns and at most
 * MAX_CHUNKS chunks. The chunks depend on P only: each chunk's CE and W/b gradient are summed
 * on their own and then added in chunk order, whichever thread computed them (ceValueGrad,
 * objective.ts), so a solve's iterates do not depend on the thread count. A problem of at most
 * CHUNK_MIN columns is one chunk, summed exactly as one pass over its blocks.
 */
export const CHUNK_MIN = 4 * BLOCK;
export const MAX_CHUNKS = 16;

/** The chunk width (columns) for P columns. */
export function chunkWidth(P: number): number {
  return Math.max(CHUNK_MIN, Math.ceil(P / MAX_CHUNKS / BLOCK) * BLOCK);
}

/** The number of chunks of P columns. */
export function chunkCount(P: number): number {
  return Math.max(1, Math.ceil(P / chunkWidth(P)));
}

/**
 * The weighted CE sum over columns j0 .. j1-1 and, when `grad` is given, the gradient: its H
 * columns written into `grad` (H at K d, the H ridge's gradient included), the chunk's W
 * gradient (K x d, row-major) into `gW` and its bias gradient into `gb` (when the problem has a
 * bias). Blocks start at j0. The columns' weighted sum of squares of H, sum_j weight_j ||h_j||^2,
 * goes to `sums[1]` when the shape has an H ridge; the CE is returned.
 */
export function ceValueGradColumns(
  shape: CeShape,
  s: CeScratch,
  x: Float64Array,
  grad: Float64Array | null,
  j0: number,
  j1: number,
  gWOut: Float64Array | null,
  gbOut: Float64Array | null,
  sums?: Float64Array,
): number {
  const { K, d, P, bias } = shape;
  const lambdaH = shape.lambdaH ?? 0;
  const hWeight = shape.hWeight ?? null;
  const { d4, ld, Wp, Hb, HbT, Zb, Gb, Ob, gW, colA, colB } = s;
  const offH = K * d;
  const offB = offH + d * P;
  padW(x, 0, K, d, d4, Wp);
  if (grad) gW.fill(0);
  let ce = 0;
  let h2 = 0;
  for (let jb = j0; jb < j1; jb += ld) {
    const nb = Math.min(ld, j1 - jb);
    const nb4 = up4(nb);
    const sq = packColumns(s, x, offH, d, P, jb, nb, Hb, HbT, lambdaH !== 0, hWeight);
    if (lambdaH !== 0) h2 += sq;
    blockNN(s, nb4, Wp, Hb, Zb, null, null);
    ce += softmaxBlock(s, shape, x, offB, jb, nb, Zb, colA, colB);
    if (!grad) continue;
    residualBlock(s, shape, jb, nb, Zb, Gb, colB);
    blockTN(s, nb4, Wp, Gb, Ob, null, null);
    for (let i = 0; i < d; i++) {
      const dst = offH + i * P + jb;
      const src = i * ld;
      if (lambdaH === 0) for (let j = 0; j < nb; j++) grad[dst + j] = Ob[src + j];
      else if (hWeight === null) for (let j = 0; j < nb; j++) grad[dst + j] = Ob[src + j] + lambdaH * Hb[src + j];
      else for (let j = 0; j < nb; j++) grad[dst + j] = Ob[src + j] + lambdaH * hWeight[jb + j] * Hb[src + j];
    }
    blockNTAcc(s, nb4, Gb, Hb, HbT, gW);
    if (bias && gbOut) {
      for (let k = 0; k < K; k++) {
        const r = k * ld;
        let t = 0;
        for (let j = 0; j < nb; j++) t += Gb[r + j];
        gbOut[k] = (jb === j0 ? 0 : gbOut[k]) + t;
      }
    }
  }
  if (grad && gWOut) {
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) gWOut[k * d + i] = gW[k * d4 + i];
  }
  if (sums) sums[1] = h2;
  return ce;
}

/** Doubles of one chunk's slot: its W gradient (K d, row-major), its b gradient (K), its CE and its H sum of squares. */
export const slotStride = (shape: CeShape): number => shape.K * shape.d + shape.K + 2;

/** Chunk c (chunkWidth) into `slot`, its H gradient into `grad` (when given). */
export function ceChunk(shape: CeShape, s: CeScratch, x: Float64Array, grad: Float64Array | null, c: number, slot: Float64Array): void {
  const { K, d, P } = shape;
  const w = chunkWidth(P);
  const kd = K * d;
  const sums = slot.subarray(kd + K, kd + K + 2);
  sums[0] = ceValueGradColumns(shape, s, x, grad, c * w, Math.min(P, (c + 1) * w), slot.subarray(0, kd), slot.subarray(kd, kd + K), sums);
}

/**
 * Adds chunk c's slot into the gradient's W and b blocks and its CE and H sum of squares into
 * `sums` ([CE, sum of squares]); chunk 0 sets them. Chunks are folded in chunk order.
 */
export function foldChunk(shape: CeShape, slot: Float64Array, c: number, sums: Float64Array, grad: Float64Array | null): void {
  const { K, d, P, bias } = shape;
  const kd = K * d;
  const offB = kd + d * P;
  if (grad) {
    if (c === 0) {
      for (let i = 0; i < kd; i++) grad[i] = slot[i];
      if (bias) for (let k = 0; k < K; k++) grad[offB + k] = slot[kd + k];
    } else {
      for (let i = 0; i < kd; i++) grad[i] += slot[i];
      if (bias) for (let k = 0; k < K; k++) grad[offB + k] += slot[kd + k];
    }
  }
  sums[0] = c === 0 ? slot[kd + K] : sums[0] + slot[kd + K];
  sums[1] = c === 0 ? slot[kd + K + 1] : sums[1] + slot[kd + K + 1];
}

/**
 * The weighted CE (into sums[0]) and the H ridge's sum of squares (into sums[1], when the shape
 * has one) and, with `grad`, the gradient of the CE plus the H ridge, over every chunk in order.
 */
export function ceValueGrad(shape: CeShape, s: CeScratch, x: Float64Array, grad: Float64Array | null, sums: Float64Array): void {
  const { K, d, P } = shape;
  const chunks = chunkCount(P);
  if (chunks === 1) {
    const offB = K * d + d * P;
    sums[1] = 0;
    sums[0] = ceValueGradColumns(
      shape,
      s,
      x,
      grad,
      0,
      P,
      grad ? grad.subarray(0, K * d) : null,
      grad && shape.bias ? grad.subarray(offB, offB + K) : null,
      sums,
    );
    return;
  }
  for (let c = 0; c < chunks; c++) {
    ceChunk(shape, s, x, grad, c, s.slot);
    foldChunk(shape, s.slot, c, sums, grad);
  }
}

/**
 * out = (Hessian of the weighted CE sum at x) v, written (not added) into `out`. With
 * Z = W H + b 1^T, G = c (p - e) and S_j = diag(p_j) - p_j p_j^T:
 *   dZ = dW H + W dH + db 1^T,  dG_j = c_j S_j dZ_j,
 *   out_W = dG H^T + G dH^T,  out_H = W^T dG + dW^T G,  out_b = dG 1.
 */
export function ceHessVec(shape: CeShape, s: CeScratch, x: Float64Array, v: Float64Array, out: Float64Array): void {
  const { K, d, P, bias, coef } = shape;
  const { K4, d4, ld, Wp, Vp, Hb, Db, HbT, DbT, Zb, Gb, dZb, Ob, gW, colA, colB, colArg, colDz: dzArg } = s;
  const offH = K * d;
  const offB = offH + d * P;
  padW(x, 0, K, d, d4, Wp);
  padW(v, 0, K, d, d4, Vp);
  gW.fill(0);
  for (let j0 = 0; j0 < P; j0 += ld) {
    const nb = Math.min(ld, P - j0);
    const nb4 = up4(nb);
    packColumns(s, x, offH, d, P, j0, nb, Hb, HbT);
    packColumns(s, v, offH, d, P, j0, nb, Db, DbT);
    blockNN(s, nb4, Wp, Hb, Zb, null, null);
    softmaxBlock(s, shape, x, offB, j0, nb, Zb, colA, colB);
    residualBlock(s, shape, j0, nb, Zb, Gb, colB);
    blockNN(s, nb4, Vp, Hb, dZb, Wp, Db);
    // dG = c p (dz - p.dz), column by column through row sweeps; padded rows/columns stay zero.
    // Written relative to the argmax row a: dz_k - p.dz = (dz_k - dz_a) - sum_i p_i (dz_i - dz_a)
    // (as sum_i p_i = 1), whose a-entry is a sum of the small p_i, i != a, so that the product
    // keeps its relative accuracy where the softmax saturates (softmaxBlock's log1p).
    for (let k = 0; k < K; k++) {
      const r = k * ld;
      const db = bias ? v[offB + k] : 0;
      for (let j = 0; j < nb; j++) dZb[r + j] += db;
    }
    for (let j = 0; j < nb; j++) {
      colA[j] = 0;
      dzArg[j] = dZb[colArg[j] * ld + j];
    }
    for (let k = 0; k < K; k++) {
      const r = k * ld;
      for (let j = 0; j < nb; j++) {
        const dz = dZb[r + j] - dzArg[j];
        dZb[r + j] = dz;
        colA[j] += Zb[r + j] * dz;
      }
    }
    for (let k = 0; k < K; k++) {
      const r = k * ld;
      for (let j = 0; j < nb; j++) dZb[r + j] = coef[j0 + j] * Zb[r + j] * (dZb[r + j] - colA[j]);
      for (let j = nb; j < ld; j++) dZb[r + j] = 0;
    }
    for (let k = K; k < K4; k++) dZb.fill(0, k * ld, (k + 1) * ld);
    blockTN(s, nb4, Wp, dZb, Ob, Vp, Gb);
    for (let i = 0; i < d; i++) {
      const dst = offH + i * P + j0;
      const src = i * ld;
      for (let j = 0; j < nb; j++) out[dst + j] = Ob[src + j];
    }
    blockNTAcc(s, nb4, dZb, Hb, HbT, gW);
    blockNTAcc(s, nb4, Gb, Db, DbT, gW);
    if (bias) {
      for (let k = 0; k < K; k++) {
        const r = k * ld;
        let t = 0;
        for (let j = 0; j < nb; j++) t += dZb[r + j];
        out[offB + k] = (j0 === 0 ? 0 : out[offB + k]) + t;
      }
    }
  }
  for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) out[k * d + i] = gW[k * d4 + i];
}
