/**
 * The deep linear point builders and per-class values, against what they are documented to
 * build: the view recovers the named matrices; a balanced frame point has lambdaW_m W_m^T W_m
 * = diag(c_j) on every layer and the end-to-end map sum_j prod_m sqrt(c_j / lambdaW_m) u_j e_j^T;
 * per-class roots against the closed form of M = 1 and the equation g_2(x) = b of M = 2.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { colGram, fromRows, mat, matmulNT, relFrobDiff, toRows } from '../../../src/linalg/matrix.ts';
import { classesBySize, deepLinearClassValues } from '../../../src/problems/deep-linear/classes.ts';
import { balancedFramePoint, classAxes, deepLinearPoint, equalModes } from '../../../src/problems/deep-linear/point.ts';
import type { DeepLinearInstance } from '../../../src/problems/deep-linear/problem.ts';
import { dlnSymbols } from '../../../src/problems/deep-linear/symbols.ts';
import { deepLinearView } from '../../../src/problems/deep-linear/view.ts';
import { helmertBasis } from '../../../src/predicates/frames.ts';

function inst(over: Partial<DeepLinearInstance> = {}): DeepLinearInstance {
  return { problem: 'dln-mse', K: 3, n: [3, 2, 1], depth: 2, widths: [4, 3], lambdaW: [0.01, 0.04], lambdaH: 0.005, bias: false, ...over };
}

describe('deepLinearPoint', () => {
  it('packs layers, class means (repeated per sample) and bias so that the view reads them back', () => {
    const I = inst({ bias: true });
    const W1 = mat(
      3,
      4,
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const W2 = mat(
      3,
      3,
      Array.from({ length: 9 }, (_, i) => -i),
    );
    const Hbar = mat(
      4,
      3,
      Array.from({ length: 12 }, (_, i) => 0.5 * i),
    );
    const v = deepLinearView(I, deepLinearPoint(I, { layers: [W1, W2], Hbar, b: [7, 8, 9] }));
    expect(toRows(v.layers[0])).toEqual(toRows(W1));
    expect(toRows(v.layers[1])).toEqual(toRows(W2));
    expect(toRows(v.Hbar)).toEqual(toRows(Hbar));
    expect(Array.from(v.H.data.subarray(0, 6))).toEqual([0, 0, 0, 0.5, 0.5, 1]);
    expect(Array.from(v.b!)).toEqual([7, 8, 9]);
  });

  it('names the part of the wrong shape', () => {
    const I = inst();
    const ok = { layers: [mat(3, 4), mat(3, 3)], Hbar: mat(4, 3) };
    expect(() => deepLinearPoint(I, { ...ok, layers: [mat(3, 4)] })).toThrow(InputError);
    expect(() => deepLinearPoint(I, { ...ok, layers: [mat(4, 4), mat(3, 3)] })).toThrow(/W1/);
    expect(() => deepLinearPoint(I, { ...ok, b: [1, 2, 3] })).toThrow(/no bias/);
  });
});

describe('balancedFramePoint', () => {
  it('an orthogonal frame over chosen classes: balanced layers, W = sum_j s_j e_{k_j} e_j^T', () => {
    const I = inst({ depth: 3, widths: [3, 4, 3], lambdaW: [0.01, 0.04, 0.02] });
    const c = [0.3, 0.2];
    const v = deepLinearView(I, balancedFramePoint(I, classAxes(3, [2, 0]), { c, h: [1.5, 0.5] }));
    v.layers.forEach((W, m) => {
      const G = colGram(W);
      const want = mat(W.cols, W.cols);
      c.forEach((cj, j) => {
        want.data[j * W.cols + j] = cj / I.lambdaW[m];
      });
      expect(relFrobDiff(G, want)).toBeLessThan(1e-14);
    });
    const gain = c.map((cj) => Math.sqrt(I.lambdaW.reduce((p, l) => (p * cj) / l, 1)));
    expect(v.W.data[2 * 3 + 0]).toBeCloseTo(gain[0], 12);
    expect(v.W.data[0 * 3 + 1]).toBeCloseTo(gain[1], 12);
    expect(toRows(v.Hbar)).toEqual([
      [0, 0, 1.5],
      [0.5, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('a simplex ETF along the Helmert basis, skipping zero modes, and rejects too many directions', () => {
    const I = inst({ n: [2, 2, 2] });
    const v = deepLinearView(I, balancedFramePoint(I, helmertBasis(3), equalModes(2, 0.2, 0.7)));
    // W W^T = prod_m (c / lambdaW_m) (I - J/3).
    const s2 = (0.2 / 0.01) * (0.2 / 0.04);
    expect(
      relFrobDiff(
        matmulNT(v.W, v.W),
        fromRows(
          [
            [2, -1, -1],
            [-1, 2, -1],
            [-1, -1, 2],
          ].map((r) => r.map((e) => (s2 * e) / 3)),
        ),
      ),
    ).toBeLessThan(1e-14);
    const zero = balancedFramePoint(inst({ bias: true }), helmertBasis(3), equalModes(2, 0, 0), [1, 1, 1]);
    expect(zero.subarray(0, zero.length - 3).every((e) => Object.is(e, 0))).toBe(true);
    expect(() => balancedFramePoint(inst({ widths: [4, 1] }), helmertBasis(3), equalModes(2, 1, 1))).toThrow(InputError);
  });
});

describe('per-class values of the MSE reduction', () => {
  it('M = 1: x_k = b_k^{-1/2} - 1 when b_k < thr, else 0', () => {
    const I = inst({ depth: 1, widths: [4], lambdaW: [0.01], n: [4, 1, 2] });
    const r = deepLinearClassValues(I, { bScale: 1.5, thr: 1 });
    expect(r.live).toEqual([true, false, true]);
    expect(r.x[0]).toBeCloseTo((1.5 / 4) ** -0.5 - 1, 12);
    expect(r.x[1]).toBe(0);
    expect(r.x[2]).toBeCloseTo((1.5 / 2) ** -0.5 - 1, 12);
    expect(r.a2[0]).toBeCloseTo(7 * 0.005 * r.x[0], 14);
  });

  it('M = 2: x_k solves x/(x^2+1)^2 = b_k beyond the peak 1/sqrt(3); keep drops the smallest classes, ties by index', () => {
    const I = inst({ n: [2, 3, 3] });
    const r = deepLinearClassValues(I, { bScale: 0.4, thr: 0.25 });
    r.x.forEach((x, k) => {
      expect(x).toBeGreaterThan(1 / Math.sqrt(3));
      expect(x / (x * x + 1) ** 2).toBeCloseTo(0.4 / I.n[k], 12);
    });
    expect(classesBySize([2, 3, 3])).toEqual([1, 2, 0]);
    expect(deepLinearClassValues(I, { bScale: 0.4, thr: 0.25, keep: 1 }).live).toEqual([false, true, false]);
  });

  it('symbols: counts, sorted counts, geometric mean of the layer weights', () => {
    const s = dlnSymbols(inst({ n: [1, 3, 2] }));
    expect([s.K, s.M, s.N, s.nmin, s.nmax, s.dmin, s.bias]).toEqual([3, 2, 6, 1, 3, 3, 0]);
    expect(Number.isNaN(s.n)).toBe(true);
    expect(s.nkSorted).toEqual([3, 2, 1]);
    expect(s.lambdaGeo as number).toBeCloseTo(0.02, 15);
  });
});
