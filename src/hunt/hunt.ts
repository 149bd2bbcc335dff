/**
 * `ncverify hunt`: spends a budget looking for a certified counterexample to one claim (or,
 * with a dropped assumption, for one that shows the assumption necessary), in this order:
 *
 * 1. edge instances (src/hunt/edges.ts): every assumption at its boundary and one step inside,
 *    every closed-form threshold times 1 -+ 1e-3, every parameter at its extremes;
 * 2. then, alternating until the budget is spent: a generation of the cross-entropy search over
 *    the problem's instance space, maximising the violation score (src/hunt/cross-entropy.ts,
 *    score.ts), and a block of the claim's own fast-check arbitrary (run by fast-check, which
 *    shrinks a failure with its own shrinkers and prints its seed and path).
 *
 * Every instance is solved with the hunt's richer starts (src/hunt/starts.ts) and judged by the
 * engine: only the engine's `fail` is a counterexample; an uncertified solve is inconclusive and
 * counts as such. A fail is shrunk (fast-check's shrinkers where it came from the arbitrary, then
 * the space's: src/hunt/shrink.ts), every step re-certified, and returned with its replayable
 * fixture (src/hunt/fixture.ts).
 */
import fc from 'fast-check';
import { checkInstance } from '../engine/check.ts';
import type { Theorem } from '../engine/theorem.ts';
import type { InstanceResult } from '../engine/verdict.ts';
import type { InstanceBase } from '../problems/problem.ts';
import { Rng, deriveSeed } from '../random.ts';
import { spaceFor } from '../instances/spaces.ts';
import type { SpacePoint } from '../instances/space.ts';
import { HuntBudget } from './budget.ts';
import { CrossEntropySearch } from './cross-entropy.ts';
import { basePoints, edgeInstances } from './edges.ts';
import { decidingStart, plainCheckReproduces, type CounterexampleFixture } from './fixture.ts';
import { predictionsDefined, regionOf, type Region } from './region.ts';
import { violationScore } from './score.ts';
import { shrinkCounterexample, type ShrinkAttempt } from './shrink.ts';
import { instanceIndex, instanceSeed } from './seeds.ts';
import { claimStarts, huntCheckOptions, type HuntStartOptions } from './starts.ts';

export type HuntPhase = 'edges' | 'adaptive' | 'random';

export interface HuntOptions {
  /** @defaultValue 1 */
  readonly seed?: number;
  /** Stop the search after this many solved instances. */
  readonly instances?: number;
  /** Stop the search after this many seconds. Without either budget: 180 s. */
  readonly seconds?: number;
  /** Hunt outside this assumption (and inside the others). */
  readonly dropAssumption?: string;
  /** Stop after this many counterexamples. @defaultValue 1 */
  readonly maxCounterexamples?: number;
  /** Re-checks a shrink may use per counterexample (0: no shrinking). @defaultValue 60 */
  readonly shrinkChecks?: number;
  /** Edge instances at most. @defaultValue 48 */
  readonly edgeLimit?: number;
  /** Instances per cross-entropy generation and per block of the arbitrary. @defaultValue 8 */
  readonly population?: number;
  /** The phases to run. @defaultValue all */
  readonly phases?: readonly HuntPhase[];
  readonly starts?: HuntStartOptions;
  /** Progress. */
  readonly onEvent?: (e: HuntEvent) => void;
  /** Clock in ms (tests). */
  readonly now?: () => number;
}

export type HuntEvent =
  | { readonly type: 'phase'; readonly phase: HuntPhase; readonly detail: string }
  | {
      readonly type: 'instance';
      readonly phase: HuntPhase;
      readonly number: number;
      readonly result: InstanceResult;
      readonly score: number;
      readonly why?: string;
      readonly progress: HuntProgress;
    }
  | { readonly type: 'counterexample'; readonly counterexample: HuntCounterexample }
  | { readonly type: 'shrink'; readonly attempt: ShrinkAttempt };

