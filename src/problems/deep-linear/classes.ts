/**
 * The per-class solution of the deep linear MSE model's reduction (docs/catalogue.md, dang2023dln):
 * with a_k^2 = N lambdaH x^M, class k costs F_k(x) = n_k / (2N (x^M + 1)) + (M/2) lambdaBar
 * (N lambdaH)^{1/M} x, stationary where g_M(x) = x^{M-1}/(x^M+1)^2 = b_k = bScale / n_k. A class
 * is live when b_k is below the threshold and it is among the `keep` largest classes (a layer of
 * width d has room for d orthogonal class directions only); its x_k is then the largest root of
 * g_M(x) = b_k, else 0. The constants come from a claim's evaluated predictions, so a perturbed
 * constant moves every per-class value.
 */
import type { DeepLinearInstance } from './objective.ts';
import { largestRootOfG } from './roots.ts';

export interface DeepLinearClassConstants {
  /** b_k = bScale / n_k (the claims' N lambdaBar (N lambdaH)^{1/M}). */
  readonly bScale: number;
  /** Class k is live only if b_k < thr (the claims' thr_M). */
  readonly thr: number;
  /** How many classes, largest first, have room to be live. @defaultValue K */
  readonly keep?: number;
}

export interface DeepLinearClassValues {
  /** x_k, 0 for dead classes. */
  readonly x: number[];
  /** a_k^2 = N lambdaH x_k^M. */
  readonly a2: number[];
  readonly live: boolean[];
}

/** Class indices ordered by size, largest first, ties by index: the order narrow layers keep them in. */
export function classesBySize(n: readonly number[]): number[] {
  return n.map((_, k) => k).sort((a, b) => n[b] - n[a] || a - b);
}

export function deepLinearClassValues(inst: DeepLinearInstance, c: DeepLinearClassConstants): DeepLinearClassValues {
  const M = inst.depth;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const kept = new Set(classesBySize(inst.n).slice(0, c.keep ?? inst.K));
  const x: number[] = [];
  const a2: number[] = [];
  const live: boolean[] = [];
  inst.n.forEach((nk, k) => {
    const b = c.bScale / nk;
    const isLive = kept.has(k) && b < c.thr;
    const xk = isLive ? largestRootOfG(M, b) : 0;
    live.push(isLive && xk > 0);
    x.push(xk);
    a2.push(N * inst.lambdaH * xk ** M);
  });
  return { x, a2, live };
}
