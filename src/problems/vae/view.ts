/**
 * Named quantities of a point of the linear VAE family, for the predicates: the decoder map and
 * its singular values, the encoder standard deviations (CVAE, VAE), and the two levels'
 * singular values (HVAE).
 */
import { psdSqrt, svd } from '../../linalg/eigen.ts';
import { mat, matmul, type Mat } from '../../linalg/matrix.ts';
import { cvaeLayout, momentsOf, type LinearCvaeInstance } from './cvae.ts';
import { linearVaeBlocks, type LinearVaeLayout } from './gaussian.ts';
import { hvaeBlocks, hvaeSizes, type LinearHvaeInstance } from './hvae.ts';
import { vaeLayout, type LinearVaeInstance } from './vae.ts';

const singularValues = (A: Mat): number[] => Array.from(svd(A).s);

export interface VaeView {
  /** Decoder latent map U_1 (target x latent). */
  readonly U: Mat;
  /** Singular values of U_1, descending (the claims' omega_i). */
  readonly omega: number[];
  /** Encoder standard deviations, one per latent (fixed or learnable). */
  readonly sigma: number[];
}

/** The view of a point of either loss on a shared layout (gaussian.ts). */
export function linearVaeView(layout: LinearVaeLayout, x: Float64Array): VaeView {
  const blocks = linearVaeBlocks(layout);
  const bU = blocks[1];
  const U = mat(bU.rows, bU.cols, x.slice(bU.offset, bU.offset + bU.rows * bU.cols));
  const bT = blocks.find((b) => b.name === 'logVar');
  const sigma = Array.from({ length: layout.dz }, (_, j) => Math.exp(0.5 * (bT ? x[bT.offset + j] : layout.fixedLogVar![j])));
  return { U, omega: singularValues(U), sigma };
}

export const cvaeView = (inst: LinearCvaeInstance, x: Float64Array): VaeView => linearVaeView(cvaeLayout(inst), x);
export const vaeView = (inst: LinearVaeInstance, x: Float64Array): VaeView => linearVaeView(vaeLayout(inst), x);

export interface HvaeView {
  /** Singular values of W_1 S_xx^{1/2} (lambda_i) and of U_2 (omega_i), descending. */
  readonly lambda: number[];
  readonly omega: number[];
  /** Sigma_2 entries (variances). */
  readonly sigma2Sq: number[];
  /** Singular values of [W_1 S_xx^{1/2}, U_2]: z1 directions used by either level. */
  readonly joint: number[];
}

export function hvaeView(inst: LinearHvaeInstance, x: Float64Array): HvaeView {
  const sizes = hvaeSizes(inst);
  const { d0, d1, d2 } = sizes;
  const [bW1, , , bU2, bT] = hvaeBlocks(sizes);
  const W1 = mat(d1, d0, x.slice(bW1.offset, bW1.offset + d1 * d0));
  const V1 = matmul(W1, psdSqrt(momentsOf(inst.data).Sxx));
  const U2 = mat(d1, d2, x.slice(bU2.offset, bU2.offset + d1 * d2));
  const J = mat(d1, d0 + d2);
  for (let i = 0; i < d1; i++) {
    for (let c = 0; c < d0; c++) J.data[i * (d0 + d2) + c] = V1.data[i * d0 + c];
    for (let c = 0; c < d2; c++) J.data[i * (d0 + d2) + d0 + c] = U2.data[i * d2 + c];
  }
  return {
    lambda: singularValues(V1),
    omega: singularValues(U2),
    joint: singularValues(J),
    sigma2Sq: Array.from(x.subarray(bT.offset, bT.offset + d2), Math.exp),
  };
}
