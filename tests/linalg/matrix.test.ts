import { describe, expect, it } from 'vitest';
import {
  add,
  centerColumns,
  centering,
  clone,
  colGram,
  colNorms,
  column,
  cosineMatrix,
  diag,
  diagOf,
  eye,
  frobDot,
  frobNorm,
  fromRows,
  isFiniteMat,
  mat,
  matmul,
  matmulNT,
  matmulTN,
  maxAbs,
  relFrobDiff,
  rowGram,
  rowNorms,
  scale,
  setColumn,
  sub,
  symmetrize,
  toRows,
  trace,
  transpose,
  zeros,
} from '../../src/linalg/index.ts';
import { InputError } from '../../src/errors.ts';
import { maxDiff, naiveMul, randn } from './helpers.ts';

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [5, 3, 7],
  [17, 13, 9],
  [64, 64, 64],
  [3, 300, 2],
  [33, 257, 35],
  [70, 5, 66],
];

describe('construction', () => {
  it('mat validates the data length and names itself', () => {
    expect(() => mat(2, 3, [1, 2, 3])).toThrow(InputError);
    expect(() => mat(2, 3, [1, 2, 3])).toThrow(/^mat: /);
    expect(() => mat(-1, 2)).toThrow(/mat/);
    expect(mat(2, 2, [1, 2, 3, 4]).data).toBeInstanceOf(Float64Array);
  });

  it('fromRows / toRows round-trip and reject ragged rows', () => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const A = fromRows(rows);
    expect(A.rows).toBe(2);
    expect(A.cols).toBe(3);
    expect(toRows(A)).toEqual(rows);
    expect(() => fromRows([[1, 2], [3]])).toThrow(/fromRows/);
    expect(fromRows([])).toMatchObject({ rows: 0, cols: 0 });
  });

  it('zeros, eye, clone, transpose', () => {
    expect(Array.from(zeros(2, 3).data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(toRows(eye(2))).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const A = randn(37, 41, 1);
    const C = clone(A);
    C.data[0] += 1;
    expect(C.data[0]).not.toBe(A.data[0]);
    const T = transpose(A);
    expect(T.rows).toBe(41);
    for (let i = 0; i < 37; i++) for (let j = 0; j < 41; j++) expect(T.data[j * 37 + i]).toBe(A.data[i * 41 + j]);
  });
});

describe('matmul family', () => {
  it.each(shapes)('matmul %ix%i · %ix... matches the naive product', (m, k, n) => {
    const A = randn(m, k, m * 1000 + k);
    const B = randn(k, n, n * 7 + 3);
    const ref = naiveMul(A, B);
    expect(maxDiff(matmul(A, B), ref)).toBeLessThan(1e-12 * Math.max(1, k));
  });

  it.each(shapes)('matmulTN and matmulNT (%i, %i, %i) match transposed naive products', (m, k, n) => {
    const At = randn(k, m, 11 + m);
    const B = randn(k, n, 13 + n);
    expect(maxDiff(matmulTN(At, B), naiveMul(transpose(At), B))).toBeLessThan(1e-12 * Math.max(1, k));
    const A = randn(m, k, 17 + m);
    const Bt = randn(n, k, 19 + n);
    expect(maxDiff(matmulNT(A, Bt), naiveMul(A, transpose(Bt)))).toBeLessThan(1e-12 * Math.max(1, k));
  });

  it('writes into out and rejects a wrong or aliased out', () => {
    const A = randn(6, 5, 1);
    const B = randn(5, 9, 2);
    const out = mat(6, 9);
    out.data.fill(123);
    const C = matmul(A, B, out);
    expect(C).toBe(out);
    expect(maxDiff(out, naiveMul(A, B))).toBeLessThan(1e-13);
    expect(() => matmul(A, B, mat(6, 8))).toThrow(/matmul/);
    const S = randn(4, 4, 3);
    expect(() => matmul(S, S, S)).toThrow(/matmul.*shares/);
    // Disjoint views of one buffer are fine.
    const buf = new Float64Array(32);
    const X = mat(4, 4, buf.subarray(0, 16));
    X.data.set(S.data);
    const Y = mat(4, 4, buf.subarray(16, 32));
    matmul(X, X, Y);
    expect(maxDiff(Y, naiveMul(S, S))).toBeLessThan(1e-13);
  });

  it('names both shapes on a dimension mismatch', () => {
    expect(() => matmul(mat(3, 4), mat(5, 2))).toThrow('matmul: A is 3x4 but B is 5x2 (inner dimensions differ)');
    expect(() => matmulTN(mat(3, 4), mat(5, 2))).toThrow(/matmulTN: A is 3x4 but B is 5x2/);
    expect(() => matmulNT(mat(3, 4), mat(5, 2))).toThrow(/matmulNT: A is 3x4 but B is 5x2/);
  });

  it('handles empty dimensions', () => {
    expect(matmul(mat(3, 0), mat(0, 2)).data).toEqual(new Float64Array(6));
    expect(matmul(mat(0, 3), mat(3, 2)).rows).toBe(0);
  });

  it.each([
    [1, 1],
    [5, 3],
    [17, 13],
    [3, 40],
    [64, 64],
    [30, 257],
  ])('Grams of a %ix%i matrix are exact-symmetric and correct', (m, n) => {
    const A = randn(m, n, m + 100 * n);
    const R = rowGram(A);
    const C = colGram(A);
    expect(maxDiff(R, naiveMul(A, transpose(A)))).toBeLessThan(1e-12 * n);
    expect(maxDiff(C, naiveMul(transpose(A), A))).toBeLessThan(1e-12 * m);
    expect(maxDiff(R, transpose(R))).toBe(0);
    expect(maxDiff(C, transpose(C))).toBe(0);
  });
});

describe('elementwise and norms', () => {
  const A = fromRows([
    [1, -2],
    [3, 4],
  ]);
  const B = fromRows([
    [0.5, 1],
    [-1, 2],
  ]);

  it('add, sub, scale, frobDot, frobNorm, maxAbs', () => {
    expect(toRows(add(A, B))).toEqual([
      [1.5, -1],
      [2, 6],
    ]);
    expect(toRows(sub(A, B))).toEqual([
      [0.5, -3],
      [4, 2],
    ]);
    expect(toRows(scale(A, 2))).toEqual([
      [2, -4],
      [6, 8],
    ]);
    expect(frobDot(A, B)).toBe(0.5 - 2 - 3 + 8);
    expect(frobNorm(A)).toBeCloseTo(Math.sqrt(30), 15);
    expect(maxAbs(A)).toBe(4);
    expect(() => add(A, mat(2, 3))).toThrow(/add: A is 2x2 but B is 2x3/);
    expect(() => frobDot(A, mat(1, 4))).toThrow(/frobDot/);
  });

  it('frobNorm survives overflow and underflow of the sum of squares', () => {
    expect(frobNorm(fromRows([[3e200, 4e200]]))).toBeCloseTo(5e200, -186);
    expect(frobNorm(fromRows([[3e-200, 4e-200]])) / 5e-200).toBeCloseTo(1, 14);
    expect(frobNorm(mat(2, 2))).toBe(0);
  });

  it('relFrobDiff is relative, and absolute against a zero target', () => {
    expect(relFrobDiff(A, A)).toBe(0);
    expect(relFrobDiff(scale(A, 1.5), A)).toBeCloseTo(0.5, 15);
    expect(relFrobDiff(A, zeros(2, 2))).toBeCloseTo(Math.sqrt(30), 14);
  });
});

describe('structured matrices and helpers', () => {
  it('centering is I - J/K and idempotent', () => {
    const C = centering(4);
    expect(C.data[0]).toBeCloseTo(0.75, 15);
    expect(C.data[1]).toBeCloseTo(-0.25, 15);
    expect(maxDiff(matmul(C, C), C)).toBeLessThan(1e-15);
    expect(() => centering(0)).toThrow(/centering/);
  });

  it('centerColumns equals A C and leaves zero row sums', () => {
    const A = randn(5, 7, 9);
    const Z = centerColumns(A);
    expect(maxDiff(Z, matmul(A, centering(7)))).toBeLessThan(1e-14);
    for (let i = 0; i < 5; i++) {
      let s = 0;
      for (let j = 0; j < 7; j++) s += Z.data[i * 7 + j];
      expect(Math.abs(s)).toBeLessThan(1e-14);
    }
  });

  it('rowNorms, colNorms', () => {
    const A = fromRows([
      [3, 0],
      [4, 1],
    ]);
    expect(Array.from(rowNorms(A))).toEqual([3, Math.sqrt(17)]);
    expect(Array.from(colNorms(A))).toEqual([5, 1]);
  });

  it('cosineMatrix gives unit diagonal, clamps, and 0 (not NaN) for zero rows', () => {
    const A = fromRows([
      [1, 0],
      [1, 1],
      [0, 0],
      [-2, 0],
    ]);
    const C = cosineMatrix(A);
    expect(C.data[0]).toBe(1);
    expect(C.data[1]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(C.data[3]).toBe(-1);
    for (let j = 0; j < 4; j++) {
      expect(C.data[2 * 4 + j]).toBe(0);
      expect(C.data[j * 4 + 2]).toBe(0);
    }
    expect(isFiniteMat(C)).toBe(true);
  });

  it('diag, diagOf, trace, symmetrize, isFiniteMat', () => {
    const D = diag([1, 2, 3]);
    expect(toRows(D)).toEqual([
      [1, 0, 0],
      [0, 2, 0],
      [0, 0, 3],
    ]);
    expect(
      Array.from(
        diagOf(
          fromRows([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ),
    ).toEqual([1, 5]);
    expect(trace(D)).toBe(6);
    expect(() => trace(mat(2, 3))).toThrow(/trace/);
    expect(
      toRows(
        symmetrize(
          fromRows([
            [1, 2],
            [4, 3],
          ]),
        ),
      ),
    ).toEqual([
      [1, 3],
      [3, 3],
    ]);
    expect(isFiniteMat(D)).toBe(true);
    expect(isFiniteMat(fromRows([[1, NaN]]))).toBe(false);
    expect(isFiniteMat(fromRows([[1, -Infinity]]))).toBe(false);
  });

  it('column and setColumn', () => {
    const A = fromRows([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(Array.from(column(A, 1))).toEqual([2, 4, 6]);
    setColumn(A, 0, [7, 8, 9]);
    expect(toRows(A)).toEqual([
      [7, 2],
      [8, 4],
      [9, 6],
    ]);
    expect(() => column(A, 2)).toThrow(/column/);
    expect(() => setColumn(A, 0, [1])).toThrow(/setColumn/);
  });
});
