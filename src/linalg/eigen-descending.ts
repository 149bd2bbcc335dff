/**
 * Eigen decompositions in the order the closed forms are stated in: largest eigenvalue first
 * (symmetricEigen returns them ascending). Ties keep symmetricEigen's order among themselves
 * (a stable sort), so the eigenvectors of a repeated eigenvalue come out deterministically.
 */
import { symmetricEigen } from './eigen.ts';
import { mat, type Mat } from './matrix.ts';

export interface DescendingEigen {
  /** Eigenvalues, largest first. */
  readonly values: number[];
  /** Orthonormal eigenvectors as the columns of an n x n matrix, column i for values[i]. */
  readonly vectors: Mat;
}

/** Eigenvalues (descending) and eigenvectors (columns, in the same order) of a symmetric matrix. */
export function descendingEigen(A: Mat): DescendingEigen {
  const { values, vectors } = symmetricEigen(A);
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[b] - values[a]);
  const V = mat(n, n);
  order.forEach((src, i) => {
    for (let r = 0; r < n; r++) V.data[r * n + i] = vectors.data[r * n + src];
  });
  return { values: order.map((i) => values[i]), vectors: V };
}

/** The eigenvalues of a symmetric matrix, largest first. */
export function descendingSpectrum(A: Mat): number[] {
  return Array.from(symmetricEigen(A).values).sort((a, b) => b - a);
}
