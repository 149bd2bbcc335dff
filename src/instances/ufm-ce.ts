/**
 * fast-check arbitraries for ufm-ce instances. Shared by the property tests (small budgets) and
 * the CLI (large budgets). Regularisation is drawn through t = K sqrt(n lambdaW lambdaH), the
 * quantity Zhu et al.'s zero threshold (t >= 1) is stated in, so instances land on both sides of
 * it and close to it; lambdaW / lambdaH is drawn separately (it only rescales W against H).
 */
import fc from 'fast-check';
import type { UfmCeInstance } from '../problems/ufm-ce/problem.ts';

export interface BalancedUfmCeConstraints {
  /** @defaultValue 2 */
  minK?: number;
  /** @defaultValue 12 */
  maxK?: number;
  /** @defaultValue 1 */
  minN?: number;
  /** @defaultValue 20 */
  maxN?: number;
  /** Smallest d as an offset from K (d >= K + minDOffset, and d >= 1). @defaultValue -1 (d >= K-1) */
  minDOffset?: number;
  /** @defaultValue 4 */
  maxDOffset?: number;
  /** Range of t = K sqrt(n lambdaW lambdaH) away from the threshold. @defaultValue [0.1, 3] */
  tRange?: [number, number];
  /** Whether the model has a bias; undefined draws both. */
  bias?: boolean;
}

const STEPS = 2 ** 30;

/**
 * Uniform in [0, 1], shrinking towards 0. (fc.double is uniform over the bit patterns of
 * doubles, which crowds samples next to 0, and its bias favours the ends of the range.)
 */
export function unitInterval(): fc.Arbitrary<number> {
  return fc.noBias(fc.integer({ min: 0, max: STEPS })).map((i) => i / STEPS);
}

/** A log-uniform double in [lo, hi], shrinking towards lo. */
export function logUniform(lo: number, hi: number): fc.Arbitrary<number> {
  return unitInterval().map((u) => Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))));
}

/** A uniform double in [lo, hi], shrinking towards lo. */
export function uniform(lo: number, hi: number): fc.Arbitrary<number> {
  return unitInterval().map((u) => lo + u * (hi - lo));
}

/** t mostly below the threshold, a quarter within 5% of it, some above. */
export function thresholdRatio(range: [number, number] = [0.1, 3]): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 6, arbitrary: logUniform(range[0], 0.95) },
    { weight: 3, arbitrary: uniform(0.95, 1.05) },
    { weight: 2, arbitrary: logUniform(1.05, range[1]) },
  );
}

export function balancedUfmCe(c: BalancedUfmCeConstraints = {}): fc.Arbitrary<UfmCeInstance> {
  const minK = c.minK ?? 2;
  const maxK = c.maxK ?? 12;
  return fc
    .record({
      K: fc.integer({ min: minK, max: maxK }),
      n: fc.integer({ min: c.minN ?? 1, max: c.maxN ?? 20 }),
      dOffset: fc.integer({ min: c.minDOffset ?? -1, max: c.maxDOffset ?? 4 }),
      t: thresholdRatio(c.tRange),
      ratio: logUniform(0.1, 10),
      bias: c.bias === undefined ? fc.boolean() : fc.constant(c.bias),
      lambdaB: fc.oneof(fc.constant(0), logUniform(1e-4, 1e-1)),
    })
    .map(({ K, n, dOffset, t, ratio, bias, lambdaB }) => {
      // lambdaW lambdaH = (t / K)^2 / n and lambdaW / lambdaH = ratio.
      const prod = (t / K) ** 2 / n;
      const lambdaW = Math.sqrt(prod * ratio);
      const lambdaH = Math.sqrt(prod / ratio);
      return {
        problem: 'ufm-ce' as const,
        K,
        n: Array.from({ length: K }, () => n),
        d: Math.max(1, K + dOffset),
        lambdaW,
        lambdaH,
        lambdaB: bias ? lambdaB : 0,
        bias,
      };
    });
}
