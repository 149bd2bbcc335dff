/**
 * The deep linear unconstrained feature model (docs/catalogue.md, dang2023dln): M linear layers on top
 * of free features, with a squared loss (`dln-mse`) or cross-entropy (`dln-ce`):
 *
 *   dln-mse:  f = (1/(2N)) ||W_M ... W_1 H + b 1^T - Y||_F^2 + sum_m lambdaW_m/2 ||W_m||_F^2 + lambdaH/2 ||H||_F^2
 *   dln-ce:   f = (1/N) sum_{k,i} CE(W_M ... W_1 h_{k,i} + b, k)  + the same penalties
 *
 * Conventions: `widths` = [d_1, ..., d_M] are the input widths of the layers, so H is d_1 x N
 * (columns h_{k,i}, class by class), W_m is d_{m+1} x d_m for m < M and W_M is K x d_M. Y is the
 * one-hot K x N label matrix. Mean loss over the N samples; ||H||^2 sums over all N samples (not
 * averaged); the bias b in R^K (only when `bias` is true) sits after the last layer and is never
 * penalised. Variables, in order: W_1, ..., W_M, H, b.
 *
 * Derivatives: with A_0 = H, A_m = W_m A_{m-1}, Z = A_M + b 1^T, the loss gradient G = dL/dZ is
 * pulled back by B_M = G, B_{m-1} = W_m^T B_m, so grad W_m = B_m A_{m-1}^T and grad H = B_0. The
 * Hessian-vector product differentiates this chain once more along v = (dW_1, ..., dH, db):
 * forward tangents dA_m = dW_m A_{m-1} + W_m dA_{m-1}, dG = L''[dZ], backward tangents
 * dB_{m-1} = dW_m^T B_m + W_m^T dB_m, and H v = (dB_m A_{m-1}^T + B_m dA_{m-1}^T, ..., dB_0, dG 1).
 */
import { mat, matmul, matmulNT, matmulTN, type Mat } from '../../linalg/matrix.ts';
import { UNIT_ROUNDOFF as u, bMul, exact, gamma } from '../../linalg/rounding.ts';
import { ceColumnError } from '../ce-rounding.ts';
import type { InstanceBase, Objective, ValueError, VariableBlock } from '../problem.ts';

export type DeepLinearLoss = 'mse' | 'ce';

export interface DeepLinearInstance extends InstanceBase {
  readonly problem: 'dln-mse' | 'dln-ce';
  /** Number of classes, >= 2. */
  readonly K: number;
  /** Samples per class, length K. */
  readonly n: readonly number[];
  /** Number of linear layers M >= 1. */
  readonly depth: number;
  /** Input widths [d_1, ..., d_M] of the layers (d_1 is the feature dimension). */
  readonly widths: readonly number[];
  /** One ridge weight per layer, lambdaW_1 ... lambdaW_M, each > 0. */
  readonly lambdaW: readonly number[];
  readonly lambdaH: number;
  /** Unpenalised bias after the last layer. @defaultValue false */
  readonly bias: boolean;
}

export function deepLinearLoss(inst: DeepLinearInstance): DeepLinearLoss {
  return inst.problem === 'dln-mse' ? 'mse' : 'ce';
}

/** The blocks W1..WM, H (d_1 x N) and b, in the order of the flat vector. */
export function deepLinearBlocks(inst: DeepLinearInstance): VariableBlock[] {
  const { K, depth: M, widths } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const blocks: VariableBlock[] = [];
  let off = 0;
  for (let m = 0; m < M; m++) {
    const rows = m + 1 < M ? widths[m + 1] : K;
    blocks.push({ name: `W${m + 1}`, rows, cols: widths[m], offset: off });
    off += rows * widths[m];
  }
  blocks.push({ name: 'H', rows: widths[0], cols: N, offset: off });
  off += widths[0] * N;
  if (inst.bias) blocks.push({ name: 'b', rows: K, cols: 1, offset: off });
  return blocks;
}

function blockMat(x: Float64Array, b: VariableBlock): Mat {
  return mat(b.rows, b.cols, x.subarray(b.offset, b.offset + b.rows * b.cols));
}

/** Sample labels, class by class. */
export function sampleLabels(n: readonly number[]): Int32Array {
  const N = n.reduce((a, b) => a + b, 0);
  const out = new Int32Array(N);
  let j = 0;
  for (let k = 0; k < n.length; k++) for (let i = 0; i < n[k]; i++) out[j++] = k;
  return out;
}

