/**
 * Lower bounds on the coherence max_{i != j} |cos(v_i, v_j)| of N unit vectors in R^d
 * (docs/catalogue.md, ebv2023). Both are classical:
 *
 * - Welch (1974), for N > d: sum_{i != j} cos_ij^2 = ||V V^T||_F^2 - N >= N^2/d - N (the frame
 *   potential is smallest for a tight frame, V^T V = (N/d) I), so the RMS cosine over the
 *   N(N-1) ordered pairs, and hence the maximum, is >= sqrt((N - d) / (d (N - 1))). Equality
 *   needs an equiangular tight frame.
 * - Orthoplex (Conway, Hardin & Sloane 1996; Rankin), for real vectors and N > d(d+1)/2: the
 *   projections v_i v_i^T are N points in the (d(d+1)/2)-dimensional space of symmetric
 *   matrices, more than a simplex there can hold, so max |cos| >= 1/sqrt(d).
 *
 * For N <= d there is no positive bound: an orthonormal set has coherence 0.
 */

/** Which bound is the strongest that applies to (N, d). */
export type PackingBoundName = 'welch' | 'orthoplex' | 'none';

/** A lower bound on the coherence of N unit vectors in R^d, or null where it does not apply. */
export type PackingBound = (N: number, d: number) => number | null;

/** sqrt((N - d) / (d (N - 1))) for N > d; null for N <= d (the formula is then <= 0). */
export const welchBound: PackingBound = (N, d) => (N > d ? Math.sqrt((N - d) / (d * (N - 1))) : null);

/** 1/sqrt(d) for N > d(d+1)/2 (real vectors); null otherwise. */
export const orthoplexBound: PackingBound = (N, d) => (N > (d * (d + 1)) / 2 ? 1 / Math.sqrt(d) : null);

/** The strongest applicable lower bound and its name; 0 ('none') for N <= d. */
export interface BestBound {
  readonly bound: number;
  readonly name: PackingBoundName;
  /** The Welch bound where it applies (also when the orthoplex bound is stronger). */
  readonly welch: number | null;
  readonly orthoplex: number | null;
}

/**
 * The best lower bound of this module for (N, d).
 *
 * Syntax: bestLowerBound(1000, 500) -> { bound: 0.03164, name: 'welch', welch: 0.03164, orthoplex: null }
 * See also: welchBound, orthoplexBound
 */
export function bestLowerBound(N: number, d: number): BestBound {
  const welch = welchBound(N, d);
  const orthoplex = orthoplexBound(N, d);
  // Where both apply the orthoplex bound is the larger one (for N > d(d+1)/2 >= d + 1).
  if (orthoplex !== null && (welch === null || orthoplex >= welch)) return { bound: orthoplex, name: 'orthoplex', welch, orthoplex };
  if (welch !== null) return { bound: welch, name: 'welch', welch, orthoplex };
  return { bound: 0, name: 'none', welch, orthoplex };
}
