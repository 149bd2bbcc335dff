/**
 * The small pieces the metrics rest on: moments merged in fixed order equal the two-pass moments
 * of all values; labels of any integers are remapped in ascending order; non-integers refused.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { remapLabels } from '../../src/metrics/labels.ts';
import { emptyMoments, mergeMoments, momentsOf } from '../../src/metrics/moments.ts';
import { Rng } from '../../src/random.ts';

describe('moments', () => {
  it('merging the moments of pieces gives the moments of the whole (Chan et al.)', () => {
    const rng = new Rng(2);
    const all = Float64Array.from({ length: 1000 }, () => 1e6 + rng.normal());
    const acc = emptyMoments();
    for (let s = 0; s < 1000; s += 137) {
      const piece = all.slice(s, Math.min(1000, s + 137));
      mergeMoments(acc, momentsOf(piece, piece.length));
    }
    const whole = momentsOf(all, all.length);
    expect(acc[0]).toBe(1000);
    expect(Math.abs(acc[1] - whole[1]) / whole[1]).toBeLessThan(1e-15);
    expect(Math.abs(acc[2] - whole[2]) / whole[2]).toBeLessThan(1e-9);
    // Planted: the one-pass formula sum x^2 - (sum x)^2/n loses the variance at this offset.
    let s1 = 0,
      s2 = 0;
    for (const x of all) {
      s1 += x;
      s2 += x * x;
    }
    expect(Math.abs(s2 - (s1 * s1) / 1000 - whole[2]) / whole[2]).toBeGreaterThan(1e-6);
  });

  it('equal values have M2 >= 0 at the rounding level of their squares (never negative)', () => {
    const v = new Float64Array(50).fill(-1 / 3);
    const m2 = momentsOf(v, 50)[2];
    expect(m2).toBeGreaterThanOrEqual(0);
    expect(m2).toBeLessThan(50 * ((50 * 2.2e-16) / 3) ** 2);
  });
});

describe('remapLabels', () => {
  it('maps any integers to 0..K-1 in ascending order and counts them', () => {
    const m = remapLabels([50257, -3, 7, 7, -3, 0], '--labels');
    expect(m.K).toBe(4);
    expect(m.labelOf).toEqual([-3, 0, 7, 50257]);
    expect(Array.from(m.classOf)).toEqual([3, 0, 2, 2, 0, 1]);
    expect(Array.from(m.counts)).toEqual([2, 1, 2, 1]);
  });
  it('refuses non-integers naming the first, and an empty list', () => {
    expect(() => remapLabels([1, 2.5, 3], '--labels')).toThrow(/^--labels: label 1 is 2.5; labels must be integers/);
    expect(() => remapLabels([], '--labels')).toThrow(InputError);
  });
});
