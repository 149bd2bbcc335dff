import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../theorems/index.ts';
import type { ClaimResult } from '../../src/engine/verdict.ts';
import { canRunInWorkers, checkClaimParallel, solveThreadsFor } from '../../src/parallel/check-parallel.ts';
import { setSolveThreads, solveThreads, withSolveThreads } from '../../src/linalg/team.ts';
import { CheckPool } from '../../src/parallel/pool.ts';

const thm = catalogue.theorem('zhu2021.global');
const fingerprint = (r: ClaimResult) =>
  r.results.map((x) => ({
    index: x.index,
    verdict: x.verdict,
    reason: x.reason,
    objective: x.certificate?.objective,
    starts: x.starts.map((s) => s.objective),
  }));

describe('instances spread over worker threads', () => {
  const pool = new CheckPool(2);
  afterAll(() => pool.close());

  it('gives the same verdicts, reasons and objectives with 1 and 2 workers for the same seed', async () => {
    const order: number[] = [];
    const one = await checkClaimParallel(thm, { instances: 4, seed: 9, workers: 1 });
    const two = await checkClaimParallel(thm, { instances: 4, seed: 9, pool, onResult: (r) => order.push(r.index) });
    expect(fingerprint(two)).toEqual(fingerprint(one));
    expect(two.summary).toEqual(one.summary);
    // Results are reported in instance order whatever order the threads finish in.
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('finishes without an onResult callback (a --json run)', async () => {
    const r = await checkClaimParallel(thm, { instances: 2, seed: 7, pool });
    expect(r.results.map((x) => x.index)).toEqual([0, 1]);
  });

  it('checks claims assembled in code in this thread (they cannot be sent to a worker)', () => {
    expect(canRunInWorkers(thm)).toBe(true);
    expect(canRunInWorkers({ ...thm })).toBe(false);
  });

  it('rejects with the worker error when a claim id is unknown', async () => {
    await expect(pool.check({ claimId: 'nosuch.claim', instance: { problem: 'ufm-ce' }, index: 0, seed: 1 })).rejects.toThrow(/nosuch\.claim/);
  });

  it('spreads instances first and gives idle workers to the solves', () => {
    expect(solveThreadsFor(2, 1)).toBe(2);
    expect(solveThreadsFor(2, 2)).toBe(1);
    expect(solveThreadsFor(2, 8)).toBe(1);
    expect(solveThreadsFor(8, 3)).toBe(2);
    expect(solveThreadsFor(1, 1)).toBe(1);
    expect(solveThreadsFor(4, 0)).toBe(4);
  });

  it('withSolveThreads sets the threads per solve for its call only; NCVERIFY_THREADS wins', () => {
    const env = process.env.NCVERIFY_THREADS;
    try {
      delete process.env.NCVERIFY_THREADS;
      setSolveThreads(1);
      expect(withSolveThreads(2, () => solveThreads())).toBe(Math.min(2, availableParallelism()));
      expect(solveThreads()).toBe(1);
      expect(() =>
        withSolveThreads(2, () => {
          throw new Error('x');
        }),
      ).toThrow('x');
      expect(solveThreads()).toBe(1);
      process.env.NCVERIFY_THREADS = '1';
      expect(withSolveThreads(2, () => solveThreads())).toBe(1);
    } finally {
      if (env === undefined) delete process.env.NCVERIFY_THREADS;
      else process.env.NCVERIFY_THREADS = env;
      setSolveThreads(1);
    }
  });
});
