import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { fromRows, toRows } from '../../src/linalg/matrix.ts';
import { alongModes, rectangularDiag } from '../../src/linalg/modes.ts';

describe('matrices from per-mode gains', () => {
  const Q = fromRows([
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ]);

  it('puts gain_i q_i in column slot_i', () => {
    expect(toRows(alongModes(Q, [2, 10], 2))).toEqual([
      [2, 20],
      [8, 50],
      [14, 80],
    ]);
    expect(toRows(alongModes(Q, [2, 10], 3, [2, 0]))).toEqual([
      [20, 0, 2],
      [50, 0, 8],
      [80, 0, 14],
    ]);
    // A zero gain leaves its column exactly +0 (no -0 from 0 times a negative entry).
    const Z = alongModes(fromRows([[-1], [-2]]), [0], 1);
    expect(Object.is(Z.data[0], 0) && Object.is(Z.data[1], 0)).toBe(true);
  });

  it('rejects more gains than modes and a slot outside the columns', () => {
    expect(() => alongModes(Q, [1, 1, 1, 1], 4)).toThrow(InputError);
    expect(() => alongModes(Q, [1], 2, [2])).toThrow(InputError);
  });

  it('builds rectangular diagonals', () => {
    expect(toRows(rectangularDiag(2, 3, [4, 5]))).toEqual([
      [4, 0, 0],
      [0, 5, 0],
    ]);
    expect(toRows(rectangularDiag(3, 1, [7]))).toEqual([[7], [0], [0]]);
    expect(() => rectangularDiag(1, 3, [1, 2])).toThrow(InputError);
  });
});
