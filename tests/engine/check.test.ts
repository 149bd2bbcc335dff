import { describe, expect, it } from 'vitest';
import { checkInstance, checkClaim } from '../../src/engine/check.ts';
import { defineTheorem } from '../../src/engine/theorem.ts';
import { InputError } from '../../src/errors.ts';
import { zhu2021Global, zhu2021Landscape } from '../../theorems/zhu2021.ts';
import type { UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';

const base: UfmCeInstance = { problem: 'ufm-ce', K: 4, n: [5, 5, 5, 5], d: 6, lambdaW: 0.005, lambdaH: 0.01, lambdaB: 0, bias: true };

describe('verdicts of zhu2021.global', () => {
  it('passes on the documented example with every check within its tolerance', () => {
    const r = checkInstance(zhu2021Global, base, 0, { seed: 1 });
    expect(r.verdict).toBe('pass');
    expect(r.checks.length).toBeGreaterThan(8);
    for (const c of r.checks) expect(c.deviation).toBeLessThanOrEqual(c.tolerance);
    expect(r.certificate?.stationarity).toBe('second-order');
  });

  it('passes in the zero regime (K sqrt(n lambdaW lambdaH) >= 1) with W = H = 0', () => {
    const r = checkInstance(zhu2021Global, { ...base, lambdaW: 0.3, lambdaH: 0.3 }, 0, { seed: 1 });
    expect(r.verdict).toBe('pass');
    expect(r.predictions.zero).toBe(true);
    expect(r.checks.find((c) => c.name === 'zero solution')?.ok).toBe(true);
  });

  it('skips instances outside the assumptions and says which', () => {
    const r = checkInstance(zhu2021Global, { ...base, d: 2 }, 0);
    expect(r.verdict).toBe('skipped');
    expect(r.reason).toMatch(/dimension \(d >= K - 1\)/);
    const imb = checkInstance(zhu2021Global, { ...base, n: [5, 5, 5, 4] }, 0);
    expect(imb.verdict).toBe('skipped');
    expect(imb.reason).toMatch(/balanced/);
  });

  it('landscape claim: passes with d > K from 8 starts, skips d = K', () => {
    expect(checkInstance(zhu2021Landscape, { ...base, d: 5 }, 0, { seed: 2 }).verdict).toBe('pass');
    expect(checkInstance(zhu2021Landscape, base, 0).verdict).toBe('pass');
    expect(checkInstance(zhu2021Landscape, { ...base, d: 4 }, 0).verdict).toBe('skipped');
  });

  it('fails a claim with a wrong constant, with a certified counterexample point', () => {
    const viaReduction = checkInstance(
      {
        ...zhu2021Global,
        id: 'test.wrong-reduced',
        construct: undefined,
        predictions: {
          ...zhu2021Global.predictions,
          wNormSq: 'zero ? 0 : (K / (K - 1)) * sqrt(n * lambdaH / lambdaW) * log(1 / sqrt(n * lambdaW * lambdaH) - (K - 1))',
        },
      },
      base,
      0,
      { seed: 1 },
    );
    expect(viaReduction.counterexample?.kind).toBe('reduction');
    // The ||w||^2 closed form with (K-1)/K replaced by K/(K-1). Without the construction and the scalar
    // reduction (which also catch it), only the solver can: the true minimiser violates the claimed ETF norm.
    const wrong = {
      ...zhu2021Global,
      id: 'test.wrong',
      construct: undefined,
      reduced: undefined,
      predictions: {
        ...zhu2021Global.predictions,
        wNormSq: 'zero ? 0 : (K / (K - 1)) * sqrt(n * lambdaH / lambdaW) * log(1 / sqrt(n * lambdaW * lambdaH) - (K - 1))',
      },
    };
    const r = checkInstance(wrong, base, 0, { seed: 1 });
    expect(r.verdict).toBe('fail');
    expect(r.counterexample?.kind).toBe('structure');
    expect(r.counterexample?.point?.W).toHaveLength(4);
  });

  it('fails a claimed optimum that is too high: the solver goes below it', () => {
    const wrong = {
      ...zhu2021Global,
      id: 'test.high',
      construct: undefined,
      reduced: undefined,
      predictions: {
        ...zhu2021Global.predictions,
        optimum: '1.01 * (log(1 + (K - 1) * exp(-m)) + (K - 1) * s * m)',
      },
    };
    const r = checkInstance(wrong, base, 0, { seed: 1 });
    expect(r.verdict).toBe('fail');
    expect(r.counterexample?.kind).toBe('below-optimum');
  });

  it('is deterministic for a seed', () => {
    const a = checkClaim(zhu2021Global, { instances: 3, seed: 9 });
    const b = checkClaim(zhu2021Global, { instances: 3, seed: 9 });
    expect(a.results.map((r) => [r.summary, r.verdict, r.certificate?.objective])).toEqual(
      b.results.map((r) => [r.summary, r.verdict, r.certificate?.objective]),
    );
  });
});

describe('defineTheorem validation', () => {
  const spec = zhu2021Global;
  it('rejects a malformed claim with an error naming the field', () => {
    expect(() => defineTheorem({ ...spec, id: 'Bad Id' })).toThrow(InputError);
    expect(() => defineTheorem({ ...spec, id: 'x.y', predictions: { m: 'log(' } })).toThrow(/x\.y\.predictions\.m/);
    expect(() => defineTheorem({ ...spec, id: 'x.y', predictions: { m: '1' } })).toThrow(/must include "optimum"/);
    expect(() => defineTheorem({ ...spec, id: 'x.y', checks: [] })).toThrow(/at least one check/);
    expect(() => defineTheorem({ ...spec, id: 'x.y', kind: 'sometimes' as never })).toThrow(/kind/);
  });

  it('names an unknown symbol in a prediction when it is evaluated', () => {
    const thm = defineTheorem({ ...spec, id: 'x.y', predictions: { ...spec.predictions, s: 'sqrt(nn * lambdaW)' } });
    expect(() => checkInstance(thm, base, 0)).toThrow(/x\.y\.predictions\.s/);
  });
});
