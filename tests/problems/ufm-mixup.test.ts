/**
 * The ufm-mixup problem (docs/catalogue.md, fisher2024mixup): parsing, derivatives against finite
 * differences, strong convexity, the claims at certified solutions (same-class parallel and
 * lam-independent, cross-class in span, the lam = 1/2 boundary, the closed form, the log-odds
 * limit), each with a planted wrong variant that is rejected, and the learnable-classifier variant.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { Rng } from '../../src/random.ts';
import { certify } from '../../src/certify/certificate.ts';
import { checkAsymptotic, type AsymptoticSweep } from '../../src/engine/asymptotic.ts';
import { simplexEtf } from '../../src/predicates/frames.ts';
import { decisionBoundaryGap, distanceFromSpan, etfUpToScale, logOddsGap, parallelTo, sameFeature } from '../../src/predicates/mixup.ts';
import type { Measurement } from '../../src/predicates/predicate.ts';
import { solveMultistart } from '../../src/solvers/multistart.ts';
import { listConstants, perturbConstant } from '../../src/symbolic/index.ts';
import {
  MIXUP_CLOSED_FORM,
  allPairsMixes,
  balancedMixes,
  closedFormFeature,
  etfClassifier,
  fixedMixupDistanceBound,
  fixedMixupObjective,
  learnableMixupObjective,
  mixupLogOddsPoint,
  parseUfmMixup,
  solveMixupFixedPoint,
  ufmMixup,
  ufmMixupView,
  type MixupClosedForm,
  type UfmMixupFixedInstance,
  type UfmMixupLearnableInstance,
} from '../../src/problems/ufm-mixup/index.ts';
import { expectGradientMatchesDifferences, expectHessVecMatchesDifferences } from '../helpers/derivatives.ts';

const fixed = (over: Partial<UfmMixupFixedInstance> = {}): UfmMixupFixedInstance =>
  parseUfmMixup(
    {
      problem: 'ufm-mixup',
      K: 4,
      d: 5,
      s: 1.3,
      lambdaH: 0.02,
      mixes: [
        [0, 0, 1],
        [0, 0, 0.3],
        [1, 2, 0.7],
        [2, 1, 0.5],
        [3, 0, 0],
        [1, 3, 0.25],
      ],
      ...over,
    },
    'inst',
  ) as UfmMixupFixedInstance;

describe('ufm-mixup instances', () => {
  it('parses the issue example with the fixed classifier by default', () => {
    const i = parseUfmMixup(
      {
        problem: 'ufm-mixup',
        K: 4,
        d: 4,
        s: 1,
        lambdaH: 0.01,
        mixes: [
          [0, 0, 1],
          [0, 1, 0.7],
        ],
      },
      'x',
    );
    expect(i).toMatchObject({
      classifier: 'fixed-etf',
      K: 4,
      d: 4,
      s: 1,
      lambdaH: 0.01,
      mixes: [
        { i: 0, j: 0, lam: 1 },
        { i: 0, j: 1, lam: 0.7 },
      ],
    });
  });

  it('names the field of bad input', () => {
    const base = { problem: 'ufm-mixup', K: 4, d: 4, s: 1, lambdaH: 0.01, mixes: [[0, 1, 0.7]] };
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [
        {
          ...base,
          mixes: [
            [0, 1, 0.7],
            [0, 1, 1.5],
          ],
        },
        /^x\.mixes\[1\]\[2\]: lam is a mixing weight and must lie in \[0, 1\]/,
      ],
      [{ ...base, mixes: [[0, 1, -0.1]] }, /^x\.mixes\[0\]\[2\]/],
      [{ ...base, mixes: [[0, 4, 0.5]] }, /^x\.mixes\[0\]\[1\]: names class 4, but there are only K = 4 classes/],
      [{ ...base, mixes: [[7, 1, 0.5]] }, /^x\.mixes\[0\]\[0\]/],
      [{ ...base, mixes: [[0, 1]] }, /^x\.mixes\[0\]: expected \[i, j, lam\]/],
      [{ ...base, mixes: [] }, /^x\.mixes:/],
      [{ ...base, d: 2 }, /^x\.d: a simplex ETF of 4 classifiers has rank 3 and needs d >= 3/],
      [{ ...base, s: 0 }, /^x\.s:/],
      [{ ...base, lambdaH: -1 }, /^x\.lambdaH:/],
      [{ ...base, K: 1 }, /^x\.K:/],
      [{ ...base, lamda: 1 }, /^x\.lamda: unknown field/],
      [{ ...base, classifier: 'learnable' }, /^x\.s: unknown field for a learnable/],
      [{ ...base, s: undefined, classifier: 'learnable' }, /^x\.lambdaW:/],
      [{ ...base, classifier: 'free' }, /^x\.classifier:/],
      [{ ...base, mixes: { balanced: { n: 0 } } }, /^x\.mixes\.balanced\.n:/],
      [{ ...base, mixes: { balanced: { n: 2, lam: 2 } } }, /^x\.mixes\.balanced\.lam:/],
      [{ ...base, mixes: { allPairs: { lam: [0.5, 3] } } }, /^x\.mixes\.allPairs\.lam\[1\]:/],
      [{ ...base, mixes: { random: {} } }, /^x\.mixes\.random:/],
    ];
    for (const [raw, re] of bad) {
      const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
      expect(() => parseUfmMixup(clean, 'x'), JSON.stringify(raw)).toThrow(InputError);
      expect(() => parseUfmMixup(clean, 'x'), JSON.stringify(raw)).toThrow(re);
    }
  });

  it('balanced mixes: every class n times as i and n times as j, deterministic in the seed', () => {
    const m = balancedMixes(5, 3, 7, 'uniform');
    expect(m).toEqual(balancedMixes(5, 3, 7, 'uniform'));
    expect(m).not.toEqual(balancedMixes(5, 3, 8, 'uniform'));
    for (let k = 0; k < 5; k++) {
      expect(m.filter((x) => x.i === k).length).toBe(3);
      expect(m.filter((x) => x.j === k).length).toBe(3);
    }
    for (const x of m) expect(x.lam >= 0 && x.lam < 1).toBe(true);
    expect(allPairsMixes(3, [0.2, 0.9]).length).toBe(18);
  });

  it('the fixed classifier is the simplex ETF of src/predicates/frames.ts with ||w_k|| = s', () => {
    for (const [K, d, s] of [
      [2, 1, 1],
      [4, 5, 1.3],
      [6, 5, 0.4],
    ]) {
      const W = etfClassifier(K, d, s);
      const E = simplexEtf(K, d, s * s);
      for (let t = 0; t < K * d; t++) expect(W.data[t]).toBeCloseTo(E.data[t], 14);
    }
  });
});

describe('ufm-mixup derivatives', () => {
  it('fixed classifier: gradient and Hessian-vector product match central differences', () => {
    const inst = fixed();
    const obj = fixedMixupObjective(inst);
    const rng = new Rng(5);
    for (let t = 0; t < 3; t++) {
      const x = rng.normalArray(obj.size, 1.5);
      expectGradientMatchesDifferences(obj, x, 1e-7);
      expectHessVecMatchesDifferences(obj, x, rng.normalArray(obj.size), 1e-6);
    }
  });

  it('learnable classifier: gradient and Hessian-vector product match central differences', () => {
    const inst = parseUfmMixup(
      {
        problem: 'ufm-mixup',
        classifier: 'learnable',
        K: 3,
        d: 4,
        lambdaW: 0.03,
        lambdaH: 0.02,
        mixes: [
          [0, 0, 1],
          [1, 2, 0.6],
          [2, 0, 0],
          [1, 1, 0.3],
        ],
      },
      'l',
    ) as UfmMixupLearnableInstance;
    const obj = learnableMixupObjective(inst);
    const rng = new Rng(6);
    for (let t = 0; t < 3; t++) {
      const x = rng.normalArray(obj.size, 1.2);
      expectGradientMatchesDifferences(obj, x, 1e-7);
      expectHessVecMatchesDifferences(obj, x, rng.normalArray(obj.size), 1e-6);
    }
  });

  it('the fixed objective is lambdaH-strongly convex (v^T H v >= lambdaH ||v||^2) and lambdaH is attained off the span of W', () => {
    const inst = fixed();
    const obj = fixedMixupObjective(inst);
    const rng = new Rng(7);
    const x = rng.normalArray(obj.size, 3);
    const out = new Float64Array(obj.size);
    for (let t = 0; t < 20; t++) {
      const v = rng.normalArray(obj.size);
      obj.hessVec(x, v, out);
      let vHv = 0;
      let vv = 0;
      for (let q = 0; q < obj.size; q++) {
        vHv += v[q] * out[q];
        vv += v[q] * v[q];
      }
      expect(vHv).toBeGreaterThanOrEqual(inst.lambdaH * vv * (1 - 1e-12));
    }
    // The ETF spans the first K-1 = 3 coordinates of R^5: along e_5 the curvature is exactly lambdaH.
    const e = new Float64Array(obj.size);
    e[4 * inst.mixes.length] = 1;
    obj.hessVec(x, e, out);
    expect(out[4 * inst.mixes.length]).toBeCloseTo(inst.lambdaH, 15);
  });
});

/** Solve, certify, and give the strong-convexity distance bound ||g|| / lambdaH. */
function solved(inst: UfmMixupFixedInstance) {
  const runs = solveMultistart(ufmMixup, inst, { starts: 2, seed: 3 });
  const best = runs.reduce((a, b) => (b.f < a.f ? b : a));
  const cert = certify(ufmMixup.objective(inst), best.x);
  const { distanceBound } = fixedMixupDistanceBound(inst, best.x);
  return { x: best.x, cert, distanceBound, view: ufmMixupView(inst, best.x) };
}

