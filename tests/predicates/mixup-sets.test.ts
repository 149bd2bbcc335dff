/**
 * The worst-of-mixes mixup predicates (src/predicates/mixup-sets.ts) on features built exactly in
 * the test from a simplex ETF (Helmert rows written out): each holds with deviation 0 where the
 * structure is exact, and a planted wrong structure is reported with its size.
 */
import { describe, expect, it } from 'vitest';
import { mat } from '../../src/linalg/matrix.ts';
import {
  decisionSides,
  equiangularRows,
  featuresMatch,
  lamScaling,
  parallelToOwnClass,
  spanDistance,
  OFF_BOUNDARY_GAP,
  type MixedFeature,
} from '../../src/predicates/mixup-sets.ts';

// Four unit vectors of R^3 with pairwise cos -1/3: the vertices of a regular tetrahedron.
const r3 = 1 / Math.sqrt(3);
const W = mat(4, 3, [r3, r3, r3, r3, -r3, -r3, -r3, r3, -r3, -r3, -r3, r3]);
const w = (k: number) => Array.from(W.data.subarray(3 * k, 3 * k + 3));
const comb = (a: number, i: number, b: number, j: number) => w(i).map((x, q) => a * x + b * w(j)[q]);
const logits = (h: number[]) => Array.from({ length: 4 }, (_, k) => w(k).reduce((s, x, q) => s + x * h[q], 0));
const feature = (i: number, j: number, lam: number, h: number[]): MixedFeature => ({ mix: { i, j, lam }, h, logits: logits(h) });

describe('mixup set predicates', () => {
  it('parallel to the own class: 0 for positive multiples, >= 1 for a negative one', () => {
    expect(parallelToOwnClass([feature(0, 0, 1, comb(2, 0, 0, 1)), feature(3, 3, 0.2, comb(0.5, 3, 0, 1))], W).deviation).toBeLessThan(1e-15);
    expect(parallelToOwnClass([feature(0, 0, 1, comb(2, 0, 0, 1)), feature(1, 1, 1, comb(-1, 1, 0, 0))], W).deviation).toBeGreaterThanOrEqual(1);
  });

  it('lam scaling: equal features have exponent 0; features proportional to lam exponent 1', () => {
    const h = comb(1.5, 2, 0, 0);
    const same = [feature(2, 2, 1, h), feature(2, 2, 0.5, h), feature(2, 2, 0, h)];
    expect(lamScaling(same, 0).deviation).toBe(0);
    // Exponent 1 claims h(0.5) = h/2 and h(0) = 0: off by 1/2 relative to max(||h/2||, 1) = 1, and by ||h|| = 1.5.
    expect(lamScaling(same, 1).deviation).toBeCloseTo(1.5, 14);
    const scaled = [
      feature(2, 2, 1, h),
      feature(
        2,
        2,
        0.5,
        h.map((x) => x / 2),
      ),
    ];
    expect(lamScaling(scaled, 1).deviation).toBeLessThan(1e-15);
  });

  it('span distance: 0 inside span{w_i, w_j}, the distance over max(||h||, 1) outside, a vanishing feature decided absolutely', () => {
    expect(spanDistance([feature(0, 1, 0.7, comb(2, 0, 0.5, 1))], W, 0).deviation).toBeLessThan(1e-15);
    const h = w(2);
    const d = spanDistance([feature(0, 1, 0.7, h)], W, 0).deviation;
    // P onto span{w_0, w_1}: Gram [[1, -1/3], [-1/3, 1]], w_2 . w_0 = w_2 . w_1 = -1/3, so the
    // coefficients a = b solve (2/3) a = -1/3: a = -1/2, |P w_2|^2 = 2 (1/2)(1/3) = 1/3; ||w_2|| = 1.
    expect(d).toBeCloseTo(Math.sqrt(1 - 1 / 3), 14);
    expect(spanDistance([feature(0, 1, 0.5, [0, 0, 0])], W, 0).deviation).toBe(0);
    expect(spanDistance([feature(0, 1, 0.7, comb(2, 0, 0.5, 1))], W, 0.03).deviation).toBeCloseTo(0.03, 14);
  });

  it('decision sides: on the boundary at boundaryLam, on the heavier side elsewhere', () => {
    const on = feature(0, 1, 0.5, comb(1, 0, 1, 1));
    const heavyI = feature(0, 1, 0.8, comb(2, 0, 1, 1));
    expect(decisionSides([on, heavyI], W, 0.5).deviation).toBe(0);
    // At lam = 0.7 claimed on the boundary, the lam = 0.5 mix is off it on the wrong (zero) side.
    expect(decisionSides([on, heavyI], W, 0.7).deviation).toBeCloseTo(OFF_BOUNDARY_GAP, 15);
    // Wrong side: lam > 1/2 but z_j > z_i.
    expect(decisionSides([feature(0, 1, 0.8, comb(1, 0, 2, 1))], W, 0.5).deviation).toBeGreaterThan(OFF_BOUNDARY_GAP);
    expect(decisionSides([feature(0, 0, 0.3, comb(1, 0, 0, 1))], W, 0.5).detail).toMatch(/no cross-class mixes/);
  });

  it('features match: relative to max(||g||, 1)', () => {
    const g = comb(3, 0, 1, 1);
    expect(featuresMatch([feature(0, 1, 0.7, g)], [g]).deviation).toBe(0);
    const off = g.map((x) => 1.01 * x);
    expect(featuresMatch([feature(0, 1, 0.7, off)], [g]).deviation).toBeCloseTo(0.01, 12);
    expect(() => featuresMatch([feature(0, 1, 0.7, g)], [])).toThrow(/claimed/);
  });

  it('equiangular rows: 0 for the tetrahedron at cos -1/3 up to scale, not at cos 0', () => {
    const scaled = mat(
      4,
      3,
      Array.from(W.data, (x) => 2.5 * x),
    );
    expect(equiangularRows(scaled, -1 / 3).deviation).toBeLessThan(1e-15);
    expect(equiangularRows(scaled, 0).deviation).toBeGreaterThan(0.3);
  });
});
