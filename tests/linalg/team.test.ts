import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.ts';
import { setSolveThreads, sharedTeam } from '../../src/linalg/team.ts';
import { claimChunk, CLAIM } from '../../src/linalg/team-protocol.ts';
import { ufmCeObjective, type UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import { chunkCount } from '../../src/problems/ufm-ce/kernels.ts';
import { lbfgs } from '../../src/solvers/lbfgs.ts';

const shared = (n: number) => new Float64Array(new SharedArrayBuffer(8 * n));
const instance = (K: number, nk: number, d: number): UfmCeInstance => ({
  problem: 'ufm-ce',
  K,
  n: Array.from({ length: K }, (_, k) => (k < K / 2 ? 3 * nk : nk)),
  d,
  lambdaW: 5e-4,
  lambdaH: 5e-4,
  lambdaB: 1e-3,
  bias: true,
});

/** Evaluates until the team's worker has taken part (it starts asynchronously), at most ~5 s. */
async function untilWorkerJoins(chunks: number, evaluate: () => void): Promise<void> {
  for (let i = 0; i < 500; i++) {
    evaluate();
    const team = sharedTeam()!;
    if (team.lastLocalChunks < chunks) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the team worker never took a chunk');
}

describe('thread team (src/linalg/team.ts)', () => {
  afterEach(() => setSolveThreads(1));

  it('a claim fails once its generation has moved on, and past the chunk count', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(32));
    ctrl[CLAIM] = (7 & 0x7fff) << 16;
    expect(claimChunk(ctrl, 7, 2)).toBe(0);
    expect(claimChunk(ctrl, 7, 2)).toBe(1);
    expect(claimChunk(ctrl, 7, 2)).toBe(-1);
    ctrl[CLAIM] = (8 & 0x7fff) << 16;
    expect(claimChunk(ctrl, 7, 2)).toBe(-1);
    expect(claimChunk(ctrl, 8, 2)).toBe(0);
  });

  it('ufm-ce value and gradient: 1 and 2 threads give the same bits', async () => {
    const inst = instance(40, 100, 48); // N = 8000: 16 chunks, K d N above TEAM_MIN_WORK
    const obj = ufmCeObjective(inst, 'full');
    expect(chunkCount(8000)).toBe(16);
    const x = shared(obj.size);
    x.set(new Rng(3).normalArray(obj.size, 0.7));
    const g1 = shared(obj.size);
    setSolveThreads(1);
    const f1 = obj.value(x, g1);
    setSolveThreads(2);
    const g2 = shared(obj.size);
    let f2 = NaN;
    await untilWorkerJoins(16, () => {
      g2.fill(NaN);
      f2 = obj.value(x, g2);
    });
    expect(sharedTeam()!.lastLocalChunks).toBeLessThan(chunkCount(8000));
    expect(f2).toBe(f1);
    expect(Buffer.from(g2.buffer).equals(Buffer.from(g1.buffer))).toBe(true);
    // The value alone (no gradient) too, and a point outside shared memory runs on this thread.
    expect(obj.value(x)).toBe(f1);
    const g3 = new Float64Array(obj.size);
    expect(obj.value(Float64Array.from(x), g3)).toBe(f1);
    expect(Array.from(g3)).toEqual(Array.from(g1));
  });

  it('an L-BFGS solve: 1 and 2 threads give the same iterates', async () => {
    const inst = instance(20, 200, 64); // N = 8000, K d N above TEAM_MIN_WORK
    const obj = ufmCeObjective(inst, 'full');
    const x0 = new Rng(5).normalArray(obj.size, 0.5);
    const fg = (x: Float64Array, g: Float64Array) => obj.value(x, g);
    setSolveThreads(1);
    const one = lbfgs(fg, x0, { gtol: 1e-9, maxIterations: 25, recordHistory: true });
    setSolveThreads(2);
    await untilWorkerJoins(16, () => obj.value(shared(obj.size).fill(0.1), shared(obj.size)));
    const two = lbfgs(fg, x0, { gtol: 1e-9, maxIterations: 25, recordHistory: true });
    expect(two.iterations).toBe(one.iterations);
    expect(two.history).toEqual(one.history);
    expect(Array.from(two.x)).toEqual(Array.from(one.x));
  });
});
