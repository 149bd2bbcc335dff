/**
 * The unconstrained feature model with cross-entropy (theorems.md, zhu2021 / hongling2024):
 *
 *   f(W, H, b) = (1/N) sum_{k,i} CE(W h_{k,i} + b, k) + lambdaW/2 ||W||^2 + lambdaH/2 ||H||^2 + lambdaB/2 ||b||^2
 *
 * with W in R^{K x d} (rows are classifiers), H in R^{d x N} (columns are features, class by
 * class: class k owns columns offset_k .. offset_k + n_k - 1), b in R^K when `bias` is true.
 * Mean CE over the N samples; ||H||^2 sums over all N samples (not averaged).
 *
 * The same code serves the exact class reduction of design.md: a "column" carries a weight c_j
 * (1 for a sample; n_k for a class-mean column), and both the CE term and the H penalty are
 * weighted by it, which is the full objective restricted to NC1 points.
 */
import { InputError, describe, requireFinite } from '../../errors.ts';
import { requireInteger, requirePositive } from '../fields.ts';
import type { Rng } from '../../random.ts';
import type { InstanceBase, Objective, Problem, VariableBlock } from '../problem.ts';
import { matmulTN, rowGram, toRows } from '../../linalg/matrix.ts';
import { ufmCeSymmetries, ufmCeView } from './view.ts';
import { featuresFromRoots, ufmCeReluEscapes, ufmCeReluObjective, ufmCeReluStart } from './relu.ts';
import { ceHessVec, ceScratch, ceValueGrad, type CeShape } from './kernels.ts';
import { ufmCeClassReduction } from './reduction.ts';

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
  /** `nonnegative`: H >= 0, the ReLU feature model (ufm-ce-relu.ts). @defaultValue 'free' */
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
 * block kernels of ufm-ce-kernels.ts; the ridge penalties are added here.
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
  const shape: CeShape = { K, d, P, bias, label, coef };
  const scratch = ceScratch(K, d, P);
  // The H penalty is weighted like the CE term (n_k per class column in the reduced layout).
  const uniform = weight.every((c) => c === 1);

  function penalties(x: Float64Array): number {
    let w2 = 0;
    for (let i = 0; i < offH; i++) w2 += x[i] * x[i];
    let h2 = 0;
    if (uniform) {
      for (let i = offH; i < offB; i++) h2 += x[i] * x[i];
    } else {
      for (let i = 0; i < d; i++) {
        const r = offH + i * P;
        for (let j = 0; j < P; j++) h2 += weight[j] * x[r + j] * x[r + j];
      }
    }
    let b2 = 0;
    if (bias) for (let k = 0; k < K; k++) b2 += x[offB + k] * x[offB + k];
    return 0.5 * lambdaW * w2 + 0.5 * lambdaH * h2 + (bias ? 0.5 * lambdaB * b2 : 0);
  }

  /** out += (penalty Hessian) v, which is also the penalty gradient when v = x. */
  function addPenaltyGradient(v: Float64Array, out: Float64Array): void {
    for (let i = 0; i < offH; i++) out[i] += lambdaW * v[i];
    if (uniform) {
      for (let i = offH; i < offB; i++) out[i] += lambdaH * v[i];
    } else {
      for (let i = 0; i < d; i++) {
        const r = offH + i * P;
        for (let j = 0; j < P; j++) out[r + j] += lambdaH * weight[j] * v[r + j];
      }
    }
    if (bias) for (let k = 0; k < K; k++) out[offB + k] += lambdaB * v[offB + k];
  }

  function value(x: Float64Array, grad?: Float64Array): number {
    const ce = ceValueGrad(shape, scratch, x, grad ?? null);
    if (grad) addPenaltyGradient(x, grad);
    return ce + penalties(x);
  }

  function hessVec(x: Float64Array, v: Float64Array, out: Float64Array): void {
    ceHessVec(shape, scratch, x, v, out);
    addPenaltyGradient(v, out);
  }

  return { size, blocks, value, hessVec };
}

const KNOWN_FIELDS = new Set(['problem', 'K', 'n', 'd', 'lambdaW', 'lambdaH', 'lambdaB', 'bias', 'features', 'id', 'note', 'seed']);

