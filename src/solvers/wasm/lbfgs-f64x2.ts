/**
 * Loader for the f64x2 SIMD L-BFGS vector passes (lbfgs-f64x2.wat, compiled to the committed
 * lbfgs-f64x2.wasm by build.ts). One instance per solve holds all of the solve's vectors in its
 * linear memory, sized once, so the views never move; a vector's byteOffset is its pointer.
 */
import { sharedWasmMemory, wasmModule, type WasmMemory, type WasmModule } from '../../linalg/wasm-module.ts';
import type { VectorPasses } from '../lbfgs-passes.ts';

type AxpyDot = (gamma: number, c: number, v: number, dir: number, t: number, n4: number) => number;
type ScaleDot = (c: number, src: number, dir: number, t: number, n4: number) => number;
type Dot = (a: number, b: number, n4: number) => number;
type AxpyInto = (x: number, a: number, dir: number, out: number, n4: number) => void;

/** A kernel instance and its memory. */
interface Kernel {
  readonly exports: Record<string, unknown>;
  readonly memory: WasmMemory;
}

/**
 * Instances of finished solves, kept for the next one: a fresh instance with its memory costs
 * about as much as a whole class-reduced solve at (10, 220, 16) (~0.5 ms against ~1 ms). Only
 * small memories are kept (KEEP_BYTES), so that a large solve's vectors are freed with it.
 */
const pool: Kernel[] = [];
const KEEP_BYTES = 2 ** 26;
const KEEP_COUNT = 4;

/** A free instance with at least `bytes` of zeroed memory, or null when none can be made. */
function acquire(mod: WasmModule, bytes: number): Kernel | null {
  const i = pool.findIndex((k) => k.memory.buffer.byteLength >= bytes);
  if (i >= 0) {
    const k = pool.splice(i, 1)[0];
    new Uint8Array(k.memory.buffer, 0, bytes).fill(0);
    return k;
  }
  const memory = sharedWasmMemory(Math.max(1, Math.ceil(bytes / 65536)));
  if (memory === null) return null;
  try {
    const exports = mod.instantiate({ env: { memory } }).exports;
    return { exports, memory };
  } catch {
    // Out of address space or memory for the instance: the JavaScript passes give the same results.
    return null;
  }
}

/** Largest memory asked of one instance: wasm32 addresses 4 GiB, and a solve this big is better off in JavaScript arrays. */
const MAX_BYTES = 2 ** 31;

/** The compiled module, or null where WebAssembly or its SIMD proposal is unavailable. */
const lbfgsModule = () => wasmModule(new URL('./lbfgs-f64x2.wasm', import.meta.url));

/** Whether the SIMD passes can run here. */
export function lbfgsF64x2Available(): boolean {
  return lbfgsModule() !== null;
}

/**
 * SIMD passes over `count` vectors of length n in one fresh instance, or null without wasm
 * SIMD or when they would need more than MAX_BYTES (the caller then uses the JavaScript passes,
 * which give the same results bit for bit). Every vector the passes are given must come from
 * its `vector()`.
 */
export function wasmPasses(n: number, count: number): VectorPasses | null {
  const mod = lbfgsModule();
  if (mod === null) return null;
  const n4 = (n + 3) & ~3;
  const bytes = 8 * n4 * count;
  if (bytes > MAX_BYTES) return null;
  const inst = acquire(mod, bytes);
  if (inst === null) return null;
  const { exports, memory } = inst;
  const buffer = memory.buffer;
  const axpyDot = exports.axpyDot as AxpyDot;
  const scaleDot = exports.scaleDot as ScaleDot;
  const dot = exports.dot as Dot;
  const axpyInto = exports.axpyInto as AxpyInto;
  let next = 0;
  let released = false;
  return {
    simd: true,
    release(): void {
      // Once: a second release would hand the same memory to two solves.
      if (released) return;
      released = true;
      if (memory.buffer.byteLength <= KEEP_BYTES && pool.length < KEEP_COUNT) pool.push(inst);
    },
    vector(): Float64Array {
      if (next >= count) throw new Error(`wasmPasses: all ${count} vectors are in use`);
      return new Float64Array(buffer, 8 * n4 * next++, n);
    },
    dot: (a, b) => dot(a.byteOffset, b.byteOffset, n4),
    scaleDot: (c, g, dir, t) => scaleDot(c, g.byteOffset, dir.byteOffset, t.byteOffset, n4),
    axpyDot: (gamma, c, v, dir, t) => axpyDot(gamma, c, v.byteOffset, dir.byteOffset, t.byteOffset, n4),
    axpyInto: (x, a, dir, out) => axpyInto(x.byteOffset, a, dir.byteOffset, out.byteOffset, n4),
  };
}
