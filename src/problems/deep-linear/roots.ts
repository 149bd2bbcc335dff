/**
 * The scalar per-class equations of Dang et al. 2023 (docs/catalogue.md, dang2023dln), solved by
 * bracketed root finding. They enter the claims' expressions as functions of the scope
 * (`gRoot`, `ceMargin`, `ceMarginPeak`), so the closed forms around them (b_k, thr_M, the
 * optimal value) stay math expressions that `mutate` can perturb; the roots themselves are
 * cross-checked against the mathjs derivative of the reduced objective, Brent and nerdamer by
 * each claim's `reduced` entry.
 */
import { brent } from '../../symbolic/roots.ts';
import { ROUNDING, type RoundedFunction } from '../../symbolic/rounding.ts';
import { UNIT_ROUNDOFF as u } from '../../linalg/rounding.ts';

/**
 * How far a Brent root x of f may be from the exact root (the ROUNDING of the root functions
 * below, src/symbolic/rounding.ts): Brent's own tolerance 2 eps |x| + 0.5e-15, plus the root's
 * conditioning for an f evaluated with error 8 u fScale (fScale: the size of f's terms at x):
 * e / |f'| where f crosses steeply, sqrt(2 e / |f''|) near a double root (a fold, where f' -> 0).
 * f' and f'' by central differences.
 */
function rootAccuracy(f: (x: number) => number, x: number, fScale: number): number {
  if (!(x > 0)) return 0;
  const h = 1e-4 * x;
  const f1 = Math.abs(f(x + h) - f(x - h)) / (2 * h);
  const f2 = Math.abs(f(x + h) - 2 * f(x) + f(x - h)) / (h * h);
  const e = 8 * u * fScale;
  return 4 * u * Math.abs(x) + 0.5e-15 + Math.min(f1 > 0 ? e / f1 : Infinity, f2 > 0 ? Math.sqrt((2 * e) / f2) : Infinity);
}

/** g_M(x) = x^{M-1} / (x^M + 1)^2. */
export function gM(M: number, x: number): number {
  return x ** (M - 1) / (x ** M + 1) ** 2;
}

/** Where g_M peaks: x^M = (M-1)/(M+1) (0 for M = 1, where g_1 decreases from 1). */
export function gPeak(M: number): number {
  return ((M - 1) / (M + 1)) ** (1 / M);
}

/**
 * The largest positive root of g_M(x) = b, or 0 when there is none (b above the peak of g_M,
 * or b >= 1 for M = 1). M = 1 has the closed form b^{-1/2} - 1.
 */
export function largestRootOfG(M: number, b: number): number {
  if (!(b > 0)) return Number.NaN;
  if (M === 1) return b < 1 ? b ** -0.5 - 1 : 0;
  const lo = gPeak(M);
  if (b >= gM(M, lo)) return 0;
  // g_M(x) < x^{-M-1}, so g_M < b beyond b^{-1/(M+1)}: the root lies in [peak, that].
  const hi = Math.max(lo * 2, b ** (-1 / (M + 1)));
  return brent((x) => gM(M, x) - b, lo, hi).root;
}

/** Applies a scalar function entrywise to a number, an array or a mathjs matrix. */
function entrywise(f: (v: number) => number, b: unknown): number | number[] {
  if (typeof b === 'number') return f(b);
  if (Array.isArray(b)) return b.map((v) => f(Number(v)));
  if (b !== null && typeof b === 'object' && 'toArray' in b)
    return (b as { toArray(): unknown[] })
      .toArray()
      .flat(Infinity as 1)
      .map((v) => f(Number(v)));
  return Number.NaN;
}

/** `gRoot(M, b)` for expressions: largestRootOfG entrywise over b (with its accuracy, rootAccuracy). */
export const gRoot: RoundedFunction<[number, unknown], number | number[]> = Object.assign(
  (M: number, b: unknown): number | number[] => entrywise((v) => largestRootOfG(M, v), b),
  {
    [ROUNDING]: (M: number, b: unknown): number | number[] =>
      entrywise((v) => {
        const x = largestRootOfG(M, v);
        return rootAccuracy((t) => gM(M, t) - v, x, 2 * Math.abs(v));
      }, b),
  },
);

/**
 * The CE reduced objective phi(rho) = log(1 + (K-1) e^{-rho}) + ((M+1)/2) (K-1) lambdaT (rho sqrt(n))^{2/(M+1)}
 * and its derivative (written out by hand; the claim's `reduced` entry differentiates it with mathjs).
 */
export function cePhi(K: number, M: number, n: number, lambdaT: number, rho: number): number {
  return Math.log(1 + (K - 1) * Math.exp(-rho)) + ((M + 1) / 2) * (K - 1) * lambdaT * (rho * Math.sqrt(n)) ** (2 / (M + 1));
}

function cePhiSlope(K: number, M: number, n: number, lambdaT: number, rho: number): number {
  const alpha = (M - 1) / (M + 1);
  return (K - 1) * (lambdaT * n ** (1 / (M + 1)) * rho ** -alpha - 1 / (Math.exp(rho) + K - 1));
}

/**
 * Where rho^alpha / (e^rho + K - 1), alpha = (M-1)/(M+1), peaks: the root of
 * alpha (e^rho + K - 1) = rho e^rho (left side minus right is decreasing; 0 for M = 1).
 * phi' changes sign at most once on each side of it.
 */
function ceMarginPeakRoot(K: number, M: number): number {
  const alpha = (M - 1) / (M + 1);
  if (alpha === 0) return 0;
  const h = (r: number) => alpha * (Math.exp(r) + K - 1) - r * Math.exp(r);
  let hi = 1;
  while (h(hi) > 0) hi *= 2;
  return brent(h, 0, hi).root;
}

export const ceMarginPeak: RoundedFunction<[number, number], number> = Object.assign(ceMarginPeakRoot, {
  [ROUNDING]: (K: number, M: number): number => {
    const alpha = (M - 1) / (M + 1);
    const r = ceMarginPeakRoot(K, M);
    return rootAccuracy((t) => alpha * (Math.exp(t) + K - 1) - t * Math.exp(t), r, alpha * (Math.exp(r) + K - 1) + r * Math.exp(r));
  },
});

/**
 * The global minimiser of phi over rho >= 0: the stationary point beyond the peak when it
 * exists and beats phi(0) = log K, else 0.
 */
function ceMarginRoot(K: number, M: number, n: number, lambdaT: number): number {
  const lo = ceMarginPeakRoot(K, M);
  const slope = (r: number) => cePhiSlope(K, M, n, lambdaT, r);
  const start = lo > 0 ? lo : 1e-300;
  if (!(slope(start) < 0)) return 0;
  let hi = Math.max(1, 2 * start);
  while (slope(hi) < 0) hi *= 2;
  const rho = brent(slope, start, hi).root;
  return cePhi(K, M, n, lambdaT, rho) < Math.log(K) ? rho : 0;
}

export const ceMargin: RoundedFunction<[number, number, number, number], number> = Object.assign(ceMarginRoot, {
  [ROUNDING]: (K: number, M: number, n: number, lambdaT: number): number => {
    const rho = ceMarginRoot(K, M, n, lambdaT);
    const alpha = (M - 1) / (M + 1);
    const scale = (K - 1) * (lambdaT * n ** (1 / (M + 1)) * rho ** -alpha + 1 / (Math.exp(rho) + K - 1));
    return rootAccuracy((r) => cePhiSlope(K, M, n, lambdaT, r), rho, scale);
  },
});
