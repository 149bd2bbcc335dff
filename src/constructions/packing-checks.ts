/**
 * The claims of docs/catalogue.md, ebv2023, as measurements (src/predicates/predicate.ts): each returns
 * a deviation that is 0 where the claim holds exactly, and the caller decides it against the
 * tolerance exported next to it. The bound is a parameter so that a planted wrong bound (N and d
 * swapped, say) can be shown to be rejected by the same code.
 *
 * Sensitivities: these are properties of fixed, exactly given vector sets (no solver point with
 * a distance to an exact critical point), so the tolerance is the floor alone; the sensitivity
 * states how much the deviation moves per unit perturbation of the (unit) vectors, for callers
 * that perturb.
 */
import { InputError } from '../errors.ts';
import { simplexEtf } from '../predicates/frames.ts';
import type { Measurement } from '../predicates/predicate.ts';
import { bestLowerBound, welchBound, type PackingBound } from './packing-bounds.ts';
import { measureVectorSet, type VectorSetMeasurement } from './vector-set.ts';

/**
 * Rounding floor of the cosine statistics: each cosine is a d-term float64 dot product of unit
 * vectors (error <= d eps), and sums of squares add N^2 eps relative. 1e-12 covers d, N <= 1e3
 * with a margin of 10; a bound missed by more is a finding.
 */
export const COSINE_ROUNDING = 1e-12;

/** "N <= d admits an exactly orthonormal set": max |<v_i, v_j> - delta_ij| <= this (docs/catalogue.md). */
export const ORTHONORMAL_TOLERANCE = 1e-12;

/**
 * max|cos| >= RMS cos >= bound(N, d), for N > d. Deviation: the larger violation of the two
 * inequalities, relative to the bound (0 when both hold).
 *
 * Syntax: checkWelchChain(measureVectorSet(V)) -> { deviation: 0, ... } for any unit vectors
 */
export function checkWelchChain(m: VectorSetMeasurement, bound: PackingBound = welchBound, boundName = 'Welch'): Measurement {
  const b = bound(m.N, m.d);
  if (b === null || !(b > 0)) throw new InputError('N', `the ${boundName} bound applies for N > d only, got N = ${m.N}, d = ${m.d}`);
  const overRms = Math.max(0, m.rmsCos - m.maxAbsCos);
  const underBound = Math.max(0, b - m.rmsCos);
  return {
    deviation: Math.max(overRms, underBound) / b,
    kind: 'relative',
    detail: `max|cos| ${fmt(m.maxAbsCos)} >= RMS ${fmt(m.rmsCos)} >= ${boundName} ${fmt(b)} (N=${m.N}, d=${m.d})`,
    sensitivity: 2 / b,
  };
}

/**
 * For N <= d the set is exactly orthonormal: max |<v_i, v_j> - delta_ij| of the raw vectors
 * (absolute), against ORTHONORMAL_TOLERANCE.
 */
export function checkOrthonormal(m: VectorSetMeasurement): Measurement {
  if (m.N > m.d) throw new InputError('N', `${m.N} vectors in R^${m.d} cannot be orthonormal (N > d)`);
  return {
    deviation: m.orthonormalityError,
    kind: 'absolute',
    detail: `max |V V^T - I| = ${m.orthonormalityError.toExponential(2)} (N=${m.N} <= d=${m.d}); max|cos| ${m.maxAbsCos.toExponential(2)}`,
    sensitivity: 2,
  };
}

/**
 * The simplex ETF of N vectors (cos = -1/(N-1)) in R^d, measured against the best applicable
 * lower bound: `excess` = (max|cos| - bound) / max|cos|, 0 exactly where the simplex attains the
 * bound. Infinity when the simplex cannot be embedded (it has rank N - 1, so d >= N - 1).
 */
export function simplexBoundExcess(
  N: number,
  d: number,
  bound: PackingBound = welchBound,
): { excess: number; maxAbsCos: number; bound: number | null; detail: string } {
  if (!Number.isInteger(N) || N < 2) throw new InputError('N', `a simplex needs N >= 2 vectors, got ${N}`);
  if (d < N - 1) {
    return { excess: Infinity, maxAbsCos: NaN, bound: bound(N, d), detail: `a simplex of ${N} vectors has rank ${N - 1} and does not exist in R^${d}` };
  }
  const m = measureVectorSet(simplexEtf(N, d, 1), 'simplex');
  const b = bound(N, d) ?? bestLowerBound(N, d).bound;
  return {
    excess: (m.maxAbsCos - b) / m.maxAbsCos,
    maxAbsCos: m.maxAbsCos,
    bound: b,
    detail: `simplex of ${N} in R^${d}: max|cos| ${fmt(m.maxAbsCos)}, bound ${fmt(b)}`,
  };
}

/** Two cosine statistics that agree to this (relative) count as equal: the bound is attained. */
export const ATTAINMENT_TOLERANCE = 1e-12;

/**
 * "The simplex ETF attains the Welch bound exactly iff N = d + 1", checked at one (N, d) against
 * what `claimAttains(N, d)` says (the catalogue's rule by default). Deviation (relative): where
 * attainment is claimed, the simplex's excess over the bound (Infinity if it cannot exist); where
 * it is not, 1 if the simplex attains it anyway (to ATTAINMENT_TOLERANCE), else 0. Decide
 * against ATTAINMENT_TOLERANCE.
 */
export function checkSimplexAttainment(
  N: number,
  d: number,
  claimAttains: (N: number, d: number) => boolean = (n, dd) => n === dd + 1,
  bound: PackingBound = welchBound,
): Measurement {
  const s = simplexBoundExcess(N, d, bound);
  const claimed = claimAttains(N, d);
  const attains = s.excess <= ATTAINMENT_TOLERANCE;
  return {
    deviation: claimed ? s.excess : attains ? 1 : 0,
    kind: 'relative',
    detail: `${s.detail}; claimed ${claimed ? 'attains' : 'does not attain'}, ${Number.isFinite(s.excess) ? `excess ${s.excess.toExponential(2)}` : 'cannot exist'}`,
    sensitivity: 0,
  };
}

/**
 * A construction beats a reference: deviation max(0, ours - reference) / reference (0 when ours
 * has the smaller coherence). Used for "best beats official at every (N, d)".
 */
export function checkBeats(ours: VectorSetMeasurement, reference: VectorSetMeasurement): Measurement {
  return {
    deviation: Math.max(0, ours.maxAbsCos - reference.maxAbsCos) / Math.max(reference.maxAbsCos, Number.MIN_VALUE),
    kind: 'relative',
    detail: `max|cos| ${fmt(ours.maxAbsCos)} vs reference ${fmt(reference.maxAbsCos)}`,
    sensitivity: 0,
  };
}

function fmt(x: number): string {
  return x === 0 ? '0' : Math.abs(x) < 1e-4 ? x.toExponential(3) : x.toPrecision(6);
}
