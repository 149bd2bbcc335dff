/**
 * The worker side of the L-BFGS vector passes shared by a team (lbfgs-team.ts): a pass's
 * message, and the chunks it runs (runChunk in ../lbfgs-passes.ts, as the calling thread does).
 * A worker instantiates the SIMD module on the solve's shared memory once.
 */
import type { WasmMemory } from '../../linalg/wasm-module.ts';
import { jsRanges, runChunk, type RangePasses } from '../lbfgs-passes.ts';
import { f64x2Ranges, instanceOn } from './lbfgs-f64x2.ts';

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

/** Chunk c of the pass `d` on its vectors `V` with the passes `r`. */
const runPass = (r: RangePasses, V: readonly Float64Array[], d: PassData, c: number): void => runChunk(r, d.op, V, d.a, d.b, d.n, c, d.slots);

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
