/**
 * The layer-peeled instance space (Fang et al.'s constraint form; src/instances/space.ts) for
 * hunts: class counts by profile, p = d as an offset from K, and the two energy budgets EW, EH.
 * Fang et al.'s minority collapse is stated along the imbalance ratio R = n_A / n_B, so R is the
 * threshold parameter.
 */
import type { LayerPeeledInstance } from '../problems/layer-peeled/problem.ts';
import { countSteps, profileCounts, roundingSteps, type InstanceSpace, type ShrinkStep, type SpacePoint } from './space.ts';

const num = (p: SpacePoint, k: string) => p[k] as number;

function build(p: SpacePoint): LayerPeeledInstance | null {
  const K = num(p, 'K');
  const n = profileCounts(p.profile as string, K, num(p, 'nMin'), num(p, 'R'), num(p, 'kMinority'));
  if (!n) return null;
  return { problem: 'layer-peeled', K, n, d: Math.max(1, K + num(p, 'dOffset')), EW: num(p, 'EW'), EH: num(p, 'EH') };
}

function shrink(inst: LayerPeeledInstance): ShrinkStep<LayerPeeledInstance>[] {
  const out = countSteps<LayerPeeledInstance>(inst.n, (n) => ({ ...inst, K: n.length, n, d: Math.max(1, inst.d - (inst.K - n.length)) }));
  if (inst.d > 1) out.push({ step: `d ${inst.d} -> ${inst.d - 1}`, instance: { ...inst, d: inst.d - 1 } });
  for (const item of roundingSteps(inst, ['EW', 'EH'])) out.push(item);
  return out;
}

export const layerPeeledSpace: InstanceSpace<LayerPeeledInstance> = {
  problem: 'layer-peeled',
  parameters: [
    { kind: 'int', name: 'K', min: 2, max: 10, doc: 'number of classes K' },
    { kind: 'choice', name: 'profile', values: ['balanced', 'step', 'long-tail'], doc: 'class-count profile' },
    { kind: 'int', name: 'nMin', min: 1, max: 5, doc: 'smallest class count' },
    { kind: 'real', name: 'R', min: 1.5, max: 30, log: true, threshold: true, doc: 'imbalance ratio R = n_A / n_B' },
    { kind: 'int', name: 'kMinority', min: 1, max: 5, doc: 'minority classes k_B' },
    { kind: 'int', name: 'dOffset', min: -3, max: 2, doc: 'feature dimension p = K + dOffset' },
    { kind: 'real', name: 'EW', min: 0.1, max: 10, log: true, doc: 'classifier energy budget E_W' },
    { kind: 'real', name: 'EH', min: 0.1, max: 10, log: true, doc: 'feature energy budget E_H' },
  ],
  seeds: [
    { K: 4, profile: 'balanced', nMin: 2, R: 4, kMinority: 2, dOffset: 0, EW: 1, EH: 1 },
    // The catalogue's minority-collapse configuration: K = 10, k_A = k_B = 5, n_B = 1, E_W = 1, E_H = 5.
    { K: 10, profile: 'step', nMin: 1, R: 13, kMinority: 5, dOffset: 0, EW: 1, EH: 5 },
  ],
  build,
  shrink,
};
