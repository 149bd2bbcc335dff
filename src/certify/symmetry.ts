/**
 * Exact continuous symmetries of an objective (rotations W -> W Q, H -> Q^T H of the UFM; a
 * bias shift b -> b + beta 1 when the bias is unpenalised) make the Hessian singular along their
 * orbits. Rounding noise of the gradient along those directions would be amplified without
 * bound by a Newton solve, yet moving along them changes no invariant predicate. So the
 * certificate's Newton solves work in the orthogonal complement of the orbit's tangent space.
 */
import type { Objective } from '../problems/problem.ts';
import { dot, norm2 } from '../solvers/lbfgs.ts';

/** An orthonormal basis of span(tangents), dropping directions that are (numerically) zero. */
export function orthonormalBasis(tangents: readonly Float64Array[], scale: number): Float64Array[] {
  const basis: Float64Array[] = [];
  for (const t of tangents) {
    const v = Float64Array.from(t);
    const before = norm2(v);
    if (!(before > 1e-12 * Math.max(scale, 1e-300))) continue;
    // Two passes of modified Gram-Schmidt ("twice is enough").
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const c = dot(v, b);
        for (let i = 0; i < v.length; i++) v[i] -= c * b[i];
      }
    }
    const after = norm2(v);
    if (after > 1e-8 * before) {
      for (let i = 0; i < v.length; i++) v[i] /= after;
      basis.push(v);
    }
  }
  return basis;
}

/** v <- v minus its projection on the (orthonormal) basis. */
export function projectOut(v: Float64Array, basis: readonly Float64Array[]): void {
  for (const b of basis) {
    const c = dot(v, b);
    if (c !== 0) for (let i = 0; i < v.length; i++) v[i] -= c * b[i];
  }
}

/**
 * Conjugate gradients on P (H + mu I) P p = -P g, P the projector off the symmetry orbit.
 * Stops on negative curvature (reported) or when the residual drops by `rtol`.
 */
export function projectedCg(
  obj: Objective, x: Float64Array, g: Float64Array, basis: readonly Float64Array[], mu: number, maxCg: number, rtol: number,
): { p: Float64Array; negative: boolean } {
  const n = g.length;
  const p = new Float64Array(n);
  const r = Float64Array.from(g, (v) => -v);
  projectOut(r, basis);
  const d = Float64Array.from(r);
  const Hd = new Float64Array(n);
  let rr = dot(r, r);
  const stop = rtol * rtol * rr;
  for (let k = 0; k < maxCg && rr > stop && rr > 0; k++) {
    obj.hessVec(x, d, Hd);
    for (let i = 0; i < n; i++) Hd[i] += mu * d[i];
    projectOut(Hd, basis);
    const dHd = dot(d, Hd);
    if (dHd <= 0) return { p: k === 0 ? Float64Array.from(d) : p, negative: true };
    const a = rr / dHd;
    for (let i = 0; i < n; i++) {
      p[i] += a * d[i];
      r[i] -= a * Hd[i];
    }
    const rrNew = dot(r, r);
    const beta = rrNew / rr;
    rr = rrNew;
    for (let i = 0; i < n; i++) d[i] = r[i] + beta * d[i];
  }
  return { p, negative: false };
}
