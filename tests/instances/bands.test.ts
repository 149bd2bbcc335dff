import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avoidingThresholds, crowdingThresholds, nearOneOf } from '../../src/instances/bands.ts';
import {
  awayFromClusterThresholds,
  clusterProfile,
  clusterThresholds,
  majorityThreshold,
  randomProfile,
  ufmCeByMinority,
} from '../../src/instances/imbalanced.ts';
import { reluUfmCe } from '../../src/instances/relu.ts';
import { logUniform } from '../../src/instances/ufm-ce.ts';
import { reluLiveClasses } from '../../src/problems/ufm-ce/symbols.ts';

const sample = <T>(a: fc.Arbitrary<T>, n = 300) => fc.sample(a, { seed: 3, numRuns: n });

describe('threshold bands', () => {
  it('avoidingThresholds stays in [lo, hi] and a relative margin away from every threshold, on every side', () => {
    const ts = sample(avoidingThresholds([1, 2], [0.3, 3], 0.05));
    for (const t of ts) {
      expect(t).toBeGreaterThanOrEqual(0.3);
      expect(t).toBeLessThanOrEqual(3);
      for (const thr of [1, 2]) expect(Math.abs(t / thr - 1)).toBeGreaterThanOrEqual(0.05 - 1e-12);
    }
    expect(ts.some((t) => t < 1) && ts.some((t) => t > 1 && t < 2) && ts.some((t) => t > 2)).toBe(true);
  });

  it('crowdingThresholds and nearOneOf put samples within the factors of each threshold', () => {
    const ts = sample(crowdingThresholds([1, 4], [0.3, 6], [0.95, 1.05]));
    expect(ts.filter((t) => t >= 0.95 && t <= 1.05).length).toBeGreaterThan(50);
    expect(ts.filter((t) => t >= 3.8 && t <= 4.2).length).toBeGreaterThan(50);
    for (const t of sample(nearOneOf([1, 4], [0.95, 1.05]))) expect((t >= 0.95 && t <= 1.05) || (t >= 3.8 && t <= 4.2)).toBe(true);
  });

  it('ufmCeByMinority draws t = N lambdaZ / sqrt(n_min); the cluster filter keeps the margin', () => {
    const arb = awayFromClusterThresholds(
      ufmCeByMinority(clusterProfile(), () => logUniform(0.3, 3)),
      0.03,
    );
    for (const inst of sample(arb, 50)) {
      const N = inst.n.reduce((a, b) => a + b, 0);
      const tau = N * Math.sqrt(inst.lambdaW * inst.lambdaH);
      const nmin = Math.min(...inst.n);
      expect(tau / Math.sqrt(nmin)).toBeGreaterThanOrEqual(0.3 * (1 - 1e-12));
      for (const c of new Set(inst.n)) expect(Math.abs(tau / Math.sqrt(c) - 1)).toBeGreaterThan(0.03);
    }
    const p = { kind: 'step' as const, n: [8, 8, 2] };
    expect(majorityThreshold(p)).toBe(2);
    expect(clusterThresholds(p)).toEqual([2, 1]);
  });

  it('ReLU instances with a margin have d = live >= 1 and N lambdaZ away from every dead threshold', () => {
    for (const inst of sample(reluUfmCe(randomProfile({ K: [2, 4] }), { dOffset: [0, 0], margin: 0.03 }), 50)) {
      expect(inst.features).toBe('nonnegative');
      expect(inst.d).toBe(reluLiveClasses(inst));
      const N = inst.n.reduce((a, b) => a + b, 0);
      const tau = N * Math.sqrt(inst.lambdaW * inst.lambdaH);
      for (const nk of inst.n) expect(Math.abs(tau / Math.sqrt(((inst.K - 1) * nk) / inst.K) - 1)).toBeGreaterThan(0.03);
    }
  });
});
