/**
 * Property: for every balanced instance satisfying zhu2021's assumptions (K 2..12, n 1..20,
 * d from K-1 up, regularisation on both sides of and near the zero threshold), the check never
 * says `fail`, and it decides (pass) on most of them. A failure prints fast-check's replay line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../src/engine/check.ts';
import { zhu2021Global, zhu2021Landscape } from '../theorems/zhu2021.ts';

describe('zhu2021 properties', () => {
  for (const [thm, runs] of [
    [zhu2021Global, 12],
    [zhu2021Landscape, 4],
  ] as const) {
    it(`${thm.id} holds on random in-assumption instances`, () => {
      const verdicts: string[] = [];
      fc.assert(
        fc.property(thm.instances, (inst) => {
          const r = checkInstance(thm, inst, 0, { seed: 3 });
          verdicts.push(r.verdict);
          if (r.verdict === 'fail' || r.verdict === 'skipped') throw new Error(`${r.verdict}: ${r.reason}`);
        }),
        { numRuns: runs, seed: 20211, endOnFailure: true },
      );
      // Inconclusive is allowed (e.g. right at the threshold), but a check that decides nothing proves nothing.
      expect(verdicts.filter((v) => v === 'pass').length).toBeGreaterThanOrEqual(Math.ceil(0.75 * runs));
    });
  }
});
