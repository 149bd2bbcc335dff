import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../src/engine/check.ts';
import { runMutations } from '../src/engine/mutate.ts';
import { deriveSeed } from '../src/random.ts';
import { fang2021Balanced, fang2021Minority } from '../theorems/fang2021.ts';

describe('fang2021', () => {
  for (const [thm, runs] of [
    [fang2021Balanced, 5],
    [fang2021Minority, 2],
  ] as const) {
    it(`${thm.id} holds on in-assumption instances`, () => {
      let i = 0;
      fc.assert(
        fc.property(thm.instances, (inst) => {
          const r = checkInstance(thm, inst, i, { seed: deriveSeed(11, i++) });
          if (r.verdict !== 'pass') throw new Error(`${r.verdict}: ${r.reason}`);
        }),
        { numRuns: runs, seed: 3 },
      );
    });
    it(`${thm.id} rejects every planted wrong variant`, () => {
      const res = runMutations(thm, { seed: 1, candidates: 120, instancesPerVariant: 2 });
      expect(res.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`)).toEqual([]);
      expect(res.total).toBeGreaterThanOrEqual(3);
    });
  }
});
