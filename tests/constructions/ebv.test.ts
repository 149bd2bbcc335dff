/** generateEbv's validation (src/constructions/ebv.ts): what can never be met is refused up front. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { MAX_EBV_N, generateEbv, validateEbvRequest } from '../../src/constructions/ebv.ts';

describe('EBV request validation', () => {
  const welch = Math.sqrt((1000 - 500) / (500 * 999));

  it('official: refused iff alpha + 1e-4 is below the bound (the rule could never hold)', () => {
    expect(() => validateEbvRequest({ N: 1000, d: 500, method: 'official', alpha: welch - 0.99e-4 })).not.toThrow();
    expect(() => validateEbvRequest({ N: 1000, d: 500, method: 'official', alpha: welch - 1.01e-4 })).toThrow(/^alpha: .* below the welch bound/);
    // The authors' default alpha is checked too when none is given.
    expect(() => validateEbvRequest({ N: 1000, d: 500, method: 'official' })).toThrow(/^alpha: 0\.002 is below/);
    expect(() => validateEbvRequest({ N: 1000, d: 1000, method: 'official' })).not.toThrow();
  });

  it('best: a target below the bound is refused, none is fine', () => {
    expect(() => validateEbvRequest({ N: 1000, d: 500, method: 'best', alpha: welch * 0.999 })).toThrow(/no set reaches/);
    expect(() => validateEbvRequest({ N: 1000, d: 500, method: 'best' })).not.toThrow();
    expect(() => validateEbvRequest({ N: 10, d: 2, alpha: 0.7 })).toThrow(/orthoplex bound 0\.707107/);
  });

  it('names N, d and alpha (or the names given)', () => {
    expect(() => validateEbvRequest({ N: 0, d: 3 })).toThrow(/^N: expected an integer >= 1/);
    expect(() => validateEbvRequest({ N: 3, d: 1.5 })).toThrow(/^d:/);
    expect(() => validateEbvRequest({ N: MAX_EBV_N + 1, d: 3 })).toThrow(/^N: must be <=/);
    expect(() => validateEbvRequest({ N: 3, d: 3, alpha: NaN })).toThrow(/^alpha: expected a finite number/);
    expect(() => validateEbvRequest({ N: 3, d: 3, alpha: -1 }, { N: '--N', d: '--d', alpha: '--alpha' })).toThrow(/^--alpha:/);
    expect(() => generateEbv({ N: -1, d: 3 })).toThrow(InputError);
  });

  it('generates and measures', () => {
    const r = generateEbv({ N: 8, d: 8, method: 'best', seed: 2 });
    expect(r.measurement.orthonormalityError).toBeLessThan(1e-12);
    const o = generateEbv({ N: 20, d: 10, method: 'official', alpha: 0.45, seed: 2 });
    expect(o.method).toBe('official');
    expect(o.measurement.maxAbsCos).toBeLessThanOrEqual(0.45 + 1e-4);
  });
});
