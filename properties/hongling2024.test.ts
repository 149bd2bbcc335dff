import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkInstance } from '../src/engine/check.ts';
import { deriveSeed } from '../src/random.ts';
import { hongLingClusters, hongLingCor4, hongLingThm2, hongLingThm2Balanced, hongLingThm3, hongLingThm6 } from '../theorems/hongling2024.ts';

// For every in-assumption instance the claim is not refuted and the solve certifies it.
describe('hongling2024 claims hold on in-assumption instances', () => {
  for (const [thm, runs] of [
    [hongLingThm2, 6],
    [hongLingThm2Balanced, 4],
    [hongLingThm3, 5],
    [hongLingCor4, 6],
    [hongLingThm6, 3],
    [hongLingClusters, 3],
  ] as const) {
    it(thm.id, () => {
      let i = 0;
      fc.assert(
        fc.property(thm.instances, (inst) => {
          const r = checkInstance(thm, inst, i, { seed: deriveSeed(5, i++) });
          if (r.verdict !== 'pass') throw new Error(`${r.verdict}: ${r.reason}`);
        }),
        { numRuns: runs, seed: 42 },
      );
    });
  }
});
