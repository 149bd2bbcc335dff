/**
 * Layer balance of a product of linear layers W_M ... W_1 with ridge weights lambdaW_m: at a
 * critical point lambdaW_m W_m^T W_m and lambdaW_{m+1} W_{m+1} W_{m+1}^T agree (docs/catalogue.md,
 * dang2023dln), so every layer has the same weighted squared singular values, and a claim
 * states what they are.
 */
import { descendingSpectrum } from '../linalg/eigen-descending.ts';
import { colGram, frobNorm, type Mat } from '../linalg/matrix.ts';
import { sortedValuesMatch } from './mismatch.ts';
import type { Measurement } from './predicate.ts';

/**
 * For every layer, the eigenvalues of lambdaW_m W_m^T W_m (its squared singular values, padded
 * with zeros) match `claimed` after sorting (sortedValuesMatch, relative to the largest claimed
 * value); the worst layer is reported. A layer's values move by at most 2 lambdaW_m ||W_m|| per
 * unit step.
 */
export function layerBalance(layers: readonly Mat[], lambdaW: readonly number[], claimed: readonly number[]): Measurement {
  let worst: Measurement = { deviation: 0, kind: 'absolute', sensitivity: 0 };
  layers.forEach((W, m) => {
    const s = descendingSpectrum(colGram(W)).map((e) => lambdaW[m] * e);
    const r = sortedValuesMatch(s, claimed, `lambdaW_${m + 1} s_${m + 1}^2`, 2 * lambdaW[m] * frobNorm(W));
    if (r.deviation > worst.deviation || worst.sensitivity === 0) worst = { ...r, detail: `layer ${m + 1}: ${r.detail}` };
  });
  return worst;
}
