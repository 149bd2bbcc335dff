/**
 * The ufm-ce objective and its variable layout (the problem's doc comment is in problem.ts):
 * W (K x d), H (d x P), b (K) when `bias`, with H's columns per sample (`full`, P = N) or one
 * column per class weighted by n_k (`reduced`, P = K, the exact class reduction).
 */
import { UNIT_ROUNDOFF as u, gamma } from '../../linalg/rounding.ts';
import { ceColumnError } from '../ce-rounding.ts';
import type { InstanceBase, Objective, ValueError, VariableBlock } from '../problem.ts';
import { inSharedMemory, sharedTeam } from '../../linalg/team.ts';
import { BLOCK, ceHessVec, ceValueGrad, sharedCeScratch, chunkCount, foldChunk, slotStride, type CeShape } from './kernels.ts';
import { runCeChunk, type CeChunkData } from './team-task.ts';

const TEAM_TASK = new URL('./team-task.ts', import.meta.url);
let nextObjectiveId = 1;
/**
 * Multiply-adds per block product below which an evaluation stays on one thread: at
 * (K, N, d) = (20, 1980, 32) (1.3 M) the hand-offs cost what the second core saves
 * (bench/README.md). Either way the result is the same, as the chunks are.
 */
const TEAM_MIN_WORK = 2 ** 23;

export interface UfmCeInstance extends InstanceBase {
  readonly problem: 'ufm-ce';
  /** Number of classes, >= 2. */
  readonly K: number;
  /** Samples per class, length K, each >= 1. */
  readonly n: readonly number[];
  /** Feature dimension, >= 1. */
  readonly d: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** Bias penalty (>= 0); ignored when `bias` is false. @defaultValue 0 */
  readonly lambdaB: number;
  /** Whether the model has a bias b. @defaultValue true */
  readonly bias: boolean;
  /** `nonnegative`: H >= 0, the ReLU feature model (relu.ts). @defaultValue 'free' */
  readonly features?: 'free' | 'nonnegative';
}

/** How the columns of H are laid out: per sample (`full`) or one weighted column per class (`reduced`). */
export type ColumnMode = 'full' | 'reduced';

export interface ColumnLayout {
  /** Number of columns P of H. */
  readonly P: number;
  /** Class of column j. */
  readonly label: Int32Array;
  /** Weight of column j: 1 per sample, n_k for a class column. */
  readonly weight: Float64Array;
  /** Total sample count N = sum of weights. */
  readonly N: number;
}

export function columnLayout(instance: UfmCeInstance, mode: ColumnMode): ColumnLayout {
  const { K, n } = instance;
  const N = n.reduce((a, b) => a + b, 0);
  if (mode === 'reduced') {
    const label = new Int32Array(K);
    const weight = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      label[k] = k;
      weight[k] = n[k];
    }
    return { P: K, label, weight, N };
  }
  const label = new Int32Array(N);
  const weight = new Float64Array(N).fill(1);
  let j = 0;
  for (let k = 0; k < K; k++) for (let i = 0; i < n[k]; i++) label[j++] = k;
  return { P: N, label, weight, N };
}

export function ufmCeBlocks(instance: UfmCeInstance, P: number): VariableBlock[] {
  const { K, d } = instance;
  const blocks: VariableBlock[] = [
    { name: 'W', rows: K, cols: d, offset: 0 },
    { name: 'H', rows: d, cols: P, offset: K * d },
  ];
  if (instance.bias) blocks.push({ name: 'b', rows: K, cols: 1, offset: K * d + d * P });
  return blocks;
}

/**
 * Objective over the given column layout (full by default). The CE part runs through the fused
 * block kernels of kernels.ts; the ridge penalties are added here.
 */
