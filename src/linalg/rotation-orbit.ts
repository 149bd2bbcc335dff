/**
 * The tangent space of the rotation orbit (W, H) -> (W Q, Q^T H), Q in O(d), at a point, as a
 * projector that never forms a basis. The tangents are T(A) = (W A, -A H) over antisymmetric
 * d x d matrices A: d(d-1)/2 vectors of the full length, whose Gram-Schmidt cost O(d^4 (K + P))
 * (95% of a 136 s certificate of a 15 000-variable instance) and O(d^2 (K + P) d^2 / 2) memory.
 *
 * Structure instead: with C = W^T W + H H^T, the normal operator of T on antisymmetric matrices
 * is T*T(A) = (C A + A C) / 2, and T*(v) is the antisymmetric part B of W^T V_W - V_H H^T. In
 * the eigenbasis C = Q diag(lambda) Q^T the generators (e_i e_j^T - e_j e_i^T)/sqrt(2) give
 * mutually orthogonal tangents of norm sqrt((lambda_i + lambda_j)/2): an orthonormal basis of
 * the orbit's tangent space, explicit. The projection of v is T(A*) with
 * (Q^T A* Q)_ij = 2 (Q^T B Q)_ij / (lambda_i + lambda_j), for O(d^2 (K + P) + d^3) per
 * projection and one d x d eigendecomposition per point. It is the same subspace as
 * orthonormalBasis of the tangents (the same span; a test compares both projectors), and it
 * drops the same kind of direction: a pair whose tangent norm is below 1e-8 of the largest
 * (Gram-Schmidt's relative test) or below 1e-12 of the point's norm (its absolute one).
 *
 * Extra tangents (a bias shift, the layer-peeled scalings) are made orthogonal to the orbit
 * with this projector, then to each other by orthonormalBasis.
 */
import { symmetricEigen } from './eigen.ts';
import { mat } from './matrix.ts';
import { orthonormalBasis, projectOut, type Subspace } from './subspace.ts';

/** Where W (rows x d) and H (d x cols) sit in the flat vector, both row-major. */
export interface RotationBlocks {
  readonly d: number;
  /** Rows of W (classes). */
  readonly rows: number;
  /** Columns of H (samples, or class columns of a reduction). */
  readonly cols: number;
  readonly offW: number;
  readonly offH: number;
}

/** Relative and absolute drop thresholds, as in orthonormalBasis (see the module comment). */
const RELATIVE_DROP = 1e-8;
const ABSOLUTE_DROP = 1e-12;

/**
 * The orbit's tangent space at x (plus the span of `extra`), as a Subspace.
 *
 * Syntax: rotationOrbitSubspace(x, { d, rows: K, cols: N, offW: 0, offH: K * d }, [biasShift], norm2(x))
 */
