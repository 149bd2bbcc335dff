/**
 * Named quantities of a ufm-mixup point, per mix: the feature h, its logits W h, its
 * least-squares coefficients on w_i and w_j, and its distance from span{w_i, w_j}.
 *
 * Coefficients: for i != j with w_i, w_j independent, the unique (c_i, c_j) minimising
 * ||h - c_i w_i - c_j w_j||; for i = j, or dependent w_i, w_j (K = 2 gives w_j = -w_i), the span
 * is a line and the single coefficient on w_i is reported, with c_j = 0.
 */
import { mat, type Mat } from '../../linalg/matrix.ts';
import { etfClassifier } from './classifier.ts';
import type { Mix, UfmMixupInstance } from './instance.ts';

export interface MixView {
  readonly mix: Mix;
  readonly h: Float64Array;
  readonly logits: Float64Array;
  /** [c_i, c_j] (see the module comment). */
  readonly coefficients: readonly [number, number];
  /** ||h - c_i w_i - c_j w_j||. */
  readonly distanceFromSpan: number;
}

export interface UfmMixupView {
  readonly K: number;
  readonly d: number;
  /** K x d classifier (fixed ETF or the point's W). */
  readonly W: Mat;
  /** d x M features. */
  readonly H: Mat;
  readonly mixes: readonly MixView[];
}

/** Offset of the H block in x. */
export function featureOffset(inst: UfmMixupInstance): number {
  return inst.classifier === 'learnable' ? inst.K * inst.d : 0;
}

export function ufmMixupView(inst: UfmMixupInstance, x: Float64Array): UfmMixupView {
  const { K, d } = inst;
  const M = inst.mixes.length;
  const W = inst.classifier === 'learnable' ? mat(K, d, x.slice(0, K * d)) : etfClassifier(K, d, inst.s);
  const off = featureOffset(inst);
  const H = mat(d, M, x.slice(off, off + d * M));
  const mixes = inst.mixes.map((mix, m) => {
    const h = Float64Array.from({ length: d }, (_, q) => H.data[q * M + m]);
    const logits = Float64Array.from({ length: K }, (_, k) => dotRow(W, k, h));
    const { coefficients, distance } = spanProjection(W, mix.i, mix.j, h);
    return { mix, h, logits, coefficients, distanceFromSpan: distance };
  });
  return { K, d, W, H, mixes };
}

function dotRow(W: Mat, k: number, h: Float64Array): number {
  let s = 0;
  for (let q = 0; q < W.cols; q++) s += W.data[k * W.cols + q] * h[q];
  return s;
}

/** Least-squares projection of h onto span{w_i, w_j}. */
export function spanProjection(W: Mat, i: number, j: number, h: Float64Array): { coefficients: [number, number]; distance: number } {
  const d = W.cols;
  const wi = W.data.subarray(i * d, (i + 1) * d);
  const wj = W.data.subarray(j * d, (j + 1) * d);
  let gii = 0,
    gjj = 0,
    gij = 0,
    bi = 0,
    bj = 0;
  for (let q = 0; q < d; q++) {
    gii += wi[q] * wi[q];
    gjj += wj[q] * wj[q];
    gij += wi[q] * wj[q];
    bi += wi[q] * h[q];
    bj += wj[q] * h[q];
  }
  const det = gii * gjj - gij * gij;
  let ci: number;
  let cj: number;
  // Dependent directions (i = j, or K = 2): project onto the line of w_i.
  if (i === j || !(det > 1e-12 * gii * gjj)) {
    ci = gii > 0 ? bi / gii : 0;
    cj = 0;
  } else {
    ci = (gjj * bi - gij * bj) / det;
    cj = (gii * bj - gij * bi) / det;
  }
  let r2 = 0;
  for (let q = 0; q < d; q++) r2 += (h[q] - ci * wi[q] - cj * wj[q]) ** 2;
  return { coefficients: [ci, cj], distance: Math.sqrt(r2) };
}
