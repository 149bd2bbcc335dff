/**
 * Properties of the Dang et al. 2024 VAE claims: on random data sets and hyperparameters placed
 * so that latents fall on both sides of (and within 3% of) each collapse threshold, the check
 * never says `fail`, decides most instances, and the instances really straddle the thresholds;
 * every planted wrong variant is rejected by `mutate`. A failure prints fast-check's replay line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../src/core/check.ts';
import { runMutations } from '../src/core/mutate.ts';
import { dang2024vaeCvae, dang2024vaeVae, vaeInstances } from '../theorems/dang2024vae.ts';

describe('dang2024vae properties', () => {
  const cases = [[dang2024vaeCvae, dang2024vaeCvae.instances, 'learnable'], [dang2024vaeVae, vaeInstances(false), 'learnable'], [dang2024vaeVae, vaeInstances(true), 'fixed']] as const;
  for (const [thm, arb, sigma] of cases) {
    it(`${thm.id} holds on random instances (${sigma} Sigma)`, () => {
      const verdicts: string[] = [];
      const collapsed: number[] = [];
      fc.assert(
        fc.property(arb as fc.Arbitrary<unknown>, (inst) => {
          const r = checkInstance(thm, inst, 0, { seed: 7 });
          verdicts.push(r.verdict);
          collapsed.push(r.predictions.collapsed as number);
          if (r.verdict === 'fail' || r.verdict === 'skipped') throw new Error(`${r.verdict}: ${r.reason}`);
        }),
        { numRuns: 8, seed: 2024, endOnFailure: true },
      );
      expect(verdicts.filter((v) => v === 'pass').length).toBeGreaterThanOrEqual(6);
      // Both regimes occur: some instance with a collapsed latent, some with a live one.
      expect(collapsed.some((c) => c > 0)).toBe(true);
    });
  }

  for (const thm of [dang2024vaeCvae, dang2024vaeVae]) {
    it(`${thm.id}: every planted wrong variant gets a fail`, () => {
      const res = runMutations(thm, { seed: 1, candidates: 150, instancesPerVariant: 3 });
      expect(res.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`)).toEqual([]);
      expect(res.total).toBeGreaterThanOrEqual(5);
    });
  }
});
