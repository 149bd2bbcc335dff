/**
 * The instance spaces of src/instances/: every point builds an instance the problem's own parser
 * accepts (or none), every seed builds one, and every shrink step gives a valid instance that is
 * no larger (fewer classes, samples, layers or dimensions, or the same sizes with rounder reals).
 */
import { describe, expect, it } from 'vitest';
import { parseInstance } from '../../src/problems/registry.ts';
import { Rng } from '../../src/random.ts';
import { spaceFor, spaceProblems } from '../../src/instances/spaces.ts';
import { profileCounts, randomPoint, roundSignificant, roundingSteps } from '../../src/instances/space.ts';

const STRUCTURAL = ['K', 'n', 'd', 'depth', 'widths', 'latent', 'latent1', 'latent2', 'dx', 'dy', 'samples'];

/** The structural size: classes, samples, dimensions, layers, latents (the data spec's too). */
function size(x: unknown): number {
  const sum = (v: unknown): number => (typeof v === 'number' ? v : Array.isArray(v) ? v.reduce((a: number, y) => a + sum(y), 0) : 0);
  const o = x as Record<string, unknown>;
  return STRUCTURAL.reduce((a, k) => a + sum(o[k]), 0) + (o.data && typeof o.data === 'object' ? size(o.data) : 0) + (o.bias === true ? 1 : 0);
}

/** Significant digits of every real field (what rounding lowers). */
function digits(x: unknown): number {
  if (typeof x === 'number') return Number.isInteger(x) ? 0 : String(x).replace(/^-?0\.0*|\.|e.*$/g, '').length;
  // Equal entries count once: making the layers' lambdas equal simplifies as rounding does.
  if (Array.isArray(x)) return [...new Set(x.map((v) => JSON.stringify(v)))].reduce((a: number, v) => a + digits(JSON.parse(v)), 0);
  if (x && typeof x === 'object') return Object.entries(x).reduce((a, [k, v]) => a + (STRUCTURAL.includes(k) || k === 'seed' ? 0 : digits(v)), 0);
  return 0;
}

describe('instance spaces', () => {
  it("covers every problem of the catalogue's theorems except the mixup model", () => {
    expect(spaceProblems().sort()).toEqual(['cvae', 'dln-ce', 'dln-mse', 'hvae', 'layer-peeled', 'uf-svm', 'ufm-ce', 'vae']);
  });

  for (const name of spaceProblems()) {
    it(`${name}: seeds and random points build instances its parser accepts; shrink steps are valid and no larger`, () => {
      const space = spaceFor(name)!;
      for (const s of space.seeds) expect(space.build(s), JSON.stringify(s)).not.toBeNull();
      const rng = new Rng(5);
      let built = 0;
      for (let i = 0; i < 60; i++) {
        const inst = space.build(randomPoint(space, rng));
        if (!inst) continue;
        built++;
        expect(() => parseInstance(inst, 'built')).not.toThrow();
        for (const st of space.shrink(inst)) {
          expect(() => parseInstance(st.instance, st.step), st.step).not.toThrow();
          expect(size(st.instance), st.step).toBeLessThanOrEqual(size(inst));
          if (size(st.instance) === size(inst)) expect(digits(st.instance), st.step).toBeLessThan(digits(inst));
          expect(JSON.stringify(st.instance), st.step).not.toBe(JSON.stringify(inst));
        }
      }
      expect(built).toBeGreaterThan(40);
    });
  }

  it('builds class-count profiles as named, sorted non-increasing', () => {
    expect(profileCounts('balanced', 3, 2, 5, 1)).toEqual([2, 2, 2]);
    expect(profileCounts('step', 4, 1, 4, 2)).toEqual([4, 4, 1, 1]);
    // Three clusters: n_max = R n_min, n_mid = sqrt(R) n_min (rounded), k_minority at n_min.
    expect(profileCounts('three-clusters', 5, 1, 9, 1)).toEqual([9, 9, 3, 3, 1]);
    expect(profileCounts('three-clusters', 2, 1, 9, 1)).toBeNull();
    const tail = profileCounts('long-tail', 4, 1, 8, 1)!;
    expect(tail[0]).toBe(8);
    expect(tail[3]).toBe(1);
    expect([...tail].sort((a, b) => b - a)).toEqual(tail);
  });

  it('rounds reals to 2 then 3 significant digits, all fields first', () => {
    expect(roundSignificant(0.035248, 2)).toBe(0.035);
    expect(roundSignificant(0, 2)).toBe(0);
    const steps = roundingSteps({ a: 0.123456, b: [1.23456, 2], c: 3 }, ['a', 'b', 'c']);
    expect(steps[0]).toEqual({ step: 'a, b to 2 significant digits', instance: { a: 0.12, b: [1.2, 2], c: 3 } });
    expect(steps.map((s) => s.step)).toContain('a, b to 3 significant digits');
  });
});
