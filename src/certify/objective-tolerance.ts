/**
 * How far apart two objective values may be and still count as equal, from the rounding of
 * both (never a fixed fraction of |f*|, which demands an absolute gap below float64 rounding
 * when the optimum is small):
 *
 *   |f(x) - f*| <= e_f(x) + e_f* [+ ||g|| D + (1/2) max|lambda| D^2]
 *
 * - e_f(x): the objective's bound on its own rounding at x (Objective.valueError, the
 *   certificate's `valueError`), which counts the magnitudes of the terms it sums, cancelling
 *   ones included;
 * - e_f*: the claimed optimum's rounding, from the running error analysis of its expression
 *   and of the symbols it reads (src/symbolic/rounding.ts: a ground truth's duality gap, a root's
 *   conditioning, an eigenvalue's Weyl bound);
 * - for "this point sits at the optimum" (a certified point, D its distance bound), the value
 *   of the critical point within D can differ from f(x) by the first- and second-order terms of
 *   Taylor's formula at x. A point below the optimum needs no such term: f(x) < f* - e_f - e_f*
 *   is a counterexample whatever x is (for a constrained problem it must also be feasible, which
 *   the KKT residual times D accounts for).
 */
import type { Objective, ValueError } from '../problems/problem.ts';
import type { Certificate } from './types.ts';

/** Used where an objective does not bound its own rounding (Objective.valueError): this times max(1, |f|). */
export const FALLBACK_RELATIVE_VALUE_ERROR = 1e-10;

/** The objective's rounding bound at x (Objective.valueError), or the fallback. */
export function valueRounding(obj: Objective, x: Float64Array, f: number): ValueError {
  return obj.valueError?.(x) ?? { bound: FALLBACK_RELATIVE_VALUE_ERROR * Math.max(1, Math.abs(f)) };
}

/** |f(x) - f(x_c)| for the critical point x_c within the certificate's distance D (0 when D is unbounded: then only the values themselves are compared). */
export function criticalGap(cert: Certificate): number {
  const D = cert.distanceEstimate;
  if (!Number.isFinite(D)) return 0;
  const curvature = Math.max(Math.abs(cert.maxHessianEig), Math.abs(cert.minHessianEig));
  return (cert.objectiveGradNorm ?? cert.gradNorm) * D + 0.5 * curvature * D * D;
}

/** The tolerance of |f(x) - f*| from the two rounding bounds and, for a certified point, criticalGap. */
export function objectiveTolerance(valueError: number, optimumError: number, cert?: Certificate): number {
  return valueError + optimumError + (cert ? criticalGap(cert) : 0);
}
