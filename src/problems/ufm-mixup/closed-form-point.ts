/**
 * The claimed minimiser of a fixed-classifier instance from the catalogue's closed form
 * (docs/catalogue.md, fisher2024mixup), with the form's constants given as numbers: a claim states
 * c = s^2 K / ((K-1) lambdaH), hScale = (K-1)/(s^2 K) and the K - 2 other classes of Dn as
 * predictions, so that `mutate` perturbs them, and the fixed-point equations are then solved by
 * the root machinery of closed-form.ts (bracketed roots, Newton, substituted back).
 *
 * Same-class mixes (i = j), and mixes with lam in {0, 1}, have a one-hot target: lam CE(z, i) +
 * (1 - lam) CE(z, i) = CE(z, i). Their feature is the form at lam = 1 against any other class j'
 * (its b-equation b = c (p_o - p_j) has the root b = 0, so h* = hScale a w_i) [derived].
 */
import { NumericalError } from '../../errors.ts';
import { MIXUP_CLOSED_FORM, closedFormFeature, type MixupClosedForm, type MixupFixedPoint } from './closed-form.ts';
import type { Mix, UfmMixupInstance } from './instance.ts';

/** The constants of the closed form that a claim predicts. */
export interface MixupFormConstants {
  /** c = s^2 K / ((K-1) lambdaH) in the catalogue. */
  readonly c: number;
  /** h* = hScale (a w_i + b w_j); (K-1)/(s^2 K) in the catalogue. */
  readonly hScale: number;
  /** The count of other classes in Dn = e^a + e^b + (K - 2). */
  readonly otherClasses: number;
}

/** A double as a mathjs literal (round-trips: String gives the shortest exact decimal). */
function literal(x: number): string {
  return `(${String(x)})`;
}

/**
 * The catalogue's form with its constants replaced by numbers.
 *
 * Syntax: mixupFormWith({ c: 133.3, hScale: 0.75, otherClasses: 2 }) -> { c: '(133.3)', Dn: 'exp(a) + exp(b) + (2)', ... }
 */
export function mixupFormWith(k: MixupFormConstants): MixupClosedForm {
  return { ...MIXUP_CLOSED_FORM, c: literal(k.c), Dn: `exp(a) + exp(b) + ${literal(k.otherClasses)}`, hScale: literal(k.hScale) };
}

export interface MixupClosedFormPoint {
  /** The point (d x M, row-major, as the fixed objective lays it out). */
  readonly x: Float64Array;
  /** Per mix, its feature h*. */
  readonly features: readonly Float64Array[];
  /** Per mix, the fixed point it was built from. */
  readonly fixedPoints: readonly MixupFixedPoint[];
}

/** Fixed points per (form, K, s, lambdaH, lam): they do not depend on which classes are mixed. */
const solved = new Map<string, { h: Float64Array; fixedPoint: MixupFixedPoint } | { impossible: string }>();

/**
 * The closed-form feature of every mix of `inst`, or why the form has no solution (an
 * equation without a bracketed root, or a root that does not substitute back to rounding).
 * The form is the fixed classifier's: a learnable-classifier instance has none.
 *
 * Syntax: mixupClosedFormPoint(inst, { c, hScale, otherClasses }) -> { x, features, fixedPoints } | { impossible }
 */
export function mixupClosedFormPoint(inst: UfmMixupInstance, k: MixupFormConstants): MixupClosedFormPoint | { impossible: string } {
  if (inst.classifier !== 'fixed-etf') return { impossible: 'the closed form is of the fixed simplex-ETF classifier; this instance has a learnable one' };
  const form = mixupFormWith(k);
  const { K, d } = inst;
  const M = inst.mixes.length;
  const x = new Float64Array(d * M);
  const features: Float64Array[] = [];
  const fixedPoints: MixupFixedPoint[] = [];
  for (const [m, mix] of inst.mixes.entries()) {
    const oneHot = mix.i === mix.j;
    const asCross: Mix = oneHot ? { i: mix.i, j: (mix.i + 1) % K, lam: 1 } : mix;
    const key = JSON.stringify([form, K, d, inst.s, inst.lambdaH, asCross]);
    let r = solved.get(key);
    if (!r) {
      try {
        const cf = closedFormFeature(form, inst, asCross);
        r = cf.fixedPoint.verified
          ? cf
          : {
              impossible: `the closed form's fixed point at lam = ${asCross.lam} does not substitute back: residual ${cf.fixedPoint.residual.toExponential(2)}`,
            };
      } catch (e) {
        if (!(e instanceof NumericalError)) throw e;
        r = { impossible: `the closed form's fixed-point equations have no root at lam = ${asCross.lam}: ${e.message}` };
      }
      if (solved.size >= 4096) solved.clear();
      solved.set(key, r);
    }
    if ('impossible' in r) return r;
    features.push(r.h);
    fixedPoints.push(r.fixedPoint);
    for (let q = 0; q < d; q++) x[q * M + m] = r.h[q];
  }
  return { x, features, fixedPoints };
}
