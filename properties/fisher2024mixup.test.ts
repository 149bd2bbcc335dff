/**
 * fisher2024mixup (theorems/fisher2024mixup.ts): every claim passes on random in-assumption
 * instances, every planted wrong variant is rejected (two seeds), and the edges behave as
 * claimed: lam = 0, 1/2, 1, K = 2, the same pair at several lam. Expected values are derived
 * here: K = 2 and same-class features from one-dimensional stationarity conditions solved by
 * bisection in the test, the ETF-family optimum at K = 2 by nested golden-section search.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../src/engine/check.ts';
import { runMutations } from '../src/engine/mutate.ts';
import { runStudy, runStudyVariants } from '../src/engine/studies.ts';
import { etfFamilyOptimum } from '../src/ground-truth/ufm-mixup.ts';
import { ufmMixupSymbols } from '../src/ground-truth/ufm-mixup-symbols.ts';
import { mixupClosedFormPoint } from '../src/problems/ufm-mixup/closed-form-point.ts';
import { parseUfmMixup, ufmMixup, ufmMixupView, type UfmMixupFixedInstance, type UfmMixupLearnableInstance } from '../src/problems/ufm-mixup/index.ts';
import { deriveSeed } from '../src/random.ts';
import { solveMultistart } from '../src/solvers/multistart.ts';
import { mixupBoundary, mixupClosedForm, mixupLearnable, mixupLogOdds, mixupSameClass, mixupSpan } from '../theorems/fisher2024mixup.ts';

const fixed = (o: Record<string, unknown>) => parseUfmMixup({ problem: 'ufm-mixup', K: 4, d: 4, s: 1, lambdaH: 0.01, ...o }, 't') as UfmMixupFixedInstance;

/** Root of a continuous f on [lo, hi] with a sign change, by bisection to the last bit. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (fm < 0 === flo < 0) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Minimiser of a unimodal f on [lo, hi] by golden-section search. */
function golden(f: (x: number) => number, lo: number, hi: number): { x: number; f: number } {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc1 = f(c);
  let fd = f(d);
  for (let it = 0; it < 200 && b - a > 1e-13 * Math.max(1, Math.abs(a)); it++) {
    if (fc1 < fd) {
      b = d;
      d = c;
      fd = fc1;
      c = b - r * (b - a);
      fc1 = f(c);
    } else {
      a = c;
      c = d;
      fc1 = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  const x = 0.5 * (a + b);
  return { x, f: f(x) };
}

const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('fisher2024mixup claims on random instances', () => {
  for (const [thm, runs] of [
    [mixupSameClass, 6],
    [mixupSpan, 6],
    [mixupBoundary, 6],
    [mixupClosedForm, 5],
    [mixupLearnable, 4],
  ] as const) {
    it(`${thm.id} passes on in-assumption instances`, () => {
      let i = 0;
      fc.assert(
        fc.property(thm.instances, (inst) => {
          const r = checkInstance(thm, inst, i, { seed: deriveSeed(14, i++) });
          if (r.verdict !== 'pass') throw new Error(`${r.verdict}: ${r.reason} on ${JSON.stringify(inst)}`);
        }),
        { numRuns: runs, seed: 14 },
      );
    });

    it(`${thm.id} rejects every planted wrong variant (seeds 1 and 2)`, () => {
      for (const seed of [1, 2]) {
        const res = runMutations(thm, { seed, candidates: 150 });
        expect(res.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`)).toEqual([]);
        expect(res.total).toBeGreaterThanOrEqual(1);
      }
    });
  }
});

describe('fisher2024mixup edges', () => {
  it('K = 2: the closed form is the root of the 1-D stationarity condition, and fstar its value', () => {
    // w_0 = s e, w_1 = -s e; h = t e: z_0 - z_1 = 2 s t, f(t) = lam sp(-2st) + (1-lam) sp(2st) + lambdaH t^2 / 2.
    for (const [s, lambdaH, lam] of [
      [1, 0.01, 0.7],
      [1.7, 0.05, 0.2],
      [0.6, 0.002, 1],
      [1, 0.01, 0.5],
    ] as const) {
      const inst = parseUfmMixup({ problem: 'ufm-mixup', K: 2, d: 1, s, lambdaH, mixes: [[0, 1, lam]] }, 'k2') as UfmMixupFixedInstance;
      const df = (t: number) => -2 * s * lam * sigmoid(-2 * s * t) + 2 * s * (1 - lam) * sigmoid(2 * s * t) + lambdaH * t;
      const t = bisect(df, -100, 100);
      const f = lam * softplus(-2 * s * t) + (1 - lam) * softplus(2 * s * t) + 0.5 * lambdaH * t * t;
      const w0 = ufmMixupView(inst, new Float64Array(1)).W.data[0];
      const cf = mixupClosedFormPoint(inst, { c: (s * s * 2) / lambdaH, hScale: 1 / (2 * s * s), otherClasses: 0 });
      if ('impossible' in cf) throw new Error(cf.impossible);
      // h = t e with e = w_0 / s.
      expect(cf.features[0][0]).toBeCloseTo((t * w0) / s, 9);
      expect(ufmMixupSymbols(inst).fstar).toBeCloseTo(f, 12);
      if (lam === 0.5) expect(Math.abs(t)).toBeLessThan(1e-12); // the target (1/2, 1/2) is softmax(0)
      expect(checkInstance(mixupClosedForm, inst, 0, { seed: 1 }).verdict).toBe('pass');
      expect(checkInstance(mixupBoundary, inst, 0, { seed: 1 }).verdict).toBe('pass');
    }
  });

  it('same-class mixes: h* = t w_i with t from log(1 + (K-1) e^{-m}) + lambdaH t^2 s^2 / 2, m = t s^2 K/(K-1), at every lam', () => {
    const inst = fixed({
      K: 5,
      d: 6,
      s: 1.3,
      lambdaH: 0.02,
      mixes: [
        [2, 2, 0],
        [2, 2, 0.5],
        [2, 2, 1],
        [4, 4, 0.3],
      ],
    });
    const { K, s, lambdaH } = inst;
    const g = (s * s * K) / (K - 1);
    // d/dt: -(K-1) e^{-m} g / (1 + (K-1) e^{-m}) + lambdaH s^2 t = 0.
    const t = bisect((x) => (-(K - 1) * Math.exp(-g * x) * g) / (1 + (K - 1) * Math.exp(-g * x)) + lambdaH * s * s * x, 0, 1e3);
    const runs = solveMultistart(ufmMixup, inst, { starts: 2, seed: 3 });
    const v = ufmMixupView(inst, runs.reduce((a, b) => (b.f < a.f ? b : a)).x);
    for (const m of v.mixes) {
      const w = v.W.data.subarray(m.mix.i * inst.d, (m.mix.i + 1) * inst.d);
      for (let q = 0; q < inst.d; q++) expect(m.h[q]).toBeCloseTo(t * w[q], 9);
    }
    expect(checkInstance(mixupSameClass, inst, 0, { seed: 1 }).verdict).toBe('pass');
    expect(checkInstance(mixupClosedForm, inst, 0, { seed: 1 }).verdict).toBe('pass');
  });

  it('lam = 1 and lam = 0 are one-hot: h*(i, j, 1) = h*(i, i, .) and h*(i, j, 0) = h*(j, j, .)', () => {
    const inst = fixed({
      K: 4,
      d: 3,
      s: 0.8,
      lambdaH: 0.03,
      mixes: [
        [0, 1, 1],
        [0, 0, 0.3],
        [0, 1, 0],
        [1, 1, 0.9],
        [2, 3, 0.5],
      ],
    });
    const runs = solveMultistart(ufmMixup, inst, { starts: 2, seed: 3 });
    const v = ufmMixupView(inst, runs.reduce((a, b) => (b.f < a.f ? b : a)).x);
    for (const [a, b] of [
      [0, 1],
      [2, 3],
    ])
      for (let q = 0; q < inst.d; q++) expect(v.mixes[a].h[q]).toBeCloseTo(v.mixes[b].h[q], 9);
    // The lam = 1/2 mix: z_2 = z_3 by the symmetry swapping classes 2 and 3.
    expect(v.mixes[4].logits[2]).toBeCloseTo(v.mixes[4].logits[3], 10);
    for (const thm of [mixupSpan, mixupBoundary, mixupClosedForm]) expect(checkInstance(thm, inst, 0, { seed: 1 }).verdict, thm.id).toBe('pass');
    // Cross-class mixes are outside the same-class claim; its planted variant widening it is not.
    expect(checkInstance(mixupSameClass, inst, 0, { seed: 1 }).verdict).toBe('skipped');
  });

  it('the boundary at lam = 0.7 (a planted variant) fails where lam = 1/2 holds', () => {
    const inst = fixed({
      mixes: [
        [0, 1, 0.5],
        [2, 1, 0.7],
      ],
    });
    expect(checkInstance(mixupBoundary, inst, 0, { seed: 1 }).verdict).toBe('pass');
    const wrong = { ...mixupBoundary, predictions: { ...mixupBoundary.predictions, boundaryLam: '0.7' } };
    const r = checkInstance(wrong, inst, 0, { seed: 1 });
    expect([r.verdict, r.reason]).toEqual(['fail', expect.stringMatching(/decision boundary violated/)]);
  });

  it('a learnable-classifier instance is outside the fixed claims, a fixed one outside the conjecture', () => {
    const l = parseUfmMixup(
      { problem: 'ufm-mixup', classifier: 'learnable', K: 3, d: 3, lambdaW: 0.01, lambdaH: 0.01, mixes: { allPairs: { lam: 0.7 } } },
      'l',
    );
    for (const thm of [mixupSameClass, mixupSpan, mixupBoundary, mixupClosedForm]) expect(checkInstance(thm, l, 0).verdict).toBe('skipped');
    expect(checkInstance(mixupLearnable, fixed({ mixes: [[0, 1, 0.3]] }), 0).verdict).toBe('skipped');
  });
});

describe('fisher2024mixup.log-odds', () => {
  it('shrinks at about lambdaH log(1/lambdaH) in every configuration; both wrong limits are rejected', () => {
    const r = runStudy(mixupLogOdds);
    expect(r.verdict).toBe('pass');
    for (const row of r.asymptotic!) {
      expect(row.fittedExponent).toBeGreaterThan(0.85);
      expect(row.fittedExponent).toBeLessThan(1.2);
    }
    expect(runStudyVariants(mixupLogOdds).map((v) => [v.name, v.rejected])).toEqual([
      ['a limit 3% off', true],
      ['the odds instead of the log-odds', true],
    ]);
  });
});

describe('fisher2024mixup.learnable (conjecture)', () => {
  it('K = 2, all pairs: the ETF-family optimum equals nested golden-section search over (omega, t)', () => {
    // W = omega [e; -e]; the features are h = t e with z_0 - z_1 = 2 omega t; by symmetry one t
    // per kind of mix: (0,0) and (1,1) share |t|; (0,1,lam) and (1,0,lam) share it too.
    const lam = 0.7;
    const lambdaW = 0.01;
    const lambdaH = 0.005;
    const inst = parseUfmMixup(
      { problem: 'ufm-mixup', classifier: 'learnable', K: 2, d: 2, lambdaW, lambdaH, mixes: { allPairs: { lam } } },
      'k2',
    ) as UfmMixupLearnableInstance;
    const M = inst.mixes.length;
    const perMix = (omega: number, target: number) =>
      golden((t) => target * softplus(-2 * omega * t) + (1 - target) * softplus(2 * omega * t) + 0.5 * M * lambdaH * t * t, -200, 200).f;
    // 2 one-hot mixes and 2 mixes with weight lam on their first class.
    const F = (omega: number) => (2 * perMix(omega, 1) + 2 * perMix(omega, lam)) / M + lambdaW * omega * omega;
    const best = golden(F, 1e-3, 20);
    const e = etfFamilyOptimum(inst);
    expect(e.objective).toBeCloseTo(best.f, 9);
    expect(e.omega).toBeCloseTo(best.x, 4);
    expect(checkInstance(mixupLearnable, inst, 0, { seed: 2 }).verdict).toBe('pass');
  });

  it('a random mixup batch (K = 4, n = 2) has certified optima below every ETF classifier: the finding', () => {
    const inst = parseUfmMixup(
      { problem: 'ufm-mixup', classifier: 'learnable', K: 4, d: 4, lambdaW: 0.005, lambdaH: 0.005, mixes: { balanced: { n: 2, seed: 1, lam: 0.7 } } },
      'b',
    );
    expect(ufmMixupSymbols(inst).classSymmetric).toBe(false);
    expect(checkInstance(mixupLearnable, inst, 0).verdict).toBe('skipped');
    const forAnyBatch = { ...mixupLearnable, assumptions: { learnable: 'learnable', dimension: 'd >= K - 1' } };
    const r = checkInstance(forAnyBatch, inst, 0, { seed: 1 });
    expect(r.verdict).toBe('fail');
    expect(r.counterexample?.kind).toBe('below-optimum');
    // By more than 1e-3: not a rounding effect (fEtf 0.72498, the batch optimum 0.72345).
    const fEtf = ufmMixupSymbols(inst).fEtf as number;
    expect(fEtf - (r.counterexample?.objective ?? Infinity)).toBeGreaterThan(1e-3);
  });
});
