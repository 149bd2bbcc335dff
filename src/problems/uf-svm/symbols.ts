/**
 * The symbol table of a UF-SVM instance (docs/catalogue.md, seli2022) for claims' expressions: what
 * needs only the class counts. The convex ground truth's values are in
 * src/ground-truth/uf-svm-convex.ts.
 */
import { maxOf, minOf } from '../../linalg/vector.ts';
import { svd } from '../../linalg/eigen.ts';
import { centering, diag, matmul } from '../../linalg/matrix.ts';
import type { Scope } from '../../symbolic/expr.ts';
import { withSymbolErrors } from '../../symbolic/rounding.ts';
import { gamma } from '../../linalg/rounding.ts';
import type { UfSvmInstance } from './problem.ts';

function sumOf(v: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < v.length; i++) t += v[i];
  return t;
}

/**
 * Symbols: K, d, N, nmin, nmax; nuclearSeli = ||C D^{1/2}||_* (= ||Z_hat||_* of the SELI
 * logits, by SVD: the square root of C D C's rounding-level zero eigenvalue would be
 * sqrt(eps)); nuclearCD = ||C D||_* (the n_k-weighted alternative, for planted variants).
 * C = I - J/K, D = diag(n_k). Each nuclear norm carries the error of K singular values of a
 * Jacobi SVD (gamma of 16 K times the Frobenius norm each, src/symbolic/rounding.ts).
 */
export function ufSvmSymbols(inst: UfSvmInstance): Scope {
  const { K, n } = inst;
  const C = centering(K);
  const A = matmul(C, diag(n.map(Math.sqrt)));
  const B = matmul(C, diag(n));
  const frob = (M: { data: Float64Array }) => Math.sqrt(M.data.reduce((s, x) => s + x * x, 0));
  return withSymbolErrors(
    {
      K,
      d: inst.d,
      N: sumOf(n),
      nmin: minOf(n),
      nmax: maxOf(n),
      nuclearSeli: sumOf(svd(A).s),
      nuclearCD: sumOf(svd(B).s),
    },
    { nuclearSeli: K * gamma(16 * K) * frob(A), nuclearCD: K * gamma(16 * K) * frob(B) },
  );
}
