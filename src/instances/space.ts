/**
 * Instance spaces: a problem's instances as named parameters a hunt can move (src/hunt/). The
 * fast-check arbitraries next to this file draw the instances a claim is checked on; a space
 * describes the same instances (and those outside a claim's assumptions) by their parameters, so
 * that a hunt can put every assumption at its boundary, scan a parameter across a closed-form
 * threshold, search the parameters adaptively and shrink a failing instance.
 *
 * The space knows the problem, not the claims: which points are inside a claim is decided by
 * evaluating the claim's own assumption expressions on the instances the space builds.
 */
import type { InstanceBase } from '../problems/problem.ts';
import type { Rng } from '../random.ts';
import { maxOf, minOf } from '../linalg/vector.ts';

/** An ordered integer parameter (K, n, depth, a width offset): every value from min to max. */
export interface IntParameter {
  readonly kind: 'int';
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** What the parameter is, in the catalogue's notation. */
  readonly doc: string;
}

/** A continuous parameter on [min, max], searched in log coordinates when `log`. */
export interface RealParameter {
  readonly kind: 'real';
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
  /**
   * Whether closed-form thresholds of claims lie along it (a regularisation level, an imbalance
   * ratio): edges are looked for along it by scanning the claim's predictions.
   */
  readonly threshold?: boolean;
  readonly doc: string;
}

/** An unordered choice (a sub-model: bias or none, free or nonnegative features, a profile). */
export interface ChoiceParameter {
  readonly kind: 'choice';
  readonly name: string;
  readonly values: readonly (string | boolean)[];
  readonly doc: string;
}

export type SpaceParameter = IntParameter | RealParameter | ChoiceParameter;

export type ParameterValue = number | string | boolean;

/** One value per parameter. */
export type SpacePoint = Readonly<Record<string, ParameterValue>>;

/** A smaller (or rounder) instance than the one it was made from, and what was changed. */
export interface ShrinkStep<I> {
  /** e.g. "K 4 -> 3", "lambdaH 0.035248 -> 0.035". */
  readonly step: string;
  readonly instance: I;
}

export interface InstanceSpace<I extends InstanceBase = InstanceBase> {
  /** The problem (`"problem"` field) whose instances it builds. */
  readonly problem: string;
  readonly parameters: readonly SpaceParameter[];
  /**
   * Typical points, one or more per sub-model (balanced, two clusters, nonnegative features, a
   * bias, ...): a hunt starts its edges from the first one inside the claim's assumptions.
   */
  readonly seeds: readonly SpacePoint[];
  /** The instance at a point, or null where the parameters do not make one (e.g. three clusters of two classes). */
  build(point: SpacePoint): I | null;
  /**
   * Smaller instances, most aggressive first: fewer classes, samples, layers or dimensions, and
   * real parameters rounded to 2 then 3 significant digits. The caller keeps only those inside
   * the same assumptions that still fail.
   */
  shrink(instance: I): ShrinkStep<I>[];
}

/** The parameter of a space called `name`, or undefined. */
export function parameterOf(space: InstanceSpace, name: string): SpaceParameter | undefined {
  return space.parameters.find((p) => p.name === name);
}

/** The values an int or choice parameter takes, in order. */
export function discreteValues(p: IntParameter | ChoiceParameter): ParameterValue[] {
  return p.kind === 'int' ? Array.from({ length: p.max - p.min + 1 }, (_, i) => p.min + i) : [...p.values];
}

/** A real parameter's value at u in [0, 1] (log-uniform coordinates when `log`). */
export function realAt(p: RealParameter, u: number): number {
  const c = Math.min(1, Math.max(0, u));
  return p.log ? Math.exp(Math.log(p.min) + c * (Math.log(p.max) - Math.log(p.min))) : p.min + c * (p.max - p.min);
}

/** The coordinate u in [0, 1] of a real parameter's value (the inverse of realAt, clamped). */
export function realCoordinate(p: RealParameter, v: number): number {
  const u = p.log ? (Math.log(v) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min)) : (v - p.min) / (p.max - p.min);
  return Math.min(1, Math.max(0, u));
}

/** A uniformly random point of the space (real parameters uniform in their coordinates). */
export function randomPoint(space: InstanceSpace, rng: Rng): SpacePoint {
  const out: Record<string, ParameterValue> = {};
  for (const p of space.parameters) {
    if (p.kind === 'real') out[p.name] = realAt(p, rng.uniform());
    else {
      const vals = discreteValues(p);
      out[p.name] = vals[rng.int(0, vals.length - 1)];
    }
  }
  return out;
}

