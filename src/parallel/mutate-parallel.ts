/**
 * `runMutations` (src/engine/mutate.ts) with the planted variants spread over a worker pool:
 * each variant's instances are still checked in order (stopping at the first fail that counts),
 * variants run side by side. Each worker rebuilds the variant from the claim by its position
 * in plantedVariants, and the instances and seeds are those of runMutations, so the result is
 * the same for any thread count. With a budget, a check running at the deadline is stopped
 * (its thread terminated) and the variants not decided by then are named in `notRun`.
 */
import { BudgetExceeded } from '../engine/budget.ts';
import { mutateResult, mutationJobs, VariantRun, type MutateOptions, type MutateResult, type VariantResult } from '../engine/mutate.ts';
import type { Theorem } from '../engine/theorem.ts';
import { deriveSeed } from '../random.ts';
import type { CheckPool } from './pool.ts';

export interface PoolMutateOptions extends MutateOptions {
  readonly pool: CheckPool;
  /** The user theorem file that defines the claim, when it is not built in. */
  readonly theoremsFile?: string;
}

export async function runMutationsInPool(thm: Theorem, options: PoolMutateOptions): Promise<MutateResult> {
  const jobs = mutationJobs(thm, options);
  const results = new Array<VariantResult | null | undefined>(jobs.length);
  let reported = 0;
  // onVariant in variant order, whatever order they finish in.
  const flush = (): void => {
    while (reported < results.length && results[reported] !== undefined) {
      const r = results[reported++];
      if (r) options.onVariant?.(r);
    }
  };
  await Promise.all(
    jobs.map(async (job, k) => {
      const run = new VariantRun(thm, job);
      let decided = true;
      for (const [i, inst] of job.ranked.entries()) {
        try {
          const r = await options.pool.check(
            {
              claimId: thm.id,
              theoremsFile: options.theoremsFile,
              variant: { index: job.index, name: job.variant.name },
              instance: inst,
              index: i,
              seed: deriveSeed(options.seed, i),
            },
            options.budget,
          );
          if (run.add(i, r)) break;
        } catch (e) {
          if (!(e instanceof BudgetExceeded)) throw e;
          decided = false;
          break;
        }
      }
      results[k] = decided ? run.result() : null;
      flush();
    }),
  );
  return mutateResult(
    thm,
    options.seed,
    jobs,
    results.map((r) => r ?? null),
  );
}
