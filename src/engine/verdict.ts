/** The four verdicts of docs/design.md and the serialisable records a check produces. */
import type { Certificate } from '../certify/certificate.ts';
import type { PredicateOutcome } from '../predicates/predicate.ts';
import type { Scope } from '../symbolic/expr.ts';

/**
 * - pass: certified solve (first and second order), prediction within tolerance.
 * - fail: a certified counterexample (see `Counterexample`).
 * - inconclusive: the solver did not certify.
 * - skipped: the instance is outside the claim's assumptions.
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'skipped';

export interface CheckRecord extends PredicateOutcome {
  readonly name: string;
  readonly claim: string;
  /** Which solve (start index) it was measured on; null for checks not on a solve. */
  readonly start: number | null;
}

export interface StartRecord {
  readonly start: number;
  readonly scale: number;
  readonly objective: number;
  readonly gradNorm: number;
  readonly minHessianEig: number;
  readonly stationarity: Certificate['stationarity'];
  readonly iterations: number;
  readonly seconds: number;
  /** The float32 bulk descent that moved this start before the float64 solve; absent when none ran. */
  readonly bulkDescent?: { readonly backend: string; readonly iterations: number };
}

export interface Counterexample {
  /**
   * - below-optimum: a point whose objective is below the claimed optimum.
   * - structure: a certified point at the optimal value violating the claimed structure.
   * - spurious-minimum: a certified second-order stationary point above the optimum.
   * - impossible: the claimed minimiser cannot exist for this instance.
   * - inconsistent: the claimed minimiser (built from the closed forms) does not attain the claimed value,
   *   or the closed forms are not real numbers on an in-assumption instance.
   * - reduction: the stationary point of the claim's scalar reduction differs from its closed form.
   */
  readonly kind: 'below-optimum' | 'structure' | 'spurious-minimum' | 'impossible' | 'inconsistent' | 'reduction';
  readonly message: string;
  readonly objective?: number;
  /** The point, as named matrices (row-major number arrays). */
  readonly point?: Record<string, number[][]>;
}

/** What every instance result carries, whatever its verdict. */
interface InstanceResultBase {
  readonly index: number;
  readonly instance: unknown;
  readonly summary: string;
  readonly reason: string;
  readonly predictions: Scope;
  readonly checks: readonly CheckRecord[];
  /** The check with the largest deviation/tolerance ratio. */
  readonly worst: { name: string; deviation: number; tolerance: number } | null;
  readonly starts: readonly StartRecord[];
  /** [f, ||grad||] per iteration of the best start, when recorded. */
  readonly convergence?: Array<[number, number]>;
  /** Iteration number of each `convergence` point, when a report thinned the curve (absent: 0, 1, 2, ...). */
  readonly convergenceIterations?: number[];
  /** Small square matrices (Grams) of the deciding point and of the claimed minimiser, when recorded. */
  readonly gram?: GramComparison;
  readonly seconds: number;
  /** `reduced` when the solve ran on the problem's exact reduction (TheoremSpec.solveMode); absent for a full solve. */
  readonly solveMode?: 'reduced';
}

/** A certified solve at the claimed optimum with every check within its tolerance. */
export interface PassResult extends InstanceResultBase {
  readonly verdict: 'pass';
  /** The certificate of the deciding solve; null for claims decided without one (constructions). */
  readonly certificate: Certificate | null;
  readonly counterexample?: never;
}

/** A certified counterexample, shown by `counterexample`. */
export interface FailResult extends InstanceResultBase {
  readonly verdict: 'fail';
  /** The certificate of the point behind the fail; null when no solve was needed (a closed form, an impossible minimiser). */
  readonly certificate: Certificate | null;
  readonly counterexample: Counterexample;
}

/** Nothing could be decided (no certified solve, a check not resolved finely enough, a measurement that cannot be compared). */
export interface InconclusiveResult extends InstanceResultBase {
  readonly verdict: 'inconclusive';
  readonly certificate: Certificate | null;
  readonly counterexample?: never;
  /** `timeout`: not decided because the time budget (`--timeout`) ran out (src/engine/budget.ts). */
  readonly stoppedBy?: 'timeout';
}

/** Outside the claim's assumptions: nothing was solved. */
export interface SkippedResult extends InstanceResultBase {
  readonly verdict: 'skipped';
  readonly certificate: null;
  readonly counterexample?: never;
}

export type InstanceResult = PassResult | FailResult | InconclusiveResult | SkippedResult;

/** The check furthest over its tolerance (deviation / tolerance; a non-finite deviation first). */
export function worstOf(checks: readonly CheckRecord[]): InstanceResult['worst'] {
  let worst: InstanceResult['worst'] = null;
  let ratio = -1;
  for (const c of checks) {
    const r = Number.isFinite(c.deviation) ? c.deviation / c.tolerance : Infinity;
    if (r > ratio) {
      ratio = r;
      worst = { name: c.name, deviation: c.deviation, tolerance: c.tolerance };
    }
  }
  return worst;
}

/**
 * The problem's `describeSolution` matrices (e.g. ufm-ce: W W^T and the class-mean Gram) at the
 * point the verdict is about, next to the same matrices at the claimed minimiser built from the
 * closed forms. Only square matrices of side <= 16, rounded to 6 significant digits, so a report
 * stays small.
 */
export interface GramComparison {
  /** Which point was measured: the certified point at the optimum, a counterexample, or the best start. */
  readonly point: 'certified' | 'counterexample' | 'best-start';
  readonly measured: Record<string, number[][]>;
  /** Absent when the claim has no `construct` or the claimed minimiser cannot exist. */
  readonly predicted?: Record<string, number[][]>;
}

export interface VerdictCounts {
  pass: number;
  fail: number;
  inconclusive: number;
  skipped: number;
}

export interface ClaimResult {
  readonly claim: string;
  readonly paper: string;
  readonly section: string;
  readonly statement: string;
  readonly kind: string;
  readonly status: 'theorem' | 'conjecture';
  readonly seed: number;
  readonly results: readonly InstanceResult[];
  readonly summary: VerdictCounts;
  /** Per check name: the largest deviation seen and its tolerance. */
  readonly largestDeviation: Record<string, { deviation: number; tolerance: number }>;
  readonly seconds: number;
}

export function countVerdicts(results: readonly { verdict: Verdict }[]): VerdictCounts {
  const c: VerdictCounts = { pass: 0, fail: 0, inconclusive: 0, skipped: 0 };
  for (const r of results) c[r.verdict]++;
  return c;
}
