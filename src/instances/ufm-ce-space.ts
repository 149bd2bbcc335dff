/**
 * The ufm-ce instance space (src/instances/space.ts) for hunts: class counts by profile, d as an
 * offset from K, and the regularisation through t = N lambdaZ / sqrt(n_min) (lambdaZ =
 * sqrt(lambdaW lambdaH)), the quantity every ufm-ce threshold of the catalogue is a fixed value
 * of: Zhu et al.'s zero threshold K sqrt(n lambdaW lambdaH) = 1 is t = 1 (balanced), Hong &
 * Ling's minority and majority thresholds N lambdaZ = sqrt(n_B), sqrt(n_A) are t = 1 and
 * t = sqrt(R), and Dang et al.'s dead classes (ReLU) sit at t = sqrt((K-1) n_k / (K n_min)).
 * lambdaW / lambdaH only rescales W against H (docs/catalogue.md, global rule), so it is a separate
 * parameter.
 */
import type { UfmCeInstance } from '../problems/ufm-ce/problem.ts';
import { countSteps, profileCounts, roundingSteps, type InstanceSpace, type ShrinkStep, type SpacePoint } from './space.ts';
import { minOf } from '../linalg/vector.ts';

const num = (p: SpacePoint, k: string) => p[k] as number;

function build(p: SpacePoint): UfmCeInstance | null {
  const K = num(p, 'K');
  const n = profileCounts(p.profile as string, K, num(p, 'nMin'), num(p, 'R'), num(p, 'kMinority'));
  if (!n) return null;
  const N = n.reduce((a, b) => a + b, 0);
  const lambdaZ = (num(p, 't') * Math.sqrt(minOf(n))) / N;
  const ratio = num(p, 'ratio');
  const bias = p.bias !== 'none';
  return {
    problem: 'ufm-ce',
    K,
    n,
    d: Math.max(1, K + num(p, 'dOffset')),
    lambdaW: lambdaZ * Math.sqrt(ratio),
    lambdaH: lambdaZ / Math.sqrt(ratio),
    lambdaB: p.bias === 'penalised' ? num(p, 'lambdaB') : 0,
    bias,
    ...(p.features === 'nonnegative' ? { features: 'nonnegative' as const } : {}),
  };
}

/** N lambdaZ / sqrt(n_min) of an instance (the space's t). */
function tOf(inst: UfmCeInstance): number {
  const N = inst.n.reduce((a, b) => a + b, 0);
  return (N * Math.sqrt(inst.lambdaW * inst.lambdaH)) / Math.sqrt(minOf(inst.n));
}

function shrink(inst: UfmCeInstance): ShrinkStep<UfmCeInstance>[] {
  const t = tOf(inst);
  const out: ShrinkStep<UfmCeInstance>[] = [];
  const offset = inst.d - inst.K;
  // New counts: keep d - K and t (the regime), then keep d and the lambdas as they are.
  for (const keep of ['regime', 'lambdas'] as const) {
    for (const item of countSteps(inst.n, (n) => {
      const K = n.length;
      const d = keep === 'regime' ? Math.max(1, K + offset) : inst.d;
      if (keep === 'lambdas') return { ...inst, K, n, d };
      const N = n.reduce((a, b) => a + b, 0);
      const lambdaZ = (t * Math.sqrt(minOf(n))) / N;
      const ratio = inst.lambdaW / inst.lambdaH;
      return { ...inst, K, n, d, lambdaW: lambdaZ * Math.sqrt(ratio), lambdaH: lambdaZ / Math.sqrt(ratio) };
    }).map((s) => ({ ...s, step: `${s.step}${keep === 'regime' ? ', t kept' : ''}` })))
      out.push(item);
  }
  if (inst.d > 1) out.push({ step: `d ${inst.d} -> ${inst.d - 1}`, instance: { ...inst, d: inst.d - 1 } });
  if (inst.bias && inst.lambdaB > 0) out.push({ step: `lambdaB ${inst.lambdaB} -> 0`, instance: { ...inst, lambdaB: 0 } });
  if (inst.bias) out.push({ step: 'bias removed', instance: { ...inst, bias: false, lambdaB: 0 } });
  for (const item of roundingSteps(inst, ['lambdaW', 'lambdaH', 'lambdaB'])) out.push(item);
  return out;
}

export const ufmCeSpace: InstanceSpace<UfmCeInstance> = {
  problem: 'ufm-ce',
  parameters: [
    { kind: 'int', name: 'K', min: 2, max: 8, doc: 'number of classes K' },
    { kind: 'choice', name: 'profile', values: ['balanced', 'step', 'three-clusters', 'long-tail'], doc: 'class-count profile (sorted n_1 >= ... >= n_K)' },
    { kind: 'int', name: 'nMin', min: 1, max: 8, doc: 'smallest class count n_min (every count when balanced)' },
    { kind: 'real', name: 'R', min: 1.5, max: 40, log: true, threshold: true, doc: 'imbalance ratio n_max / n_min' },
    { kind: 'int', name: 'kMinority', min: 1, max: 4, doc: 'classes in the smallest cluster (at most K - 1)' },
    { kind: 'int', name: 'dOffset', min: -3, max: 3, doc: 'feature dimension d = K + dOffset (at least 1)' },
    { kind: 'real', name: 't', min: 0.05, max: 5, log: true, threshold: true, doc: 't = N lambdaZ / sqrt(n_min), lambdaZ = sqrt(lambdaW lambdaH)' },
    { kind: 'real', name: 'ratio', min: 0.1, max: 10, log: true, doc: 'lambdaW / lambdaH' },
    { kind: 'choice', name: 'bias', values: ['none', 'unpenalised', 'penalised'], doc: 'the bias b: absent, unpenalised (lambdaB = 0) or penalised' },
    { kind: 'real', name: 'lambdaB', min: 1e-3, max: 1, log: true, doc: 'lambdaB of a penalised bias' },
    { kind: 'choice', name: 'features', values: ['free', 'nonnegative'], doc: 'free features, or H >= 0 (the ReLU feature model)' },
  ],
  seeds: [
    { K: 4, profile: 'balanced', nMin: 2, R: 4, kMinority: 2, dOffset: 0, t: 0.5, ratio: 1, bias: 'none', lambdaB: 0.01, features: 'free' },
    { K: 4, profile: 'balanced', nMin: 2, R: 4, kMinority: 2, dOffset: 1, t: 0.5, ratio: 1, bias: 'none', lambdaB: 0.01, features: 'free' },
    { K: 4, profile: 'step', nMin: 1, R: 4, kMinority: 2, dOffset: 0, t: 0.6, ratio: 1, bias: 'penalised', lambdaB: 0.01, features: 'free' },
    { K: 4, profile: 'step', nMin: 1, R: 4, kMinority: 2, dOffset: 1, t: 0.6, ratio: 1, bias: 'penalised', lambdaB: 0.01, features: 'free' },
    { K: 6, profile: 'three-clusters', nMin: 1, R: 9, kMinority: 2, dOffset: 0, t: 0.5, ratio: 1, bias: 'penalised', lambdaB: 0.01, features: 'free' },
    { K: 4, profile: 'step', nMin: 2, R: 3, kMinority: 1, dOffset: 0, t: 0.5, ratio: 1, bias: 'none', lambdaB: 0.01, features: 'nonnegative' },
  ],
  build,
  shrink,
};
