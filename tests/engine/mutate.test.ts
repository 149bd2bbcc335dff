import { describe, expect, it } from 'vitest';
import { plantedVariants, runMutations } from '../../src/engine/mutate.ts';
import { zhu2021Global, zhu2021Landscape } from '../../theorems/zhu2021.ts';

describe('planted wrong variants of zhu2021 are all rejected', () => {
  it('enumerates a variant per prediction constant plus the explicit ones', () => {
    const names = plantedVariants(zhu2021Global).map((v) => v.name);
    expect(names).toContain('ETF claimed for d = K-2');
    expect(names.some((n) => n.startsWith('zero: constant'))).toBe(true); // the moved zero threshold
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  for (const thm of [zhu2021Global, zhu2021Landscape]) {
    it(`${thm.id}: every variant gets a fail`, () => {
      const res = runMutations(thm, { seed: 1, candidates: 200, instancesPerVariant: 3 });
      const survivors = res.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`);
      expect(survivors).toEqual([]);
      expect(res.rejected).toBe(res.total);
    });
  }
});
