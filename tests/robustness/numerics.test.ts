/**
 * Issue 10, "Wrong verdicts" items 1-4: decisions at the numerical edges. Each class has its
 * example instance as a fixture with its correct verdict (pass or inconclusive, never fail on a
 * true claim), the claim's planted wrong variant still rejected there, and a property test that
 * samples the edge with a small budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../../src/engine/check.ts';
import { plantedVariants } from '../../src/engine/mutate.ts';
import type { Theorem } from '../../src/engine/theorem.ts';
import type { UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import { ufmCeObjective } from '../../src/problems/ufm-ce/objective.ts';
import { zhu2021Global } from '../../theorems/zhu2021.ts';
import { fang2021Balanced } from '../../theorems/fang2021.ts';
import type { LayerPeeledInstance } from '../../src/problems/layer-peeled/problem.ts';
import { ceColumnError } from '../../src/problems/ce-rounding.ts';

/** The example: a tiny optimum (f* ~ 6e-8), whose float64 evaluations differ by ~1e-16. */
const tinyOptimum: UfmCeInstance = { problem: 'ufm-ce', K: 3, n: [2, 2, 2], d: 3, lambdaW: 1e-9, lambdaH: 1e-9, lambdaB: 0, bias: false };

describe('item 1: objective comparisons below rounding', () => {
  it('the example instance passes: |f - f*| is compared with both evaluations\' rounding', () => {
    const r = checkInstance(zhu2021Global, tinyOptimum, 0, { seed: 1 });
    expect(r.verdict).toBe('pass');
    const value = r.checks.find((c) => c.name === 'claimed minimiser attains the optimum');
    expect(value).toBeDefined();
    // The tolerance is at rounding scale: far below the old 1e-10 relative of f* ~ 6e-8 ...
    expect(value?.tolerance).toBeLessThan(1e-14);
    // ... and not below what float64 can resolve for a value of this size (one ulp of f*).
    const fStar = r.predictions.optimum as number;
    expect(value?.tolerance).toBeGreaterThanOrEqual(2 ** -52 * fStar);
  });

  it('the planted wrong optimum (a constant x 1.03) is still rejected on the example instance', () => {
    const variants = plantedVariants(zhu2021Global as unknown as Theorem).filter((v) => v.name.startsWith('optimum:'));
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) {
      const r = checkInstance(v.theorem, tinyOptimum, 0, { seed: 1, stopAtFirstFail: true });
      expect(r.verdict, v.name).toBe('fail');
    }
  });

  it('the value bound is a bound: an exact evaluation (here a float64 re-evaluation in another order) is within it', () => {
    // At the claimed-minimiser-like point W = H^T scaled, the objective's bound must cover the
    // difference between value() and a sum in the reverse order (both within the bound of the exact value).
    const obj = ufmCeObjective(tinyOptimum, 'full');
    const x = new Float64Array(obj.size).map((_, i) => Math.sin(1 + i) * 30);
    const f = obj.value(x);
    const { K, d } = tinyOptimum;
    const N = 6;
    const labels = [0, 0, 1, 1, 2, 2];
    let ce = 0;
    for (let j = N - 1; j >= 0; j--) {
      const z: number[] = [];
      for (let k = K - 1; k >= 0; k--) {
        let s = 0;
        for (let i = d - 1; i >= 0; i--) s += x[k * d + i] * x[K * d + i * N + j];
        z[k] = s;
      }
      const m = Math.max(...z);
      ce += m - z[labels[j]] + Math.log(z.reduce((a, t) => a + Math.exp(t - m), 0));
    }
    let pen = 0;
    for (let i = obj.size - 1; i >= 0; i--) pen += x[i] * x[i];
    const other = ce / N + 0.5e-9 * pen;
    const bound = obj.valueError?.(x).bound ?? NaN;
    expect(bound).toBeGreaterThan(0);
    expect(Math.abs(f - other)).toBeLessThanOrEqual(2 * bound);
  });

  it('property: tiny lambdas (1e-12 .. 1e-6) never give a fail of zhu2021.global', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 1, max: 2 }),
        fc.double({ min: -12, max: -6, noNaN: true }),
        fc.double({ min: -12, max: -6, noNaN: true }),
        (K, n, a, b) => {
          const inst: UfmCeInstance = { problem: 'ufm-ce', K, n: Array.from({ length: K }, () => n), d: K, lambdaW: 10 ** a, lambdaH: 10 ** b, lambdaB: 0, bias: false };
          const r = checkInstance(zhu2021Global, inst, 0, { seed: 3 });
          expect(r.verdict, `${JSON.stringify(inst)}: ${r.reason}`).not.toBe('fail');
        },
      ),
      { numRuns: 4, seed: 10 },
    );
  });
});