export interface HuntProgress {
  readonly instances: number;
  readonly fail: number;
  readonly inconclusive: number;
  /** The best violation score so far (log10 of the largest fail ratio; >= 0 means a fail). */
  readonly best: number;
  readonly secondsLeft: number;
  readonly instancesLeft: number;
}

export interface HuntCounterexample {
  readonly claim: string;
  readonly droppedAssumption?: string;
  readonly kind: NonNullable<InstanceResult['counterexample']>['kind'];
  /** The shrunk instance. */
  readonly instance: InstanceBase;
  /** The instance the hunt found, before shrinking. */
  readonly shrunkFrom: InstanceBase;
  readonly objective?: number;
  readonly claimedOptimum?: number;
  /** The engine's reason on the shrunk instance. */
  readonly reason: string;
  readonly message: string;
  readonly phase: HuntPhase;
  /** Why an edge instance was tried. */
  readonly why?: string;
  /** Which solved instance of the hunt it was (1-based). */
  readonly found: number;
  readonly seed: number;
  /** The solver sub-seed of the shrunk instance, and its index (check --index). */
  readonly solverSeed: number;
  readonly index: number;
  /** "<found>" then the shrink candidates taken, "42:0:3:1", in the style of fast-check's path. */
  readonly path: string;
  /** Where fast-check found and shrank it: its seed and path (replayable with fc.check({ seed, path })). */
  readonly fastCheck?: { readonly seed: number; readonly path: string; readonly shrinks: number };
  readonly shrink: { readonly steps: readonly string[]; readonly attempts: readonly ShrinkAttempt[]; readonly checks: number; readonly stoppedBy: string };
  /** The start whose point is the counterexample; null for a fail decided before any solve. */
  readonly deciding: { readonly start: number; readonly kind: string } | null;
  readonly certificate: { readonly objective: number; readonly gradNorm: number; readonly minHessianEig: number; readonly stationarity: string } | null;
  /** Whether a plain `ncverify check` reproduces it (its random starts found it). */
  readonly plainCheck: boolean;
  /**
   * For a claimed minimiser that cannot exist (decided before any solve): the best certified point
   * of a solve of the same instance, whose value shows the claimed optimum is not attained either.
   */
  readonly corroboration?: { readonly objective: number; readonly claimedOptimum: number; readonly stationarity: string; readonly gradNorm: number };
  readonly fixture: CounterexampleFixture;
}

export interface HuntResult {
  readonly claim: string;
  readonly seed: number;
  readonly droppedAssumption?: string;
  readonly region: string;
  readonly budget: string;
  readonly summary: {
    /** Instances solved (and judged). */
    readonly instances: number;
    readonly fail: number;
    readonly inconclusive: number;
    readonly pass: number;
    /** Instances the engine skipped (never expected: every solved instance is inside the region). */
    readonly skipped: number;
    /** Instances a phase produced outside the region: not solved, not counted above. */
    readonly outside: number;
    /** Outside a dropped assumption, instances whose predictions are not real numbers: not solved. */
    readonly undefinedPredictions: number;
    /** Instances on which the claim's own functions threw (a harness defect to report, never a verdict). */
    readonly errors: number;
  };
  /** The first few of those errors, with their instances. */
  readonly errors: readonly { readonly instance: InstanceBase; readonly message: string }[];
  readonly phases: Readonly<Record<HuntPhase, number>>;
  readonly counterexamples: readonly HuntCounterexample[];
  /** The instance closest to failing, when none failed. */
  readonly best: { readonly score: number; readonly instance: InstanceBase; readonly summary: string; readonly reason: string } | null;
  readonly stoppedBy: 'counterexample' | 'budget' | 'exhausted';
  /** The problem's instance space, or null (the claim's arbitrary only). */
  readonly space: string | null;
  readonly seconds: number;
}

/** The claim's check of one instance in a hunt: the region's claim, the hunt's starts, the instance's own seed. */
export function huntCheck(thm: Theorem, region: Region, seed: number, starts?: HuntStartOptions): (instance: InstanceBase) => InstanceResult {
  return (instance) => checkInstance(region.target, instance, 0, huntCheckOptions(region.target, instanceSeed(seed, instance), starts));
}

