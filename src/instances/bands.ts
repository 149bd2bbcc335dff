/**
 * Samplers of a threshold parameter t around the thresholds a claim switches at: bands that
 * keep away from every threshold (in-assumption instances, where a check must resolve the
 * regime) and bands crowded around them (mutation pools, where a slightly moved threshold must
 * have instances between it and the true one).
 */
import fc from 'fast-check';
import { logUniform } from './ufm-ce.ts';

/**
 * Log-uniform in [lo, hi] outside a relative band of half-width `margin` around each of the
 * ascending thresholds: one band below the first, one between each pair, one above the last.
 */
export function avoidingThresholds(thresholds: readonly number[], [lo, hi]: readonly [number, number], margin: number): fc.Arbitrary<number> {
  const edges = [lo, ...thresholds.flatMap((t) => [t * (1 - margin), t * (1 + margin)]), hi];
  const bands = Array.from({ length: thresholds.length + 1 }, (_, i) => logUniform(edges[2 * i], edges[2 * i + 1]));
  return fc.oneof(...bands);
}

/** Log-uniform over [lo, hi], or within [f0 t, f1 t] of one of the thresholds t (equally likely). */
export function crowdingThresholds(
  thresholds: readonly number[],
  [lo, hi]: readonly [number, number],
  [f0, f1]: readonly [number, number],
): fc.Arbitrary<number> {
  return fc.oneof(logUniform(lo, hi), ...thresholds.map((t) => logUniform(f0 * t, f1 * t)));
}

/** f t_j for a uniformly drawn threshold t_j and f log-uniform in [f0, f1]. */
export function nearOneOf(thresholds: readonly number[], [f0, f1]: readonly [number, number]): fc.Arbitrary<number> {
  return fc.tuple(fc.integer({ min: 0, max: thresholds.length - 1 }), logUniform(f0, f1)).map(([j, f]) => f * thresholds[j]);
}
