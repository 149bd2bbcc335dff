/**
 * A hunt on each planted wrong variant of a few claims finds a fail, with a small budget: the
 * explicit variants (an assumption weakened, a threshold moved, a closed form changed) and a few
 * constant perturbations (src/engine/mutate.ts), each hunted from the same seed.
 */
import { describe, expect, it } from 'vitest';
import { plantedVariants } from '../../src/engine/mutate.ts';
import { huntClaim } from '../../src/hunt/hunt.ts';
import { dang2023dlnMse } from '../../theorems/dang2023dln.ts';
import { hongLingThm2Balanced } from '../../theorems/hongling2024.ts';
import { zhu2021Global } from '../../theorems/zhu2021.ts';

const cases = [
  {
    claim: zhu2021Global,
    names: ['ETF claimed for d = K-2', 'wNormSq: constant #1 (1) x 1.03', 'zero: constant #0 (1) x 1.03', 'optimum: constant #0 (1) x 1.03'],
  },
  { claim: dang2023dlnMse, names: ['threshold of the one-layer model at every depth', 'narrow layers admitted'] },
  { claim: hongLingThm2Balanced, names: ['balanced closed form with N in place of sqrt(N)', 'zero threshold at N lambdaZ >= sqrt(N)'] },
];

describe('hunts on planted wrong variants', () => {
  for (const { claim, names } of cases) {
    const variants = plantedVariants(claim);
    for (const name of names) {
      it(`${claim.id}: "${name}" gets a fail`, () => {
        const v = variants.find((x) => x.name === name);
        expect(v, `variants: ${variants.map((x) => x.name).join('; ')}`).toBeDefined();
        const r = huntClaim({ ...v!.theorem, id: `${claim.id}.planted` }, { instances: 16, shrinkChecks: 4 });
        expect(r.counterexamples.length, `${r.summary.instances} instances: ${JSON.stringify(r.summary)}`).toBe(1);
        expect(r.summary.fail).toBeGreaterThanOrEqual(1);
      }, 60_000);
    }
  }
});
