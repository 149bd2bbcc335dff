/**
 * Named matrices of a deep linear UFM point for the predicates: the layers W_1..W_M, their
 * product W = W_M ... W_1 (K x d_1), the features H, the class means H_bar and the bias.
 */
import { mat, matmul, matmulTN, rowGram, toRows, type Mat } from '../../linalg/matrix.ts';
import { deepLinearBlocks, sampleLabels, type DeepLinearInstance } from './objective.ts';

export interface DeepLinearView {
  readonly K: number;
  readonly n: readonly number[];
  readonly N: number;
  /** W_1, ..., W_M (W_m is d_{m+1} x d_m, W_M is K x d_M). */
  readonly layers: readonly Mat[];
  /** The end-to-end map W = W_M ... W_1, K x d_1. */
  readonly W: Mat;
  /** d_1 x N features. */
  readonly H: Mat;
  readonly labels: Int32Array;
  /** d_1 x K class means. */
  readonly Hbar: Mat;
  readonly b: Float64Array | null;
}

export function deepLinearView(inst: DeepLinearInstance, x: Float64Array): DeepLinearView {
  const blocks = deepLinearBlocks(inst);
  const M = inst.depth;
  const layers = blocks.slice(0, M).map((b) => mat(b.rows, b.cols, x.slice(b.offset, b.offset + b.rows * b.cols)));
  let W = layers[0];
  for (let m = 1; m < M; m++) W = matmul(layers[m], W);
  const hb = blocks[M];
  const H = mat(hb.rows, hb.cols, x.slice(hb.offset, hb.offset + hb.rows * hb.cols));
  const labels = sampleLabels(inst.n);
  const { K } = inst;
  const d = H.rows;
  const N = H.cols;
  const Hbar = mat(d, K);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < N; j++) Hbar.data[i * K + labels[j]] += H.data[i * N + j];
    for (let k = 0; k < K; k++) Hbar.data[i * K + k] /= inst.n[k];
  }
  const b = inst.bias ? x.slice(blocks[M + 1].offset, blocks[M + 1].offset + K) : null;
  return { K, n: inst.n, N, layers, W, H, labels, Hbar, b };
}

/** What `ncverify solve` prints: W W^T, the class-mean Gram, W H_bar and the bias. */
export function describeDeepLinearSolution(inst: DeepLinearInstance, x: Float64Array): Record<string, number[][] | number[]> {
  const v = deepLinearView(inst, x);
  const out: Record<string, number[][] | number[]> = {
    WWt: toRows(rowGram(v.W)),
    classMeanGram: toRows(matmulTN(v.Hbar, v.Hbar)),
    WHbar: toRows(matmul(v.W, v.Hbar)),
  };
  if (v.b) out.b = Array.from(v.b);
  return out;
}
