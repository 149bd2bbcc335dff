import { describe, expect, it } from 'vitest';
import { descendingEigen, descendingSpectrum } from '../../src/linalg/eigen-descending.ts';
import { diag, eye, fromRows, matmul, matmulTN } from '../../src/linalg/matrix.ts';
import { maxDiff, randSym } from './helpers.ts';

describe('descending eigen decomposition', () => {
  it('orders a known spectrum largest first, with the matching vectors', () => {
    // R diag(1, 5, 3) R^T for the rotation by 30 degrees in the first two coordinates.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const R = fromRows([
      [c, -s, 0],
      [s, c, 0],
      [0, 0, 1],
    ]);
    const A = matmul(
      matmul(R, diag([1, 5, 3])),
      fromRows([
        [c, s, 0],
        [-s, c, 0],
        [0, 0, 1],
      ]),
    );
    const { values, vectors } = descendingEigen(A);
    expect(values.map((v) => Number(v.toFixed(12)))).toEqual([5, 3, 1]);
    // The eigenvector of 5 is R e_2 = (-s, c, 0) up to sign.
    const v0 = [0, 1, 2].map((r) => vectors.data[r * 3]);
    expect(Math.abs(v0[0] * -s + v0[1] * c)).toBeCloseTo(1, 12);
    expect(descendingSpectrum(A).map((v) => Number(v.toFixed(12)))).toEqual([5, 3, 1]);
  });

  it('A q_i = lambda_i q_i with orthonormal columns on a random symmetric matrix', () => {
    const A = randSym(6, 11);
    const { values, vectors } = descendingEigen(A);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    expect(maxDiff(matmul(A, vectors), matmul(vectors, diag(values)))).toBeLessThan(1e-12);
    expect(maxDiff(matmulTN(vectors, vectors), eye(6))).toBeLessThan(1e-13);
    expect(descendingSpectrum(A)).toEqual(values);
  });
});
