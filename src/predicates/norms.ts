/** Predicates on the norms of a set of vectors (classifiers w_k, class means h_k). */
import { frobNorm, rowNorms, type Mat } from '../linalg/matrix.ts';
import { fmt, scalarMatches } from './collapse.ts';
import type { Measurement } from './predicate.ts';

/**
 * The mean squared norm (1/K) sum_k ||a_k||^2 equals `claimed` (relative, absolute when 0).
 * It moves by at most 2 max_k ||a_k|| per unit move of the vectors.
 */
export function meanSquaredNormMatches(norms: Float64Array, claimed: number, what: string): Measurement {
  let s = 0;
  let mx = 0;
  for (const v of norms) {
    s += v * v;
    mx = Math.max(mx, v);
  }
  return scalarMatches(s / norms.length, claimed, what, 2 * mx);
}

/**
 * None of the given rows of A vanishes: min_i ||a_i|| / ||A||_F stays above `floor`. Deviation
 * max(0, floor - that ratio), Lipschitz in the ratio (a row norm moves by at most 2/||A|| per
 * unit move, relative to ||A||_F).
 */
export function rowsNonZero(A: Mat, rows: readonly number[], floor: number, what: string): Measurement {
  const norms = rowNorms(A);
  let minNorm = Infinity;
  for (const i of rows) minNorm = Math.min(minNorm, norms[i]);
  const a = frobNorm(A);
  const rel = minNorm / a;
  return {
    deviation: Math.max(0, floor - rel),
    kind: 'absolute',
    detail: `max(0, ${floor} - min ||${what}|| / ||A||_F), that ratio ${fmt(rel)}`,
    sensitivity: 2 / a,
    resolution: floor,
  };
}
