/**
 * Point builders of the UF-SVM (src/problems/uf-svm/problem.ts, full mode): the flat vector
 * x = [W (K x d, row-major), H (d x N, row-major)] from named matrices, and the factorisation
 * of a claimed logit matrix Z into such a pair.
 */
import { symmetricEigen } from '../../linalg/eigen.ts';
import { mat, matmulNT, type Mat } from '../../linalg/matrix.ts';
import { InputError } from '../../errors.ts';
import type { UfSvmInstance } from './problem.ts';

/** x from W (K x d) and sample-level features H (d x N). */
export function ufSvmPoint(inst: UfSvmInstance, W: Mat, H: Mat): Float64Array {
  const N = inst.n.reduce((a, b) => a + b, 0);
  if (W.rows !== inst.K || W.cols !== inst.d) throw new InputError('ufSvmPoint.W', `expected ${inst.K}x${inst.d}, got ${W.rows}x${W.cols}`);
  if (H.rows !== inst.d || H.cols !== N) throw new InputError('ufSvmPoint.H', `expected ${inst.d}x${N}, got ${H.rows}x${H.cols}`);
  const x = new Float64Array(W.data.length + H.data.length);
  x.set(W.data, 0);
  x.set(H.data, W.data.length);
  return x;
}

export interface LogitFactorisation {
  /** W = U S^{gramPower}, so W W^T = (Z Z^T)^{gramPower}. */
  readonly gramPower: number;
  /** H = S^{featurePower - 1} U^T Z (= S^{featurePower} V^T), so H^T H = (Z^T Z)^{featurePower}. */
  readonly featurePower: number;
}

/**
 * The point whose logits factor Z (K x N) = U S V^T as W = U S^{gramPower},
 * H = S^{featurePower - 1} U^T Z (U, S from the eigendecomposition of the K x K matrix Z Z^T,
 * directions with eigenvalue <= K 1e-14 max|eigenvalue| dropped as rank-deficient), padded
 * with zero coordinates up to d. With both powers 1/2 it is the balanced factorisation with
 * W H = Z. Impossible when rank Z > d: no K x d W and d x N H have W H = Z.
 */
export function ufSvmPointFromLogits(inst: UfSvmInstance, Z: Mat, f: LogitFactorisation): Float64Array | { impossible: string } {
  const { K, d } = inst;
  const N = Z.cols;
  if (Z.rows !== K) throw new InputError('ufSvmPointFromLogits.Z', `expected K = ${K} rows, got ${Z.rows}`);
  const { values, vectors } = symmetricEigen(matmulNT(Z, Z));
  let big = 0;
  for (const v of values) big = Math.max(big, Math.abs(v));
  const keep: number[] = [];
  for (let q = 0; q < K; q++) if (values[q] > K * 1e-14 * big) keep.push(q);
  if (keep.length > d) return { impossible: `W H = Z_hat has rank ${keep.length} > d = ${d}, so no W in R^{${K}x${d}}, H in R^{${d}xN} has it` };
  const W = mat(K, d);
  const H = mat(d, N);
  keep.forEach((q, r) => {
    const sv = Math.sqrt(values[q]);
    for (let k = 0; k < K; k++) W.data[k * d + r] = vectors.data[k * K + q] * sv ** f.gramPower;
    // Row r of H: s^{featurePower - 1} u_q^T Z.
    for (let j = 0; j < N; j++) {
      let t = 0;
      for (let k = 0; k < K; k++) t += vectors.data[k * K + q] * Z.data[k * N + j];
      H.data[r * N + j] = sv ** (f.featurePower - 1) * t;
    }
  });
  return ufSvmPoint(inst, W, H);
}
