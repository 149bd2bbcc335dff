/**
 * Asymptotic claims ("the deviation from X vanishes as t -> t0 at rate r(t)"): checked along a
 * sequence of certified solutions (N doubling, lambda shrinking). The deviation is fitted as
 * log dev = c + p log r(t) by least squares; the claim fails when the deviation does not shrink
 * towards zero along the sequence (fitted exponent p <= 0, the last deviation not below the
 * first, or the tail's local exponent below a quarter of the claimed one: levelling off), with
 * the fitted trend as evidence. The fitted exponent is reported against the claimed
 * one (1 for O(r(t))); a finite sequence cannot refute an O(.) bound, so that comparison is
 * information, not a verdict.
 */

export interface AsymptoticPoint {
  /** The sequence parameter (N, lambda, ...). */
  readonly t: number;
  /** The rate variable r(t), e.g. 1 / log(1/lambda); the claim is deviation = O(r^exponent). */
  readonly rate: number;
  readonly deviation: number;
  readonly certified: boolean;
}

/** The sequence part of an asymptotic study (study.ts adds the catalogue fields). */
export interface AsymptoticSweep<C> {
  readonly parameter: string;
  /** Printed rate, e.g. "1/log(1/lambda)". */
  readonly rate: string;
  /** Claimed exponent of the rate (1 for O(r)). */
  readonly claimedExponent: number;
  /** What deviates, e.g. "||Z_bar/||Z_bar|| - ETF||". */
  readonly deviation: string;
  readonly configurations: readonly C[];
  describe(c: C): string;
  /** The sequence of parameter values, towards the limit. */
  sequence(c: C): readonly number[];
  evaluate(c: C, t: number): AsymptoticPoint;
}

export interface AsymptoticRow {
  readonly configuration: string;
  readonly points: readonly AsymptoticPoint[];
  readonly fittedExponent: number;
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  readonly detail: string;
}

/** Least-squares slope of log y against log x. */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

export function checkAsymptotic<C>(study: AsymptoticSweep<C>, c: C): AsymptoticRow {
  const points = study.sequence(c).map((t) => study.evaluate(c, t));
  const configuration = study.describe(c);
  const trend = points.map((p) => `${p.t.toPrecision(3)}: ${p.deviation.toExponential(3)}`).join(', ');
  const uncertified = points.filter((p) => !p.certified);
  const usable = points.filter((p) => p.certified && p.deviation > 0 && Number.isFinite(p.deviation));
  const p =
    usable.length >= 2
      ? logLogSlope(
          usable.map((q) => q.rate),
          usable.map((q) => q.deviation),
        )
      : NaN;
  if (uncertified.length > 0) {
    return {
      configuration,
      points,
      fittedExponent: p,
      verdict: 'inconclusive',
      detail: `${uncertified.length} of ${points.length} solutions not certified; deviations ${trend}`,
    };
  }
  const first = points[0].deviation;
  const last = points[points.length - 1].deviation;
  // A deviation levelling off at a non-zero value still decreases; its local exponent over the
  // tail of the sequence, though, falls to 0. Require the tail to shrink at a quarter of the
  // claimed exponent at least.
  const tail = usable.slice(-3);
  const pTail =
    tail.length >= 2
      ? logLogSlope(
          tail.map((q) => q.rate),
          tail.map((q) => q.deviation),
        )
      : p;
  if (!(p > 0) || !(last < first) || !(pTail > 0.25 * study.claimedExponent)) {
    return {
      configuration,
      points,
      fittedExponent: p,
      verdict: 'fail',
      detail: `the deviation does not shrink towards 0 (fitted exponent ${p.toFixed(3)} of ${study.rate}, ${pTail.toFixed(3)} over the last ${tail.length} points); deviations ${trend}`,
    };
  }
  return {
    configuration,
    points,
    fittedExponent: p,
    verdict: 'pass',
    detail: `deviation shrinks like (${study.rate})^${p.toFixed(2)} (claimed exponent ${study.claimedExponent}); deviations ${trend}`,
  };
}
