/** fast-check arbitraries for layer-peeled instances (Fang et al.'s constraint form). */
import fc from 'fast-check';
import type { LayerPeeledInstance } from '../problems/layer-peeled/problem.ts';
import { logUniform } from './ufm-ce.ts';

export interface BalancedLayerPeeledConstraints {
  /** @defaultValue [2, 6] */
  readonly K?: [number, number];
  /** Samples per class. @defaultValue [1, 5] */
  readonly n?: [number, number];
  /** d = K + offset (d >= 1). @defaultValue [0, 2] */
  readonly dOffset?: [number, number];
  /** Range of EW and of EH, each log-uniform. @defaultValue [0.2, 5] */
  readonly energy?: [number, number];
}

export function balancedLayerPeeled(c: BalancedLayerPeeledConstraints = {}): fc.Arbitrary<LayerPeeledInstance> {
  const [K0, K1] = c.K ?? [2, 6];
  const [n0, n1] = c.n ?? [1, 5];
  const [o0, o1] = c.dOffset ?? [0, 2];
  const [e0, e1] = c.energy ?? [0.2, 5];
  return fc
    .record({
      K: fc.integer({ min: K0, max: K1 }),
      n: fc.integer({ min: n0, max: n1 }),
      off: fc.integer({ min: o0, max: o1 }),
      EW: logUniform(e0, e1),
      EH: logUniform(e0, e1),
    })
    .map(({ K, n, off, EW, EH }) => ({ problem: 'layer-peeled' as const, K, n: Array<number>(K).fill(n), d: Math.max(1, K + off), EW, EH }));
}

/** One fixed two-cluster configuration: kA classes of R nB samples, kB of nB, R from `R`. */
export interface TwoClusterLayerPeeledConfig {
  readonly kA: number;
  readonly kB: number;
  readonly nB: number;
  readonly R: readonly number[];
  readonly d: number;
  readonly EW: number;
  readonly EH: number;
}

export function twoClusterLayerPeeled(c: TwoClusterLayerPeeledConfig): fc.Arbitrary<LayerPeeledInstance> {
  return fc.constantFrom(...c.R).map((R) => ({
    problem: 'layer-peeled' as const,
    K: c.kA + c.kB,
    n: [...Array<number>(c.kA).fill(R * c.nB), ...Array<number>(c.kB).fill(c.nB)],
    d: c.d,
    EW: c.EW,
    EH: c.EH,
  }));
}
