/**
 * fast-check arbitraries for deep linear UFM instances (dln-mse, dln-ce). Regularisation is
 * drawn through the quantity each claim's threshold is stated in, so instances land on both
 * sides of it and close to it: for MSE, b_t / thr_M for one chosen class t (b_k =
 * N lambdaBar (N lambdaH)^{1/M} / n_k, thr_M = (M-1)^{(M-1)/M} / M^2); for CE, lambdaT relative
 * to the level where the ETF stops beating the zero solution. Per-layer lambdas are spread
 * around their geometric mean lambdaBar (the claims depend on them only through it).
 */
import fc from 'fast-check';
import type { DeepLinearInstance } from '../problems/deep-linear/problem.ts';
import { logUniform, thresholdRatio } from './ufm-ce.ts';

export interface DeepLinearConstraints {
  /** @defaultValue 2 */
  minK?: number;
  /** @defaultValue 4 */
  maxK?: number;
  /** @defaultValue 1 */
  minDepth?: number;
  /** @defaultValue 3 */
  maxDepth?: number;
  /** @defaultValue 5 */
  maxN?: number;
  /** Whether class sizes may differ. @defaultValue true */
  imbalanced?: boolean;
  /** Smallest width as an offset from K (d_m >= K + minWidthOffset, >= 1). @defaultValue 0 */
  minWidthOffset?: number;
  /** @defaultValue 2 */
  maxWidthOffset?: number;
  /** Force at least one layer narrower than K. @defaultValue false */
  narrow?: boolean;
  /** @defaultValue false */
  bias?: boolean;
  /** Range of b_t / thr_M (MSE) around 1. @defaultValue [0.2, 3] */
  ratioRange?: [number, number];
}

/** thr_M = (M-1)^{(M-1)/M} / M^2 (thr_1 = 1), docs/catalogue.md dang2023dln. */
function thrM(M: number): number {
  return (M - 1) ** ((M - 1) / M) / M ** 2;
}

export function deepLinearMse(c: DeepLinearConstraints = {}): fc.Arbitrary<DeepLinearInstance> {
  const maxDepth = c.maxDepth ?? 3;
  return fc
    .record({
      K: fc.integer({ min: c.minK ?? 2, max: c.maxK ?? 4 }),
      M: fc.integer({ min: c.minDepth ?? 1, max: maxDepth }),
      counts: fc.array(fc.integer({ min: 1, max: c.maxN ?? 5 }), { minLength: 6, maxLength: 6 }),
      balanced: c.imbalanced === false ? fc.constant(true) : fc.boolean(),
      offsets: fc.array(fc.integer({ min: c.minWidthOffset ?? 0, max: c.maxWidthOffset ?? 2 }), { minLength: 6, maxLength: 6 }),
      narrowLayer: fc.integer({ min: 0, max: 5 }),
      narrowBy: fc.integer({ min: 1, max: 3 }),
      ratio: thresholdRatio(c.ratioRange ?? [0.2, 3]),
      target: fc.integer({ min: 0, max: 5 }),
      spreads: fc.array(logUniform(0.3, 3), { minLength: 6, maxLength: 6 }),
      lambdaH: logUniform(1e-3, 0.3),
    })
    .map(({ K, M, counts, balanced, offsets, narrowLayer, narrowBy, ratio, target, spreads, lambdaH }) => {
      const n = balanced ? Array.from({ length: K }, () => counts[0]) : counts.slice(0, K);
      const widths = offsets.slice(0, M).map((o) => Math.max(1, K + o));
      if (c.narrow) widths[narrowLayer % M] = Math.max(1, K - narrowBy);
      const N = n.reduce((a, b) => a + b, 0);
      // b_t = ratio * thr_M for the chosen class t fixes lambdaBar.
      const t = target % K;
      const lambdaBar = (ratio * thrM(M) * n[t]) / (N * (N * lambdaH) ** (1 / M));
      const s = spreads.slice(0, M);
      const geo = s.reduce((a, b) => a * b, 1) ** (1 / M);
      const lambdaW = s.map((v) => (lambdaBar * v) / geo);
      return { problem: 'dln-mse' as const, K, n, depth: M, widths, lambdaW, lambdaH, bias: c.bias ?? false };
    });
}

/**
 * Balanced dln-ce instances. lambdaT = (lambdaH prod lambdaW_m)^{1/(M+1)} is drawn as a
 * multiple of lambdaT0 = 1 / (K n^{1/(M+1)}) (for M = 1 exactly the zero threshold), which keeps
 * the margin moderate for every depth.
 */
export function deepLinearCe(c: DeepLinearConstraints = {}): fc.Arbitrary<DeepLinearInstance> {
  return fc
    .record({
      K: fc.integer({ min: c.minK ?? 2, max: c.maxK ?? 4 }),
      M: fc.integer({ min: c.minDepth ?? 1, max: c.maxDepth ?? 3 }),
      nPer: fc.integer({ min: 1, max: c.maxN ?? 4 }),
      offsets: fc.array(fc.integer({ min: c.minWidthOffset ?? 0, max: c.maxWidthOffset ?? 2 }), { minLength: 6, maxLength: 6 }),
      ratio: thresholdRatio(c.ratioRange ?? [0.05, 2]),
      spreads: fc.array(logUniform(0.3, 3), { minLength: 7, maxLength: 7 }),
    })
    .map(({ K, M, nPer, offsets, ratio, spreads }) => {
      const n = Array.from({ length: K }, () => nPer);
      const widths = offsets.slice(0, M).map((o) => Math.max(1, K + o));
      const lambdaT = ratio / (K * nPer ** (1 / (M + 1)));
      const s = spreads.slice(0, M + 1);
      const geo = s.reduce((a, b) => a * b, 1) ** (1 / (M + 1));
      const lams = s.map((v) => (lambdaT * v) / geo);
      return { problem: 'dln-ce' as const, K, n, depth: M, widths, lambdaW: lams.slice(1), lambdaH: lams[0], bias: false };
    });
}
