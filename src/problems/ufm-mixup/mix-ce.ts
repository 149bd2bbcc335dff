/**
 * The mixup cross-entropy of one mixed example, lam CE(z, i) + (1 - lam) CE(z, j), with its
 * residual p - y (y = lam e_i + (1 - lam) e_j, the gradient in z) and the softmax Jacobian
 * product (diag(p) - p p^T) u (the Hessian in z). Shared by the fixed- and learnable-classifier
 * objectives.
 *
 * Numerical trap: with a one-hot target (i = j, or lam in {0, 1}) and a small lambdaH the CE
 * and 1 - p_target fall far below 1; lse - z_t computed as (m - z_t) + log1p(sum of the other
 * exponentials) and p_t - 1 as -(sum of the other probabilities) keep their relative precision,
 * where m + log(s) - z_t and p_t - 1 would cancel.
 */

/** Writes softmax(z) into p and returns the mixup CE. */
export function mixCe(z: Float64Array, i: number, j: number, lam: number, p: Float64Array): number {
  const K = z.length;
  let am = 0;
  for (let k = 1; k < K; k++) if (z[k] > z[am]) am = k;
  const m = z[am];
  let others = 0;
  for (let k = 0; k < K; k++) {
    p[k] = Math.exp(z[k] - m);
    if (k !== am) others += p[k];
  }
  const s = 1 + others;
  for (let k = 0; k < K; k++) p[k] /= s;
  const l1p = Math.log1p(others);
  // lse - z_t = (m - z_t) + log1p(others).
  const ceI = m - z[i] + l1p;
  if (i === j) return ceI;
  const ceJ = m - z[j] + l1p;
  return lam * ceI + (1 - lam) * ceJ;
}

/** r = p - y for the softmax p of mixCe. */
export function mixResidual(p: Float64Array, i: number, j: number, lam: number, r: Float64Array): void {
  const K = p.length;
  for (let k = 0; k < K; k++) r[k] = p[k];
  const oneHot = i === j || lam === 1 || lam === 0;
  if (oneHot) {
    const t = i === j || lam === 1 ? i : j;
    let rest = 0;
    for (let k = 0; k < K; k++) if (k !== t) rest += p[k];
    r[t] = -rest;
    return;
  }
  r[i] = p[i] - lam;
  r[j] = p[j] - (1 - lam);
}

/** out = (diag(p) - p p^T) u. */
export function softmaxJacobianTimes(p: Float64Array, u: Float64Array, out: Float64Array): void {
  const K = p.length;
  let pu = 0;
  for (let k = 0; k < K; k++) pu += p[k] * u[k];
  for (let k = 0; k < K; k++) out[k] = p[k] * (u[k] - pu);
}
