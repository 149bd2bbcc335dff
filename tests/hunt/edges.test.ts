/**
 * Edge instances are derived from the claim's own expressions: assumption boundaries one step at
 * a time and closed-form thresholds by scanning the predictions. The expected instances are
 * recomputed here from the catalogue's formulas (Zhu et al.: d >= K - 1, zero threshold
 * K sqrt(n lambdaW lambdaH) = 1), not taken from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { edgeInstances, regimeSwitches } from '../../src/hunt/edges.ts';
import { regionOf } from '../../src/hunt/region.ts';
import { regimeOf } from '../../src/hunt/regime.ts';
import { spaceFor } from '../../src/instances/spaces.ts';
import type { RealParameter } from '../../src/instances/space.ts';
import type { UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import { zhu2021Global } from '../../theorems/zhu2021.ts';
import { dang2023dlnCe } from '../../theorems/dang2023dln.ts';

const space = spaceFor('ufm-ce')!;
const zeroT = (i: UfmCeInstance) => i.K * Math.sqrt(i.n[0] * i.lambdaW * i.lambdaH);

describe('edge instances', () => {
  it('puts d at K - 1 (the boundary) and K (one step inside), and K sqrt(n lambdaW lambdaH) at 1 -+ 1e-3', () => {
    const edges = edgeInstances(zhu2021Global, space, regionOf(zhu2021Global), { seed: 1, limit: 60 });
    const inst = edges.map((e) => e.instance as UfmCeInstance);
    expect(inst.every((i) => i.d >= i.K - 1 && i.n.every((v) => v === i.n[0]))).toBe(true);
    expect(inst.some((i) => i.d === i.K - 1)).toBe(true);
    expect(inst.some((i) => i.d === i.K)).toBe(true);
    const ts = inst.map(zeroT);
    for (const target of [0.999, 1.001])
      expect(
        ts.some((t) => Math.abs(t - target) < 1e-9),
        `t = ${target}: ${ts.join(', ')}`,
      ).toBe(true);
    // Extremes: K = 2 and the smallest class count.
    expect(inst.some((i) => i.K === 2)).toBe(true);
    expect(inst.some((i) => i.n[0] === 1)).toBe(true);
  });

  it('with a dropped assumption, keeps instances just outside it and inside the others', () => {
    const region = regionOf(zhu2021Global, 'dimension');
    const edges = edgeInstances(zhu2021Global, space, region, { seed: 1, limit: 60 }).map((e) => e.instance as UfmCeInstance);
    expect(edges.length).toBeGreaterThan(3);
    expect(edges.every((i) => i.d < i.K - 1 && i.n.every((v) => v === i.n[0]) && i.features !== 'nonnegative')).toBe(true);
    expect(edges.some((i) => i.d === i.K - 2)).toBe(true);
  });

  it('finds the dln-ce zero threshold along lambda where rho = 0 starts', () => {
    const dln = spaceFor('dln-ce')!;
    const lambda = dln.parameters.find((p) => p.name === 'lambda') as RealParameter;
    const base = { ...dln.seeds[0], K: 3, nMin: 1, depth: 1, widthOffset: 0 };
    const [sw] = regimeSwitches(dang2023dlnCe, dln, base, lambda);
    expect(sw.change).toMatch(/rho: non-zero -> 0/);
    // At depth 1 every lambda_m = lambda_H = lambda, so lambdaT = lambda, and the ETF stops
    // beating log K at K sqrt(n) lambdaT = 1 (Zhu et al.'s threshold): lambda = 1/3 for K = 3, n = 1.
    expect(sw.value).toBeCloseTo(1 / 3, 7);
    const below = dln.build({ ...base, lambda: sw.value * 0.999 })!;
    const above = dln.build({ ...base, lambda: sw.value * 1.001 })!;
    expect(regimeOf(dang2023dlnCe, below)).not.toBe(regimeOf(dang2023dlnCe, above));
  });
});