export function ufmCeObjective(instance: UfmCeInstance, mode: ColumnMode = 'full'): Objective {
  const { K, d, lambdaW, lambdaH, lambdaB, bias } = instance;
  const layout = columnLayout(instance, mode);
  const { P, label, weight, N } = layout;
  const blocks = ufmCeBlocks(instance, P);
  const offH = K * d;
  const offB = K * d + d * P;
  const size = offB + (bias ? K : 0);
  const coef = Float64Array.from(weight, (c) => c / N);
  // The H penalty is weighted like the CE term (n_k per class column in the reduced layout).
  const uniform = weight.every((c) => c === 1);
  // The kernels take the H ridge inside their pass over H (its sum of squares and gradient).
  const shape: CeShape = { K, d, P, bias, label, coef, lambdaH, hWeight: uniform ? null : weight };
  const scratch = sharedCeScratch(K, d, P);
  /** [CE, sum_j weight_j ||h_j||^2] of the last evaluation. */
  const sums = new Float64Array(2);

  /** The ridge penalties, given H's weighted sum of squares h2 (from the kernels). */
  function penalties(x: Float64Array, h2: number): number {
    let w2 = 0;
    for (let i = 0; i < offH; i++) w2 += x[i] * x[i];
    let b2 = 0;
    if (bias) for (let k = 0; k < K; k++) b2 += x[offB + k] * x[offB + k];
    return 0.5 * lambdaW * w2 + 0.5 * lambdaH * h2 + (bias ? 0.5 * lambdaB * b2 : 0);
  }

  /** out += (penalty Hessian) v on the W and b blocks, and on H too with `withH`; the penalty gradient when v = x. */
  function addPenaltyGradient(v: Float64Array, out: Float64Array, withH: boolean): void {
    for (let i = 0; i < offH; i++) out[i] += lambdaW * v[i];
    if (withH && uniform) {
      for (let i = offH; i < offB; i++) out[i] += lambdaH * v[i];
    } else if (withH) {
      for (let i = 0; i < d; i++) {
        const r = offH + i * P;
        for (let j = 0; j < P; j++) out[r + j] += lambdaH * weight[j] * v[r + j];
      }
    }
    if (bias) for (let k = 0; k < K; k++) out[offB + k] += lambdaB * v[offB + k];
  }

  const id = nextObjectiveId++;
  const chunks = chunkCount(P);
  let teamShape: CeShape | null = null;
  let slots: Float64Array | null = null;

  /**
   * The CE part (into `sums`) on the process's thread team (src/linalg/team.ts); false where it
   * runs on this thread instead: one thread, one chunk, or a point or gradient outside shared
   * memory (the workers read x and write the H gradient in place). The chunks are added in chunk
   * order, as ceValueGrad does, so both paths give the same bits.
   */
  function ceOnTeam(x: Float64Array, grad: Float64Array | null): boolean {
    if (chunks < 2 || K * d * P < TEAM_MIN_WORK || !(x.buffer instanceof SharedArrayBuffer) || (grad !== null && !(grad.buffer instanceof SharedArrayBuffer)))
      return false;
    const team = sharedTeam();
    if (team === null) return false;
    teamShape ??= { ...shape, label: inSharedMemory(label), coef: inSharedMemory(coef), hWeight: shape.hWeight ? inSharedMemory(shape.hWeight) : null };
    const stride = slotStride(shape);
    slots ??= new Float64Array(new SharedArrayBuffer(8 * chunks * stride));
    const data: CeChunkData = { id, shape: teamShape, x, grad, slots };
    team.run(TEAM_TASK, 'ceValueGrad', data, chunks, (c) => runCeChunk(data, scratch, c));
    for (let c = 0; c < chunks; c++) foldChunk(shape, slots.subarray(c * stride, (c + 1) * stride), c, sums, grad);
    return true;
  }

  function value(x: Float64Array, grad?: Float64Array): number {
    if (!ceOnTeam(x, grad ?? null)) ceValueGrad(shape, scratch, x, grad ?? null, sums);
    if (grad) addPenaltyGradient(x, grad, false);
    return sums[0] + penalties(x, sums[1]);
  }

  function hessVec(x: Float64Array, v: Float64Array, out: Float64Array): void {
    ceHessVec(shape, scratch, x, v, out);
    addPenaltyGradient(v, out, true);
  }

  const rounding = ufmCeRounding(instance, mode);
  return { size, blocks, value, hessVec, valueError: (x) => rounding(x) };
}

