import { describe, expect, it } from 'vitest';
import { fromRows, rowNorms } from '../../src/linalg/matrix.ts';
import { meanSquaredNormMatches, rowsNonZero } from '../../src/predicates/norms.ts';

describe('norm predicates', () => {
  it('mean squared norm: (9 + 16) / 2 = 12.5, slope 2 max ||a_k||', () => {
    const norms = rowNorms(
      fromRows([
        [3, 0],
        [0, 4],
      ]),
    );
    expect(meanSquaredNormMatches(norms, 12.5, 'w').deviation).toBe(0);
    const off = meanSquaredNormMatches(norms, 12.5 * 1.03, 'w');
    expect(off.deviation).toBeCloseTo(0.03 / 1.03, 14);
    expect(off.sensitivity).toBeCloseTo(8 / (12.5 * 1.03), 14);
  });

  it('rows non-zero: below the floor the deviation is the shortfall', () => {
    const A = fromRows([
      [3, 0],
      [0, 4],
      [0, 0],
    ]);
    expect(rowsNonZero(A, [0, 1], 1e-3, 'w').deviation).toBe(0);
    expect(rowsNonZero(A, [0, 2], 1e-3, 'w').deviation).toBe(1e-3);
  });
});