/** `x` rounded to `digits` significant digits (0 and non-finite values unchanged). */
export function roundSignificant(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/**
 * Shrink steps that round each listed real field (a number or an array of numbers) of an
 * instance to 2, then 3 significant digits, all fields at once first, then one at a time.
 * Fields already that round are skipped.
 */
export function roundingSteps<I extends object>(instance: I, fields: readonly (keyof I & string)[]): ShrinkStep<I>[] {
  const out: ShrinkStep<I>[] = [];
  for (const digits of [2, 3]) {
    const rounded = (v: unknown): unknown => (typeof v === 'number' ? roundSignificant(v, digits) : Array.isArray(v) ? v.map((x) => rounded(x)) : v);
    const changed = fields.filter((f) => JSON.stringify(rounded(instance[f])) !== JSON.stringify(instance[f]));
    if (changed.length === 0) continue;
    const all = { ...instance };
    for (const f of changed) (all as Record<string, unknown>)[f] = rounded(instance[f]);
    out.push({ step: `${changed.join(', ')} to ${digits} significant digits`, instance: all });
    if (changed.length > 1) {
      for (const f of changed) out.push({ step: `${f} to ${digits} significant digits`, instance: { ...instance, [f]: rounded(instance[f]) } });
    }
  }
  return out;
}

/** Sorted class counts n_1 >= ... >= n_K from a profile name and its parameters (shared by the class-count spaces). */
export function profileCounts(profile: string, K: number, nMin: number, R: number, kMinority: number): number[] | null {
  if (K < 2) return null;
  const nMax = Math.max(nMin + 1, Math.round(R * nMin));
  switch (profile) {
    case 'balanced':
      return Array<number>(K).fill(nMin);
    case 'step': {
      const kB = Math.min(kMinority, K - 1);
      return [...Array<number>(K - kB).fill(nMax), ...Array<number>(kB).fill(nMin)];
    }
    case 'three-clusters': {
      // Sizes nMax > nMid > nMin with kMinority classes in the smallest cluster.
      const kC = Math.min(kMinority, K - 2);
      if (kC < 1) return null;
      const nMid = Math.round(Math.sqrt(R) * nMin);
      if (!(nMax > nMid && nMid > nMin)) return null;
      const rest = K - kC;
      const kA = Math.ceil(rest / 2);
      return [...Array<number>(kA).fill(nMax), ...Array<number>(rest - kA).fill(nMid), ...Array<number>(kC).fill(nMin)];
    }
    case 'long-tail':
      // n_k = nMax (nMin/nMax)^{k/(K-1)}, rounded: a geometric tail down to nMin.
      return Array.from({ length: K }, (_, k) => Math.max(nMin, Math.round(nMax * (nMin / nMax) ** (k / (K - 1)))));
    default:
      return null;
  }
}

/**
 * Shrink steps on sorted class counts: one class fewer (the last), every count halved or set to
 * the smallest count's pattern, one count lowered. `withCounts` builds the instance (and adjusts
 * what depends on K); it returns null where that is impossible.
 */
export function countSteps<I>(n: readonly number[], withCounts: (n: number[], dropped: boolean) => I | null): ShrinkStep<I>[] {
  const out: ShrinkStep<I>[] = [];
  const push = (step: string, counts: number[], dropped = false) => {
    const inst = withCounts(counts, dropped);
    if (inst) out.push({ step, instance: inst });
  };
  if (n.length > 2) {
    push(`K ${n.length} -> ${n.length - 1} (class ${n.length} dropped)`, n.slice(0, -1), true);
    push(`K ${n.length} -> ${n.length - 1} (class 1 dropped)`, n.slice(1), true);
  }
  if (n.some((v) => v > 1)) {
    const ratio = maxOf(n) / minOf(n);
    // Keep the imbalance pattern: scale every count down, the smallest to 1.
    const ones = n.map((v) => Math.max(1, Math.round(v / minOf(n))));
    if (JSON.stringify(ones) !== JSON.stringify(n))
      push(`n [${n.join(',')}] -> [${ones.join(',')}] (smallest count 1, ratio ${ratio.toPrecision(3)} kept)`, ones);
    const halved = n.map((v) => Math.max(1, Math.ceil(v / 2)));
    if (JSON.stringify(halved) !== JSON.stringify(n)) push(`n [${n.join(',')}] -> [${halved.join(',')}] (halved)`, halved);
    const minus = n.map((v) => Math.max(1, v - 1));
    if (JSON.stringify(minus) !== JSON.stringify(n) && JSON.stringify(minus) !== JSON.stringify(halved))
      push(`n [${n.join(',')}] -> [${minus.join(',')}] (each minus 1)`, minus);
  }
  return out;
}