/** Relative errors already in the variables before value() sees them (a reparametrised point: H = G o G, a rescaled W). */
export interface InputRounding {
  readonly W?: number;
  readonly H?: number;
  readonly b?: number;
}

/**
 * The rounding error bound of the ufm-ce value (Objective.valueError) over the column layout,
 * optionally with relative errors already in the inputs (for objectives built on this one).
 *
 * Logits z = W h + b are off by at most gamma_{d+1} (sum_i |W_ki| |h_i| + |b_k|) (any summation
 * order) plus the inputs' relative errors times the same magnitudes; each sample's CE then by
 * ceColumnError (src/problems/ce-rounding.ts); the weighted sum of the non-negative CE terms
 * (two per sample and one per block, in the kernels' order) by gamma of their count; the
 * penalties, sums of squares, by gamma of their length; and the final additions by gamma_4.
 */
export function ufmCeRounding(instance: UfmCeInstance, mode: ColumnMode = 'full'): (x: Float64Array, input?: InputRounding) => ValueError {
  const { K, d, lambdaW, lambdaH, lambdaB, bias } = instance;
  const { P, label, weight, N } = columnLayout(instance, mode);
  const offH = K * d;
  const offB = offH + d * P;
  const z = new Float64Array(K);
  const dz = new Float64Array(K);
  return (x, input = {}) => {
    const eW = input.W ?? 0;
    const eH = input.H ?? 0;
    const eB = input.b ?? 0;
    const gz = gamma(d + 1);
    let ce = 0;
    let ceError = 0;
    let underflow = 0;
    for (let j = 0; j < P; j++) {
      for (let k = 0; k < K; k++) {
        let s = 0;
        let mag = 0;
        for (let i = 0; i < d; i++) {
          const t = x[k * d + i] * x[offH + i * P + j];
          s += t;
          mag += Math.abs(t);
        }
        const b = bias ? x[offB + k] : 0;
        z[k] = s + b;
        dz[k] = gz * (mag + Math.abs(b)) + (eW + eH) * mag + eB * Math.abs(b);
      }
      const c = weight[j] / N;
      const col = ceColumnError(z, dz, K, label[j]);
      ce += c * col.ce;
      ceError += c * col.error;
      if (col.underflow) underflow++;
    }
    // The kernels add 2 terms per sample, one per block and one per chunk; c_j = weight_j / N and c_j * CE_j are rounded too.
    ceError += (gamma(2 * P + Math.ceil(P / BLOCK) + chunkCount(P) + 1) + 2 * u) * ce;
    let w2 = 0;
    for (let i = 0; i < offH; i++) w2 += x[i] * x[i];
    let h2 = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < P; j++) h2 += weight[j] * x[offH + i * P + j] ** 2;
    let b2 = 0;
    if (bias) for (let k = 0; k < K; k++) b2 += x[offB + k] ** 2;
    const pW = 0.5 * lambdaW * w2;
    const pH = 0.5 * lambdaH * h2;
    const pB = bias ? 0.5 * lambdaB * b2 : 0;
    // H's sum of squares is summed per block, the blocks per chunk and the chunks in order (kernels.ts):
    // d P terms, one addition per block and one per chunk.
    const penError = (gamma(offH + 2) + 2 * eW) * pW + (gamma(d * P + Math.ceil(P / BLOCK) + chunkCount(P) + 3) + 2 * eH) * pH + (gamma(K + 2) + 2 * eB) * pB;
    const bound = ceError + penError + gamma(4) * (ce + pW + pH + pB);
    return underflow > 0
      ? {
          bound,
          underflow: `the cross-entropy of ${underflow} of ${P} samples underflows (every other class's softmax term is below 2^-969 of the true class's), so its relative precision is lost`,
        }
      : { bound };
  };
}
