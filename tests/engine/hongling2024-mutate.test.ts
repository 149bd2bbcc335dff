import { describe, expect, it } from 'vitest';
import { runMutations } from '../../src/engine/mutate.ts';
import { locateSwitch } from '../../src/engine/threshold.ts';
import { cor4Threshold, hongLingClusters, hongLingCor4, hongLingThm2, hongLingThm2Balanced, hongLingThm3, hongLingThm6 } from '../../theorems/hongling2024.ts';

describe('planted wrong variants of hongling2024 are all rejected', () => {
  for (const thm of [hongLingThm2, hongLingThm2Balanced, hongLingThm3, hongLingCor4, hongLingThm6, hongLingClusters]) {
    it(`${thm.id}: every variant gets a fail`, () => {
      const res = runMutations(thm, { seed: 1, candidates: 300, instancesPerVariant: 3 });
      const survivors = res.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`);
      expect(survivors).toEqual([]);
      expect(res.total).toBeGreaterThanOrEqual(thm === hongLingThm6 || thm === hongLingThm2 ? 1 : 4);
    });
  }
});

describe('cor4 threshold report', () => {
  it('measures the minority-collapse switch at sqrt(n_B) on 6+ configurations', () => {
    expect(cor4Threshold.configurations.length).toBeGreaterThanOrEqual(6);
    for (const c of cor4Threshold.configurations) {
      const r = locateSwitch(cor4Threshold, c, { relTol: 1e-7 });
      expect(r.outcome, r.detail).toBe('agree');
      // The prediction, written independently: N lambdaZ = sqrt(n_B).
      expect(r.predicted).toBe(Math.sqrt(c.counts[1]));
      expect(r.uncertifiedProbes).toBe(0);
    }
  });
});
