/** Subspaces given by spanning vectors: an orthonormal basis, and projection off it. */
import { dot, norm2 } from './vector.ts';

/**
 * A subspace to project off (the tangent space of an objective's symmetry orbit): dense, as an
 * orthonormal basis (denseSubspace), or structured without a basis (rotation-orbit.ts).
 */
export interface Subspace {
  /** Its dimension (directions kept). */
  readonly dimension: number;
  /** v <- v minus its orthogonal projection on the subspace. */
  projectOut(v: Float64Array): void;
}

/** What a solver projects off: a Subspace, or an orthonormal basis of one. */
export type Projector = Subspace | readonly Float64Array[];

/** v <- v minus its projection on `p`. */
export function projectOff(v: Float64Array, p: Projector): void {
  if (isBasis(p)) projectOut(v, p);
  else p.projectOut(v);
}

function isBasis(p: Projector): p is readonly Float64Array[] {
  return Array.isArray(p);
}

/** The span of `tangents` as a Subspace, through orthonormalBasis. */
export function denseSubspace(tangents: readonly Float64Array[], scale: number): Subspace {
  const basis = orthonormalBasis(tangents, scale);
  return { dimension: basis.length, projectOut: (v) => projectOut(v, basis) };
}

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
