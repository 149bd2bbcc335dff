/**
 * fast-check arbitraries for class-imbalanced instances (docs/design.md, "Instances"): imbalance
 * profiles (two-cluster step, long-tail exponential, three or more clusters, random
 * Dirichlet-like counts), dimensions at the assumption edges, and regularisation drawn through
 * the threshold parameter of the claim at hand, t = N lambdaZ / sqrt(n_ref), so instances land on
 * both sides of each threshold. Classes are sorted n_1 >= ... >= n_K as in docs/catalogue.md.
 */
import fc from 'fast-check';
import type { UfmCeInstance } from '../problems/ufm-ce/problem.ts';
import { logUniform, uniform, unitInterval } from './ufm-ce.ts';

/** Per-class counts plus the cluster structure they were drawn from. */
export interface ImbalanceProfile {
  readonly kind: 'balanced' | 'step' | 'long-tail' | 'clusters' | 'random';
  /** Samples per class, non-increasing. */
  readonly n: readonly number[];
}

export interface StepConstraints {
  /** @defaultValue [2, 3] */
  kA?: [number, number];
  /** @defaultValue [2, 3] */
  kB?: [number, number];
  /** @defaultValue [1, 4] */
  nB?: [number, number];
  /** Imbalance ratio R = n_A / n_B. @defaultValue [1.5, 8] */
  ratio?: [number, number];
}

/** Balanced counts: K classes of n samples each. */
export function balancedProfile(c: { K?: [number, number]; n?: [number, number] } = {}): fc.Arbitrary<ImbalanceProfile> {
  const [K0, K1] = c.K ?? [2, 5];
  const [n0, n1] = c.n ?? [1, 8];
  return fc
    .record({ K: fc.integer({ min: K0, max: K1 }), n: fc.integer({ min: n0, max: n1 }) })
    .map(({ K, n }) => ({ kind: 'balanced' as const, n: Array<number>(K).fill(n) }));
}

/** Two clusters: k_A classes of n_A samples, k_B classes of n_B < n_A samples. */
export function stepProfile(c: StepConstraints = {}): fc.Arbitrary<ImbalanceProfile & { kA: number; kB: number; nA: number; nB: number }> {
  const [kA0, kA1] = c.kA ?? [2, 3];
  const [kB0, kB1] = c.kB ?? [2, 3];
  const [nB0, nB1] = c.nB ?? [1, 4];
  const [r0, r1] = c.ratio ?? [1.5, 8];
  return fc
    .record({ kA: fc.integer({ min: kA0, max: kA1 }), kB: fc.integer({ min: kB0, max: kB1 }), nB: fc.integer({ min: nB0, max: nB1 }), R: uniform(r0, r1) })
    .map(({ kA, kB, nB, R }) => {
      const nA = Math.max(nB + 1, Math.round(R * nB));
      return { kind: 'step' as const, kA, kB, nA, nB, n: [...Array<number>(kA).fill(nA), ...Array<number>(kB).fill(nB)] };
    });
}

/** n_k = round(n_1 rho^{(k-1)/(K-1)}), rho in (0, 1): a long tail. */
export function longTailProfile(c: { K?: [number, number]; n1?: [number, number] } = {}): fc.Arbitrary<ImbalanceProfile> {
  const [K0, K1] = c.K ?? [3, 5];
  const [a, b] = c.n1 ?? [4, 12];
  return fc.record({ K: fc.integer({ min: K0, max: K1 }), n1: fc.integer({ min: a, max: b }), rho: uniform(0.05, 0.6) }).map(({ K, n1, rho }) => ({
    kind: 'long-tail' as const,
    n: Array.from({ length: K }, (_, k) => Math.max(1, Math.round(n1 * rho ** (k / (K - 1))))),
  }));
}

/** Three or more clusters of distinct sizes, each with 1-2 classes (2 classes where a spread is measured). */
export function clusterProfile(
  c: { clusters?: [number, number]; minPerCluster?: number } = {},
): fc.Arbitrary<ImbalanceProfile & { sizes: number[]; counts: number[] }> {
  const [c0, c1] = c.clusters ?? [3, 3];
  const minPer = c.minPerCluster ?? 2;
  return fc
    .integer({ min: c0, max: c1 })
    .chain((J) =>
      fc.record({
        sizes: fc.array(fc.integer({ min: minPer, max: 2 }), { minLength: J, maxLength: J }),
        smallest: fc.integer({ min: 1, max: 3 }),
        steps: fc.array(uniform(1.6, 3.5), { minLength: J - 1, maxLength: J - 1 }),
      }),
    )
    .map(({ sizes, smallest, steps }) => {
      // counts[J-1] = smallest, each earlier cluster a factor step larger (strictly, after rounding).
      const counts = [smallest];
      for (const s of steps) counts.unshift(Math.max(counts[0] + 1, Math.round(counts[0] * s)));
      const n: number[] = [];
      sizes.forEach((k, j) => {
        for (let i = 0; i < k; i++) n.push(counts[j]);
      });
      return { kind: 'clusters' as const, sizes, counts, n };
    });
}

