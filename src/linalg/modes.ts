/**
 * Matrices assembled mode by mode, for claimed minimisers written in an eigenbasis: "latent j
 * decodes mode i with gain omega_i" is column j = omega_i q_i of the decoder.
 */
import { InputError } from '../errors.ts';
import { mat, type Mat } from './matrix.ts';

/**
 * The Q.rows x cols matrix whose column slots[i] is gains[i] times column i of Q (slots default
 * to 0, 1, ...); every other column is zero, and so is a column whose gain is exactly 0.
 * Transpose it for the encoder side (row slots[i] = gains[i] q_i^T).
 */
export function alongModes(Q: Mat, gains: readonly number[], cols: number, slots?: readonly number[]): Mat {
  if (gains.length > Q.cols) throw new InputError('alongModes.gains', `${gains.length} gains for ${Q.cols} modes`);
  const n = Q.rows;
  const out = mat(n, cols);
  gains.forEach((g, i) => {
    const j = slots ? slots[i] : i;
    if (!(j >= 0 && j < cols)) throw new InputError('alongModes.slots', `mode ${i} goes to column ${j}, outside 0..${cols - 1}`);
    if (g === 0) return;
    for (let r = 0; r < n; r++) out.data[r * cols + j] = g * Q.data[r * Q.cols + i];
  });
  return out;
}

/** The rows x cols matrix with values[j] at (j, j) and zeros elsewhere (values.length <= min(rows, cols)). */
export function rectangularDiag(rows: number, cols: number, values: readonly number[]): Mat {
  if (values.length > Math.min(rows, cols)) throw new InputError('rectangularDiag.values', `${values.length} values do not fit a ${rows}x${cols} diagonal`);
  const out = mat(rows, cols);
  values.forEach((v, j) => {
    out.data[j * cols + j] = v;
  });
  return out;
}
