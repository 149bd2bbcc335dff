/** Named matrices of a ufm-ce point, for the predicates: W, H, b and the class means H_bar. */
import { mat, type Mat } from '../../linalg/matrix.ts';
import { norm2 } from '../../linalg/vector.ts';
import { columnLayout, type ColumnMode, type UfmCeInstance } from './objective.ts';
import { featuresFromRoots } from './relu.ts';
import { rotationOrbitSubspace } from '../../linalg/rotation-orbit.ts';
import type { Subspace } from '../../linalg/subspace.ts';

export interface UfmCeView {
  readonly K: number;
  readonly d: number;
  readonly n: readonly number[];
  readonly N: number;
  /** K x d, rows are the classifiers w_k. */
  readonly W: Mat;
  /** d x P features (P = N full, K reduced). */
  readonly H: Mat;
  /** Class of each column of H. */
  readonly labels: Int32Array;
  /** d x K class means. */
  readonly Hbar: Mat;
  /** Bias, or null for a bias-free model. */
  readonly b: Float64Array | null;
}

export function ufmCeView(instance: UfmCeInstance, x: Float64Array, mode: ColumnMode = 'full'): UfmCeView {
  const { K, d } = instance;
  const layout = columnLayout(instance, mode);
  const P = layout.P;
  const W = mat(K, d, x.slice(0, K * d));
  const H = mat(d, P, x.slice(K * d, K * d + d * P));
  const b = instance.bias ? x.slice(K * d + d * P, K * d + d * P + K) : null;
  const Hbar = new Float64Array(d * K);
  const count = new Float64Array(K);
  for (let j = 0; j < P; j++) count[layout.label[j]] += 1;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < P; j++) Hbar[i * K + layout.label[j]] += H.data[i * P + j];
    for (let k = 0; k < K; k++) Hbar[i * K + k] /= count[k];
  }
  return { K, d, n: instance.n, N: layout.N, W, H, labels: layout.label, Hbar: mat(d, K, Hbar), b };
}

/** The view of a point of the ReLU feature model (relu.ts): H = G o G, plus the point's norm. */
export interface UfmCeReluView extends UfmCeView {
  /** ||(W, G, b)||_F: scales first-order sensitivities, since H = G o G is quadratic in G. */
  readonly scale: number;
}

export function ufmCeReluView(instance: UfmCeInstance, x: Float64Array): UfmCeReluView {
  return { ...ufmCeView(instance, featuresFromRoots(instance, x)), scale: norm2(x) };
}

/**
 * Tangent vectors of the exact symmetry orbit of a ufm-ce point: for each pair i < j of feature
 * coordinates the rotation generator A = E_ij - E_ji acting as W -> W (I + A), H -> (I - A) H
 * (f depends on W, H only through W H and the norms), and the bias shift b -> b + beta 1 when
 * the bias is unpenalised. Returns [] when there would be too many to be worth it (large d).
 */
export function ufmCeSymmetries(instance: UfmCeInstance, x: Float64Array, mode: ColumnMode = 'full'): Float64Array[] {
  const { K, d } = instance;
  const P = columnLayout(instance, mode).P;
  const size = x.length;
  if (((d * (d - 1)) / 2) * size > 5e7) return [];
  const offH = K * d;
  const out: Float64Array[] = [];
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const t = new Float64Array(size);
      for (let k = 0; k < K; k++) {
        t[k * d + j] = x[k * d + i];
        t[k * d + i] = -x[k * d + j];
      }
      for (let c = 0; c < P; c++) {
        t[offH + i * P + c] = -x[offH + j * P + c];
        t[offH + j * P + c] = x[offH + i * P + c];
      }
      out.push(t);
    }
  }
  if (instance.bias && instance.lambdaB === 0) {
    const t = new Float64Array(size);
    for (let k = 0; k < K; k++) t[K * d + d * P + k] = 1;
    out.push(t);
  }
  return out;
}

/**
 * The span of ufmCeSymmetries as a projector without a basis (src/linalg/rotation-orbit.ts):
 * the same subspace, for O(d^2 (K + P)) per projection instead of a Gram-Schmidt of d(d-1)/2
 * full-length tangents. Where ufmCeSymmetries gives none (its size cap) this is empty too, so
 * certificates do not change.
 */
export function ufmCeSymmetrySubspace(instance: UfmCeInstance, x: Float64Array, mode: ColumnMode = 'full'): Subspace {
  const { K, d } = instance;
  const P = columnLayout(instance, mode).P;
  if (((d * (d - 1)) / 2) * x.length > 5e7) return { dimension: 0, projectOut: () => {} };
  const extra: Float64Array[] = [];
  if (instance.bias && instance.lambdaB === 0) {
    const t = new Float64Array(x.length);
    for (let k = 0; k < K; k++) t[K * d + d * P + k] = 1;
    extra.push(t);
  }
  return rotationOrbitSubspace(x, { d, rows: K, cols: P, offW: 0, offH: K * d }, extra, norm2(x));
}
