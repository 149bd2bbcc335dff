/**
 * "max|cos| >= bound(N, d)" for a lower bound on the coherence alone (the orthoplex bound
 * 1/sqrt(d) for N > d(d+1)/2 bounds the maximum, not the RMS cosine, so the Welch chain's form
 * does not apply to it). The bound is a parameter so that a planted wrong bound goes through
 * the same code.
 */
import { InputError } from '../errors.ts';
import type { Measurement } from '../predicates/predicate.ts';
import type { PackingBound } from './packing-bounds.ts';
import type { VectorSetMeasurement } from './vector-set.ts';

/**
 * Deviation (relative): max(0, bound - max|cos|) / bound, 0 when the bound holds. Decide
 * against COSINE_ROUNDING.
 *
 * Syntax: checkCoherenceBound(measureVectorSet(V), orthoplexBound, 'orthoplex') -> { deviation: 0, ... }
 */
export function checkCoherenceBound(m: VectorSetMeasurement, bound: PackingBound, boundName: string): Measurement {
  const b = bound(m.N, m.d);
  if (b === null || !(b > 0)) throw new InputError('N', `the ${boundName} bound does not apply to N = ${m.N}, d = ${m.d}`);
  return {
    deviation: Math.max(0, b - m.maxAbsCos) / b,
    kind: 'relative',
    detail: `max|cos| ${m.maxAbsCos.toPrecision(6)} >= ${boundName} ${b.toPrecision(6)} (N=${m.N}, d=${m.d}), ratio ${(m.maxAbsCos / b).toPrecision(6)}`,
    sensitivity: 1 / b,
  };
}

/**
 * "max|cos| equals bound(N, d)": the set attains the bound (for Welch: an equiangular tight
 * frame). Deviation (relative): |max|cos| - bound| / bound. Decide against ATTAINMENT_TOLERANCE.
 *
 * Syntax: checkCoherenceAttains(measureVectorSet(simplex), welchBound, 'Welch') -> { deviation: ~1e-16, ... } at N = d + 1
 */
export function checkCoherenceAttains(m: VectorSetMeasurement, bound: PackingBound, boundName: string): Measurement {
  const b = bound(m.N, m.d);
  if (b === null || !(b > 0)) throw new InputError('N', `the ${boundName} bound does not apply to N = ${m.N}, d = ${m.d}`);
  return {
    deviation: Math.abs(m.maxAbsCos - b) / b,
    kind: 'relative',
    detail: `max|cos| ${m.maxAbsCos.toPrecision(6)} = ${boundName} ${b.toPrecision(6)}? (N=${m.N}, d=${m.d})`,
    sensitivity: 1 / b,
  };
}
