/**
 * The UF-SVM instance space (Thrampoulidis et al.; src/instances/space.ts) for hunts: class
 * counts by profile and d as an offset from K - 1 (the SELI geometry's assumption d >= K - 1).
 * The problem has no regularisation, hence no threshold parameter.
 */
import type { UfSvmInstance } from '../problems/uf-svm/problem.ts';
import { countSteps, profileCounts, type InstanceSpace, type ShrinkStep, type SpacePoint } from './space.ts';

const num = (p: SpacePoint, k: string) => p[k] as number;

function build(p: SpacePoint): UfSvmInstance | null {
  const K = num(p, 'K');
  const n = profileCounts(p.profile as string, K, num(p, 'nMin'), num(p, 'R'), num(p, 'kMinority'));
  if (!n) return null;
  return { problem: 'uf-svm', K, n, d: Math.max(1, K - 1 + num(p, 'dOffset')) };
}

function shrink(inst: UfSvmInstance): ShrinkStep<UfSvmInstance>[] {
  const out = countSteps<UfSvmInstance>(inst.n, (n) => ({ ...inst, K: n.length, n, d: Math.max(1, inst.d - (inst.K - n.length)) }));
  if (inst.d > 1) out.push({ step: `d ${inst.d} -> ${inst.d - 1}`, instance: { ...inst, d: inst.d - 1 } });
  return out;
}

export const ufSvmSpace: InstanceSpace<UfSvmInstance> = {
  problem: 'uf-svm',
  parameters: [
    { kind: 'int', name: 'K', min: 2, max: 6, doc: 'number of classes K' },
    { kind: 'choice', name: 'profile', values: ['balanced', 'step', 'long-tail'], doc: 'class-count profile' },
    { kind: 'int', name: 'nMin', min: 1, max: 4, doc: 'smallest class count' },
    { kind: 'real', name: 'R', min: 1.5, max: 6, log: true, doc: 'imbalance ratio n_max / n_min' },
    { kind: 'int', name: 'kMinority', min: 1, max: 3, doc: 'classes in the smallest cluster' },
    { kind: 'int', name: 'dOffset', min: -3, max: 2, doc: 'feature dimension d = K - 1 + dOffset' },
  ],
  seeds: [{ K: 4, profile: 'step', nMin: 1, R: 3, kMinority: 2, dOffset: 0 }],
  build,
  shrink,
};
