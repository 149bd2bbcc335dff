/**
 * The L-BFGS vector passes of one solve shared by a thread team (src/linalg/team.ts): each pass
 * is cut into the fixed chunks of VECTOR_CHUNK elements (../lbfgs-passes.ts), the calling thread
 * and the workers claim chunks, each chunk's dot products go to its slot, and the slots are added
 * in chunk order, as one thread adds them (chunkedPasses). So a solve takes the same iterates on
 * one thread or two (tests/linalg/team.test.ts).
 *
 * A worker instantiates the SIMD module once per solve on the caller's shared memory (the
 * message carries the memory; vectors are named by their index in it) and drops it when the
 * solve releases its vectors (lbfgs-team-task.ts).
 */
import { sharedTeam, type Team } from '../../linalg/team.ts';
import { chunkedPasses, foldedPasses, jsPasses, jsRanges, runChunk, vectorChunks, type RangePasses, type VectorPasses } from '../lbfgs-passes.ts';
import { wasmVectors, type WasmVectors } from './lbfgs-f64x2.ts';
import type { PassData } from './lbfgs-team-task.ts';

const TASK = new URL('./lbfgs-team-task.ts', import.meta.url);
/** Identifies a solve to the workers (a pooled memory serves solves of other lengths). */
let nextSolveId = 1;

/**
 * Vector length from which a team shares the passes. A pass over 2^18 elements reads and writes
 * ~6 MiB and takes ~0.3 ms on one core, ~10 times a hand-off to the worker (bench/README.md);
 * below it the passes stay on the calling thread. Either way the results are the same.
 */
export const TEAM_MIN_LENGTH = 1 << 18;

/**
 * Passes over vectors of length n (longer than one chunk) shared by `team`: `ranges` runs a chunk
 * on this thread, and `describe` says how the workers find the pass's vectors.
 */
function sharedPasses(
  team: Team,
  n: number,
  ranges: RangePasses,
  base: Pick<VectorPasses, 'simd' | 'release' | 'vector'>,
  describe: (V: Float64Array[]) => Pick<PassData, 'memory' | 'n4' | 'v' | 'arrays'>,
): VectorPasses {
  const chunks = vectorChunks(n);
  const id = nextSolveId++;
  const passes = foldedPasses(
    n,
    base,
    team.threads,
    (op, V, a, b, slots) => {
      const d: PassData = { id, n, op, a, b, slots, ...describe(V) };
      team.run(TASK, 'lbfgsPass', d, chunks, (c) => runChunk(ranges, op, V, a, b, n, c, slots));
    },
    // The workers write their chunks' results here too.
    new Float64Array(new SharedArrayBuffer(8 * 3 * chunks)),
  );
  return {
    ...passes,
    release(): void {
      base.release();
      // The workers drop their instance, so that the memory can be freed (no chunks to wait for).
      team.run(TASK, 'forget', null, 0, () => undefined);
    },
  };
}

/** The SIMD passes of `vectors` shared by `team`: the workers instantiate the module on the same memory. */
export function teamPasses(team: Team, vectors: WasmVectors): VectorPasses {
  const { kernel, n, n4, ranges, base } = vectors;
  return sharedPasses(team, n, ranges, base, (V) => ({ memory: kernel.memory, n4, v: V.map((a) => a.byteOffset / (8 * n4)) }));
}

/** The JavaScript passes over vectors of length n in SharedArrayBuffers, shared by `team` (the workers get the vectors). */
export function teamJsPasses(team: Team, n: number): VectorPasses {
  const base = jsPasses(n);
  return sharedPasses(team, n, jsRanges, base, (V) => ({ arrays: V }));
}

/**
 * The passes of one solve over `count` vectors of length n: SIMD where available (`simd`),
 * shared with the process's team from TEAM_MIN_LENGTH elements, else on this thread; the
 * JavaScript passes (shared the same way) where SIMD is unavailable or the vectors would not fit
 * one wasm memory (MAX_BYTES). All give the same bits.
 */
export function solvePasses(n: number, count: number, simd: boolean): VectorPasses {
  const team = n >= TEAM_MIN_LENGTH ? sharedTeam() : null;
  const v = simd ? wasmVectors(n, count) : null;
  if (v === null) return team === null ? jsPasses(n) : teamJsPasses(team, n);
  return team === null ? chunkedPasses(v.ranges, n, v.base) : teamPasses(team, v);
}
