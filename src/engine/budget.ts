/**
 * A time budget (`--timeout`): a deadline on the monotonic clock that long loops look at
 * between units of work (instances, planted variants, studies, solver starts), and that the
 * worker pool enforces inside a unit by terminating the thread that runs past it
 * (src/parallel/pool.ts). What was decided before the deadline is kept; what was not is
 * reported as not decided, never guessed.
 */
import type { Theorem } from './theorem.ts';
import type { InconclusiveResult } from './verdict.ts';
import type { InstanceBase } from '../problems/problem.ts';

export interface TimeBudget {
  /** performance.now() value at which the budget runs out. */
  readonly deadline: number;
  /** The budget as given, in seconds (for messages). */
  readonly seconds: number;
}

/** A budget of `seconds` from now; undefined (no budget) stays undefined. */
export function timeBudget(seconds: number | undefined, now: number = performance.now()): TimeBudget | undefined {
  return seconds === undefined ? undefined : { deadline: now + seconds * 1000, seconds };
}

/** Whether the budget has run out (never, without one). */
export function expired(budget: TimeBudget | undefined, now: number = performance.now()): boolean {
  return budget !== undefined && now >= budget.deadline;
}

/** A check was stopped, or not started, because the time budget ran out. */
export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
  /** `started`: the check was running (and was stopped), not waiting. */
  constructor(
    readonly budget: TimeBudget,
    readonly started = false,
  ) {
    super(`the --timeout budget of ${budget.seconds} s ran out`);
  }
}

/** The result of an instance the budget left undecided: inconclusive, marked `stoppedBy`, nothing measured. */
export function undecidedResult(thm: Theorem, instance: InstanceBase, index: number, budget: TimeBudget, started: boolean): InconclusiveResult {
  return {
    index,
    instance,
    summary: thm.problem.summarize(instance),
    reason: `not decided: the --timeout budget of ${budget.seconds} s ran out ${started ? 'while this instance was being checked' : 'before this instance was checked'}`,
    predictions: {},
    checks: [],
    worst: null,
    starts: [],
    seconds: 0,
    verdict: 'inconclusive',
    certificate: null,
    stoppedBy: 'timeout',
  };
}