/** Saturated: the optimal margin K sqrt(EW EH) / (K - 1) = 1500, so every competitor's exp(-1500) underflows. */
const saturated: LayerPeeledInstance = { problem: 'layer-peeled', K: 3, n: [2, 2, 2], d: 3, EW: 1000, EH: 1000 };

describe('item 4: saturated losses', () => {
  it('the CE of one sample keeps its relative precision where the softmax saturates, and says when it underflows', () => {
    // z = (m, 0, 0), label 0: CE = log(1 + 2 e^-m), by its series 2e^-m - 2e^-2m + ... for large m.
    for (const m of [40, 300, 600]) {
      const c = ceColumnError([m, 0, 0], [0, 0, 0], 3, 0);
      const t = 2 * Math.exp(-m);
      const exact = t - (t * t) / 2;
      expect(Math.abs(c.ce - exact) / exact, `m = ${m}`).toBeLessThan(1e-14);
      expect(c.error).toBeGreaterThanOrEqual(Math.abs(c.ce - exact));
      expect(c.underflow).toBe(false);
    }
    // e^-700 is within 1/u of the subnormal range (below 2^-969), e^-800 is 0: both are refused.
    expect(ceColumnError([700, 0, 0], [0, 0, 0], 3, 0).underflow).toBe(true);
    const c = ceColumnError([800, 0, 0], [0, 0, 0], 3, 0);
    expect(c.underflow).toBe(true);
    // A sample on the wrong side never underflows: its CE is the (large) margin itself.
    expect(ceColumnError([800, 0, 0], [0, 0, 0], 3, 1).underflow).toBe(false);
  });

  it('the saturated fixture is inconclusive (refused), where a certified NC1 fail was reported before', () => {
    const r = checkInstance(fang2021Balanced, saturated, 0, { seed: 1 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toMatch(/underflows|not resolved finely enough|no start was certified/);
  });

  it('the refusal is only where the loss underflows: the planted wrong ETF norm is still rejected at a moderate budget', () => {
    const moderate: LayerPeeledInstance = { ...saturated, EW: 1, EH: 5 };
    expect(checkInstance(fang2021Balanced, moderate, 0, { seed: 1 }).verdict).toBe('pass');
    const v = plantedVariants(fang2021Balanced as unknown as Theorem).find((x) => x.name === 'ETF norm sqrt(EW)');
    expect(v).toBeDefined();
    if (v) expect(checkInstance(v.theorem, { ...moderate, EW: 4 }, 0, { seed: 1, stopAtFirstFail: true }).verdict).toBe('fail');
  });

  it('property: saturated budgets (optimal margin 30 .. 3000) never give a fail of fang2021.balanced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.double({ min: Math.log10(30), max: Math.log10(3000), noNaN: true }), fc.double({ min: 0.2, max: 5, noNaN: true }), (K, logMargin, ratio) => {
        // margin = K sqrt(EW EH) / (K - 1); EH = ratio EW.
        const EW = ((10 ** logMargin * (K - 1)) / K) / Math.sqrt(ratio);
        const inst: LayerPeeledInstance = { problem: 'layer-peeled', K, n: Array.from({ length: K }, () => 2), d: K, EW, EH: ratio * EW };
        const r = checkInstance(fang2021Balanced, inst, 0, { seed: 5 });
        expect(r.verdict, `${JSON.stringify(inst)}: ${r.reason}`).not.toBe('fail');
      }),
      { numRuns: 6, seed: 11 },
    );
  });
});
