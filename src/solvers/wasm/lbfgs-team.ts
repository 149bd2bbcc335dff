/**
 * The L-BFGS vector passes of one solve shared by a thread team (src/linalg/team.ts): each pass
 * is cut into the fixed chunks of VECTOR_CHUNK elements (../lbfgs-passes.ts), the calling thread
 * and the workers claim chunks, each chunk's dot products go to its slot, and the slots are added
 * in chunk order, as one thread adds them (chunkedPasses). So a solve takes the same iterates on
 * one thread or two (tests/linalg/team.test.ts).
 *
 * A worker instantiates the SIMD module once per solve on the caller's shared memory (the
 * message carries the memory; vectors are named by their index in it) and drops it when the
 * solve releases its vectors.
 */
import { sharedTeam, type Team } from '../../linalg/team.ts';
import type { WasmMemory } from '../../linalg/wasm-module.ts';
import { chunkedPasses, foldChunks, jsPasses, VECTOR_CHUNK, vectorChunks, type RangePasses, type VectorPasses } from '../lbfgs-passes.ts';
import { f64x2Ranges, instanceOn, wasmVectors, type WasmVectors } from './lbfgs-f64x2.ts';

const TASK = new URL('./lbfgs-team.ts', import.meta.url);
/** Identifies a solve to the workers (a pooled memory serves solves of other lengths). */
let nextSolveId = 1;

/**
 * Vector length from which a team shares the passes. A pass over 2^18 elements reads and writes
 * ~6 MiB and takes ~0.3 ms on one core, ~10 times a hand-off to the worker (bench/README.md);
 * below it the passes stay on the calling thread. Either way the results are the same.
 */
export const TEAM_MIN_LENGTH = 1 << 18;

const DOT = 0;
const SCALE_DOT = 1;
const AXPY_DOT = 2;
const AXPY_INTO = 3;
const PAIR = 4;

/** One pass as a generation's task: the memory, the vectors' indices in it, the scalars and the chunk slots. */
export interface PassData {
  readonly id: number;
  readonly memory: WasmMemory;
  readonly n: number;
  readonly n4: number;
  readonly op: number;
  readonly v: readonly number[];
  readonly a: number;
  readonly b: number;
  /** One result per chunk (three for PAIR, at 3 c). */
  readonly slots: Float64Array;
}

/** Runs chunk c of the pass `d` on the vectors `V` (its d.v, as views) with the passes `r`. */
function runPass(r: RangePasses, V: readonly Float64Array[], d: PassData, c: number): void {
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

/** The passes of `vectors` shared by `team` (vectors longer than one chunk). */
export function teamPasses(team: Team, vectors: WasmVectors): VectorPasses {
  const { kernel, n, n4, ranges, base } = vectors;
  const chunks = vectorChunks(n);
  const slots = new Float64Array(new SharedArrayBuffer(8 * 3 * chunks));
  const id = nextSolveId++;
  const index = (a: Float64Array): number => a.byteOffset / (8 * n4);
  const run = (op: number, V: Float64Array[], a = 0, b = 0): void => {
    const d: PassData = { id, memory: kernel.memory, n, n4, op, v: V.map(index), a, b, slots };
    team.run(TASK, 'lbfgsPass', d, chunks, (c) => runPass(ranges, V, d, c));
  };
  return {
    simd: true,
    threads: team.threads,
    vector: base.vector,
    release(): void {
      base.release();
      // The workers drop their instance, so that the memory can be freed (no chunks to wait for).
      team.run(TASK, 'forget', null, 0, () => undefined);
    },
    dot(a, b) {
      run(DOT, [a, b]);
      return foldChunks(slots, chunks);
    },
    scaleDot(c, g, dir, t) {
      run(SCALE_DOT, [g, dir, t], c);
      return foldChunks(slots, chunks);
    },
    axpyDot(gamma, c, v, dir, t) {
      run(AXPY_DOT, [v, dir, t], gamma, c);
      return foldChunks(slots, chunks);
    },
    axpyInto(x, a, dir, out) {
      run(AXPY_INTO, [x, dir, out], a);
    },
    correctionPair(xNew, x, gNew, g, s, y, out) {
      run(PAIR, [xNew, x, gNew, g, s, y]);
      for (let j = 0; j < 3; j++) out[j] = foldChunks(slots, chunks, 3, j);
    },
  };
}

/**
 * The passes of one solve over `count` vectors of length n: SIMD where available (`simd`),
 * shared with the process's team from TEAM_MIN_LENGTH elements, else on this thread; the
 * JavaScript passes where SIMD is unavailable. All give the same bits.
 */
export function solvePasses(n: number, count: number, simd: boolean): VectorPasses {
  const v = simd ? wasmVectors(n, count) : null;
  if (v === null) return jsPasses(n);
  const team = n >= TEAM_MIN_LENGTH ? sharedTeam() : null;
  return team === null ? chunkedPasses(v.ranges, n, v.base) : teamPasses(team, v);
}

/** A worker's instance on the current solve's memory. */
let cached: { id: number; ranges: RangePasses; views: Float64Array[] } | null = null;

/** The worker side: tasks by name (src/linalg/team-worker.ts). */
export const teamTasks = {
  lbfgsPass(raw: unknown): (c: number) => void {
    const d = raw as PassData;
    if (cached === null || cached.id !== d.id) {
      const exports = instanceOn(d.memory);
      if (exports === null) throw new Error('lbfgs-team: no WebAssembly SIMD in the worker');
      cached = { id: d.id, ranges: f64x2Ranges(exports), views: [] };
    }
    const { ranges, views } = cached;
    const V = d.v.map((i) => (views[i] ??= new Float64Array(d.memory.buffer, 8 * d.n4 * i, d.n)));
    return (c) => runPass(ranges, V, d, c);
  },
  forget(): (c: number) => void {
    cached = null;
    return () => undefined;
  },
};
