/**
 * ebv2023 (theorems/ebv2023.ts): the construction claims pass on their random parameters,
 * every planted wrong variant is rejected (three seeds), and the edges behave as claimed: N = d
 * (orthonormal), N = d + 1 (the simplex meets Welch: max|cos| = 1/d), N = d(d+1)/2 + 1 (the
 * orthoplex bound decides), parameters outside each claim skipped, an official run that misses
 * its stopping rule inconclusive. Bounds are written out here from their formulas.
 */
import { describe, expect, it } from 'vitest';
import { checkConstructionInstance } from '../src/engine/construction.ts';
import { constructionClaimTests } from '../tests/helpers/construction-claims.ts';
import type { EbvParameters } from '../src/instances/packing.ts';
import { ebvOrthonormal, ebvSimplexWelch, ebvWelch } from '../theorems/ebv2023.ts';

const welch = (N: number, d: number) => Math.sqrt((N - d) / (d * (N - 1)));
const best = (N: number, d: number, seed = 1): EbvParameters => ({ N, d, seed, method: 'best', alphaFactor: 1 });

describe('ebv2023 claims on random parameters', () => {
  constructionClaimTests(ebvWelch, 16, 2023);
  constructionClaimTests(ebvOrthonormal, 16, 2023);
  constructionClaimTests(ebvSimplexWelch, 24, 2023);
});

describe('ebv2023 edges', () => {
  it('N = d + 1: best finds the simplex, max|cos| = RMS = Welch = 1/d', () => {
    for (const d of [2, 3, 5]) {
      const r = checkConstructionInstance(ebvWelch, best(d + 1, d), 0);
      expect(r.verdict).toBe('pass');
      expect(welch(d + 1, d)).toBeCloseTo(1 / d, 15);
      const built = ebvWelch.build(best(d + 1, d));
      if ('failed' in built) throw new Error(built.failed);
      expect(built.result.measurement.maxAbsCos).toBeCloseTo(1 / d, 6);
      expect(built.result.measurement.rmsCos).toBeCloseTo(1 / d, 6);
    }
  });

  it('N = d(d+1)/2 + 1: the orthoplex bound 1/sqrt(d) is the one checked, and it holds', () => {
    for (const d of [2, 3, 4]) {
      const N = (d * (d + 1)) / 2 + 1;
      const r = checkConstructionInstance(ebvWelch, best(N, d), 0);
      expect(r.verdict).toBe('pass');
      const check = r.checks.find((c) => c.name === 'best bound')!;
      expect(check.detail).toMatch(/orthoplex/);
      expect(check.detail).toContain((1 / Math.sqrt(d)).toPrecision(6));
      // One below the edge the best bound is Welch's.
      expect(checkConstructionInstance(ebvWelch, best(N - 1, d), 0).checks.find((c) => c.name === 'best bound')!.detail).toMatch(/Welch/);
    }
  });

  it('N = d: exactly orthonormal; N > d is outside the orthonormal claim, N <= d outside the Welch claim', () => {
    for (const d of [1, 7, 40]) {
      const r = checkConstructionInstance(ebvOrthonormal, best(d, d), 0);
      expect(r.verdict).toBe('pass');
      expect(r.checks[0].deviation).toBeLessThanOrEqual(1e-12);
    }
    expect(checkConstructionInstance(ebvOrthonormal, best(6, 5), 0).verdict).toBe('skipped');
    expect(checkConstructionInstance(ebvWelch, best(5, 5), 0).verdict).toBe('skipped');
  });

  it('simplex: attains Welch at N = d + 1 only; N = d + 2 is outside (no simplex in R^d)', () => {
    for (let d = 1; d <= 8; d++) {
      for (let N = 2; N <= d + 1; N++) expect(checkConstructionInstance(ebvSimplexWelch, { N, d, seed: 0 }, 0).verdict, `N=${N} d=${d}`).toBe('pass');
      expect(checkConstructionInstance(ebvSimplexWelch, { N: d + 2, d, seed: 0 }, 0).verdict).toBe('skipped');
    }
    // The planted "iff N = d + 2" is rejected at N = d + 1, where the simplex does attain it.
    const plantedAtD2 = { ...ebvSimplexWelch, checks: [ebvSimplexWelch.checks[0], ...ebvSimplexWelch.variants[0].checks] };
    expect(checkConstructionInstance(plantedAtD2, { N: 5, d: 4, seed: 0 }, 0).verdict).toBe('fail');
    expect(checkConstructionInstance(plantedAtD2, { N: 3, d: 4, seed: 0 }, 0).verdict).toBe('pass');
  });

  it('the swapped Welch bound sqrt((N-d)/(N(d-1))) exceeds Welch for N > d >= 2, and fails the simplex at N = d + 1', () => {
    const swapped = { ...ebvWelch, checks: [...ebvWelch.variants[0].checks] };
    for (const d of [2, 4, 6]) {
      expect(Math.sqrt(1 / ((d + 1) * (d - 1)))).toBeGreaterThan(welch(d + 1, d));
      const r = checkConstructionInstance(swapped, best(d + 1, d), 0);
      expect([r.verdict, r.reason]).toEqual(['fail', expect.stringMatching(/welch-chain violated/)]);
    }
  });

  it('an official run that misses its stopping rule is inconclusive, never a fail', () => {
    // alpha at the orthoplex bound itself (factor 1) for 11 lines in R^4: not reached in 20000 steps.
    const r = checkConstructionInstance(ebvWelch, { N: 11, d: 4, seed: 1, method: 'official', alphaFactor: 1 }, 0);
    expect([r.verdict, r.reason]).toEqual(['inconclusive', expect.stringMatching(/stopping rule .* was not met in 20000 steps/)]);
  });
});
