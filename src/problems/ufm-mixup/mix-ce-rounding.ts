/**
 * The rounding error of one mixed example's CE, lam CE(z, i) + (1 - lam) CE(z, j) as mixCe
 * computes it (mix-ce.ts), from logits z with error bounds dz: each CE by ceColumnError
 * (src/problems/ce-rounding.ts), the weights and the sum by three more roundings. Only a one-hot
 * target (i = j, lam in {0, 1}) can saturate: a genuine mix keeps a CE of order one.
 */
import { UNIT_ROUNDOFF as u } from '../../linalg/rounding.ts';
import { ceColumnError, type CeColumnError } from '../ce-rounding.ts';

export function mixCeError(z: Float64Array, dz: Float64Array, i: number, j: number, lam: number): CeColumnError {
  const K = z.length;
  const oneHot = i === j || lam === 1 || lam === 0;
  if (oneHot) return ceColumnError(z, dz, K, i === j || lam === 1 ? i : j);
  const a = ceColumnError(z, dz, K, i);
  const b = ceColumnError(z, dz, K, j);
  const ce = lam * a.ce + (1 - lam) * b.ce;
  return { ce, error: lam * a.error + (1 - lam) * b.error + 3 * u * (lam * a.ce + (1 - lam) * b.ce), underflow: false };
}
