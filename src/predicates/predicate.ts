/**
 * A predicate measures how far a point is from a claimed structure. It returns a deviation (a
 * pure number: relative where the claimed quantity is non-zero, absolute where it is zero) and
 * a human-readable description of what was compared; the caller decides against a tolerance.
 */
export interface Measurement {
  /** Measured deviation, >= 0, or NaN/Infinity when the structure cannot be compared. */
  readonly deviation: number;
  /** Whether `deviation` is relative to the claimed quantity or absolute. */
  readonly kind: 'relative' | 'absolute';
  /** What was compared, for reports, e.g. "||W W^T - 0.8 (K/(K-1)) C||_F / ||.||_F". */
  readonly detail?: string;
  /**
   * First-order bound on how much `deviation` can change when the point moves by a unit
   * distance (in the 2-norm of all variables). The caller's tolerance is floor + 10 x
   * sensitivity x (estimated distance to the exact critical point).
   */
  readonly sensitivity: number;
  /**
   * The relative size below which the predicate takes a spread (a distance between features, a
   * singular value, a row norm over the scale) to be zero; absent, the claim's tolerance floor.
   * Near a claimed threshold the engine compares it with the spread the threshold predicts
   * (src/engine/check.ts, thresholdMargin) and decides nothing where they overlap.
   */
  readonly resolution?: number;
}

export interface PredicateOutcome extends Measurement {
  readonly tolerance: number;
  readonly ok: boolean;
}

export function decide(m: Measurement, tolerance: number): PredicateOutcome {
  return { ...m, tolerance, ok: Number.isFinite(m.deviation) && m.deviation <= tolerance };
}
