/**
 * The rounding error of one sample's cross-entropy as the CE kernels compute it (the ufm-ce
 * kernels, dln-ce, the mixup CE): with a = argmax_k z_k,
 *
 *   CE = (z_a - z_y) + log1p(s'),   s' = sum_{k != a} exp(z_k - z_a),
 *
 * from logits z that carry errors dz (their own rounding, src/linalg/rounding.ts). First order:
 * - (z_a - z_y) is off by dz_a + dz_y plus its own rounding (0 when y = a: the same float);
 * - each exp(z_k - z_a) is off relatively by dz_k + dz_a + u |z_k - z_a| (the argument) + u (exp),
 *   s' by those weighted by the terms plus gamma_K s', and by 2^-1074 per subnormal term;
 * - log1p(s') by ds' / (1 + s') plus its own rounding.
 * Where y = a and s' < 2^-969 (RELATIVE_UNDERFLOW: within 1/u of the subnormal range) the CE
 * and its derivatives are at underflow scale: exactly 0 once every competitor underflows, while
 * the exact CE is positive, and the gradient's products of these terms underflow before that.
 * The bound reports this as `underflow` for the caller to refuse decisions there.
 */
import { RELATIVE_UNDERFLOW, UNDERFLOW_FLOOR, UNIT_ROUNDOFF as u, gamma } from '../linalg/rounding.ts';

export interface CeColumnError {
  /** The CE of the sample, in the kernels' form. */
  readonly ce: number;
  /** Bound on its rounding error given the logits' errors. */
  readonly error: number;
  /** The CE lost its relative precision to underflow (see the module comment). */
  readonly underflow: boolean;
}

/** Column j of K logits: z[offset + k stride], their error bounds dz (same layout), label y. */
export function ceColumnError(z: ArrayLike<number>, dz: ArrayLike<number>, K: number, y: number, offset = 0, stride = 1): CeColumnError {
  let a = 0;
  let mx = -Infinity;
  for (let k = 0; k < K; k++) {
    const v = z[offset + k * stride];
    if (v > mx) {
      mx = v;
      a = k;
    }
  }
  const dza = dz[offset + a * stride];
  let rest = 0;
  let restError = 0;
  for (let k = 0; k < K; k++) {
    if (k === a) continue;
    const arg = z[offset + k * stride] - mx;
    const e = Math.exp(arg);
    rest += e;
    restError += e * (dz[offset + k * stride] + dza + u * Math.abs(arg) + u) + UNDERFLOW_FLOOR;
  }
  restError += gamma(K) * rest;
  const gap = mx - z[offset + y * stride];
  const l1p = Math.log1p(rest);
  const ce = gap + l1p;
  const gapError = y === a ? 0 : dza + dz[offset + y * stride] + u * gap;
  const error = gapError + restError / (1 + rest) + 2 * u * l1p + u * ce;
  return { ce, error, underflow: y === a && K > 1 && rest < RELATIVE_UNDERFLOW };
}
