/**
 * `checkClaim` spread over worker threads. The instances, their order and their seeds are those
 * of `checkClaim` (src/engine/check.ts), so the verdicts are the same for any thread count;
 * `onResult` is called in instance order (results that finish early wait for their turn).
 */
import { catalogue } from '../../theorems/index.ts';
import { checkClaim, claimResult, sampleInstances } from '../engine/check.ts';
import { deriveSeed } from '../random.ts';
import type { Theorem } from '../engine/theorem.ts';
import type { ClaimResult, InstanceResult } from '../engine/verdict.ts';
import { CheckPool, defaultWorkerCount } from './pool.ts';
import { BULK_MIN_WORK, type BulkDescent } from '../backends/bulk-descent.ts';
import { BudgetExceeded, undecidedResult, type TimeBudget } from '../engine/budget.ts';

export interface ParallelCheckOptions {
  readonly instances: number;
  readonly seed: number;
  /** Worker threads; 1 checks in this thread. @defaultValue one per core */
  readonly workers?: number;
  /** The user theorem file that defines `thm`, if it is not built in (workers load it by path). */
  readonly theoremsFile?: string;
  readonly recordHistory?: boolean;
  readonly recordGram?: boolean;
  /** Check only the instances whose index passes (a shard); as in checkClaim, indices and seeds do not move. */
  readonly only?: (index: number) => boolean;
  readonly onResult?: (r: InstanceResult) => void;
  /** A pool to reuse across claims (its size wins over `workers`). */
  readonly pool?: CheckPool;
  /** Float32 bulk descent for instances above its threshold (each worker loads the same backend). */
  readonly bulk?: BulkDescent;
  /** The time budget (`--timeout`): checks still running at the deadline are stopped, the rest not started; both are reported undecided. */
  readonly budget?: TimeBudget;
}

/**
 * Whether worker threads can rebuild `thm` from its id: a built-in claim, or one from a
 * theorem file. A claim object assembled in code (e.g. a test's modified claim) cannot be sent
 * to a thread, and is checked in this thread instead.
 */
export function canRunInWorkers(thm: Theorem, theoremsFile?: string): boolean {
  return theoremsFile !== undefined || catalogue.theorems.some((t) => t === thm);
}

/**
 * Threads per solve when `workers` threads check `instances` instances: the instances are
 * spread over the workers first, and the workers they leave idle share the solves (a claim with
 * one instance on two cores: one solve on both). Solves too small to gain stay on one thread
 * whatever this says (src/linalg/team.ts), and the results are the same either way.
 */
export function solveThreadsFor(workers: number, instances: number): number {
  return Math.max(1, Math.floor(workers / Math.max(1, Math.min(workers, instances))));
}

export async function checkClaimParallel(thm: Theorem, options: ParallelCheckOptions): Promise<ClaimResult> {
  const workers = options.pool?.size ?? options.workers ?? defaultWorkerCount();
  const budget = options.budget;
  // With a budget every check goes to a thread (even one), which the pool can terminate at the
  // deadline; a claim that cannot be sent to a thread is checked here, between instances only.
  const inThreads = canRunInWorkers(thm, options.theoremsFile) && (budget !== undefined || (workers > 1 && options.instances > 1));
  if (!inThreads) {
    // One instance (or a claim that stays in this thread): its solves may use every core allowed.
    return checkClaim(thm, {
      solveThreads: solveThreadsFor(workers, options.instances),
      instances: options.instances,
      seed: options.seed,
      recordHistory: options.recordHistory,
      recordGram: options.recordGram,
      onResult: options.onResult,
      only: options.only,
      bulk: options.bulk,
      budget,
    });
  }
  const t0 = performance.now();
  const sampled = sampleInstances(thm, options.instances, options.seed);
  const chosen = sampled.map((_, i) => i).filter((i) => !options.only || options.only(i));
  const pool = options.pool ?? new CheckPool(Math.max(1, Math.min(workers, chosen.length)));
  const solveThreads = solveThreadsFor(workers, chosen.length);
  const results = new Array<InstanceResult>(chosen.length);
  let reported = 0;
  const flush = (): void => {
    // (Not `onResult?.(results[reported++])`: optional chaining would skip the increment too.)
    while (reported < results.length && results[reported] !== undefined) {
      const r = results[reported++];
      options.onResult?.(r);
    }
  };
  try {
    await Promise.all(
      chosen.map(async (i, slot) => {
        try {
          results[slot] = await pool.check(
            {
              claimId: thm.id,
              theoremsFile: options.theoremsFile,
              instance: sampled[i],
              index: i,
              seed: deriveSeed(options.seed, i),
              recordHistory: options.recordHistory,
              recordGram: options.recordGram,
              solveThreads,
              ...(options.bulk ? { bulk: { backend: options.bulk.backend.name, minWork: options.bulk.minWork ?? BULK_MIN_WORK } } : {}),
            },
            budget,
          );
        } catch (e) {
          // Stopped (or never started) at the deadline: not decided, said so; any other error stops the run.
          if (!(e instanceof BudgetExceeded)) throw e;
          results[slot] = undecidedResult(thm, sampled[i], i, e.budget, e.started);
        }
        flush();
      }),
    );
  } finally {
    if (!options.pool) await pool.close();
  }
  return claimResult(thm, options.seed, results, (performance.now() - t0) / 1000);
}
