import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/errors.ts';
import { cholesky, choleskySolve } from '../../src/linalg/cholesky.ts';
import { psdPower } from '../../src/linalg/psd-power.ts';
import { centering, diag, matmul, mat } from '../../src/linalg/matrix.ts';

describe('psdPower', () => {
  it('squares back, and keeps the exact null space of C D C (no sqrt(eps) leak)', () => {
    const n = [1e4, 1e4, 1, 1];
    const C = centering(4);
    const A = matmul(matmul(C, diag(n)), C);
    const S = psdPower(A, 0.5);
    const SS = matmul(S, S);
    for (let i = 0; i < 16; i++) expect(Math.abs(SS.data[i] - A.data[i])).toBeLessThan(1e-9 * 1e4);
    // S 1 = 0: the null vector of C D C stays null.
    for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let j = 0; j < 4; j++) s += S.data[i * 4 + j];
      expect(Math.abs(s)).toBeLessThan(1e-11);
    }
  });

  it('A^0 of a singular matrix is the projector onto its range; negative powers of it throw', () => {
    const C = centering(3);
    const P = psdPower(C, 0);
    for (let i = 0; i < 9; i++) expect(P.data[i]).toBeCloseTo(C.data[i], 12);
    expect(() => psdPower(C, -0.5)).toThrow(NumericalError);
  });

  it('diagonal powers are elementwise', () => {
    const D = psdPower(diag([4, 9, 16]), -0.5);
    expect([D.data[0], D.data[4], D.data[8]]).toEqual([0.5, 1 / 3, 0.25].map((v) => expect.closeTo(v, 14)));
  });
});

describe('cholesky', () => {
  it('solves an SPD system and refuses a singular one', () => {
    const A = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const x = choleskySolve(cholesky(A, 3), Float64Array.from([2, 9, 7]));
    const Ax = matmul(mat(3, 3, A), mat(3, 1, x));
    expect(Array.from(Ax.data)).toEqual([2, 9, 7].map((v) => expect.closeTo(v, 12)));
    expect(() => cholesky(Float64Array.from([1, 1, 1, 1]), 2)).toThrow(NumericalError);
  });
});
