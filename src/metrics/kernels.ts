/**
 * Dense float64 products for the metrics: C (=|+=) A B for row-major blocks, in a WebAssembly
 * SIMD kernel (wasm/gemm.wat: 4 x 4 tiles in f64x2 registers, ~6 G multiply-adds/s per core)
 * with a JavaScript fallback that sums in the same order, so both give identical bits.
 *
 * Cache blocking: the inner dimension is cut into chunks of KC and the columns into panels of
 * NC, so one KC x NC panel of B (256 KiB) stays in L2 while every row tile of A streams past it.
 * The chunking fixes the summation order: C[r][c] = (((C0 +) S_0) + S_1) + ..., S_j the sum over
 * chunk j with t ascending. That order depends on KC only, never on the thread count.
 *
 * All matrices live in one instance's linear memory (`reserve`), so the kernel takes pointers.
 */
import { wasmModule, type WasmMemory } from '../linalg/wasm-module.ts';

/** Inner-dimension chunk and column panel (float64 elements). */
export const KC = 256;
export const NC = 128;

type GemmFn = (rows: number, cols: number, inner: number, A: number, lda: number, B: number, ldb: number, C: number, ldc: number, acc: number) => void;

const gemmModule = () => wasmModule(new URL('./wasm/gemm.wasm', import.meta.url));

/** Rounds up to a multiple of 4 (the kernel's tile). */
export const pad4 = (n: number): number => (n + 3) & ~3;

/**
 * A product engine with its own memory. `reserve` hands out Float64Array views into that
 * memory; a later `reserve` may grow the memory, which invalidates earlier views (get them again).
 *
 * Syntax:
 *   const g = GemmEngine.create();
 *   const [A, B, C] = g.reserve([m4 * k, k * n4, m4 * n4]);
 *   g.mul(m, n, k, A, k, B, n4, C, n4, false);
 */
export class GemmEngine {
  private memory: WasmMemory | null;
  private fn: GemmFn | null;
  private heap: Float64Array;
  /** 'wasm-simd' or 'js' (no WebAssembly SIMD here; same results). */
  readonly backend: 'wasm-simd' | 'js';

  private constructor(forceJs: boolean) {
    const mod = forceJs ? null : gemmModule();
    if (mod) {
      const inst = mod.instantiate();
      this.memory = inst.exports.memory as WasmMemory;
      this.fn = inst.exports.gemm as GemmFn;
      this.backend = 'wasm-simd';
      this.heap = new Float64Array(this.memory.buffer);
    } else {
      this.memory = null;
      this.fn = null;
      this.backend = 'js';
      this.heap = new Float64Array(0);
    }
  }

  /** The WebAssembly engine where available, else the JavaScript one (`forceJs` for tests). */
  static create(forceJs = false): GemmEngine {
    return new GemmEngine(forceJs);
  }

  /**
   * Views of the given lengths (float64 elements, each rounded up to 4 and 32-byte aligned),
   * zero-filled. Earlier views are invalid afterwards.
   */
  reserve(lengths: readonly number[]): Float64Array[] {
    const padded = lengths.map(pad4);
    // One extra tile row of slack: the kernel may read a few elements past a buffer's end.
    const total = padded.reduce((a, n) => a + n, 0) + 64;
    if (this.memory) {
      const haveBytes = this.memory.buffer.byteLength;
      if (total * 8 > haveBytes) this.memory.grow(Math.ceil((total * 8 - haveBytes) / 65536));
      this.heap = new Float64Array(this.memory.buffer);
    } else if (this.heap.length < total) {
      this.heap = new Float64Array(total);
    }
    this.heap.fill(0, 0, total);
    const out: Float64Array[] = [];
    let off = 0;
    for (let i = 0; i < lengths.length; i++) {
      out.push(this.heap.subarray(off, off + lengths[i]));
      off += padded[i];
    }
    return out;
  }

  /**
   * C[r*ldc + c] (= or +=) sum_t A[r*lda + t] B[t*ldb + c], r < rows, c < cols, t < inner. All three
   * must be views from `reserve`; the computation covers rows and cols rounded up to 4, so A needs
   * pad4(rows) rows, B and C pad4(cols) columns within ldb / ldc (what the pads hold only reaches
   * C's pads).
   */
  mul(
    rows: number,
    cols: number,
    inner: number,
    A: Float64Array,
    lda: number,
    B: Float64Array,
    ldb: number,
    C: Float64Array,
    ldc: number,
    accumulate: boolean,
  ): void {
    const r4 = pad4(rows);
    const c4 = pad4(cols);
    if (r4 === 0 || c4 === 0) return;
    if (inner === 0) {
      if (!accumulate) for (let r = 0; r < r4; r++) C.fill(0, r * ldc, r * ldc + c4);
      return;
    }
    for (let k0 = 0; k0 < inner; k0 += KC) {
      const kc = Math.min(KC, inner - k0);
      const acc = accumulate || k0 > 0;
      for (let c0 = 0; c0 < c4; c0 += NC) {
        const nc = Math.min(NC, c4 - c0);
        if (this.fn) {
          this.fn(r4, nc, kc, A.byteOffset + 8 * k0, lda, B.byteOffset + 8 * (k0 * ldb + c0), ldb, C.byteOffset + 8 * c0, ldc, acc ? 1 : 0);
        } else {
          jsGemm(r4, nc, kc, A, k0, lda, B, k0 * ldb + c0, ldb, C, c0, ldc, acc);
        }
      }
    }
  }
}

/** The kernel's summation order in JavaScript (the fallback; also the reference in tests). */
function jsGemm(
  rows: number,
  cols: number,
  inner: number,
  A: Float64Array,
  a0: number,
  lda: number,
  B: Float64Array,
  b0: number,
  ldb: number,
  C: Float64Array,
  c0: number,
  ldc: number,
  acc: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const ar = a0 + r * lda;
    const cr = c0 + r * ldc;
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let t = 0; t < inner; t++) s += A[ar + t] * B[b0 + t * ldb + c];
      C[cr + c] = acc ? C[cr + c] + s : s;
    }
  }
}
