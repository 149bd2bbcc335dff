import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { fromRows, mat } from '../../src/linalg/matrix.ts';
import {
  centredLogits,
  classMeanLengths,
  classifierMatches,
  classifierOfMeans,
  deadClassesMatch,
  orthogonalClassMeans,
  reluSlope,
} from '../../src/predicates/relu.ts';

const I2 = fromRows([
  [1, 0],
  [0, 1],
]);

describe('ReLU feature-model predicates', () => {
  it('slope 8 (1 + s)^3 of a quantity quadratic in (W, G o G)', () => {
    expect(reluSlope(1)).toBe(64);
  });

  it('orthogonal class means: max |h_k . h_l| / sum ||h_k||^2', () => {
    expect(
      orthogonalClassMeans(
        fromRows([
          [2, 0],
          [0, 1],
        ]),
        0,
      ).deviation,
    ).toBe(0);
    // h_0 = (1, 0), h_1 = (1, 1): h_0 . h_1 = 1 over 1 + 2.
    const m = orthogonalClassMeans(
      fromRows([
        [1, 1],
        [0, 1],
      ]),
      1,
    );
    expect([m.deviation, m.kind, m.sensitivity]).toEqual([1 / 3, 'relative', 64 / 3]);
    expect(orthogonalClassMeans(mat(2, 2), 0).kind).toBe('absolute');
  });

  it('class-mean lengths against the claimed vector', () => {
    const Hbar = fromRows([
      [2, 0],
      [0, 1],
    ]);
    expect(classMeanLengths(Hbar, [4, 1], 0).deviation).toBe(0);
    expect(classMeanLengths(Hbar, [4, 2], 0).deviation).toBe(0.25);
    expect(() => classMeanLengths(Hbar, [4], 0)).toThrow(InputError);
  });

  it('logits W H_bar = [M_k (e_k - 1/K)] written out for K = 2', () => {
    // M = (2, 4): column 0 is 2 (1/2, -1/2), column 1 is 4 (-1/2, 1/2).
    const T = fromRows([
      [1, -2],
      [-1, 2],
    ]);
    expect(centredLogits(T, I2, [2, 4], 0).deviation).toBe(0);
    // M_1 3% larger: the claimed column 1 is (-2.06, 2.06), off by 0.06 in each entry.
    const off = centredLogits(T, I2, [2, 4.12], 0);
    expect(off.deviation).toBeCloseTo(Math.sqrt(2 * 0.06 ** 2) / Math.sqrt(2 + 2 * 2.06 ** 2), 14);
    expect(centredLogits(mat(2, 2), I2, [0, 0], 0).kind).toBe('absolute');
  });

  it('the classifier of class means c (K sqrt(n_k) h_k - sum_j sqrt(n_j) h_j), by hand for K = 2', () => {
    const [a, b, c] = [1.5, 0.5, 0.2];
    // n = (4, 1): sqrt(n) = (2, 1); sum_j sqrt(n_j) h_j = (2a, b).
    const W = classifierOfMeans(
      fromRows([
        [a, 0],
        [0, b],
      ]),
      [4, 1],
      c,
    );
    const want = [2 * a * c, -b * c, -2 * a * c, b * c];
    W.data.forEach((w, i) => expect(w).toBeCloseTo(want[i], 15));
    expect(classifierMatches(W, W, 'W*', 0).deviation).toBe(0);
    expect(classifierMatches(mat(2, 2), W, 'W*', 0).kind).toBe('absolute');
  });

  it('dead classes: h_k = 0 exactly where claimed, and not elsewhere', () => {
    const Hbar = fromRows([
      [3, 0],
      [0, 0],
    ]);
    expect(deadClassesMatch(Hbar, [false, true], 0).deviation).toBe(0);
    expect(deadClassesMatch(Hbar, [true, true], 0).deviation).toBe(3);
    expect(deadClassesMatch(Hbar, [false, false], 0).deviation).toBeCloseTo(1e-3, 18);
    expect(() => deadClassesMatch(Hbar, [true], 0)).toThrow(/^dead:/);
  });
});
