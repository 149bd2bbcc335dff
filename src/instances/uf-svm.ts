/**
 * fast-check arbitraries for UF-SVM instances (docs/catalogue.md, seli2022): the imbalance profiles of
 * imbalanced.ts (two-cluster step, long tail, three clusters, random counts) plus balanced
 * counts, with the feature dimension drawn around the assumption edge d = K - 1. Sample counts
 * stay small (N <= maxN): the UF-SVM is solved at sample level with N (K - 1) margin constraints.
 */
import fc from 'fast-check';
import type { UfSvmInstance } from '../problems/uf-svm/problem.ts';
import { clusterProfile, longTailProfile, randomProfile, stepProfile, type ImbalanceProfile } from './imbalanced.ts';

export interface UfSvmConstraints {
  /** d = K - 1 + offset, offsets drawn from this range (d >= 1 always). @defaultValue [0, 2] */
  dOffset?: [number, number];
  /** Largest total sample count N. @defaultValue 40 */
  maxN?: number;
}

/** Balanced counts n_k = n for K classes. */
function balancedProfile(): fc.Arbitrary<ImbalanceProfile> {
  return fc
    .record({ K: fc.integer({ min: 2, max: 5 }), n: fc.integer({ min: 1, max: 4 }) })
    .map(({ K, n }) => ({ kind: 'random' as const, n: Array<number>(K).fill(n) }));
}

/** UF-SVM instances over every imbalance profile (and balanced ones), d around K - 1. */
export function ufSvmInstances(c: UfSvmConstraints = {}): fc.Arbitrary<UfSvmInstance> {
  const [o0, o1] = c.dOffset ?? [0, 2];
  const maxN = c.maxN ?? 40;
  const profile = fc
    .oneof(
      stepProfile({ nB: [1, 3], ratio: [1.5, 6] }),
      longTailProfile({ K: [3, 5], n1: [3, 8] }),
      clusterProfile({ minPerCluster: 1 }),
      randomProfile({ K: [2, 5], total: [6, 24] }),
      balancedProfile(),
    )
    .filter((p) => p.n.reduce((a, b) => a + b, 0) <= maxN);
  return fc.record({ p: profile, offset: fc.integer({ min: o0, max: o1 }) }).map(({ p, offset }) => ({
    problem: 'uf-svm' as const,
    K: p.n.length,
    n: [...p.n],
    d: Math.max(1, p.n.length - 1 + offset),
  }));
}
