/**
 * Predicates of the ReLU feature model (docs/catalogue.md, dang2024relu): mutually orthogonal class
 * means, their per-class lengths, logits M_k (e_k - 1/K), the classifier as scaled centred class
 * means, dead classes.
 *
 * The solver's variables are (W, G) with H = G o G, so a quantity quadratic in (W, H) is quartic
 * in them: it moves by at most 8 (1 + s)^3 per unit move of the point, s = ||(W, G)||_F (the
 * view's `scale`). Each predicate takes that `scale`; relative deviations divide the slope by
 * their reference, as `mismatch` does. References below ZERO count as 0 (the all-dead regime,
 * where W = H = 0 and a relative form would divide noise by noise).
 */
import { InputError } from '../errors.ts';
import { centering, frobNorm, mat, matmul, matmulTN, type Mat } from '../linalg/matrix.ts';
import { matrixMismatch, mismatch } from './mismatch.ts';
import type { Measurement } from './predicate.ts';

/** Below this a Gram trace or squared norm is numerically zero. */
const ZERO = 1e-12;

/** The first-order slope 8 (1 + s)^3 of a quantity quadratic in (W, H = G o G), s = ||(W, G)||_F. */
export function reluSlope(scale: number): number {
  return 8 * (1 + scale) ** 3;
}

const reference = (r: number) => (r > ZERO ? r : 0);

function requireClasses(what: string, v: readonly unknown[], K: number): void {
  if (v.length !== K) throw new InputError(what, `expected one entry per class (${K}), got ${v.length}`);
}

/** h_k . h_l = 0 for k != l: max_{k != l} |h_k . h_l| / sum_k ||h_k||^2. */
export function orthogonalClassMeans(Hbar: Mat, scale: number): Measurement {
  const G = matmulTN(Hbar, Hbar);
  const K = Hbar.cols;
  let off = 0;
  let tr = 0;
  for (let i = 0; i < K; i++)
    for (let k = 0; k < K; k++) {
      if (i === k) tr += G.data[i * K + k];
      else off = Math.max(off, Math.abs(G.data[i * K + k]));
    }
  return mismatch(off, reference(tr), { diff: 'max_{k != l} |h_k . h_l|', ref: 'sum_k ||h_k||^2' }, reluSlope(scale));
}

/** ||h_k||^2 = hSq_k for every class: max_k | ||h_k||^2 - hSq_k | / max_k hSq_k. */
export function classMeanLengths(Hbar: Mat, hSq: readonly number[], scale: number): Measurement {
  const K = Hbar.cols;
  requireClasses('hSq', hSq, K);
  const G = matmulTN(Hbar, Hbar);
  let ref = -Infinity;
  let dev = 0;
  for (let k = 0; k < K; k++) {
    ref = Math.max(ref, hSq[k]);
    dev = Math.max(dev, Math.abs(G.data[k * K + k] - hSq[k]));
  }
  return mismatch(dev, reference(ref), { diff: 'max_k | ||h_k||^2 - hSq_k |', ref: 'max_k hSq_k' }, reluSlope(scale));
}

/** W H_bar = [M_k (e_k - 1/K)]_k (column k), in relative Frobenius norm. */
export function centredLogits(W: Mat, Hbar: Mat, M: readonly number[], scale: number): Measurement {
  const K = W.rows;
  requireClasses('M', M, K);
  // Column k of (I - J/K) scaled by M_k.
  const T = centering(K);
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) T.data[i * K + k] *= M[k];
  const t = frobNorm(T);
  return matrixMismatch(matmul(W, Hbar), T, 'W H_bar - [M_k (e_k - 1/K)]', reluSlope(scale), reference(t * t) > 0 ? t : 0);
}

/**
 * The classifier of class means: w_k = c (K sqrt(n_k) h_k - sum_j sqrt(n_j) h_j), K x d. It is
 * the claimed minimiser's W and the target of `classifierMatches`.
 */
export function classifierOfMeans(Hbar: Mat, n: readonly number[], c: number): Mat {
  const { rows: d, cols: K } = Hbar;
  requireClasses('n', n, K);
  const sq = n.map(Math.sqrt);
  const W = mat(K, d);
  for (let r = 0; r < d; r++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += sq[j] * Hbar.data[r * K + j];
    for (let k = 0; k < K; k++) W.data[k * d + r] = c * (K * sq[k] * Hbar.data[r * K + k] - s);
  }
  return W;
}

/** W = `claimed` relative to ||W||_F (absolute when W = 0). */
export function classifierMatches(W: Mat, claimed: Mat, what: string, scale: number): Measurement {
  const w = frobNorm(W);
  return matrixMismatch(W, claimed, `W - ${what}`, reluSlope(scale), w > 1e-8 ? w : 0);
}

/**
 * h_k = 0 exactly for the classes claimed dead, and not for the others. Dead: ||h_k|| (absolute).
 * Live: max(0, 1e-3 - ||h_k|| / rms_k ||h_k||), refuted only when a live class is below 1e-3 of
 * the typical length (the same resolution as collapseMatches' "no collapse").
 */
export function deadClassesMatch(Hbar: Mat, dead: readonly boolean[], scale: number): Measurement {
  const K = Hbar.cols;
  requireClasses('dead', dead, K);
  const G = matmulTN(Hbar, Hbar);
  const norms = Array.from({ length: K }, (_, k) => Math.sqrt(Math.max(0, G.data[k * K + k])));
  const rms = Math.sqrt(norms.reduce((a, b) => a + b * b, 0) / K);
  let dev = 0;
  const detail: string[] = [];
  for (let k = 0; k < K; k++) {
    const dk = dead[k] ? norms[k] : Math.max(0, 1e-3 - (rms > 0 ? norms[k] / rms : 0));
    if (dk > dev) dev = dk;
    detail.push(`${dead[k] ? 'dead' : 'live'} ${norms[k].toPrecision(3)}`);
  }
  return { deviation: dev, kind: 'absolute', detail: `||h_k||: ${detail.join(', ')}`, sensitivity: reluSlope(scale) / Math.max(rms, 1e-3) };
}