/** Random counts (a discretised Dirichlet draw): every class at least one sample, sorted. */
export function randomProfile(c: { K?: [number, number]; total?: [number, number] } = {}): fc.Arbitrary<ImbalanceProfile> {
  const [K0, K1] = c.K ?? [3, 5];
  const [t0, t1] = c.total ?? [8, 30];
  return fc.integer({ min: K0, max: K1 }).chain((K) =>
    fc
      .record({
        total: fc.integer({ min: Math.max(t0, K), max: t1 }),
        w: fc.array(unitInterval(), { minLength: K, maxLength: K }),
      })
      .map(({ total, w }) => {
        // -log(u) is Exp(1); normalised exponentials are Dirichlet(1, ..., 1).
        const e = w.map((u) => -Math.log(1e-9 + (1 - 1e-9) * u));
        const s = e.reduce((a, b) => a + b, 0);
        const n = e.map((v) => Math.max(1, Math.round(((total - K) * v) / s) + 1)).sort((a, b) => b - a);
        return { kind: 'random' as const, n };
      }),
  );
}

/** Any imbalance profile. */
export function anyProfile(): fc.Arbitrary<ImbalanceProfile> {
  return fc.oneof(stepProfile(), longTailProfile(), clusterProfile({ minPerCluster: 1 }), randomProfile());
}

export interface RegularisationConstraints {
  /** d = K + offset, offsets drawn from this range (d >= 1). @defaultValue [0, 2] */
  dOffset?: [number, number];
  /** Bias: true, false, or undefined for both. */
  bias?: boolean;
  /** Allow lambdaB = 0 with a bias. @defaultValue false */
  allowUnpenalisedBias?: boolean;
}

/**
 * A ufm-ce instance with counts `n` and lambdaZ = sqrt(lambdaW lambdaH) = t sqrt(nRef) / N for a
 * drawn t; lambdaW / lambdaH is drawn separately (it only rescales W against H).
 */
export function ufmCeWith(
  profile: fc.Arbitrary<ImbalanceProfile>,
  t: (p: ImbalanceProfile) => fc.Arbitrary<{ t: number; nRef: number }>,
  c: RegularisationConstraints = {},
): fc.Arbitrary<UfmCeInstance> {
  const [o0, o1] = c.dOffset ?? [0, 2];
  return profile
    .chain((p) =>
      fc.record({
        p: fc.constant(p),
        tt: t(p),
        dOffset: fc.integer({ min: o0, max: o1 }),
        ratio: logUniform(0.2, 5),
        bias: c.bias === undefined ? fc.boolean() : fc.constant(c.bias),
        lambdaB: c.allowUnpenalisedBias ? fc.oneof(fc.constant(0), logUniform(1e-3, 1)) : logUniform(1e-3, 1),
      }),
    )
    .map(({ p, tt, dOffset, ratio, bias, lambdaB }) => {
      const K = p.n.length;
      const N = p.n.reduce((a, b) => a + b, 0);
      const lambdaZ = (tt.t * Math.sqrt(tt.nRef)) / N;
      return {
        problem: 'ufm-ce' as const,
        K,
        n: [...p.n],
        d: Math.max(1, K + dOffset),
        lambdaW: lambdaZ * Math.sqrt(ratio),
        lambdaH: lambdaZ / Math.sqrt(ratio),
        lambdaB: bias ? lambdaB : 0,
        bias,
      };
    });
}

/** t in [lo, hi] avoiding a relative band of half-width `margin` around 1 (a threshold). */
export function straddling(lo: number, hi: number, margin: number): fc.Arbitrary<number> {
  return fc.oneof(logUniform(lo, 1 - margin), logUniform(1 + margin, Math.max(hi, (1 + margin) * 1.01)));
}

/**
 * `ufmCeWith` with the threshold parameter in units of the minority count:
 * t = N lambdaZ / sqrt(n_min), the quantity Hong & Ling's minority threshold (t = 1) is stated in.
 */
export function ufmCeByMinority(
  profile: fc.Arbitrary<ImbalanceProfile>,
  t: (p: ImbalanceProfile) => fc.Arbitrary<number>,
  c: RegularisationConstraints = {},
): fc.Arbitrary<UfmCeInstance> {
  return ufmCeWith(profile, (p) => fc.record({ t: t(p), nRef: fc.constant(p.n[p.n.length - 1]) }), c);
}

/** sqrt(n_max / n_min): the majority's threshold N lambdaZ = sqrt(n_max) in units of the minority's. */
export function majorityThreshold(p: ImbalanceProfile): number {
  return Math.sqrt(p.n[0] / p.n[p.n.length - 1]);
}

/** Every cluster's threshold N lambdaZ = sqrt(N_j) in units of the minority's, largest first. */
export function clusterThresholds(p: ImbalanceProfile): number[] {
  const counts = [...new Set(p.n)];
  const last = counts[counts.length - 1];
  return counts.map((c) => Math.sqrt(c / last));
}

/**
 * Instances whose N lambdaZ lies more than a relative `margin` from every cluster's threshold
 * sqrt(N_j) (margin 0 keeps all): near a threshold the collapse spread is below what a check
 * resolves.
 */
export function awayFromClusterThresholds(arb: fc.Arbitrary<UfmCeInstance>, margin: number): fc.Arbitrary<UfmCeInstance> {
  return arb.filter((inst) => {
    if (margin === 0) return true;
    const N = inst.n.reduce((a, b) => a + b, 0);
    const tau = N * Math.sqrt(inst.lambdaW * inst.lambdaH);
    return [...new Set(inst.n)].every((c) => Math.abs(tau / Math.sqrt(c) - 1) > margin);
  });
}