/** The README's structural rule: deviation <= 1e-6 + 10 sensitivity distance. */
function holds(m: Measurement, distance: number): boolean {
  return Number.isFinite(m.deviation) && m.deviation <= 1e-6 + 10 * m.sensitivity * distance;
}

describe('fisher2024mixup claims at certified solutions', () => {
  const inst = fixed({
    mixes: [
      [1, 1, 0.15],
      [1, 1, 0.8],
      [1, 1, 1],
      [0, 2, 0.7],
      [3, 1, 0.2],
      [2, 3, 0.5],
      [0, 1, 0.5],
    ] as never,
  });
  const s = solved(inst);
  const W = s.view.W;
  const d = inst.d;
  const w = (k: number) => W.data.subarray(k * d, (k + 1) * d);

  it('is certified: second order, distance bound ||g||/lambdaH below 1e-10', () => {
    expect(s.cert.stationarity).toBe('second-order');
    expect(s.distanceBound).toBeLessThan(1e-10);
  });

  it('same-class mixes: h* parallel to w_i and independent of lam; planted: parallel to another w_j is rejected', () => {
    const [a, b, c] = s.view.mixes;
    for (const m of [a, b, c]) expect(holds(parallelTo(m.h, w(1)), s.distanceBound)).toBe(true);
    expect(holds(sameFeature(a.h, c.h), s.distanceBound)).toBe(true);
    expect(holds(sameFeature(b.h, c.h), s.distanceBound)).toBe(true);
    expect(holds(parallelTo(a.h, w(0)), s.distanceBound)).toBe(false);
    // A different-class mix gives a different feature: the lam-independence check can fail.
    expect(holds(sameFeature(s.view.mixes[3].h, c.h), s.distanceBound)).toBe(false);
  });

  it('cross-class mixes lie in span{w_i, w_j}; planted: span{w_i, w_k} (k != j) is rejected', () => {
    for (const m of s.view.mixes.slice(3)) {
      const { i, j } = m.mix;
      expect(holds(distanceFromSpan(m.h, w(i), w(j)), s.distanceBound)).toBe(true);
      expect(m.distanceFromSpan).toBeLessThan(1e-9);
      const k = [0, 1, 2, 3].find((q) => q !== i && q !== j)!;
      expect(holds(distanceFromSpan(m.h, w(i), w(k)), s.distanceBound)).toBe(false);
    }
  });

  it('at lam = 1/2 the feature is on the i/j decision boundary; planted: lam = 0.7 on the boundary is rejected', () => {
    for (const m of s.view.mixes.filter((q) => q.mix.lam === 0.5)) {
      expect(holds(decisionBoundaryGap(m.logits, m.mix.i, m.mix.j, inst.s), s.distanceBound)).toBe(true);
    }
    const m7 = s.view.mixes[3];
    expect(m7.mix.lam).toBe(0.7);
    expect(holds(decisionBoundaryGap(m7.logits, m7.mix.i, m7.mix.j, inst.s), s.distanceBound)).toBe(false);
  });

  it('the closed form, solved by bracketed roots and substituted back, is the certified feature', () => {
    for (const m of s.view.mixes.slice(3)) {
      const cf = closedFormFeature(MIXUP_CLOSED_FORM, inst, m.mix);
      expect(cf.fixedPoint.verified).toBe(true);
      expect(holds(sameFeature(m.h, cf.h), s.distanceBound)).toBe(true);
      expect(sameFeature(m.h, cf.h).deviation).toBeLessThan(1e-9);
      // The coefficients on w_i, w_j are hScale (a, b).
      expect(m.coefficients[0]).toBeCloseTo(cf.fixedPoint.hScale * cf.fixedPoint.a, 9);
      expect(m.coefficients[1]).toBeCloseTo(cf.fixedPoint.hScale * cf.fixedPoint.b, 9);
      // Its probabilities sum to one and a = z_i - z_o.
      expect(cf.fixedPoint.pi + cf.fixedPoint.pj + (inst.K - 2) * cf.fixedPoint.po).toBeCloseTo(1, 14);
      const o = [0, 1, 2, 3].find((q) => q !== m.mix.i && q !== m.mix.j)!;
      expect(m.logits[m.mix.i] - m.logits[o]).toBeCloseTo(cf.fixedPoint.a, 8);
    }
  });
});

