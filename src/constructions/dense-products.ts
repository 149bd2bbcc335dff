/**
 * The two products every step of a vector-set construction needs, for a fixed N x d matrix V:
 * the Gram G = V V^T (N x N) and S V for a symmetric N x N weight matrix S (the gradient of any
 * function of the Gram is 2 S V). Both are N^2 d multiply-adds, the whole cost of a step.
 *
 * They run on the f64x2 SIMD block kernel of src/problems/ufm-ce/wasm (about 4x the 4x4 JavaScript
 * kernel of src/linalg at N = 1000), on copies padded to multiples of 4 with zero rows and
 * columns (zeros add nothing to any product); where WebAssembly SIMD is missing, or the padded
 * buffers would not fit a wasm memory, the JavaScript products of src/linalg give the same
 * values up to summation order.
 */
import { mat, matmul, matmulNT } from '../linalg/matrix.ts';
import { gemmArena, type GemmArena } from '../problems/ufm-ce/wasm/gemm-f64x2.ts';

/** Largest padded float64 total kept in one wasm memory (4 GiB address space, with headroom). */
const MAX_WASM_DOUBLES = 400_000_000;

export interface DenseProducts {
  /** Whether the SIMD kernel is in use (else the JavaScript products). */
  readonly simd: boolean;
  /** G = V V^T into `out` (N x N, row-major). */
  gram(V: Float64Array, out: Float64Array): void;
  /** out = S V (S: N x N row-major, V: N x d, out: N x d). */
  weighted(S: Float64Array, V: Float64Array, out: Float64Array): void;
}

/**
 * Products for N x d matrices.
 *
 * Syntax: const p = denseProducts(N, d); p.gram(V, G); p.weighted(S, V, out)
 */
export function denseProducts(N: number, d: number, options: { simd?: boolean } = {}): DenseProducts {
  const N4 = (N + 3) & ~3;
  const d4 = (d + 3) & ~3;
  const total = 3 * N4 * d4 + N4 * N4;
  const arena = options.simd === false || total > MAX_WASM_DOUBLES ? null : gemmArena([N4 * d4, d4 * N4, N4 * N4, N4 * d4]);
  return arena ? simdProducts(arena, N, d, N4, d4) : jsProducts(N, d);
}

function jsProducts(N: number, d: number): DenseProducts {
  return {
    simd: false,
    gram(V, out) {
      matmulNT(mat(N, d, V), mat(N, d, V), mat(N, N, out));
    },
    weighted(S, V, out) {
      matmul(mat(N, N, S), mat(N, d, V), mat(N, d, out));
    },
  };
}

function simdProducts(arena: GemmArena, N: number, d: number, N4: number, d4: number): DenseProducts {
  const [Vp, Vt, Gp, Op] = arena.buffers;
  const ptr = (b: Float64Array): number => b.byteOffset;
  /** Copies V into the padded row-major Vp (and, when asked, its transpose Vt); padding stays 0. */
  const load = (V: Float64Array, transposed: boolean): void => {
    for (let i = 0; i < N; i++) {
      const r = i * d;
      const rp = i * d4;
      for (let k = 0; k < d; k++) Vp[rp + k] = V[r + k];
    }
    if (!transposed) return;
    for (let i = 0; i < N; i++) {
      const r = i * d;
      for (let k = 0; k < d; k++) Vt[k * N4 + i] = V[r + k];
    }
  };
  return {
    simd: true,
    gram(V, out) {
      load(V, true);
      // Gp = Vp Vt: rows N4, cols N4, inner d4; A = Vp (row stride d4), B = Vt (row stride N4).
      arena.gemm(N4, N4, d4, ptr(Vp), d4, 1, ptr(Vt), N4, ptr(Gp), N4, 0, 0, 0, 1);
      for (let i = 0; i < N; i++) {
        const r = i * N;
        const rp = i * N4;
        for (let j = 0; j < N; j++) out[r + j] = Gp[rp + j];
      }
    },
    weighted(S, V, out) {
      load(V, false);
      for (let i = 0; i < N; i++) {
        const r = i * N;
        const rp = i * N4;
        for (let j = 0; j < N; j++) Gp[rp + j] = S[r + j];
      }
      // Op = Gp Vp: rows N4, cols d4, inner N4 (padded rows of Gp and Vp are zero).
      arena.gemm(N4, d4, N4, ptr(Gp), N4, 1, ptr(Vp), d4, ptr(Op), d4, 0, 0, 0, 1);
      for (let i = 0; i < N; i++) {
        const r = i * d;
        const rp = i * d4;
        for (let k = 0; k < d; k++) out[r + k] = Op[rp + k];
      }
    },
  };
}
