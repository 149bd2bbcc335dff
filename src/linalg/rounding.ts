/**
 * Running error analysis in float64: values carried together with a bound on their rounding
 * error, so that an objective can say how far its computed value may be from the exact one at
 * the same point (Objective.valueError, src/problems/problem.ts) and comparisons of objective
 * values are decided within that bound instead of a fixed relative tolerance.
 *
 * The model is the standard one (Higham, "Accuracy and Stability of Numerical Algorithms",
 * 2nd ed., sections 2.2 and 3.1): every operation returns fl(a op b) = (a op b)(1 + d) with
 * |d| <= u = 2^-53, so a sum or dot product of n terms, in any order, is off by at most
 * gamma_n = n u / (1 - n u) times the sum of the terms' absolute values. The bounds below are
 * that, propagated to first order through products and sums (second-order terms e_A e_B are
 * kept where they are free). They are bounds on the arithmetic, not estimates: the sums of
 * absolute values are what make a cancelling sum (a reconstruction error of O(1) terms that is
 * 1e-10 at the optimum) report the error it really has.
 *
 * Underflow is outside this model (a result below 2^-1022 loses relative precision); callers
 * that can underflow add an absolute floor and say so (ValueError.underflow).
 */
import { mat, matmul, transpose, type Mat } from './matrix.ts';

/** The unit roundoff of float64, 2^-53. */
export const UNIT_ROUNDOFF = 2 ** -53;

/** The smallest positive subnormal float64, 2^-1074: the absolute error of a result that underflows. */
export const UNDERFLOW_FLOOR = 2 ** -1074;

/**
 * Below this a sum of softmax terms is within a factor 1/u of the subnormal range (2^-1022),
 * where values lose relative precision (absolute error 2^-1074): the products the gradient and
 * Hessian form from such a term (with entries of the point, with other terms) underflow, so
 * neither they nor this module's bounds keep their relative meaning. The sum itself may still
 * be accurate; decisions at such a point are refused (ValueError.underflow).
 */
export const RELATIVE_UNDERFLOW = 2 ** -1022 / UNIT_ROUNDOFF;

/** gamma_n = n u / (1 - n u): the relative error bound of a sum or dot product of n terms (Infinity once n u >= 1). */
export function gamma(n: number): number {
  const nu = Math.max(0, n) * UNIT_ROUNDOFF;
  return nu < 1 ? nu / (1 - nu) : Infinity;
}

/** A matrix with an entrywise bound on the rounding error of its entries. */
export interface BoundedMat {
  readonly v: Mat;
  /** |computed - exact| entrywise, >= 0. */
  readonly e: Mat;
}

/** A scalar with a bound on its rounding error. */
export interface BoundedScalar {
  readonly v: number;
  readonly e: number;
}

/** A matrix taken as exact (an input of the objective: the point's variables, the problem's data). */
export function exact(A: Mat): BoundedMat {
  return { v: A, e: mat(A.rows, A.cols) };
}

/** A matrix whose entries carry at most `rel` relative error each (e.g. a rescaled input). */
export function withRelativeError(A: Mat, rel: number): BoundedMat {
  return {
    v: A,
    e: mat(
      A.rows,
      A.cols,
      A.data.map((x) => rel * Math.abs(x)),
    ),
  };
}

function absMat(A: Mat): Mat {
  return mat(A.rows, A.cols, A.data.map(Math.abs));
}

/**
 * A B with its error: gamma_k |A| |B| from the k-term dot products, plus the inputs' errors
 * carried through, e_A |B| + |A| e_B + e_A e_B.
 */
export function bMul(A: BoundedMat, B: BoundedMat): BoundedMat {
  const v = matmul(A.v, B.v);
  const aA = absMat(A.v);
  const aB = absMat(B.v);
  const g = gamma(A.v.cols);
  const round = matmul(aA, aB);
  const e1 = matmul(A.e, aB);
  const e2 = matmul(aA, B.e);
  const e3 = matmul(A.e, B.e);
  const e = mat(v.rows, v.cols);
  for (let i = 0; i < e.data.length; i++) e.data[i] = g * round.data[i] + e1.data[i] + e2.data[i] + e3.data[i];
  return { v, e };
}

/** A^T with its error. */
export function bTranspose(A: BoundedMat): BoundedMat {
  return { v: transpose(A.v), e: transpose(A.e) };
}

/**
 * sum_i c_i A_i (same shapes), each term scaled and added in turn: the inputs' errors times |c_i|
 * plus gamma_m sum_i |c_i A_i|, m = the number of roundings on the way (a product and an add per term).
 */
export function bLinear(terms: ReadonlyArray<readonly [number, BoundedMat]>): BoundedMat {
  const [, first] = terms[0];
  const { rows, cols } = first.v;
  const v = mat(rows, cols);
  const mag = mat(rows, cols);
  const e = mat(rows, cols);
  for (const [c, A] of terms) {
    for (let i = 0; i < v.data.length; i++) {
      const t = c * A.v.data[i];
      v.data[i] += t;
      mag.data[i] += Math.abs(t);
      e.data[i] += Math.abs(c) * A.e.data[i];
    }
  }
  const g = gamma(2 * terms.length);
  for (let i = 0; i < e.data.length; i++) e.data[i] += g * mag.data[i];
  return { v, e };
}

/** <A, B> = sum_ij A_ij B_ij with its error (gamma_n sum |A||B| plus the inputs' errors). */
export function bInner(A: BoundedMat, B: BoundedMat): BoundedScalar {
  let v = 0;
  let mag = 0;
  let e = 0;
  for (let i = 0; i < A.v.data.length; i++) {
    const a = A.v.data[i];
    const b = B.v.data[i];
    v += a * b;
    mag += Math.abs(a * b);
    e += A.e.data[i] * Math.abs(b) + Math.abs(a) * B.e.data[i] + A.e.data[i] * B.e.data[i];
  }
  return { v, e: e + gamma(A.v.data.length) * mag };
}

/**
 * sum_i c_i s_i of scalars, added in order: the inputs' errors times |c_i| plus
 * gamma_{2m} sum |c_i s_i|.
 */
export function sLinear(terms: ReadonlyArray<readonly [number, BoundedScalar]>): BoundedScalar {
  let v = 0;
  let mag = 0;
  let e = 0;
  for (const [c, s] of terms) {
    v += c * s.v;
    mag += Math.abs(c * s.v);
    e += Math.abs(c) * s.e;
  }
  return { v, e: e + gamma(2 * terms.length) * mag };
}

/** A sum of n non-negative terms computed with relative error at most `rel` each: its error bound. */
export function positiveSumError(sum: number, n: number, rel = 0): number {
  return (gamma(n) + rel) * Math.abs(sum);
}
