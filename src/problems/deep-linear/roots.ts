/**
 * The scalar per-class equations of Dang et al. 2023 (docs/catalogue.md, dang2023dln), solved by
 * bracketed root finding. They enter the claims' expressions as functions of the scope
 * (`gRoot`, `ceMargin`, `ceMarginPeak`), so the closed forms around them (b_k, thr_M, the
 * optimal value) stay math expressions that `mutate` can perturb; the roots themselves are
 * cross-checked against the mathjs derivative of the reduced objective, Brent and nerdamer by
 * each claim's `reduced` entry.
 */
import { brent } from '../../symbolic/roots.ts';

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
  if (b !== null && typeof b === 'object' && 'toArray' in b) return ((b as { toArray(): unknown[] }).toArray()).flat(Infinity as 1).map((v) => f(Number(v)));
  return Number.NaN;
}

/** `gRoot(M, b)` for expressions: largestRootOfG entrywise over b. */
export function gRoot(M: number, b: unknown): number | number[] {
  return entrywise((v) => largestRootOfG(M, v), b);
}

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
export function ceMarginPeak(K: number, M: number): number {
  const alpha = (M - 1) / (M + 1);
  if (alpha === 0) return 0;
  const h = (r: number) => alpha * (Math.exp(r) + K - 1) - r * Math.exp(r);
  let hi = 1;
  while (h(hi) > 0) hi *= 2;
  return brent(h, 0, hi).root;
}

/**
 * The global minimiser of phi over rho >= 0: the stationary point beyond the peak when it
 * exists and beats phi(0) = log K, else 0.
 */
export function ceMargin(K: number, M: number, n: number, lambdaT: number): number {
  const lo = ceMarginPeak(K, M);
  const slope = (r: number) => cePhiSlope(K, M, n, lambdaT, r);
  const start = lo > 0 ? lo : 1e-300;
  if (!(slope(start) < 0)) return 0;
  let hi = Math.max(1, 2 * start);
  while (slope(hi) < 0) hi *= 2;
  const rho = brent(slope, start, hi).root;
  return cePhi(K, M, n, lambdaT, rho) < Math.log(K) ? rho : 0;
}
