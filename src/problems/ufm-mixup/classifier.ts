/**
 * The fixed classifier of fisher2024mixup: a simplex ETF with ||w_k|| = s, so
 * W W^T = s^2 (K/(K-1)) (I - J/K), embedded in the first K - 1 coordinates of R^d through the
 * Helmert basis. (src/predicates/frames.ts builds the same frame; the problems layer cannot
 * import the predicates, and the tests compare the two.)
 */
import { mat, type Mat } from '../../linalg/matrix.ts';

/** K x d rows w_k: ||w_k|| = s, w_k . w_l = -s^2/(K-1). Needs d >= K - 1 (checked by the parser). */
export function etfClassifier(K: number, d: number, s: number): Mat {
  const W = mat(K, d);
  const scale = s * Math.sqrt(K / (K - 1));
  for (let c = 1; c < K; c++) {
    // Helmert column c: ones on the first c entries, -c on entry c, unit length.
    const v = 1 / Math.sqrt(c * (c + 1));
    for (let k = 0; k < c; k++) W.data[k * d + (c - 1)] = scale * v;
    W.data[c * d + (c - 1)] = -c * scale * v;
  }
  return W;
}
