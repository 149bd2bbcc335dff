/**
 * A hunt's counterexample as a replayable fixture, in the format of tests/fixtures/counterexamples/
 * (tests/fixtures/replay.test.ts replays every file there): the claim, the instance, the expected
 * verdict, the solver seed and why it is kept. Two optional fields say how to replay what a
 * plain `check` would not reproduce: `starts: "hunt"` (the point came from a hunt's extra start,
 * src/hunt/starts.ts) and `dropAssumption` (the claim with that assumption removed).
 */
import type { Counterexample, InstanceResult } from '../engine/verdict.ts';
import type { InstanceBase } from '../problems/problem.ts';

export interface CounterexampleFixture {
  readonly claim: string;
  readonly instance: InstanceBase;
  readonly expect: 'fail';
  /** The solver sub-seed of the replay (checkInstance's `seed`). */
  readonly seed: number;
  readonly why: string;
  /** `hunt`: replay with the hunt's starts (huntCheckOptions); absent: a plain check's random starts reproduce it. */
  readonly starts?: 'hunt';
  /** Replay the claim with this assumption removed (a necessity counterexample). */
  readonly dropAssumption?: string;
  /** The hunt's seed and the instance's index: `check --instance X --seed huntSeed --index index` solves with `seed`. */
  readonly huntSeed: number;
  readonly index: number;
}

/**
 * The start that decided a fail: the lowest start for a point below the optimum, the start of a
 * spurious minimum or of the first violated check; null for a fail decided before any solve.
 */
export function decidingStart(r: InstanceResult): { readonly start: number; readonly kind: string } | null {
  const cx = r.counterexample;
  if (!cx) return null;
  const at = (i: number | undefined) => {
    const s = i === undefined ? undefined : r.starts.find((x) => x.start === i);
    return s ? { start: s.start, kind: s.kind ?? 'random' } : null;
  };
  const kinds: Counterexample['kind'][] = ['below-optimum', 'spurious-minimum'];
  if (kinds.includes(cx.kind)) {
    const s = r.starts.find((x) => x.objective === cx.objective);
    return s ? { start: s.start, kind: s.kind ?? 'random' } : null;
  }
  if (cx.kind === 'structure') return at(r.checks.find((c) => !c.ok && c.start !== null)?.start ?? undefined);
  return null;
}

/** Whether a plain `check` (its `claimStarts` random starts, same seed) reproduces the fail. */
export function plainCheckReproduces(r: InstanceResult, claimStarts: number): boolean {
  const d = decidingStart(r);
  if (r.counterexample && ['impossible', 'inconsistent', 'reduction'].includes(r.counterexample.kind)) return true;
  return d !== null && d.kind === 'random' && d.start < claimStarts;
}
