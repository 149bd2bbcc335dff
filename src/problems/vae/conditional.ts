/**
 * What x explains of y in a conditional VAE's data (docs/catalogue.md, dang2024vae.cvae): the
 * regression B = S_yx S_xx^{-1} of y on x and the residual second moment
 * E = S_yy - S_yx S_xx^{-1} S_xy, whose eigenvalues are the CVAE's per-mode data variances.
 * Both solve with S_xx through its Cholesky factor (S_xx is positive definite for any data set
 * whose x columns are linearly independent) instead of forming an inverse.
 */
import { InputError, NumericalError } from '../../errors.ts';
import { cholesky, choleskySolve, type CholeskyFactor } from '../../linalg/cholesky.ts';
import { mat, type Mat } from '../../linalg/matrix.ts';
import type { VaeDataSpec, VaeMoments } from './data.ts';
import { momentsOf } from './cvae.ts';

function factorSxx(m: VaeMoments): CholeskyFactor {
  try {
    return cholesky(m.Sxx.data, m.dx);
  } catch (e) {
    if (e instanceof NumericalError)
      throw new InputError('data', `S_xx is singular (the x columns are linearly dependent), so what x explains of y is not defined: ${e.message}`);
    throw e;
  }
}

/** X = S_xx^{-1} S_xy (dx x dy), one Cholesky solve per column of S_xy. */
function solveSxx(m: VaeMoments): Mat {
  const f = factorSxx(m);
  const X = mat(m.dx, m.dy);
  const col = new Float64Array(m.dx);
  for (let j = 0; j < m.dy; j++) {
    for (let i = 0; i < m.dx; i++) col[i] = m.Sxy.data[i * m.dy + j];
    const s = choleskySolve(f, col);
    for (let i = 0; i < m.dx; i++) X.data[i * m.dy + j] = s[i];
  }
  return X;
}

/** B = S_yx S_xx^{-1} (dy x dx): the least-squares map from x to y. */
export function regressionOnX(data: VaeDataSpec): Mat {
  const m = momentsOf(data);
  const X = solveSxx(m);
  const B = mat(m.dy, m.dx);
  for (let r = 0; r < m.dy; r++) for (let c = 0; c < m.dx; c++) B.data[r * m.dx + c] = X.data[c * m.dy + r];
  return B;
}

/** E = S_yy - S_yx S_xx^{-1} S_xy (dy x dy), symmetrised against rounding. */
export function conditionalResidual(data: VaeDataSpec): Mat {
  const m = momentsOf(data);
  const X = solveSxx(m);
  const { dx, dy } = m;
  const E = mat(dy, dy);
  for (let i = 0; i < dy; i++) {
    for (let j = 0; j < dy; j++) {
      let s = m.Syy.data[i * dy + j];
      for (let k = 0; k < dx; k++) s -= m.Sxy.data[k * dy + i] * X.data[k * dy + j];
      E.data[i * dy + j] = s;
    }
  }
  for (let i = 0; i < dy; i++) for (let j = 0; j < i; j++) E.data[i * dy + j] = E.data[j * dy + i] = 0.5 * (E.data[i * dy + j] + E.data[j * dy + i]);
  return E;
}
