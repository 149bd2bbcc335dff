/**
 * The two tests every construction claim gets in properties/: it passes on each of its random
 * parameter sets, and every planted wrong variant is rejected on three seeds (at least two
 * variants each, so a claim with nothing to perturb cannot pass this by having none).
 */
import { expect, it } from 'vitest';
import { checkConstruction, runConstructionVariants, type ConstructionSpec } from '../../src/engine/construction.ts';

export function constructionClaimTests<P, R>(claim: ConstructionSpec<P, R>, instances: number, seed: number): void {
  it(`${claim.id} passes on every parameter set`, () => {
    const res = checkConstruction(claim, { instances, seed });
    expect(res.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.summary}: ${r.reason}`)).toEqual([]);
  });

  it(`${claim.id} rejects every planted wrong variant (seeds 1..3)`, () => {
    for (const s of [1, 2, 3]) {
      const m = runConstructionVariants(claim, { seed: s });
      expect(m.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`)).toEqual([]);
      expect(m.total).toBeGreaterThanOrEqual(2);
    }
  });
}