export function rotationOrbitSubspace(x: Float64Array, blocks: RotationBlocks, extra: readonly Float64Array[], scale: number): Subspace {
  const { d, rows: K, cols: P, offW, offH } = blocks;
  // C = W^T W + H H^T (d x d).
  const C = new Float64Array(d * d);
  for (let k = 0; k < K; k++) {
    const w = offW + k * d;
    for (let i = 0; i < d; i++) {
      const wi = x[w + i];
      if (wi !== 0) for (let j = 0; j < d; j++) C[i * d + j] += wi * x[w + j];
    }
  }
  for (let i = 0; i < d; i++) {
    const hi = offH + i * P;
    for (let j = i; j < d; j++) {
      const hj = offH + j * P;
      let s = 0;
      for (let c = 0; c < P; c++) s += x[hi + c] * x[hj + c];
      C[i * d + j] += s;
      if (j !== i) C[j * d + i] += s;
    }
  }
  const eig = symmetricEigen(mat(d, d, C));
  const lam = eig.values;
  const Q = eig.vectors.data;
  let lamMax = 0;
  for (let i = 0; i < d; i++) lamMax = Math.max(lamMax, lam[i]);
  // 1 / ((lambda_i + lambda_j) / 2) for the kept pairs, 0 for the dropped ones.
  const inv = new Float64Array(d * d);
  const threshold = Math.max(RELATIVE_DROP * Math.sqrt(lamMax), ABSOLUTE_DROP * Math.max(scale, 1e-300));
  let dimension = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      if (i === j) continue;
      const half = (lam[i] + lam[j]) / 2;
      if (half > 0 && Math.sqrt(half) > threshold) {
        inv[i * d + j] = 1 / half;
        if (i < j) dimension++;
      }
    }
  }
  const G = new Float64Array(d * d);
  const T1 = new Float64Array(d * d);
  const A = new Float64Array(d * d);
  const projectOrbit = (v: Float64Array): void => {
    // G = W^T V_W - V_H H^T, then B = (G - G^T)/2 (kept in G).
    G.fill(0);
    for (let k = 0; k < K; k++) {
      const w = offW + k * d;
      for (let i = 0; i < d; i++) {
        const wi = x[w + i];
        if (wi !== 0) for (let j = 0; j < d; j++) G[i * d + j] += wi * v[w + j];
      }
    }
    for (let i = 0; i < d; i++) {
      const vi = offH + i * P;
      for (let j = 0; j < d; j++) {
        const hj = offH + j * P;
        let s = 0;
        for (let c = 0; c < P; c++) s += v[vi + c] * x[hj + c];
        G[i * d + j] -= s;
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        const b = (G[i * d + j] - G[j * d + i]) / 2;
        G[i * d + j] = b;
        G[j * d + i] = -b;
      }
      G[i * d + i] = 0;
    }
    // Bt = Q^T B Q, scaled entrywise: At = Bt / ((lambda_i + lambda_j) / 2); A = Q At Q^T.
    T1.fill(0);
    for (let i = 0; i < d; i++)
      for (let k = 0; k < d; k++) {
        const b = G[i * d + k];
        if (b !== 0) for (let j = 0; j < d; j++) T1[i * d + j] += b * Q[k * d + j];
      }
    A.fill(0);
    for (let k = 0; k < d; k++)
      for (let i = 0; i < d; i++) {
        const q = Q[k * d + i];
        if (q !== 0) for (let j = 0; j < d; j++) A[i * d + j] += q * T1[k * d + j];
      }
    for (let t = 0; t < d * d; t++) A[t] *= inv[t];
    T1.fill(0);
    for (let i = 0; i < d; i++)
      for (let k = 0; k < d; k++) {
        const a = A[i * d + k];
        if (a !== 0) for (let j = 0; j < d; j++) T1[i * d + j] += a * Q[j * d + k];
      }
    A.fill(0);
    for (let i = 0; i < d; i++)
      for (let k = 0; k < d; k++) {
        const q = Q[i * d + k];
        if (q !== 0) for (let j = 0; j < d; j++) A[i * d + j] += q * T1[k * d + j];
      }
    // v -= T(A) = (W A, -A H).
    for (let k = 0; k < K; k++) {
      const w = offW + k * d;
      for (let i = 0; i < d; i++) {
        const wi = x[w + i];
        if (wi !== 0) for (let j = 0; j < d; j++) v[w + j] -= wi * A[i * d + j];
      }
    }
    for (let i = 0; i < d; i++) {
      const vi = offH + i * P;
      for (let k = 0; k < d; k++) {
        const a = A[i * d + k];
        if (a === 0) continue;
        const hk = offH + k * P;
        for (let c = 0; c < P; c++) v[vi + c] += a * x[hk + c];
      }
    }
  };
  // The extra tangents, off the orbit first, then orthonormal among themselves.
  const others = orthonormalBasis(
    extra.map((t) => {
      const u = Float64Array.from(t);
      projectOrbit(u);
      projectOrbit(u);
      return u;
    }),
    scale,
  );
  return {
    dimension: dimension + others.length,
    projectOut(v: Float64Array): void {
      // The extra directions are orthogonal to the orbit: the two projections add.
      projectOrbit(v);
      projectOut(v, others);
    },
  };
}