describe('fisher2024mixup closed form: every constant perturbed by 3% is rejected', () => {
  // s = 1.3 and K = 5 so that no constant is multiplied away (s^2 with s = 1 would hide its exponent).
  const inst = fixed({ K: 5, d: 4, s: 1.3, lambdaH: 0.05, mixes: [[0, 1, 0.7]] as never });
  const mix = inst.mixes[0];
  /** Gradient norm of the problem at the feature the form predicts (Infinity if it cannot be built). */
  const gradAt = (form: MixupClosedForm): number => {
    let h: Float64Array;
    try {
      h = closedFormFeature(form, inst, mix).h;
    } catch {
      return Infinity;
    }
    return fixedMixupDistanceBound(inst, Float64Array.from(h)).gradNorm;
  };

  it('the catalogue form gives a stationary point (||g|| <= 1e-12)', () => {
    expect(gradAt(MIXUP_CLOSED_FORM)).toBeLessThan(1e-12);
  });

  it('each perturbed constant gives ||g|| > 1e-6', () => {
    let variants = 0;
    for (const key of Object.keys(MIXUP_CLOSED_FORM) as (keyof MixupClosedForm)[]) {
      const n = listConstants(MIXUP_CLOSED_FORM[key]).length;
      for (let c = 0; c < n; c++) {
        const form = { ...MIXUP_CLOSED_FORM, [key]: perturbConstant(MIXUP_CLOSED_FORM[key], c, 1.03) };
        expect(gradAt(form), `${key} constant ${c}: ${form[key]}`).toBeGreaterThan(1e-6);
        variants++;
      }
    }
    // c: 1 and 2 of s^2; Dn: 2; po: 1; b: 1; hScale: 1 and 2.
    expect(variants).toBe(7);
  });

  it('planted: p_o dropped from the a-equation is rejected', () => {
    expect(gradAt({ ...MIXUP_CLOSED_FORM, a: 'c * (lam - pi)' })).toBeGreaterThan(1e-6);
  });

  it('the fixed-point solve works at K = 2 (no other class) and at small lambdaH', () => {
    for (const [K, lambdaH] of [
      [2, 0.1],
      [3, 1e-6],
      [10, 1e-3],
    ] as const) {
      const fp = solveMixupFixedPoint(MIXUP_CLOSED_FORM, { K, s: 1, lambdaH, lam: 0.3 });
      expect(fp.verified).toBe(true);
      const i2 = fixed({ K, d: Math.max(K - 1, 1), s: 1, lambdaH, mixes: [[0, 1, 0.3]] as never });
      const { h } = closedFormFeature(MIXUP_CLOSED_FORM, i2, i2.mixes[0]);
      expect(fixedMixupDistanceBound(i2, h).distanceBound).toBeLessThan(1e-6);
    }
  });
});

