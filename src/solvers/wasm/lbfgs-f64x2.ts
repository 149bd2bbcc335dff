/**
 * Loader for the f64x2 SIMD L-BFGS vector passes (lbfgs-f64x2.wat, compiled to the committed
 * lbfgs-f64x2.wasm by build.ts). One instance per solve holds all of the solve's vectors in its
 * linear memory, sized once, so the views never move; a vector's byteOffset is its pointer.
 */
import { sharedWasmMemory, wasmModule, type WasmMemory, type WasmModule } from '../../linalg/wasm-module.ts';
import type { RangePasses, VectorPasses } from '../lbfgs-passes.ts';

type AxpyDot = (gamma: number, c: number, v: number, dir: number, t: number, n4: number) => number;
type ScaleDot = (c: number, src: number, dir: number, t: number, n4: number) => number;
type Dot = (a: number, b: number, n4: number) => number;
type AxpyInto = (x: number, a: number, dir: number, out: number, n4: number) => void;
type CorrectionPair = (xNew: number, x: number, gNew: number, g: number, s: number, y: number, n4: number) => [number, number, number];

/** A kernel instance and its memory. */
export interface Kernel {
  readonly exports: Record<string, unknown>;
  readonly memory: WasmMemory;
}

const up4 = (n: number): number => (n + 3) & ~3;

/**
 * The SIMD passes of an instance over element ranges (lo a multiple of 4): pointers are the
 * views' byte offsets, and a range runs to hi rounded up to a multiple of 4, into the zero
 * padding beyond the vector (padding adds +0 products, which change no sum).
 */
export function f64x2Ranges(exports: Record<string, unknown>): RangePasses {
  const axpyDot = exports.axpyDot as AxpyDot;
  const scaleDot = exports.scaleDot as ScaleDot;
  const dot = exports.dot as Dot;
  const axpyInto = exports.axpyInto as AxpyInto;
  const pair = exports.correctionPair as CorrectionPair;
  return {
    dot: (a, b, lo, hi) => dot(a.byteOffset + 8 * lo, b.byteOffset + 8 * lo, up4(hi) - lo),
    scaleDot: (c, g, dir, t, lo, hi) => scaleDot(c, g.byteOffset + 8 * lo, dir.byteOffset + 8 * lo, t.byteOffset + 8 * lo, up4(hi) - lo),
    axpyDot: (gamma, c, v, dir, t, lo, hi) => axpyDot(gamma, c, v.byteOffset + 8 * lo, dir.byteOffset + 8 * lo, t.byteOffset + 8 * lo, up4(hi) - lo),
    axpyInto: (x, a, dir, out, lo, hi) => axpyInto(x.byteOffset + 8 * lo, a, dir.byteOffset + 8 * lo, out.byteOffset + 8 * lo, up4(hi) - lo),
    correctionPair(xNew, x, gNew, g, s, y, out, lo, hi, at) {
      const o = 8 * lo;
      const r = pair(xNew.byteOffset + o, x.byteOffset + o, gNew.byteOffset + o, g.byteOffset + o, s.byteOffset + o, y.byteOffset + o, up4(hi) - lo);
      out[at] = r[0];
      out[at + 1] = r[1];
      out[at + 2] = r[2];
    },
  };
}

/** An instance of the module on `memory` (a team worker's, on the caller's shared memory). */
export function instanceOn(memory: WasmMemory): Record<string, unknown> | null {
  const mod = lbfgsModule();
  return mod === null ? null : mod.instantiate({ env: { memory } }).exports;
}

/**
 * Instances of finished solves, kept for the next one: a fresh instance with its memory costs
 * about as much as a whole class-reduced solve at (10, 220, 16) (~0.5 ms against ~1 ms). Up to
 * KEEP_COUNT memories of at most KEEP_BYTES, and the last larger one (`large`): a released
 * memory is freed only when the garbage collector runs, which after large solves came too late
 * (five solves at 94 MB each in a row peaked at 516 MB), so the next large solve reuses it.
 */
const pool: Kernel[] = [];
const KEEP_BYTES = 2 ** 26;
const KEEP_COUNT = 4;
let large: Kernel | null = null;

/** A free instance with at least `bytes` of zeroed memory, or null when none can be made. */
function acquire(mod: WasmModule, bytes: number): Kernel | null {
  const i = pool.findIndex((k) => k.memory.buffer.byteLength >= bytes);
  const kept = i >= 0 ? pool.splice(i, 1)[0] : large !== null && large.memory.buffer.byteLength >= bytes ? large : null;
  if (kept !== null) {
    if (kept === large) large = null;
    new Uint8Array(kept.memory.buffer, 0, bytes).fill(0);
    return kept;
  }
  // A larger memory replaces the kept one: drop it first, so that it can be freed before this one is touched.
  if (bytes > KEEP_BYTES) large = null;
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

/** A solve's vectors in one instance's memory, before they are given passes. */
export interface WasmVectors {
  readonly kernel: Kernel;
  readonly n: number;
  /** The vector length rounded up to a multiple of 4: vector i starts at byte 8 n4 i. */
  readonly n4: number;
  readonly ranges: RangePasses;
  readonly base: Pick<VectorPasses, 'simd' | 'release' | 'vector'>;
}

/**
 * Room for `count` vectors of length n in one instance, or null without wasm SIMD or when they
 * would need more than MAX_BYTES (the caller then uses the JavaScript passes, which give the
 * same results bit for bit). Every vector the passes are given must come from its `vector()`.
 */
export function wasmVectors(n: number, count: number): WasmVectors | null {
  const mod = lbfgsModule();
  if (mod === null) return null;
  const n4 = up4(n);
  const bytes = 8 * n4 * count;
  if (bytes > MAX_BYTES) return null;
  const kernel = acquire(mod, bytes);
  if (kernel === null) return null;
  const { memory } = kernel;
  const buffer = memory.buffer;
  let next = 0;
  let released = false;
  const base = {
    simd: true,
    release(): void {
      // Once: a second release would hand the same memory to two solves.
      if (released) return;
      released = true;
      if (memory.buffer.byteLength > KEEP_BYTES) large = kernel;
      else if (pool.length < KEEP_COUNT) pool.push(kernel);
    },
    vector(): Float64Array {
      if (next >= count) throw new Error(`wasmVectors: all ${count} vectors are in use`);
      return new Float64Array(buffer, 8 * n4 * next++, n);
    },
  };
  return { kernel, n, n4, ranges: f64x2Ranges(kernel.exports), base };
}
