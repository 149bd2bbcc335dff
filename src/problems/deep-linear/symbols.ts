/**
 * The symbol table of a deep linear UFM instance (docs/catalogue.md, dang2023dln) for claims'
 * expressions: the class counts, the per-layer weights and the scalar root functions of the
 * per-class reductions (roots.ts), which mathjs calls entrywise over the class vector `nk`.
 */
import { maxOf, minOf } from '../../linalg/vector.ts';
import type { Scope } from '../../symbolic/expr.ts';
import type { DeepLinearInstance } from './objective.ts';
import { ceMargin, ceMarginPeak, gRoot } from './roots.ts';

/**
 * Symbols: K, M (depth), N, n (common class size, NaN if imbalanced), nmin, nmax, nk (counts),
 * nkSorted (descending), classIndex (0..K-1), lambdaWm (per layer), lambdaGeo (their geometric
 * mean, for the reduced objective only), lambdaH, dmin (narrowest width), bias (0/1), and the
 * root functions gRoot, ceMargin, ceMarginPeak.
 */
export function dlnSymbols(inst: DeepLinearInstance): Scope {
  const N = inst.n.reduce((a, b) => a + b, 0);
  const nmin = minOf(inst.n);
  const nmax = maxOf(inst.n);
  const M = inst.depth;
  const scope = {
    K: inst.K,
    M,
    N,
    n: nmin === nmax ? nmin : Number.NaN,
    nmin,
    nmax,
    nk: [...inst.n],
    nkSorted: [...inst.n].sort((a, b) => b - a),
    classIndex: inst.n.map((_, k) => k),
    lambdaWm: [...inst.lambdaW],
    lambdaGeo: inst.lambdaW.reduce((a, b) => a * b, 1) ** (1 / M),
    lambdaH: inst.lambdaH,
    dmin: minOf(inst.widths),
    bias: inst.bias ? 1 : 0,
    // Functions are legal in a mathjs scope; Scope's value type does not list them.
    gRoot,
    ceMargin,
    ceMarginPeak,
  };
  return scope as unknown as Scope;
}