describe('fisher2024mixup: z_i - z_j -> log(lam/(1-lam)) as lambdaH -> 0', () => {
  const study = (target: (lam: number) => number): AsymptoticSweep<{ K: number; s: number; lam: number }> => ({
    parameter: 'lambdaH',
    rate: 'lambdaH log(1/lambdaH)',
    claimedExponent: 1,
    deviation: '|z_i - z_j - log(lam/(1-lam))|',
    configurations: [
      { K: 4, s: 1, lam: 0.7 },
      { K: 3, s: 2, lam: 0.2 },
      { K: 6, s: 0.7, lam: 0.9 },
    ],
    describe: (c) => `K=${c.K} s=${c.s} lam=${c.lam}`,
    // From 1e-3 down: above it z_i - z_j crosses the limit (the deviation is not yet monotone).
    sequence: () => [1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6],
    evaluate: (c, t) => {
      const p = mixupLogOddsPoint(c, t);
      return { t, rate: p.rate, deviation: Math.abs(p.zDiff - target(c.lam)), certified: p.certified };
    },
  });

  it('the deviation shrinks at the fitted rate lambdaH log(1/lambdaH)', () => {
    const st = study((lam) => Math.log(lam / (1 - lam)));
    for (const c of st.configurations) {
      const row = checkAsymptotic(st, c);
      expect(row.verdict, row.detail).toBe('pass');
      expect(row.fittedExponent).toBeGreaterThan(0.85);
      expect(row.fittedExponent).toBeLessThan(1.1);
    }
  });

  it('planted: a limit 3% off is rejected (the deviation levels off)', () => {
    const st = study((lam) => 1.03 * Math.log(lam / (1 - lam)));
    for (const c of st.configurations) expect(checkAsymptotic(st, c).verdict).toBe('fail');
  });

  it('the log-odds predicate agrees with the point', () => {
    const p = mixupLogOddsPoint({ K: 4, s: 1, lam: 0.7 }, 1e-3);
    expect(logOddsGap([p.zDiff, 0, 0, 0], 0, 1, 0.7, 1).deviation).toBeCloseTo(p.deviation, 14);
    expect(() => mixupLogOddsPoint({ K: 4, s: 1, lam: 1 }, 1e-3)).toThrow(/lam/);
  });
});

