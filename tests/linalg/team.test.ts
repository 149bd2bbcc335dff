import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.ts';
import { setSolveThreads, sharedTeam } from '../../src/linalg/team.ts';
import { claimChunk, CLAIM } from '../../src/linalg/team-protocol.ts';
import { ufmCeObjective, type UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import { chunkCount } from '../../src/problems/ufm-ce/kernels.ts';
import { lbfgs } from '../../src/solvers/lbfgs.ts';
import { chunkedPasses, jsPasses, vectorChunks } from '../../src/solvers/lbfgs-passes.ts';
import { wasmVectors } from '../../src/solvers/wasm/lbfgs-f64x2.ts';
import { TEAM_MIN_LENGTH, teamJsPasses, teamPasses } from '../../src/solvers/wasm/lbfgs-team.ts';

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

  for (const kind of ['SIMD', 'JavaScript'] as const) {
    it(`the L-BFGS vector passes (${kind}): 1 and 2 threads give the same bits, the worker taking chunks`, async () => {
      const n = TEAM_MIN_LENGTH + 7; // a short last chunk with a tail of 3
      const chunks = vectorChunks(n);
      setSolveThreads(2);
      const team = sharedTeam()!;
      let one, two;
      if (kind === 'SIMD') {
        const oneV = wasmVectors(n, 7)!;
        const twoV = wasmVectors(n, 7)!;
        one = chunkedPasses(oneV.ranges, n, oneV.base);
        two = teamPasses(team, twoV);
        expect(two.simd).toBe(true);
      } else {
        one = jsPasses(n);
        two = teamJsPasses(team, n);
        expect(two.simd).toBe(false);
      }
      expect(two.threads).toBe(2);
      const rng = new Rng(9);
      const A = Array.from({ length: 7 }, () => one.vector());
      const B = Array.from({ length: 7 }, () => two.vector());
      for (let i = 0; i < 7; i++) {
        A[i].set(rng.normalArray(n, 10 ** (i - 3)));
        B[i].set(A[i]);
      }
      const same = (a: Float64Array, b: Float64Array): boolean =>
        Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
      let joined = 0;
      const seen = (): void => {
        if (team.lastLocalChunks < chunks) joined++;
      };
      for (let i = 0; i < 500 && team.lastLocalChunks >= chunks; i++) {
        two.dot(B[0], B[1]);
        await new Promise((r) => setTimeout(r, 10));
      }
      for (let rep = 0; rep < 5; rep++) {
        expect(Object.is(two.dot(B[0], B[1]), one.dot(A[0], A[1]))).toBe(true);
        seen();
        expect(Object.is(two.scaleDot(-0.7, B[0], B[2], B[1]), one.scaleDot(-0.7, A[0], A[2], A[1]))).toBe(true);
        seen();
        for (const gamma of [1, 1.3]) {
          expect(Object.is(two.axpyDot(gamma, 0.3, B[3], B[2], B[4]), one.axpyDot(gamma, 0.3, A[3], A[2], A[4]))).toBe(true);
          seen();
        }
        two.axpyInto(B[0], 0.25, B[2], B[5]);
        one.axpyInto(A[0], 0.25, A[2], A[5]);
        const o1 = new Float64Array(3);
        const o2 = new Float64Array(3);
        two.correctionPair(B[5], B[0], B[4], B[1], B[0], B[6], o2);
        seen();
        one.correctionPair(A[5], A[0], A[4], A[1], A[0], A[6], o1);
        expect(Array.from(o2)).toEqual(Array.from(o1));
        for (let i = 0; i < 7; i++) expect(same(B[i], A[i])).toBe(true);
      }
      expect(joined).toBeGreaterThan(0);
      one.release();
      two.release();
    });
  }
});
