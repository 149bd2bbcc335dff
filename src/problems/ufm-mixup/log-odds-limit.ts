/**
 * The log-odds study point (closed-form.ts, mixupLogOddsPoint) measured against another limit:
 * the planted wrong limits of "z_i - z_j -> log(lam/(1-lam)) as lambdaH -> 0" (a limit a few
 * percent off, the odds in place of the log-odds) go through the same independent Newton solve.
 */
import { mixupLogOddsPoint, type MixupLogOddsPoint } from './closed-form.ts';

/**
 * z_i - z_j at lambdaH against `limit(lam)`, certified as mixupLogOddsPoint certifies: the
 * error bound on z_i - z_j, s sqrt(2K/(K-1)) ||g|| / lambdaH, below a tenth of the deviation.
 *
 * Syntax: mixupLogOddsPointAgainst({ K: 4, s: 1, lam: 0.7 }, 1e-4, (lam) => lam / (1 - lam)) -> { deviation, certified, ... }
 */
export function mixupLogOddsPointAgainst(
  p: { K: number; s: number; lam: number; i?: number; j?: number },
  lambdaH: number,
  limit: (lam: number) => number,
): MixupLogOddsPoint {
  const point = mixupLogOddsPoint(p, lambdaH);
  const target = limit(p.lam);
  const deviation = Math.abs(point.zDiff - target);
  const zError = p.s * Math.sqrt((2 * p.K) / (p.K - 1)) * point.distanceBound;
  return { ...point, target, deviation, certified: zError <= Math.max(0.1 * deviation, 1e-12) };
}