export function huntClaim(thm: Theorem, options: HuntOptions = {}): HuntResult {
  const seed = options.seed ?? 1;
  const region = regionOf(thm, options.dropAssumption);
  const budget = new HuntBudget({
    instances: options.instances,
    seconds: options.seconds ?? (options.instances === undefined ? 180 : undefined),
    now: options.now,
  });
  const space = spaceFor(thm.problem.name);
  const phases = new Set(options.phases ?? ['edges', 'adaptive', 'random']);
  const maxCx = options.maxCounterexamples ?? 1;
  const population = options.population ?? 8;
  const check = huntCheck(thm, region, seed, options.starts);
  const emit = options.onEvent ?? (() => {});
  const counts = { instances: 0, fail: 0, inconclusive: 0, pass: 0, skipped: 0, outside: 0, undefinedPredictions: 0, errors: 0 };
  const errors: Array<{ instance: InstanceBase; message: string }> = [];
  /** The check, with an exception of the claim's code on an instance recorded instead of ending the hunt. */
  const safeCheck = (instance: InstanceBase): InstanceResult | null => {
    try {
      return check(instance);
    } catch (e) {
      counts.errors++;
      if (errors.length < 5) errors.push({ instance, message: (e as Error).message });
      return null;
    }
  };
  const perPhase: Record<HuntPhase, number> = { edges: 0, adaptive: 0, random: 0 };
  const counterexamples: HuntCounterexample[] = [];
  let best: HuntResult['best'] = null;
  let bestScore = -Infinity;
  const progress = (): HuntProgress => ({
    instances: counts.instances,
    fail: counts.fail,
    inconclusive: counts.inconclusive,
    best: bestScore,
    secondsLeft: budget.secondsLeft(),
    instancesLeft: budget.instancesLeft(),
  });
  const landscape = thm.kind === 'landscape';

  /** Solves one instance of the search (null: not solved, outside the region or undefined). */
  const evaluate = (instance: InstanceBase, phase: HuntPhase, why?: string): InstanceResult | null => {
    if (!region.contains(instance)) {
      counts.outside++;
      return null;
    }
    if (region.dropped !== undefined && !predictionsDefined(region.target, instance)) {
      counts.undefinedPredictions++;
      return null;
    }
    budget.spend();
    const r = safeCheck(instance);
    if (!r) return null;
    counts.instances++;
    perPhase[phase]++;
    counts[r.verdict]++;
    const score = violationScore(r, landscape);
    if (r.verdict !== 'fail' && score > bestScore) {
      bestScore = score;
      best = { score, instance, summary: r.summary, reason: r.reason };
    }
    if (r.verdict === 'fail') bestScore = Infinity;
    emit({ type: 'instance', phase, number: counts.instances, result: r, score, why, progress: progress() });
    return r;
  };

  // A counterexample found late still gets time to shrink: what is left of the budget, at least
  // half of it (at most a minute), beyond its end.
  const shrinkBudget = () =>
    new HuntBudget({
      seconds: options.seconds === undefined ? undefined : Math.max(budget.secondsLeft(), Math.min(60, options.seconds / 2)),
      now: options.now,
    });
  const shrinkFrom = (instance: InstanceBase, result: InstanceResult): ReturnType<typeof shrinkCounterexample> | null => {
    if (!space || (options.shrinkChecks ?? 60) === 0) return null;
    const sb = shrinkBudget();
    return shrinkCounterexample(
      space,
      { instance, result },
      {
        check: (i) =>
          safeCheck(i) ?? { ...result, verdict: 'inconclusive', reason: 'the claim threw on this instance', counterexample: undefined, certificate: null },
        contains: region.contains,
        maxChecks: options.shrinkChecks ?? 60,
        more: () => sb.more(),
        onAttempt: (attempt) => emit({ type: 'shrink', attempt }),
      },
    );
  };

  const record = (found: {
    instance: InstanceBase;
    result: InstanceResult;
    phase: HuntPhase;
    why?: string;
    number: number;
    fastCheck?: HuntCounterexample['fastCheck'];
    original: InstanceBase;
  }): void => {
    const s = shrinkFrom(found.instance, found.result);
    const instance = s?.instance ?? found.instance;
    const r = s?.result ?? found.result;
    if (counterexamples.some((c) => JSON.stringify(c.instance) === JSON.stringify(instance))) return;
    const cx = r.counterexample!;
    const opt = r.predictions.optimum;
    const plain = plainCheckReproduces(r, claimStarts(region.target));
    const index = instanceIndex(instance);
    const fixture: CounterexampleFixture = {
      claim: thm.id,
      instance,
      expect: 'fail',
      seed: instanceSeed(seed, instance),
      why: `found by \`ncverify hunt ${thm.id}${region.dropped ? ` --drop-assumption ${region.dropped}` : ''} --seed ${seed}\` (${found.phase} phase, instance ${found.number}${found.why ? `: ${found.why}` : ''}), shrunk in ${s?.steps.length ?? 0} steps: ${cx.kind}: ${r.reason}`,
      ...(plain ? {} : { starts: 'hunt' as const }),
      ...(region.dropped ? { dropAssumption: region.dropped } : {}),
      huntSeed: seed,
      index,
    };
    let corroboration: HuntCounterexample['corroboration'];
    if (cx.kind === 'impossible' && typeof opt === 'number') {
      const solved = checkInstance(
        { ...region.target, construct: undefined },
        instance,
        0,
        huntCheckOptions(region.target, instanceSeed(seed, instance), options.starts),
      );
      if (solved.certificate)
        corroboration = {
          objective: solved.certificate.objective,
          claimedOptimum: opt,
          stationarity: solved.certificate.stationarity,
          gradNorm: solved.certificate.gradNorm,
        };
    }
    const out: HuntCounterexample = {
      claim: thm.id,
      ...(region.dropped ? { droppedAssumption: region.dropped } : {}),
      kind: cx.kind,
      instance,
      shrunkFrom: found.original,
      ...(cx.objective !== undefined ? { objective: cx.objective } : {}),
      ...(typeof opt === 'number' ? { claimedOptimum: opt } : {}),
      reason: r.reason,
      message: cx.message,
      phase: found.phase,
      ...(found.why ? { why: found.why } : {}),
      found: found.number,
      seed,
      solverSeed: instanceSeed(seed, instance),
      index,
      path: [String(found.number), ...(s?.path ? [s.path] : [])].join(':'),
      ...(found.fastCheck ? { fastCheck: found.fastCheck } : {}),
      shrink: { steps: s?.steps ?? [], attempts: s?.attempts ?? [], checks: s?.checks ?? 0, stoppedBy: s?.stoppedBy ?? 'not shrunk' },
      deciding: decidingStart(r),
      certificate: r.certificate
        ? {
            objective: r.certificate.objective,
            gradNorm: r.certificate.gradNorm,
            minHessianEig: r.certificate.minHessianEig,
            stationarity: r.certificate.stationarity,
          }
        : null,
      plainCheck: plain,
      fixture,
      ...(corroboration ? { corroboration } : {}),
    };
    counterexamples.push(out);
    emit({ type: 'counterexample', counterexample: out });
  };
  const done = () => counterexamples.length >= maxCx || !budget.more();

  // 1. Edges.
  if (space && phases.has('edges')) {
    const edges = edgeInstances(thm, space, region, { seed, limit: options.edgeLimit ?? 48 });
    emit({ type: 'phase', phase: 'edges', detail: `${edges.length} edge instances (${region.description})` });
    for (const e of edges) {
      if (done()) break;
      const r = evaluate(e.instance, 'edges', e.why);
      if (r?.verdict === 'fail') record({ instance: e.instance, result: r, phase: 'edges', why: e.why, number: counts.instances, original: e.instance });
    }
  }

  // 2. Adaptive search and the claim's arbitrary, alternating.
  const rng = new Rng(deriveSeed(seed, 31));
  const [around] = space ? basePoints(space, region, seed) : [];
  let ce = space && phases.has('adaptive') && around ? new CrossEntropySearch(space, rng, { population, around }) : null;
  if (ce && !done())
    emit({
      type: 'phase',
      phase: 'adaptive',
      detail: `cross-entropy search over ${space!.parameters.map((p) => p.name).join(', ')} (generations of ${population})`,
    });
  if (phases.has('random') && !done())
    emit({
      type: 'phase',
      phase: 'random',
      detail: `blocks of ${population} instances from the claim's fast-check arbitrary${region.dropped ? ' (its candidate pool)' : ''}`,
    });
  let stalled = false;
  for (let block = 0; !done() && !stalled; block++) {
    const before = counts.instances;
    if (ce) {
      const scored: Array<{ point: SpacePoint; score: number }> = [];
      let tries = 0;
      while (scored.length < population && tries < 20 * population && !done()) {
        tries++;
        const point = ce.sample();
        const instance = space!.build(point);
        if (!instance) continue;
        const r = evaluate(instance, 'adaptive');
        if (!r) continue;
        scored.push({ point, score: violationScore(r, landscape) });
        if (r.verdict === 'fail') record({ instance, result: r, phase: 'adaptive', number: counts.instances, original: instance });
        if (done()) break;
      }
      if (scored.length === 0) ce = null;
      else ce.update(scored);
    }
    if (phases.has('random') && !done()) randomBlock(block);
    if (counts.instances === before) stalled = true;
  }

  function randomBlock(block: number): void {
    const arb = region.dropped !== undefined ? (thm.candidates ?? thm.instances) : thm.instances;
    let first: { instance: InstanceBase; result: InstanceResult; number: number } | undefined;
    let last: { instance: InstanceBase; result: InstanceResult } | undefined;
    let shrinkChecks = 0;
    let sb: HuntBudget | undefined;
    const fcSeed = deriveSeed(seed, 900 + block);
    const details = fc.check(
      fc.property(arb, (instance) => {
        fc.pre(region.contains(instance));
        if (!first) {
          if (done()) return true;
          const r = evaluate(instance, 'random');
          if (r?.verdict === 'fail') {
            first = { instance, result: r, number: counts.instances };
            last = first;
            sb = shrinkBudget();
            return false;
          }
          return true;
        }
        // fast-check is shrinking: re-check each candidate; only a fail of the same kind is taken.
        if (shrinkChecks >= (options.shrinkChecks ?? 60) || !sb!.more()) return true;
        shrinkChecks++;
        const r = safeCheck(instance);
        if (!r) return true;
        const taken = r.verdict === 'fail' && r.counterexample?.kind === first.result.counterexample?.kind;
        emit({
          type: 'shrink',
          attempt: {
            step: 'fast-check shrink',
            candidate: shrinkChecks - 1,
            verdict: r.verdict,
            taken,
            ...(r.counterexample ? { kind: r.counterexample.kind } : {}),
          },
        });
        if (taken) last = { instance, result: r };
        return !taken;
      }),
      { seed: fcSeed, numRuns: population, maxSkipsPerRun: 50 },
    );
    if (first && last) {
      record({
        instance: last.instance,
        result: last.result,
        phase: 'random',
        number: first.number,
        original: first.instance,
        fastCheck: { seed: fcSeed, path: details.counterexamplePath ?? '', shrinks: details.numShrinks },
      });
    }
  }

  return {
    claim: thm.id,
    seed,
    ...(region.dropped ? { droppedAssumption: region.dropped } : {}),
    region: region.description,
    budget: budget.describe(),
    summary: counts,
    errors,
    phases: perPhase,
    counterexamples,
    best: counterexamples.length > 0 ? null : best,
    stoppedBy: counterexamples.length >= maxCx ? 'counterexample' : budget.more() ? 'exhausted' : 'budget',
    space: space ? space.problem : null,
    seconds: budget.elapsedSeconds(),
  };
}
