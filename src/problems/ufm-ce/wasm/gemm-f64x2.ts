/**
 * Loader for the f64x2 SIMD block product and softmax exponential pass (gemm-f64x2.wat, compiled to the committed
 * gemm-f64x2.wasm by build.ts). Each user gets its own instance with its own linear memory, so
 * buffers never move: views created after `arena` sized the memory stay valid.
 */
import { wasmModule, type WasmInstance, type WasmMemory } from '../../../linalg/wasm-module.ts';

/** The block product; pointers in bytes, strides in float64 elements (see the .wat header). */
export type GemmF64x2 = (
  rows: number,
  cols: number,
  inner: number,
  A: number,
  ars: number,
  ats: number,
  B: number,
  bs: number,
  C: number,
  cs: number,
  acc: number,
  A2: number,
  B2: number,
  passes: number,
) => void;

/**
 * Z[k ld + j] = exp(Z[k ld + j] - mx[j]), sum[j] += that, for k < K, j < nb rounded up to even
 * (pointers in bytes); exp is bit for bit Math.exp (fdlibm) for arguments <= 0.
 */
export type ExpShiftRows = (Z: number, ld: number, K: number, nb: number, mx: number, sum: number) => void;

/** A kernel instance and float64 buffers allocated in its memory. */
export interface GemmArena {
  readonly gemm: GemmF64x2;
  readonly expShiftRows: ExpShiftRows;
  /** One zeroed Float64Array per requested length, each 32-byte aligned in the instance's memory. */
  readonly buffers: Float64Array[];
}

/**
 * The compiled module, or null where WebAssembly or its SIMD proposal is unavailable (the
 * callers then use their JavaScript kernels). Compiled synchronously once: the module is ~1.4 kB.
 */
const gemmModule = () => wasmModule(new URL('./gemm-f64x2.wasm', import.meta.url));

/** Whether the SIMD kernel can run here. */
export function gemmF64x2Available(): boolean {
  return gemmModule() !== null;
}

/** A fresh instance whose memory holds buffers of the given lengths (float64 elements), or null without wasm SIMD. */
export function gemmArena(lengths: readonly number[]): GemmArena | null {
  const mod = gemmModule();
  if (mod === null) return null;
  // Round every buffer up to 4 doubles (32 bytes) so vector loads of a tile row stay aligned.
  const padded = lengths.map((n) => (n + 3) & ~3);
  const bytes = padded.reduce((a, n) => a + 8 * n, 0);
  const pages = Math.ceil(bytes / 65536);
  let instance: WasmInstance;
  let memory: WasmMemory;
  try {
    instance = mod.instantiate();
    memory = instance.exports.memory as WasmMemory;
    const have = memory.buffer.byteLength / 65536;
    if (pages > have) memory.grow(pages - have);
  } catch {
    // Each instance reserves address space for its memory; should that ever run out (very many
    // live objectives), the caller's JavaScript kernel gives the same results.
    return null;
  }
  const buffers: Float64Array[] = [];
  let offset = 0;
  for (let i = 0; i < lengths.length; i++) {
    buffers.push(new Float64Array(memory.buffer, offset, lengths[i]));
    offset += 8 * padded[i];
  }
  return { gemm: instance.exports.gemm as GemmF64x2, expShiftRows: instance.exports.expShiftRows as ExpShiftRows, buffers };
}
