/**
 * The symbols a layer-peeled claim's expressions may use (the convex optimum Fc is added next
 * to its ground truth, src/ground-truth/layer-peeled.ts): K, d, N, n (the common class size,
 * NaN if imbalanced), nmin, nmax, EW, EH, R = nmax / nmin, kA and kB (classes at nmax and at
 * nmin), clusters (distinct counts).
 */
import { maxOf, minOf } from '../../linalg/vector.ts';
import type { Scope } from '../../symbolic/expr.ts';
import type { LayerPeeledInstance } from './problem.ts';

export function layerPeeledSymbols(inst: LayerPeeledInstance): Scope {
  const N = inst.n.reduce((a, b) => a + b, 0);
  const nmin = minOf(inst.n);
  const nmax = maxOf(inst.n);
  return {
    K: inst.K,
    d: inst.d,
    N,
    n: nmin === nmax ? nmin : NaN,
    nmin,
    nmax,
    EW: inst.EW,
    EH: inst.EH,
    R: nmax / nmin,
    kA: inst.n.filter((v) => v === nmax).length,
    kB: inst.n.filter((v) => v === nmin).length,
    clusters: new Set(inst.n).size,
  };
}
