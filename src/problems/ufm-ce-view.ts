/** Named matrices of a ufm-ce point, for the predicates: W, H, b and the class means H_bar. */
import { mat, type Mat } from '../linalg/matrix.ts';
import { columnLayout, type ColumnMode, type UfmCeInstance } from './ufm-ce.ts';

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