export function parseUfmCe(raw: unknown, source: string): UfmCeInstance {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  }
  const r = raw as Record<string, unknown>;
  if (r.problem !== 'ufm-ce') throw new InputError(`${source}.problem`, `expected "ufm-ce", got ${describe(r.problem)}`);
  const K = requireInteger(`${source}.K`, r.K, 2, 'at least 2 classes (K = 1 has no classification problem)');
  if (!Array.isArray(r.n)) {
    throw new InputError(`${source}.n`, `expected an array of ${K} per-class sample counts, got ${describe(r.n)}`);
  }
  if (r.n.length !== K) {
    throw new InputError(`${source}.n`, `has ${r.n.length} entries but K = ${K}: give one sample count per class`);
  }
  const n = r.n.map((v, k) => requireInteger(`${source}.n[${k}]`, v, 1, 'every class needs at least one sample'));
  const d = requireInteger(`${source}.d`, r.d, 1, 'the feature dimension must be at least 1');
  const lambdaW = requirePositive(`${source}.lambdaW`, r.lambdaW);
  const lambdaH = requirePositive(`${source}.lambdaH`, r.lambdaH);
  const lambdaB = r.lambdaB === undefined ? 0 : requireFinite(`${source}.lambdaB`, r.lambdaB);
  if (lambdaB < 0) throw new InputError(`${source}.lambdaB`, `must be >= 0, got ${lambdaB}`);
  let bias = true;
  if (r.bias !== undefined) {
    if (typeof r.bias !== 'boolean') throw new InputError(`${source}.bias`, `expected true or false, got ${describe(r.bias)}`);
    bias = r.bias;
  }
  for (const key of Object.keys(r)) {
    if (!KNOWN_FIELDS.has(key)) throw new InputError(`${source}.${key}`, `unknown field for problem "ufm-ce" (known: ${[...KNOWN_FIELDS].join(', ')})`);
  }
  if (r.features !== undefined && r.features !== 'free' && r.features !== 'nonnegative') {
    throw new InputError(`${source}.features`, `expected "free" or "nonnegative", got ${describe(r.features)}`);
  }
  return r.features === 'nonnegative' ? { problem: 'ufm-ce', K, n, d, lambdaW, lambdaH, lambdaB, bias, features: 'nonnegative' } : { problem: 'ufm-ce', K, n, d, lambdaW, lambdaH, lambdaB, bias };
}

export function formatNumber(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? String(Number(x.toPrecision(4))) : x.toExponential(2);
}

export function summarizeUfmCe(inst: UfmCeInstance): string {
  const nTxt = inst.n.every((v) => v === inst.n[0]) ? `n=${inst.n[0]}x${inst.K}` : `n=[${inst.n.join(',')}]`;
  const b = inst.bias ? ` λb=${formatNumber(inst.lambdaB)}` : ' no-bias';
  return `K=${inst.K} ${nTxt} d=${inst.d} λW=${formatNumber(inst.lambdaW)} λH=${formatNumber(inst.lambdaH)}${b}`;
}

/**
 * The symbols a ufm-ce claim's expressions may use: K, d, N, n (the common class size when
 * balanced, else NaN), nmin, nmax, lambdaW, lambdaH, lambdaB, bias (1 or 0), nk (the counts).
 */
export function ufmCeSymbols(inst: UfmCeInstance): Record<string, number | number[]> {
  const N = inst.n.reduce((a, b) => a + b, 0);
  const nmin = Math.min(...inst.n);
  const nmax = Math.max(...inst.n);
  return {
    K: inst.K, d: inst.d, N, n: nmin === nmax ? nmin : NaN, nmin, nmax, nk: [...inst.n],
    lambdaW: inst.lambdaW, lambdaH: inst.lambdaH, lambdaB: inst.lambdaB, bias: inst.bias ? 1 : 0,
  };
}

export const ufmCe: Problem<UfmCeInstance> = {
  name: 'ufm-ce',
  description: 'mean cross-entropy on W H + b with ridge penalties (unconstrained feature model)',
  parse: parseUfmCe,
  objective: (inst) => (inst.features === 'nonnegative' ? ufmCeReluObjective(inst) : ufmCeObjective(inst, 'full')),
  randomStart(inst: UfmCeInstance, rng: Rng, scale: number): Float64Array {
    if (inst.features === 'nonnegative') return ufmCeReluStart(inst, rng, scale);
    const N = inst.n.reduce((a, b) => a + b, 0);
    return rng.normalArray(inst.K * inst.d + inst.d * N + (inst.bias ? inst.K : 0), 0.5 * scale);
  },
  summarize: summarizeUfmCe,
  // H = G o G has no continuous rotation symmetry (only sign flips of G).
  symmetries: (inst: UfmCeInstance, x: Float64Array) => (inst.features === 'nonnegative' ? [] : ufmCeSymmetries(inst, x)),
  escape: (inst: UfmCeInstance, x: Float64Array) => (inst.features === 'nonnegative' ? ufmCeReluEscapes(inst, x) : []),
  // Free features only: with H >= 0 the per-sample problem is constrained and the reduction is not established.
  exactReduction: (inst: UfmCeInstance) => (inst.features === 'nonnegative' ? null : ufmCeClassReduction(inst)),
  describeSolution(inst: UfmCeInstance, x: Float64Array) {
    const v = ufmCeView(inst, inst.features === 'nonnegative' ? featuresFromRoots(inst, x) : x);
    const out: Record<string, number[][] | number[]> = {
      classMeanGram: toRows(matmulTN(v.Hbar, v.Hbar)),
      WWt: toRows(rowGram(v.W)),
    };
    if (v.b) out.b = Array.from(v.b);
    return out;
  },
};
