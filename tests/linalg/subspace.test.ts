import { describe, expect, it } from 'vitest';
import { orthonormalBasis, projectOut } from '../../src/linalg/subspace.ts';
import { dot, norm2 } from '../../src/linalg/vector.ts';

describe('orthonormalBasis and projectOut', () => {
  const a = Float64Array.from([1, 1, 0, 0]);
  const b = Float64Array.from([1, 0, 1, 0]);
  const dependent = Float64Array.from([2, 1, 1, 0]); // a + b
  const zero = new Float64Array(4);

  it('keeps one orthonormal vector per independent direction, dropping dependent and zero ones', () => {
    const basis = orthonormalBasis([a, zero, b, dependent], 1);
    expect(basis).toHaveLength(2);
    for (const u of basis) expect(norm2(u)).toBeCloseTo(1, 14);
    expect(dot(basis[0], basis[1])).toBeCloseTo(0, 14);
  });

  it('projection removes exactly the span', () => {
    const basis = orthonormalBasis([a, b], 1);
    const v = Float64Array.from([3, -1, 2, 5]);
    projectOut(v, basis);
    expect(dot(v, a)).toBeCloseTo(0, 13);
    expect(dot(v, b)).toBeCloseTo(0, 13);
    // The component along e4, orthogonal to both, is untouched.
    expect(v[3]).toBe(5);
  });
});
