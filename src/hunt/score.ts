/**
 * The violation score a hunt's adaptive search maximises: how close an instance came to failing,
 * as log10 of the largest of three ratios, each 1 where the engine would decide `fail`:
 *
 * - the worst check's deviation / tolerance (a structural check, a closed-form consistency check);
 * - how low a competing stationary point sits: a start that ended clearly off the claimed
 *   optimum (relative gap g > 1e-9) contributes RESOLUTION / g, so a competitor approaching the
 *   optimum from above scores higher and higher (a global-minimiser claim fails once one dips
 *   below it; the engine decides that with its own objective tolerance);
 * - for landscape claims, how flat a saddle above the optimum is: 1e-7 max(1, |f|) / |lambda_min|
 *   for first-order-only starts (a spurious minimum is a saddle whose curvature reached 0).
 *
 * The score only ranks instances for the search; every verdict is the engine's. A fail scores
 * +Infinity and an instance outside the claim -Infinity.
 */
import type { InstanceResult } from '../engine/verdict.ts';
import { maxOf } from '../linalg/vector.ts';

/** Objective gaps below this (relative) count as the claimed optimum itself. */
const AT_OPTIMUM = 1e-9;
/** The objective gap that scores like a check at its tolerance (ratio 1). */
const RESOLUTION = 1e-6;

export function violationScore(r: InstanceResult, landscape = false): number {
  if (r.verdict === 'fail') return Infinity;
  if (r.verdict === 'skipped') return -Infinity;
  const ratios: number[] = [];
  if (r.worst && r.worst.tolerance > 0 && Number.isFinite(r.worst.deviation)) ratios.push(r.worst.deviation / r.worst.tolerance);
  const opt = r.predictions.optimum;
  if (typeof opt === 'number' && Number.isFinite(opt)) {
    const scale = Math.max(1, Math.abs(opt));
    for (const s of r.starts) {
      if (s.stationarity === 'not-stationary' || !Number.isFinite(s.objective)) continue;
      const g = (s.objective - opt) / scale;
      if (g > AT_OPTIMUM) ratios.push(RESOLUTION / g);
      if (landscape && s.stationarity === 'first-order-only' && g > AT_OPTIMUM && s.minHessianEig < 0) {
        ratios.push((1e-7 * Math.max(1, Math.abs(s.objective))) / -s.minHessianEig);
      }
    }
  }
  if (ratios.length === 0) return -12;
  return Math.log10(Math.max(maxOf(ratios), 1e-12));
}
