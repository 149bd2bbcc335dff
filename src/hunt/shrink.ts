/**
 * Shrinking a counterexample to the smallest instance that still fails, greedily as fast-check
 * shrinks: the space proposes smaller instances, most aggressive first (fewer classes, samples,
 * layers, dimensions; reals rounded to 2 then 3 significant digits; src/instances/space.ts); the
 * first one that is still in the same region and still fails, with a counterexample of the same
 * kind, is taken and shrinking starts again from it. Every candidate is re-solved and
 * re-certified by the engine; a candidate whose verdict is anything but that fail (a pass, an
 * inconclusive solve, another kind of fail) is recorded and not taken. Bounded by a number of
 * re-checks and a deadline.
 */
import type { InstanceResult } from '../engine/verdict.ts';
import type { InstanceBase } from '../problems/problem.ts';
import type { InstanceSpace } from '../instances/space.ts';

/** One candidate the shrinker tried. */
export interface ShrinkAttempt {
  /** What the candidate changed, e.g. "K 4 -> 3 (class 4 dropped)". */
  readonly step: string;
  /** Its index in the space's list of candidates for the instance it shrank (the fast-check-like path). */
  readonly candidate: number;
  /** The engine's verdict on it; `outside` when it left the region (nothing was solved). */
  readonly verdict: InstanceResult['verdict'] | 'outside';
  /** Whether the shrinker moved to it (only a fail of the same kind is taken). */
  readonly taken: boolean;
  readonly kind?: string;
}

export interface ShrinkOptions {
  /** Re-solves and certifies an instance (the hunt's check, with its starts and seeds). */
  readonly check: (instance: InstanceBase) => InstanceResult;
  /** Whether a candidate is still in the hunt's region (its assumptions). */
  readonly contains: (instance: InstanceBase) => boolean;
  /** The most re-checks. @defaultValue 60 */
  readonly maxChecks?: number;
  /** Stop once this returns false (a time budget). */
  readonly more?: () => boolean;
  /** Called after every attempt (progress). */
  readonly onAttempt?: (a: ShrinkAttempt) => void;
}

export interface ShrinkResult {
  readonly instance: InstanceBase;
  /** The engine's result on the shrunk instance (a fail of the original kind). */
  readonly result: InstanceResult;
  /** Every candidate tried, taken or not, in order. */
  readonly attempts: readonly ShrinkAttempt[];
  /** The steps taken, in order. */
  readonly steps: readonly string[];
  /** Candidate indices of the steps taken, joined by ":" (like fast-check's path). */
  readonly path: string;
  readonly checks: number;
  /** Why shrinking stopped. */
  readonly stoppedBy: 'smallest' | 'checks' | 'budget';
}

export function shrinkCounterexample(
  space: InstanceSpace,
  start: { readonly instance: InstanceBase; readonly result: InstanceResult },
  options: ShrinkOptions,
): ShrinkResult {
  const kind = start.result.counterexample?.kind;
  if (start.result.verdict !== 'fail' || !kind) throw new Error('shrinkCounterexample: the starting instance must be a fail');
  const maxChecks = options.maxChecks ?? 60;
  const seen = new Set<string>([JSON.stringify(start.instance)]);
  const attempts: ShrinkAttempt[] = [];
  const steps: string[] = [];
  const path: number[] = [];
  let current = start;
  let checks = 0;
  let stoppedBy: ShrinkResult['stoppedBy'] = 'smallest';
  const record = (a: ShrinkAttempt) => {
    attempts.push(a);
    options.onAttempt?.(a);
  };
  outer: for (;;) {
    const candidates = space.shrink(current.instance);
    for (const [i, c] of candidates.entries()) {
      const key = JSON.stringify(c.instance);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!options.contains(c.instance)) {
        record({ step: c.step, candidate: i, verdict: 'outside', taken: false });
        continue;
      }
      if (checks >= maxChecks) {
        stoppedBy = 'checks';
        break outer;
      }
      if (options.more && !options.more()) {
        stoppedBy = 'budget';
        break outer;
      }
      const r = options.check(c.instance);
      checks++;
      const taken = r.verdict === 'fail' && r.counterexample?.kind === kind;
      record({ step: c.step, candidate: i, verdict: r.verdict, taken, ...(r.counterexample ? { kind: r.counterexample.kind } : {}) });
      if (taken) {
        current = { instance: c.instance, result: r };
        steps.push(c.step);
        path.push(i);
        continue outer;
      }
    }
    break;
  }
  return { instance: current.instance, result: current.result, attempts, steps, path: path.join(':'), checks, stoppedBy };
}
