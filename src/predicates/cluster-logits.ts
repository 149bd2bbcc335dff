/**
 * Predicates on the cluster regimes of class-level logits Z_bar (Hong & Ling's Thms 2, 3, Cor 4
 * and the per-cluster extension; docs/catalogue.md, hongling2024). As in logits.ts, deviations are
 * relative to ||Z_bar||_F and absolute when Z_bar is numerically zero (ZERO_LOGITS), and a
 * `sensitivity` argument is already relative to ||Z_bar|| (logitSensitivity).
 */
import { InputError } from '../errors.ts';
import { svd } from '../linalg/eigen.ts';
import { frobNorm, mat, type Mat } from '../linalg/matrix.ts';
import { withinClassCollapse } from './collapse.ts';
import { ZERO_LOGITS, collapseMatches, matrixMatches } from './logits.ts';
import type { Measurement } from './predicate.ts';

/**
 * The largest deviation of several measurements of one check (a NaN deviation wins: it must
 * not be hidden). Their tolerances agree when their sensitivities do, so the worst one decides.
 */
export function worstOf(ms: readonly Measurement[]): Measurement {
  if (ms.length === 0) throw new InputError('worstOf', 'needs at least one measurement');
  let worst = ms[0];
  for (const m of ms) {
    if (Number.isNaN(worst.deviation)) break;
    if (Number.isNaN(m.deviation) || m.deviation > worst.deviation) worst = m;
  }
  return worst;
}

/**
 * NC1, measured absolutely when every class mean is numerically zero (the zero regime): the
 * relative form divides by a rounding-level norm there and could decide nothing.
 */
export function withinClassCollapseOrZero(H: Mat, labels: Int32Array, Hbar: Mat): Measurement {
  if (frobNorm(Hbar) > ZERO_LOGITS) return withinClassCollapse(H, labels, Hbar);
  return { deviation: frobNorm(H), kind: 'absolute', detail: '||H||_F (all class means 0, so every h_{k,i} = 0 claimed)', sensitivity: 1 };
}

/**
 * Per-cluster collapse: the classes of cluster j have equal mean logits iff `claimed[j]`
 * (collapseMatches per cluster). Clusters of one class decide nothing and are skipped; the
 * worst cluster is the measurement.
 */
export function clusterCollapseMatches(Z: Mat, clusters: readonly (readonly number[])[], claimed: readonly boolean[], sensitivity: number): Measurement {
  if (claimed.length !== clusters.length) throw new InputError('collapse', `expected one flag per cluster (${clusters.length}), got ${claimed.length}`);
  const ms = clusters.flatMap((classes, j) => (classes.length >= 2 ? [collapseMatches(Z, classes, claimed[j], sensitivity, `cluster ${j + 1}`)] : []));
  return ms.length > 0 ? worstOf(ms) : { deviation: 0, kind: 'absolute', detail: 'no cluster has two classes', sensitivity };
}

/** The block of Z_bar on the given classes (rows and columns) has rank <= 1: sigma_2(Z_BB) / ||Z_bar||_F. */
export function blockRankAtMostOne(Z: Mat, classes: readonly number[], sensitivity: number): Measurement {
  const m = classes.length;
  const K = Z.cols;
  const block = mat(m, m);
  for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) block.data[i * m + k] = Z.data[classes[i] * K + classes[k]];
  const s = svd(block).s;
  const s2 = s.length > 1 ? s[1] : 0;
  const z = frobNorm(Z);
  return z > ZERO_LOGITS
    ? { deviation: s2 / z, kind: 'relative', detail: 'sigma_2(Z_BB) / ||Z_bar||_F (block of rank <= 1 claimed)', sensitivity }
    : { deviation: s2, kind: 'absolute', detail: 'sigma_2(Z_BB) (Z_bar = 0)', sensitivity };
}

/** Z_bar = 0: ||Z_bar||_F, absolute. */
export function zeroLogits(Z: Mat, sensitivity: number): Measurement {
  return { deviation: frobNorm(Z), kind: 'absolute', detail: '||Z_bar||_F (Z_bar = 0 claimed)', sensitivity };
}

/**
 * The balanced closed form Z_bar = a (K I - J) with b = 0: the larger of the relative logit
 * mismatch and max_k |b_k| (absolute; b is not scaled with Z_bar).
 */
export function scaledSimplexLogits(Z: Mat, b: Float64Array | null, a: number, sensitivity: number): Measurement {
  const K = Z.rows;
  const target = mat(K, K);
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) target.data[i * K + k] = a * ((i === k ? K : 0) - 1);
  const m = matrixMatches(Z, target, 'a (K I - J)', sensitivity);
  if (!b) return m;
  const bmax = b.reduce((s, x) => Math.max(s, Math.abs(x)), 0);
  return m.deviation >= bmax ? m : { deviation: bmax, kind: 'absolute', detail: 'max_k |b_k| (b = 0 claimed)', sensitivity: 1 };
}

/**
 * || Z_bar / ||Z_bar||_F - (K I - J) / ||K I - J||_F ||_F: how far the logits' shape is from
 * the simplex ETF's (||K I - J||_F^2 = K^2 (K - 1)).
 */
export function etfShapeDistance(Z: Mat): number {
  const K = Z.rows;
  const z = frobNorm(Z);
  const e = Math.sqrt(K * (K - 1) * K);
  let dev = 0;
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) dev += (Z.data[i * K + k] / z - ((i === k ? K : 0) - 1) / e) ** 2;
  return Math.sqrt(dev);
}
