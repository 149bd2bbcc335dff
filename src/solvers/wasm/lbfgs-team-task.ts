/**
 * One chunk of an L-BFGS vector pass, as the calling thread and a team's workers both run it
 * (lbfgs-team.ts): the pass's operation on the chunk's elements, its dot products into the
 * chunk's slot. The worker side instantiates the SIMD module on the solve's shared memory once.
 */
import type { WasmMemory } from '../../linalg/wasm-module.ts';
import { jsRanges, VECTOR_CHUNK, type RangePasses } from '../lbfgs-passes.ts';
import { f64x2Ranges, instanceOn } from './lbfgs-f64x2.ts';

export const DOT = 0;
export const SCALE_DOT = 1;
export const AXPY_DOT = 2;
export const AXPY_INTO = 3;
export const PAIR = 4;

/**
 * One pass as a generation's task: the vectors, the scalars and the chunk slots. The SIMD passes
 * name their vectors by index in the solve's shared memory (`memory`, `n4`, `v`); the JavaScript
 * passes send the vectors themselves (`arrays`, views of SharedArrayBuffers).
 */
export interface PassData {
  readonly id: number;
  readonly n: number;
  readonly op: number;
  readonly a: number;
  readonly b: number;
  /** One result per chunk (three for PAIR, at 3 c). */
  readonly slots: Float64Array;
  readonly memory?: WasmMemory;
  readonly n4?: number;
  readonly v?: readonly number[];
  readonly arrays?: readonly Float64Array[];
}

/** Runs chunk c of the pass `d` on the vectors `V` (its d.v, as views) with the passes `r`. */
export function runPass(r: RangePasses, V: readonly Float64Array[], d: PassData, c: number): void {
  const lo = c * VECTOR_CHUNK;
  const hi = Math.min(d.n, lo + VECTOR_CHUNK);
  const out = d.slots;
  switch (d.op) {
    case DOT:
      out[c] = r.dot(V[0], V[1], lo, hi);
      break;
    case SCALE_DOT:
      out[c] = r.scaleDot(d.a, V[0], V[1], V[2], lo, hi);
      break;
    case AXPY_DOT:
      out[c] = r.axpyDot(d.a, d.b, V[0], V[1], V[2], lo, hi);
      break;
    case AXPY_INTO:
      r.axpyInto(V[0], d.a, V[1], V[2], lo, hi);
      break;
    case PAIR:
      r.correctionPair(V[0], V[1], V[2], V[3], V[4], V[5], out, lo, hi, 3 * c);
      break;
    default:
      throw new Error(`lbfgs-team: unknown pass ${d.op}`);
  }
}

/** A worker's instance on the current solve's memory. */
let cached: { id: number; ranges: RangePasses; views: Float64Array[] } | null = null;

/** The worker side: tasks by name (src/linalg/team-worker.ts). */
export const teamTasks = {
  lbfgsPass(raw: unknown): (c: number) => void {
    const d = raw as PassData;
    if (d.arrays !== undefined) {
      const arrays = d.arrays;
      return (c) => runPass(jsRanges, arrays, d, c);
    }
    const memory = d.memory!;
    const n4 = d.n4!;
    if (cached === null || cached.id !== d.id) {
      const exports = instanceOn(memory);
      if (exports === null) throw new Error('lbfgs-team: no WebAssembly SIMD in the worker');
      cached = { id: d.id, ranges: f64x2Ranges(exports), views: [] };
    }
    const { ranges, views } = cached;
    const V = d.v!.map((i) => (views[i] ??= new Float64Array(memory.buffer, 8 * n4 * i, d.n)));
    return (c) => runPass(ranges, V, d, c);
  },
  forget(): (c: number) => void {
    cached = null;
    return () => undefined;
  },
};
