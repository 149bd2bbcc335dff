/**
 * The unconstrained feature model with cross-entropy (docs/catalogue.md, zhu2021 / hongling2024):
 *
 *   f(W, H, b) = (1/N) sum_{k,i} CE(W h_{k,i} + b, k) + lambdaW/2 ||W||^2 + lambdaH/2 ||H||^2 + lambdaB/2 ||b||^2
 *
 * with W in R^{K x d} (rows are classifiers), H in R^{d x N} (columns are features, class by
 * class: class k owns columns offset_k .. offset_k + n_k - 1), b in R^K when `bias` is true.
 * Mean CE over the N samples; ||H||^2 sums over all N samples (not averaged).
 *
 * The same code serves the exact class reduction of docs/design.md: a "column" carries a weight c_j
 * (1 for a sample; n_k for a class-mean column), and both the CE term and the H penalty are
 * weighted by it, which is the full objective restricted to NC1 points.
 */

import { InputError, describe, requireFinite } from '../../errors.ts';
import { requireInteger, requirePositive } from '../fields.ts';
import { formatNumber } from '../format.ts';
import type { Rng } from '../../random.ts';
import type { Problem } from '../problem.ts';
import { matmulTN, rowGram, toRows } from '../../linalg/matrix.ts';
import { maxOf, minOf } from '../../linalg/vector.ts';
import { columnLayout, ufmCeBlocks, ufmCeObjective, type ColumnLayout, type ColumnMode, type UfmCeInstance } from './objective.ts';
import { ufmCeSymmetries, ufmCeSymmetrySubspace, ufmCeView } from './view.ts';
import { featuresFromRoots, ufmCeReluEscapes, ufmCeReluObjective, ufmCeReluStart } from './relu.ts';
import { ufmCeClassReduction } from './reduction.ts';

export { columnLayout, ufmCeBlocks, ufmCeObjective, type ColumnLayout, type ColumnMode, type UfmCeInstance };

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
  return r.features === 'nonnegative'
    ? { problem: 'ufm-ce', K, n, d, lambdaW, lambdaH, lambdaB, bias, features: 'nonnegative' }
    : { problem: 'ufm-ce', K, n, d, lambdaW, lambdaH, lambdaB, bias };
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
  const nmin = minOf(inst.n);
  const nmax = maxOf(inst.n);
  return {
    K: inst.K,
    d: inst.d,
    N,
    n: nmin === nmax ? nmin : NaN,
    nmin,
    nmax,
    nk: [...inst.n],
    lambdaW: inst.lambdaW,
    lambdaH: inst.lambdaH,
    lambdaB: inst.lambdaB,
    bias: inst.bias ? 1 : 0,
    // 1 for the ReLU feature model (H >= 0): claims about free features assume nonnegative == 0.
    nonnegative: inst.features === 'nonnegative' ? 1 : 0,
  };
}

export const ufmCe: Problem<UfmCeInstance> = {
  name: 'ufm-ce',
  description: 'mean cross-entropy on W H + b with ridge penalties (unconstrained feature model)',
  conventions:
    'f(W, H, b) = (1/N) sum_{k,i} CE(W h_{k,i} + b, k) + lambdaW/2 ||W||^2 + lambdaH/2 ||H||^2 + lambdaB/2 ||b||^2, W in R^{K x d} with the classifiers as rows, H in R^{d x N} with the features as columns, class by class; the cross-entropy is averaged over the N samples while ||H||^2 sums over all of them; the bias is optional (`bias`, default true) and unpenalised when lambdaB = 0. With `features: "nonnegative"` the features are constrained to H >= 0 (the ReLU feature model), solved as H = G o G.',
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
  symmetrySubspace: (inst: UfmCeInstance, x: Float64Array) =>
    inst.features === 'nonnegative' ? { dimension: 0, projectOut: () => {} } : ufmCeSymmetrySubspace(inst, x),
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
