/**
 * Point builders of the deep linear UFM (conventions in objective.ts): the flat vector
 * x = [W_1, ..., W_M, H, b] from named matrices, and the balanced point whose end-to-end map
 * runs along given class-space directions.
 */
import { minOf } from '../../linalg/vector.ts';
import { InputError } from '../../errors.ts';
import { classLabels, expandClassColumns } from '../../linalg/class-columns.ts';
import { mat, type Mat } from '../../linalg/matrix.ts';
import { deepLinearBlocks, type DeepLinearInstance } from './objective.ts';

export interface DeepLinearParts {
  /** W_1, ..., W_M (W_m is d_{m+1} x d_m, W_M is K x d_M). */
  readonly layers: readonly Mat[];
  /** d_1 x K class means; every sample of class k gets h_k (NC1 by construction). */
  readonly Hbar: Mat;
  /** The bias (K entries), when the model has one. @defaultValue 0 */
  readonly b?: readonly number[];
}

/** x from the layers, the class means and the bias. */
export function deepLinearPoint(inst: DeepLinearInstance, parts: DeepLinearParts): Float64Array {
  const blocks = deepLinearBlocks(inst);
  const M = inst.depth;
  if (parts.layers.length !== M) throw new InputError('deepLinearPoint.layers', `expected ${M} layers, got ${parts.layers.length}`);
  const H = expandClassColumns(parts.Hbar, classLabels(inst.n));
  const mats = [...parts.layers, H];
  const x = new Float64Array(blocks.reduce((s, bl) => s + bl.rows * bl.cols, 0));
  mats.forEach((A, m) => {
    const bl = blocks[m];
    if (A.rows !== bl.rows || A.cols !== bl.cols) throw new InputError(`deepLinearPoint.${bl.name}`, `expected ${bl.rows}x${bl.cols}, got ${A.rows}x${A.cols}`);
    x.set(A.data, bl.offset);
  });
  if (parts.b) {
    if (!inst.bias || parts.b.length !== inst.K)
      throw new InputError('deepLinearPoint.b', inst.bias ? `expected ${inst.K} entries, got ${parts.b.length}` : 'the model has no bias');
    x.set(parts.b, blocks[M + 1].offset);
  }
  return x;
}

export interface BalancedModes {
  /** Per direction j: lambdaW_m s_{m,j}^2 = c_j in every layer (AM-GM balance). */
  readonly c: readonly number[];
  /** Per direction j: the features' coefficient, h_k = sum_j h_j U_kj e_j. */
  readonly h: readonly number[];
}

/**
 * The balanced point along the orthonormal columns u_j of U (K x r, r <= every width): layer
 * m < M is sqrt(c_j / lambdaW_m) on coordinate j (the identity on the first r coordinates,
 * scaled), the last layer maps e_j to sqrt(c_j / lambdaW_M) u_j, and class k's features are
 * h_k = sum_j h_j U_kj e_j. So W_M ... W_1 = sum_j prod_m sqrt(c_j / lambdaW_m) u_j e_j^T.
 * U = (e_{k_1}, ..., e_{k_r}) gives an orthogonal frame over the classes k_j; a basis of
 * 1-perp gives a simplex ETF. A mode with c_j = h_j = 0 contributes nothing and is skipped (the
 * zero point, bias aside, when all are).
 */
export function balancedFramePoint(inst: DeepLinearInstance, U: Mat, modes: BalancedModes, b?: readonly number[]): Float64Array {
  const { K, depth: M } = inst;
  const r = U.cols;
  const dmin = minOf(inst.widths);
  if (U.rows !== K) throw new InputError('balancedFramePoint.U', `expected K = ${K} rows, got ${U.rows}`);
  if (r > dmin) throw new InputError('balancedFramePoint.U', `${r} directions do not fit the narrowest layer (d = ${dmin})`);
  if (modes.c.length !== r || modes.h.length !== r)
    throw new InputError('balancedFramePoint.modes', `expected ${r} values of c and h, got ${modes.c.length} and ${modes.h.length}`);
  const blocks = deepLinearBlocks(inst);
  const layers = blocks.slice(0, M).map((bl) => mat(bl.rows, bl.cols));
  const Hbar = mat(inst.widths[0], K);
  for (let j = 0; j < r; j++) {
    if (modes.c[j] === 0 && modes.h[j] === 0) continue;
    for (let m = 0; m < M; m++) {
      const W = layers[m];
      const s = Math.sqrt(modes.c[j] / inst.lambdaW[m]);
      if (m === M - 1) for (let k = 0; k < K; k++) W.data[k * W.cols + j] = s * U.data[k * r + j];
      else W.data[j * W.cols + j] = s;
    }
    for (let k = 0; k < K; k++) Hbar.data[j * K + k] = modes.h[j] * U.data[k * r + j];
  }
  return deepLinearPoint(inst, { layers, Hbar, ...(b ? { b } : {}) });
}

/** r equal modes (c, h), e.g. the K - 1 directions of a simplex ETF. */
export function equalModes(r: number, c: number, h: number): BalancedModes {
  return { c: Array.from({ length: r }, () => c), h: Array.from({ length: r }, () => h) };
}

/** The K x r matrix (e_{k_1}, ..., e_{k_r}): class k_j on direction j. */
export function classAxes(K: number, classes: readonly number[]): Mat {
  const U = mat(K, classes.length);
  classes.forEach((k, j) => {
    U.data[k * classes.length + j] = 1;
  });
  return U;
}
