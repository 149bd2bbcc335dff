/**
 * Real powers of a symmetric PSD matrix, A^p = V diag(lambda^p) V^T, for closed forms such as
 * SELI's (C D C)^{1/2} (docs/catalogue.md, seli2022) whose matrices are singular by construction.
 * The numerical trap: an exactly-zero eigenvalue comes out of the eigensolver as +-eps max|lambda|,
 * and its square root, sqrt(eps max|lambda|) ~ 1e-8 relative, would pollute the result (psdSqrt
 * clamps only negative ones). Eigenvalues up to `rankTol` max|lambda| are therefore set to 0
 * (a negative power of such an eigenvalue is undefined and throws).
 */
import { NumericalError } from '../errors.ts';
import { symmetricEigen } from './eigen.ts';
import type { Mat } from './matrix.ts';

/** A^p for symmetric PSD A; eigenvalues <= rankTol max|lambda| (default n 1e-14) count as 0 (also for p = 0). */
export function psdPower(A: Mat, p: number, rankTol?: number): Mat {
  const { values, vectors } = symmetricEigen(A);
  const n = values.length;
  let big = 0;
  for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(values[i]));
  const cut = (rankTol ?? n * 1e-14) * big;
  const out = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const lam = values[c];
    if (lam < -Math.max(cut, 1e-12 * big)) {
      throw new NumericalError('psdPower', `A is not positive semidefinite (eigenvalue ${lam.toExponential(3)}, max |eigenvalue| ${big.toExponential(3)})`);
    }
    // A zero eigenvalue stays zero (for p = 0 too: A^0 is the projector onto the range).
    if (lam <= cut) {
      if (p < 0) throw new NumericalError('psdPower', `a negative power (${p}) of a singular matrix (eigenvalue ${lam.toExponential(3)})`);
      continue;
    }
    const f = lam ** p;
    for (let i = 0; i < n; i++) {
      const vi = vectors.data[i * n + c] * f;
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += vi * vectors.data[j * n + c];
    }
  }
  // Exactly symmetric (the accumulation above is symmetric up to rounding order).
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const m = 0.5 * (out[i * n + j] + out[j * n + i]);
      out[i * n + j] = m;
      out[j * n + i] = m;
    }
  return { rows: n, cols: n, data: out };
}
