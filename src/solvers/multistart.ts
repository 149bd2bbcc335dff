/**
 * Solve one instance from several seeded random starts: L-BFGS to a moderate tolerance, then
 * a Newton-CG polish to the certification tolerance. Starts use several spreads (including one
 * near the origin, a saddle of every UFM objective here) so landscape claims see varied basins.
 */
import { Rng, deriveSeed } from '../random.ts';
import type { InstanceBase, Objective, Problem } from '../problems/problem.ts';
import { lbfgs, type StopReason } from './lbfgs.ts';
import { newtonPolish } from './newton-cg.ts';
import { solveConstrained } from './constrained.ts';

export interface SolveOptions {
  /** Number of random starts. @defaultValue 3 */
  starts?: number;
  /** Seed of the starts; start i uses deriveSeed(seed, i). */
  seed?: number;
  /** Spread multipliers cycled over the starts. @defaultValue [1, 0.1, 3] */
  scales?: readonly number[];
  /** Target gradient norm. @defaultValue 1e-11 */
  gtol?: number;
  /** @defaultValue 20000 */
  maxIterations?: number;
  /** Keep [f, ||grad||] per iteration. @defaultValue false */
  recordHistory?: boolean;
  /** Custom objective (e.g. the class-reduced one); defaults to problem.objective(instance). */
  objective?: Objective;
  /**
   * A cheaper descent run on each start before the float64 solve (the float32 bulk phase of
   * src/backends/bulk-descent.ts); null leaves the start as it is. Must be deterministic.
   */
  preDescent?: (x0: Float64Array) => PreDescent | null;
  /**
   * performance.now() time after which no further start begins (`--timeout`); the first start
   * always runs. The starts done are returned, so fewer than `starts` means it stopped there.
   */
  deadline?: number;
  /**
   * Starting points solved after the random starts (numbered on from `starts`, scale 0), e.g. a
   * hunt's low-rank starts or its perturbed claimed minimisers (src/hunt/starts.ts); `kind`
   * says which, and each goes through the same solve, polish and escapes as a random start.
   */
  extraStarts?: readonly ExtraStart[];
}

/** A given starting point and what kind of start it is (`low-rank`, `claimed-perturbed`, ...). */
export interface ExtraStart {
  readonly kind: string;
  readonly x: Float64Array;
}

/** What a pre-descent did: which backend ran it and how many iterations it took. */
export interface PreDescent {
  readonly x: Float64Array;
  readonly by: string;
  readonly iterations: number;
}

export interface StartResult {
  readonly start: number;
  readonly scale: number;
  /** `random` (the problem's seeded random start at `scale`) or the kind of an extra start; absent means random. */
  readonly kind?: string;
  readonly x: Float64Array;
  readonly f: number;
  readonly gradNorm: number;
  readonly iterations: number;
  readonly newtonIterations: number;
  readonly reason: StopReason;
  /** Estimated distance to the exact critical point (last Newton step length). */
  readonly distanceEstimate: number;
  readonly negativeCurvature: boolean;
  readonly seconds: number;
  readonly history: Array<[number, number]>;
  /** Problem-specific saddle escapes that lowered f (see Problem.escape); absent when none. */
  readonly escapes?: number;
  /** The pre-descent that moved the start before the float64 solve; absent when none ran. */
  readonly preDescent?: { readonly by: string; readonly iterations: number };
}

export function solveMultistart<I extends InstanceBase>(problem: Problem<I>, instance: I, options: SolveOptions = {}): StartResult[] {
  const starts = options.starts ?? 3;
  const seed = options.seed ?? 0;
  const scales = options.scales ?? [1, 0.1, 3];
  const gtol = options.gtol ?? 1e-11;
  const obj = options.objective ?? problem.objective(instance);
  const results: StartResult[] = [];
  const extra = options.extraStarts ?? [];
  for (let s = 0; s < starts + extra.length; s++) {
    if (s > 0 && options.deadline !== undefined && performance.now() >= options.deadline) break;
    const t0 = performance.now();
    const given = s >= starts ? extra[s - starts] : undefined;
    const scale = given ? 0 : scales[s % scales.length];
    let x0 = given ? Float64Array.from(given.x) : problem.randomStart(instance, new Rng(deriveSeed(seed, s)), scale);
    const pre = options.preDescent?.(x0) ?? null;
    if (pre) x0 = pre.x;
    let r = solveFrom(obj, x0, { gtol, maxIterations: options.maxIterations, recordHistory: options.recordHistory }, s, scale, t0);
    // Problem-specific escapes (Problem.escape), repeated while they lower f.
    let escapes = 0;
    for (let round = 0; problem.escape && round < 8; round++) {
      let improved = false;
      for (const e of problem.escape(instance, r.x)) {
        const re = solveFrom(obj, e, { gtol, maxIterations: options.maxIterations }, s, scale, t0);
        if (re.f < r.f - 1e-12 * Math.max(1, Math.abs(r.f))) {
          r = re;
          improved = true;
          escapes++;
          break;
        }
      }
      if (!improved) break;
    }
    if (escapes > 0) r = { ...r, escapes, seconds: (performance.now() - t0) / 1000 };
    if (given) r = { ...r, kind: given.kind };
    results.push(pre ? { ...r, preDescent: { by: pre.by, iterations: pre.iterations } } : r);
  }
  return results;
}

export function solveFrom(
  obj: Objective,
  x0: Float64Array,
  options: { gtol?: number; maxIterations?: number; recordHistory?: boolean },
  start = 0,
  scale = 1,
  t0 = performance.now(),
): StartResult {
  const gtol = options.gtol ?? 1e-11;
  if (obj.constraints) {
    // Constraints the solver cannot project onto: augmented Lagrangian + SQP polish.
    const r = solveConstrained(obj, obj.constraints, x0, gtol);
    return { start, scale, ...r, seconds: (performance.now() - t0) / 1000, history: [] };
  }
  // L-BFGS to 1e-3 of the target, then Newton; Newton also reports the distance estimate.
  const fg = (x: Float64Array, g: Float64Array) => obj.value(x, g);
  const lb = lbfgs(fg, x0, { gtol: gtol * 1e3, maxIterations: options.maxIterations ?? 20000, recordHistory: options.recordHistory });
  const nt = newtonPolish(obj, lb.x, { gtol });
  // Newton can stall where L-BFGS had not converged; hand back to L-BFGS once if so.
  let best = nt.gradNorm <= lb.gradNorm ? nt : { ...nt, x: lb.x, f: lb.f, gradNorm: lb.gradNorm };
  if (best.gradNorm > gtol * 1e3) {
    const lb2 = lbfgs(fg, best.x, { gtol: gtol, maxIterations: options.maxIterations ?? 20000 });
    const nt2 = newtonPolish(obj, lb2.x, { gtol });
    if (nt2.gradNorm < best.gradNorm) best = nt2;
  }
  return {
    start,
    scale,
    x: best.x,
    f: best.f,
    gradNorm: best.gradNorm,
    iterations: lb.iterations,
    newtonIterations: nt.iterations,
    reason: best.gradNorm <= gtol ? 'gtol' : lb.reason,
    distanceEstimate: nt.lastStep,
    negativeCurvature: nt.negativeCurvature,
    seconds: (performance.now() - t0) / 1000,
    history: options.recordHistory ? [...lb.history, ...nt.history] : [],
  };
}