export function deepLinearObjective(inst: DeepLinearInstance): Objective {
  const { K, depth: M, lambdaW, lambdaH, bias } = inst;
  const loss = deepLinearLoss(inst);
  const blocks = deepLinearBlocks(inst);
  const label = sampleLabels(inst.n);
  const N = label.length;
  const hBlock = blocks[M];
  const bBlock = bias ? blocks[M + 1] : null;
  const size = blocks.reduce((s, b) => s + b.rows * b.cols, 0);
  const Pr = new Float64Array(K * N);
  // The row of each column's largest logit, for the saturation-safe CE forms (lossAndGradient).
  const Arg = new Int32Array(N);

  /** Forward pass: A_0 = H, ..., A_M = W_M ... W_1 H; returns [A_0..A_M] and Z = A_M + b 1^T. */
  function forward(x: Float64Array): { A: Mat[]; Z: Mat } {
    const A: Mat[] = [blockMat(x, hBlock)];
    for (let m = 0; m < M; m++) A.push(matmul(blockMat(x, blocks[m]), A[m]));
    const Z = mat(K, N, Float64Array.from(A[M].data));
    if (bBlock) for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) Z.data[k * N + j] += x[bBlock.offset + k];
    return { A, Z };
  }

  /** Loss value and G = dL/dZ; for CE also the softmax probabilities (kept in Pr for the Hessian). */
  function lossAndGradient(Z: Mat): { L: number; G: Mat } {
    const G = mat(K, N);
    let L = 0;
    if (loss === 'mse') {
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < N; j++) {
          const r = Z.data[k * N + j] - (label[j] === k ? 1 : 0);
          L += r * r;
          G.data[k * N + j] = r / N;
        }
      }
      return { L: L / (2 * N), G };
    }
    // CE = (z_a - z_y) + log1p(sum over k != a of exp(z_k - z_a)), a the argmax, and
    // p_y - 1 = -rest / sum when y = a: both keep their relative accuracy where the softmax
    // saturates (the same forms as the ufm-ce kernels, src/problems/ufm-ce/kernels.ts).
    for (let j = 0; j < N; j++) {
      let mx = -Infinity;
      let a = 0;
      for (let k = 0; k < K; k++) {
        if (Z.data[k * N + j] > mx) {
          mx = Z.data[k * N + j];
          a = k;
        }
      }
      Arg[j] = a;
      let s = 0;
      let rest = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(Z.data[k * N + j] - mx);
        Pr[k * N + j] = e;
        s += e;
        if (k !== a) rest += e;
      }
      for (let k = 0; k < K; k++) {
        Pr[k * N + j] /= s;
        G.data[k * N + j] = (Pr[k * N + j] - (label[j] === k ? 1 : 0)) / N;
      }
      if (label[j] === a) G.data[a * N + j] = -rest / s / N;
      L += mx - Z.data[label[j] * N + j] + Math.log1p(rest);
    }
    return { L: L / N, G };
  }

  /** L''[dZ]: dZ / N for MSE, (diag p - p p^T) dz / N column by column for CE. */
  function lossHessian(dZ: Mat): Mat {
    const out = mat(K, N);
    if (loss === 'mse') {
      for (let i = 0; i < K * N; i++) out.data[i] = dZ.data[i] / N;
      return out;
    }
    // dz_k - p.dz = (dz_k - dz_a) - sum_i p_i (dz_i - dz_a), a the argmax: relatively accurate when saturated.
    for (let j = 0; j < N; j++) {
      const dza = dZ.data[Arg[j] * N + j];
      let pdz = 0;
      for (let k = 0; k < K; k++) pdz += Pr[k * N + j] * (dZ.data[k * N + j] - dza);
      for (let k = 0; k < K; k++) out.data[k * N + j] = (Pr[k * N + j] * (dZ.data[k * N + j] - dza - pdz)) / N;
    }
    return out;
  }

  function penalty(x: Float64Array): number {
    let f = 0;
    for (let m = 0; m < M; m++) {
      let s = 0;
      const b = blocks[m];
      for (let i = b.offset; i < b.offset + b.rows * b.cols; i++) s += x[i] * x[i];
      f += 0.5 * lambdaW[m] * s;
    }
    let h = 0;
    for (let i = hBlock.offset; i < hBlock.offset + hBlock.rows * hBlock.cols; i++) h += x[i] * x[i];
    return f + 0.5 * lambdaH * h;
  }

  /** out += penalty Hessian (diagonal) times v. */
  function addPenalty(v: Float64Array, out: Float64Array): void {
    for (let m = 0; m < M; m++) {
      const b = blocks[m];
      for (let i = b.offset; i < b.offset + b.rows * b.cols; i++) out[i] += lambdaW[m] * v[i];
    }
    for (let i = hBlock.offset; i < hBlock.offset + hBlock.rows * hBlock.cols; i++) out[i] += lambdaH * v[i];
  }

  /** Pulls G back through the layers: B_M = G, B_{m-1} = W_m^T B_m. Returns [B_0..B_M]. */
  function backward(x: Float64Array, G: Mat): Mat[] {
    const B = new Array<Mat>(M + 1);
    B[M] = G;
    for (let m = M; m >= 1; m--) B[m - 1] = matmulTN(blockMat(x, blocks[m - 1]), B[m]);
    return B;
  }

  function writeBlock(out: Float64Array, b: VariableBlock, A: Mat): void {
    out.set(A.data, b.offset);
  }

  function value(x: Float64Array, grad?: Float64Array): number {
    const { A, Z } = forward(x);
    const { L, G } = lossAndGradient(Z);
    if (grad) {
      const B = backward(x, G);
      for (let m = 1; m <= M; m++) writeBlock(grad, blocks[m - 1], matmulNT(B[m], A[m - 1]));
      writeBlock(grad, hBlock, B[0]);
      if (bBlock) for (let k = 0; k < K; k++) grad[bBlock.offset + k] = rowSum(G, k);
      addPenalty(x, grad);
    }
    return L + penalty(x);
  }

  function hessVec(x: Float64Array, v: Float64Array, out: Float64Array): void {
    const { A, Z } = forward(x);
    const { G } = lossAndGradient(Z);
    const B = backward(x, G);
    // Forward tangents.
    const dA: Mat[] = [blockMat(v, hBlock)];
    for (let m = 1; m <= M; m++) {
      const W = blockMat(x, blocks[m - 1]);
      const dW = blockMat(v, blocks[m - 1]);
      const t = matmul(dW, A[m - 1]);
      const u = matmul(W, dA[m - 1]);
      for (let i = 0; i < t.data.length; i++) t.data[i] += u.data[i];
      dA.push(t);
    }
    const dZ = dA[M];
    if (bBlock) for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) dZ.data[k * N + j] += v[bBlock.offset + k];
    const dG = lossHessian(dZ);
    // Backward tangents.
    const dB = new Array<Mat>(M + 1);
    dB[M] = dG;
    for (let m = M; m >= 1; m--) {
      const W = blockMat(x, blocks[m - 1]);
      const dW = blockMat(v, blocks[m - 1]);
      const t = matmulTN(dW, B[m]);
      const u = matmulTN(W, dB[m]);
      for (let i = 0; i < t.data.length; i++) t.data[i] += u.data[i];
      dB[m - 1] = t;
    }
    out.fill(0);
    for (let m = 1; m <= M; m++) {
      const t = matmulNT(dB[m], A[m - 1]);
      const u = matmulNT(B[m], dA[m - 1]);
      for (let i = 0; i < t.data.length; i++) t.data[i] += u.data[i];
      writeBlock(out, blocks[m - 1], t);
    }
    writeBlock(out, hBlock, dB[0]);
    if (bBlock) for (let k = 0; k < K; k++) out[bBlock.offset + k] = rowSum(dG, k);
    addPenalty(v, out);
  }

  /**
   * Rounding error bound of value(x) (Objective.valueError): the product chain W_M ... W_1 H
   * with its running error (src/linalg/rounding.ts), the bias add, then per sample the squared
   * residual (2 |r| dr, gamma of the count for the sum) or the CE (src/problems/ce-rounding.ts),
   * the penalties (sums of squares) and the final additions.
   */
  function valueError(x: Float64Array): ValueError {
    let A = exact(blockMat(x, hBlock));
    for (let m = 0; m < M; m++) A = bMul(exact(blockMat(x, blocks[m])), A);
    const Z = Float64Array.from(A.v.data);
    const dZ = Float64Array.from(A.e.data);
    if (bBlock) {
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < N; j++) {
          Z[k * N + j] += x[bBlock.offset + k];
          dZ[k * N + j] += u * (Math.abs(A.v.data[k * N + j]) + Math.abs(x[bBlock.offset + k]));
        }
      }
    }
    let L = 0;
    let lossError = 0;
    let underflow = 0;
    if (loss === 'mse') {
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < N; j++) {
          const r = Z[k * N + j] - (label[j] === k ? 1 : 0);
          L += r * r;
          lossError += 2 * Math.abs(r) * (dZ[k * N + j] + u * Math.abs(r));
        }
      }
      lossError = (lossError + (gamma(K * N) + 2 * u) * L) / (2 * N);
      L /= 2 * N;
    } else {
      for (let j = 0; j < N; j++) {
        const col = ceColumnError(Z, dZ, K, label[j], j, N);
        L += col.ce;
        lossError += col.error;
        if (col.underflow) underflow++;
      }
      lossError = (lossError + (gamma(N) + u) * L) / N;
      L /= N;
    }
    const pen = penalty(x);
    const count = size - (bBlock ? K : 0);
    const bound = lossError + gamma(count + 2 * M + 2) * pen + gamma(2) * (L + pen);
    return underflow > 0
      ? {
          bound,
          underflow: `the cross-entropy of ${underflow} of ${N} samples underflows (every other class's softmax term is below 2^-969 of the true class's), so its relative precision is lost`,
        }
      : { bound };
  }

  return { size, blocks, value, hessVec, valueError };
}

function rowSum(A: Mat, k: number): number {
  let s = 0;
  for (let j = 0; j < A.cols; j++) s += A.data[k * A.cols + j];
  return s;
}
