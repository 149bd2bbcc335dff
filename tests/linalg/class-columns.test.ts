import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { classLabels, expandClassColumns } from '../../src/linalg/class-columns.ts';
import { fromRows, toRows } from '../../src/linalg/matrix.ts';

describe('class-level to sample-level columns', () => {
  it('labels samples class by class', () => {
    expect(Array.from(classLabels([2, 1, 3]))).toEqual([0, 0, 1, 2, 2, 2]);
    expect(Array.from(classLabels([]))).toEqual([]);
  });

  it('gives every sample its class column', () => {
    const Hbar = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(toRows(expandClassColumns(Hbar, classLabels([2, 0, 1])))).toEqual([
      [1, 1, 3],
      [4, 4, 6],
    ]);
    // Labels in any order: column j is column labels[j].
    expect(toRows(expandClassColumns(Hbar, Int32Array.from([2, 0, 2])))).toEqual([
      [3, 1, 3],
      [6, 4, 6],
    ]);
  });

  it('rejects a label outside the classes', () => {
    expect(() => expandClassColumns(fromRows([[1, 2]]), Int32Array.from([0, 2]))).toThrow(InputError);
  });
});
