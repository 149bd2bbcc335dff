/**
 * Closed-form frames the claims predict: the simplex ETF and scaled orthogonal frames, embedded
 * in R^d. Used to build claimed minimisers and as exact fixtures in tests.
 */
import { mat, type Mat } from '../linalg/matrix.ts';
import { InputError } from '../errors.ts';

/**
 * K x d matrix whose rows form a simplex ETF with squared norms `normSq`:
 * A A^T = normSq (K/(K-1)) (I - J/K). Needs d >= K-1 (the ETF has rank K-1). Built from the
 * Helmert basis of the orthogonal complement of the all-ones vector.
 */
export function simplexEtf(K: number, d: number, normSq: number): Mat {
  if (K < 2) throw new InputError('simplexEtf.K', `needs K >= 2, got ${K}`);
  if (normSq < 0 || !Number.isFinite(normSq)) throw new InputError('simplexEtf.normSq', `must be a finite number >= 0, got ${normSq}`);
  const A = new Float64Array(K * d);
  if (normSq === 0) return mat(K, d, A);
  if (d < K - 1) throw new InputError('simplexEtf.d', `a simplex ETF of ${K} vectors has rank ${K - 1} and needs d >= ${K - 1}, got d = ${d}`);
  const s = Math.sqrt((normSq * K) / (K - 1));
  const U = helmertBasis(K);
  for (let k = 0; k < K; k++) for (let j = 0; j < K - 1; j++) A[k * d + j] = s * U.data[k * (K - 1) + j];
  return mat(K, d, A);
}

/**
 * K x (K-1) Helmert basis of the orthogonal complement of the all-ones vector: column j has ones
 * on the first j entries and -j on entry j, scaled to unit length (orthonormal columns, U U^T = C).
 */
export function helmertBasis(K: number): Mat {
  const U = mat(K, K - 1);
  for (let j = 1; j < K; j++) {
    const c = 1 / Math.sqrt(j * (j + 1));
    for (let k = 0; k < j; k++) U.data[k * (K - 1) + (j - 1)] = c;
    U.data[j * (K - 1) + (j - 1)] = -j * c;
  }
  return U;
}

/** K x d matrix with orthogonal rows of the given squared norms (needs d >= number of non-zero rows). */
export function scaledOrthogonalFrame(normsSq: readonly number[], d: number): Mat {
  const K = normsSq.length;
  const live = normsSq.filter((v) => v > 0).length;
  if (live > d) throw new InputError('scaledOrthogonalFrame.d', `${live} non-zero orthogonal rows need d >= ${live}, got d = ${d}`);
  const A = new Float64Array(K * d);
  let col = 0;
  for (let k = 0; k < K; k++) {
    if (normsSq[k] < 0) throw new InputError(`scaledOrthogonalFrame.normsSq[${k}]`, `must be >= 0, got ${normsSq[k]}`);
    if (normsSq[k] > 0) A[k * d + col++] = Math.sqrt(normsSq[k]);
  }
  return mat(K, d, A);
}
