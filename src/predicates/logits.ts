/**
 * Predicates on class-level logits Z_bar = W H_bar (K x K, column k = the mean logit vector of
 * class k), the object Hong & Ling's UFM-Z theorems are stated in (docs/catalogue.md, hongling2024).
 */
import { frobNorm, matmul, type Mat } from '../linalg/matrix.ts';
import { maxOf } from '../linalg/vector.ts';
import { fmt } from './collapse.ts';
import type { Measurement } from './predicate.ts';

/** Z_bar = W H_bar for W (K x d) and H_bar (d x K). */
export function classLogits(W: Mat, Hbar: Mat): Mat {
  return matmul(W, Hbar);
}

/**
 * First-order sensitivity of a deviation measured on Z_bar = W H_bar, relative to ||Z_bar||:
 * ||dZ|| <= ||dW|| ||H_bar|| + ||W|| ||dH_bar|| and ||dH_bar|| <= ||dH|| (a mean of columns).
 */
export function logitSensitivity(W: Mat, Hbar: Mat, Z: Mat): number {
  const z = frobNorm(Z);
  return (2 * (frobNorm(W) + frobNorm(Hbar))) / (z > ZERO_LOGITS ? z : 1);
}

/**
 * Below this ||Z_bar||_F the logits are numerically zero (a solve of the zero regime) and
 * deviations are measured absolutely: dividing by a rounding-level norm would make them noise.
 */
export const ZERO_LOGITS = 1e-8;

/** Every column of Z_bar sums to 0: ||1^T Z_bar|| / ||Z_bar||_F. */
export function zeroColumnSums(Z: Mat, sensitivity: number): Measurement {
  const K = Z.rows;
  let s = 0;
  for (let k = 0; k < Z.cols; k++) {
    let c = 0;
    for (let i = 0; i < K; i++) c += Z.data[i * Z.cols + k];
    s += c * c;
  }
  const z = frobNorm(Z);
  return z > ZERO_LOGITS
    ? { deviation: Math.sqrt(s) / z, kind: 'relative', detail: '||1^T Z_bar|| / ||Z_bar||_F', sensitivity }
    : { deviation: Math.sqrt(s), kind: 'absolute', detail: '||1^T Z_bar|| (Z_bar = 0)', sensitivity };
}

/** ||A - B||_F / ||B||_F (absolute when B = 0). */
export function matrixMatches(A: Mat, B: Mat, label: string, sensitivity: number): Measurement {
  let s = 0;
  for (let i = 0; i < A.data.length; i++) s += (A.data[i] - B.data[i]) ** 2;
  const b = frobNorm(B);
  return b > 0
    ? { deviation: Math.sqrt(s) / b, kind: 'relative', detail: `||Z_bar - ${label}||_F / ||${label}||_F`, sensitivity }
    : { deviation: Math.sqrt(s), kind: 'absolute', detail: `||Z_bar - ${label}||_F (${label} = 0)`, sensitivity };
}

/** Absolute max difference of two vectors (biases). */
export function vectorMatches(a: Float64Array, b: Float64Array, label: string): Measurement {
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i] - b[i]));
  return { deviation: mx, kind: 'absolute', detail: `max_k |b_k - ${label}_k|`, sensitivity: 1 };
}

/** Cluster index of each class: classes with equal n_k share a cluster (Gamma_j of Thm 2). */
export function clustersOf(n: readonly number[]): Int32Array {
  const ids = new Map<number, number>();
  return Int32Array.from(n, (v) => {
    if (!ids.has(v)) ids.set(v, ids.size);
    return ids.get(v)!;
  });
}

/**
 * Block structure (Thm 2): Z_bar constant on the diagonal within each cluster, constant off the
 * diagonal on each cluster-by-cluster block, b constant within each cluster. Deviation: distance
 * to the block-averaged matrix, relative to ||Z_bar||_F (absolute when Z_bar = 0).
 */