describe('learnable classifier (the conjecture: does the optimum pick the fixed ETF?)', () => {
  const W = (inst: UfmMixupLearnableInstance) => {
    const runs = solveMultistart(ufmMixup, inst, { starts: 3, seed: 1 });
    const best = runs.reduce((a, b) => (b.f < a.f ? b : a));
    const cert = certify(ufmMixup.objective(inst), best.x, { symmetries: ufmMixup.symmetries!(inst, best.x) });
    const sol = ufmMixup.describeSolution!(inst, best.x);
    return { cert, WWt: sol.WWt as number[][], spread: Math.max(...runs.map((r) => r.f)) - best.f };
  };

  it('with every ordered pair mixed (class-symmetric), W is a simplex ETF', () => {
    const inst = parseUfmMixup(
      { problem: 'ufm-mixup', classifier: 'learnable', K: 4, d: 4, lambdaW: 0.005, lambdaH: 0.005, mixes: { allPairs: { lam: 0.7 } } },
      'l',
    ) as UfmMixupLearnableInstance;
    const r = W(inst);
    expect(r.cert.stationarity).toBe('second-order');
    expect(etfUpToScale(r.WWt).deviation).toBeLessThan(1e-8);
  });

  it('with random balanced pairs (a mixup batch), the certified optimum is NOT an ETF', () => {
    const inst = parseUfmMixup(
      { problem: 'ufm-mixup', classifier: 'learnable', K: 4, d: 4, lambdaW: 0.005, lambdaH: 0.005, mixes: { balanced: { n: 2, seed: 1, lam: 0.7 } } },
      'l',
    ) as UfmMixupLearnableInstance;
    const r = W(inst);
    expect(r.cert.stationarity).toBe('second-order');
    expect(r.spread).toBeLessThan(1e-9);
    expect(etfUpToScale(r.WWt).deviation).toBeGreaterThan(0.1);
  });
});
