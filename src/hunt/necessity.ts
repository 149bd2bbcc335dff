/**
 * Assumption necessity: for each assumption of a claim, a hunt outside it and inside the others
 * (`--drop-assumption NAME`). Three outcomes, never "proved":
 *
 * - `necessary`: a certified counterexample there (the claim's conclusion fails without it);
 * - `undefined`: every instance outside it has predictions that are not real numbers (the
 *   statement's closed forms need the assumption to mean anything, e.g. zhu2021's common n);
 * - `not-shown`: no counterexample in the instances tried; it may be superfluous.
 *
 * `ncverify run` builds a table per claim from a small, deterministic budget (edges first, no
 * shrinking), one shard unit per claim (src/report/shard.ts).
 */
import type { Theorem } from '../engine/theorem.ts';
import { deriveSeed } from '../random.ts';
import { huntClaim, type HuntOptions } from './hunt.ts';

export type NecessityOutcome = 'necessary' | 'undefined' | 'not-shown';

export interface NecessityRow {
  readonly assumption: string;
  readonly expression: string;
  readonly outcome: NecessityOutcome;
  /** Instances solved outside the assumption. */
  readonly instances: number;
  /** Instances outside it whose predictions were not real numbers (not solved). */
  readonly undefinedPredictions: number;
  /** One line: what was shown. */
  readonly message: string;
  /** The counterexample, when one was found (unshrunk in a run's table). */
  readonly counterexample?: {
    /** The problem's instance (unknown to the report schema, as an InstanceResult's is: each problem has its own fields). */
    readonly instance: unknown;
    readonly kind: string;
    readonly objective?: number;
    readonly claimedOptimum?: number;
    readonly reason: string;
  };
}

export interface NecessityResult {
  readonly claim: string;
  readonly seed: number;
  /** Instances per assumption at most. */
  readonly budget: number;
  readonly rows: readonly NecessityRow[];
  readonly seconds: number;
}

export interface NecessityOptions {
  readonly seed: number;
  /** Solved instances per assumption. @defaultValue 2 */
  readonly instances?: number;
  /** Re-checks to shrink a counterexample. @defaultValue 0 (a run's table does not shrink) */
  readonly shrinkChecks?: number;
  readonly starts?: HuntOptions['starts'];
  /** The phases of each hunt. @defaultValue ['edges', 'random'] */
  readonly phases?: HuntOptions['phases'];
}

export function necessityTable(thm: Theorem, options: NecessityOptions): NecessityResult {
  const t0 = performance.now();
  const budget = options.instances ?? 2;
  const rows = Object.entries(thm.assumptions).map(([name, expression], k): NecessityRow => {
    const r = huntClaim(thm, {
      dropAssumption: name,
      seed: deriveSeed(options.seed, k),
      instances: budget,
      shrinkChecks: options.shrinkChecks ?? 0,
      phases: options.phases ?? ['edges', 'random'],
      population: budget,
      starts: options.starts,
    });
    const c = r.counterexamples[0];
    const base = { assumption: name, expression, instances: r.summary.instances, undefinedPredictions: r.summary.undefinedPredictions };
    if (c) {
      return {
        ...base,
        outcome: 'necessary',
        message: `a certified counterexample outside it (${c.kind}): ${c.reason}`,
        counterexample: {
          instance: c.instance,
          kind: c.kind,
          ...(c.objective !== undefined ? { objective: c.objective } : {}),
          ...(c.claimedOptimum !== undefined ? { claimedOptimum: c.claimedOptimum } : {}),
          reason: c.reason,
        },
      };
    }
    if (r.summary.instances === 0 && r.summary.undefinedPredictions > 0) {
      return {
        ...base,
        outcome: 'undefined',
        message: `the predictions are not real numbers outside it (${r.summary.undefinedPredictions} instances): the statement needs it`,
      };
    }
    const errors = r.summary.errors > 0 ? `; ${r.summary.errors} raised an error in the claim's code (${r.errors[0].message})` : '';
    if (r.summary.instances === 0) {
      return {
        ...base,
        outcome: 'not-shown',
        message: `no instance outside it could be solved: the instance space and the claim's generators produced none${errors}`,
      };
    }
    return {
      ...base,
      outcome: 'not-shown',
      message: `no counterexample in ${r.summary.instances} instances outside it: it may be superfluous (not proved)${errors}`,
    };
  });
  return { claim: thm.id, seed: options.seed, budget, rows, seconds: (performance.now() - t0) / 1000 };
}
