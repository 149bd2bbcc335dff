import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../src/engine/check.ts';
import { runMutations } from '../src/engine/mutate.ts';
import { deriveSeed } from '../src/random.ts';
import { dang2024Relu } from '../theorems/dang2024relu.ts';

describe('dang2024relu', () => {
  it('holds on in-assumption instances (certified, every check within tolerance)', () => {
    let i = 0;
    fc.assert(
      fc.property(dang2024Relu.instances, (inst) => {
        const r = checkInstance(dang2024Relu, inst, i, { seed: deriveSeed(9, i++) });
        if (r.verdict !== 'pass') throw new Error(`${r.verdict}: ${r.reason}`);
      }),
      { numRuns: 8, seed: 7 },
    );
  });

  it('rejects every planted wrong variant', () => {
    const res = runMutations(dang2024Relu, { seed: 1, candidates: 400, instancesPerVariant: 3 });
    expect(res.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`)).toEqual([]);
    expect(res.variants.map((v) => v.name)).toContain('orthogonality claimed with a bias');
  });
});