export function blockStructure(Z: Mat, b: Float64Array | null, n: readonly number[], sensitivity: number): Measurement {
  const K = Z.rows;
  const cl = clustersOf(n);
  const J = maxOf(cl) + 1;
  // Sums and counts per (cluster, cluster, diagonal?) cell.
  const sum = new Float64Array(J * J * 2);
  const cnt = new Float64Array(J * J * 2);
  const cell = (i: number, k: number) => (cl[i] * J + cl[k]) * 2 + (i === k ? 1 : 0);
  for (let i = 0; i < K; i++)
    for (let k = 0; k < K; k++) {
      sum[cell(i, k)] += Z.data[i * K + k];
      cnt[cell(i, k)] += 1;
    }
  let dev = 0;
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) dev += (Z.data[i * K + k] - sum[cell(i, k)] / cnt[cell(i, k)]) ** 2;
  if (b) {
    const bs = new Float64Array(J);
    const bc = new Float64Array(J);
    for (let k = 0; k < K; k++) {
      bs[cl[k]] += b[k];
      bc[cl[k]] += 1;
    }
    for (let k = 0; k < K; k++) dev += (b[k] - bs[cl[k]] / bc[cl[k]]) ** 2;
  }
  const z = frobNorm(Z);
  return z > ZERO_LOGITS
    ? { deviation: Math.sqrt(dev) / z, kind: 'relative', detail: 'distance of (Z_bar, b) to its cluster-block average / ||Z_bar||_F', sensitivity }
    : { deviation: Math.sqrt(dev), kind: 'absolute', detail: 'distance of (Z_bar, b) to its cluster-block average (Z_bar = 0)', sensitivity };
}

/**
 * Largest ||z_k - z_k'|| over pairs of the given columns, relative to ||Z||_F (absolute when
 * Z = 0). Any column matrix works (W^T for classifiers), not only the square Z_bar.
 */
export function logitSpread(Z: Mat, classes: readonly number[]): { spread: number; relative: boolean } {
  const { rows, cols } = Z;
  let mx = 0;
  for (let a = 0; a < classes.length; a++)
    for (let c = a + 1; c < classes.length; c++) {
      let q = 0;
      for (let i = 0; i < rows; i++) q += (Z.data[i * cols + classes[a]] - Z.data[i * cols + classes[c]]) ** 2;
      mx = Math.max(mx, Math.sqrt(q));
    }
  const z = frobNorm(Z);
  return z > ZERO_LOGITS ? { spread: mx / z, relative: true } : { spread: mx, relative: false };
}

/**
 * "These classes collapse" (their mean logit vectors coincide) when `claimed` is true, "they do
 * not" when false. Collapse: deviation = relative spread. No collapse: deviation =
 * max(0, 1e-3 - spread), Lipschitz in the spread, which exceeds the 1e-6 floor only when the
 * spread is below 1e-3 of ||Z_bar||: far below what a certified minimiser shows a few percent
 * from a threshold (the spread grows like the square root of the distance to it).
 */
export function collapseMatches(Z: Mat, classes: readonly number[], claimed: boolean, sensitivity: number, label: string): Measurement {
  const { spread } = logitSpread(Z, classes);
  if (claimed) {
    return { deviation: spread, kind: 'relative', detail: `max ||z_k - z_k'|| / ||Z_bar|| over ${label} (collapse claimed)`, sensitivity };
  }
  return {
    deviation: Math.max(0, NO_COLLAPSE_SPREAD - spread),
    kind: 'absolute',
    detail: `max(0, ${NO_COLLAPSE_SPREAD} - spread) over ${label}, spread ${fmt(spread)} (no collapse claimed)`,
    sensitivity,
    resolution: NO_COLLAPSE_SPREAD,
  };
}

/** The relative spread below which "no collapse" is refuted. */
export const NO_COLLAPSE_SPREAD = 1e-3;
