import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { fromRows, mat } from '../../src/linalg/matrix.ts';
import {
  blockRankAtMostOne,
  clusterCollapseMatches,
  etfShapeDistance,
  scaledSimplexLogits,
  withinClassCollapseOrZero,
  worstOf,
  zeroLogits,
} from '../../src/predicates/cluster-logits.ts';
import type { Measurement } from '../../src/predicates/predicate.ts';

const m = (deviation: number): Measurement => ({ deviation, kind: 'absolute', detail: String(deviation), sensitivity: 1 });

describe('cluster-logit predicates', () => {
  it('worstOf: the largest deviation, the first of equals, and a NaN always', () => {
    expect(worstOf([m(1), m(3), m(2)]).deviation).toBe(3);
    expect(worstOf([m(2), m(2)]).detail).toBe('2');
    expect(Number.isNaN(worstOf([m(1), m(NaN), m(5)]).deviation)).toBe(true);
    expect(() => worstOf([])).toThrow(InputError);
  });

  it('accepts a (K I - J), b = 0 built by hand, and rejects a 3% larger a or a non-zero bias', () => {
    const a = 0.7;
    const Z = fromRows([
      [2 * a, -a, -a],
      [-a, 2 * a, -a],
      [-a, -a, 2 * a],
    ]);
    expect(scaledSimplexLogits(Z, new Float64Array(3), a, 1).deviation).toBeLessThan(1e-15);
    // ||Z - 1.03 Z|| / ||1.03 Z|| = 0.03 / 1.03.
    expect(scaledSimplexLogits(Z, null, 1.03 * a, 1).deviation).toBeCloseTo(0.03 / 1.03, 14);
    const b = scaledSimplexLogits(Z, Float64Array.from([0, 0.2, -0.1]), a, 1);
    expect([b.deviation, b.kind]).toEqual([0.2, 'absolute']);
  });

  it('blockRankAtMostOne: sigma_2 of the block over ||Z_bar||_F', () => {
    // The block on classes 1, 2 is diag(3, 1) plus a rank-one part where it should be.
    const Z = fromRows([
      [5, 0, 0],
      [0, 3, 0],
      [0, 0, 1],
    ]);
    expect(blockRankAtMostOne(Z, [1, 2], 1).deviation).toBeCloseTo(1 / Math.sqrt(35), 15);
    const rankOne = fromRows([
      [5, 0, 0],
      [0, 2, 4],
      [0, 1, 2],
    ]);
    expect(blockRankAtMostOne(rankOne, [1, 2], 1).deviation).toBeLessThan(1e-15);
    expect(blockRankAtMostOne(mat(3, 3), [1, 2], 1).kind).toBe('absolute');
  });

  it('clusterCollapseMatches: the worst cluster decides, one-class clusters are skipped, one flag per cluster', () => {
    // Columns 0, 1 equal (cluster 1 collapsed); columns 2, 3 differ by (0, 0, 3, -3), ||Z||_F = sqrt(22).
    const Z = fromRows([
      [1, 1, 0, 0],
      [-1, -1, 0, 0],
      [0, 0, 3, 0],
      [0, 0, 0, 3],
    ]).data;
    const Zm = mat(4, 4, Z);
    expect(
      clusterCollapseMatches(
        Zm,
        [
          [0, 1],
          [2, 3],
        ],
        [true, false],
        1,
      ).deviation,
    ).toBe(0);
    const wrong = clusterCollapseMatches(
      Zm,
      [
        [0, 1],
        [2, 3],
      ],
      [true, true],
      1,
    );
    expect(wrong.deviation).toBeCloseTo(Math.sqrt(18) / Math.sqrt(22), 14);
    expect(wrong.detail).toMatch(/cluster 2/);
    expect(
      clusterCollapseMatches(
        Zm,
        [
          [0, 1],
          [2, 3],
        ],
        [false, false],
        1,
      ).deviation,
    ).toBeCloseTo(1e-3, 15);
    expect(clusterCollapseMatches(Zm, [[0], [1], [2], [3]], [true, true, true, true], 1).deviation).toBe(0);
    expect(() =>
      clusterCollapseMatches(
        Zm,
        [
          [0, 1],
          [2, 3],
        ],
        [true],
        1,
      ),
    ).toThrow(/^collapse: expected one flag per cluster/);
  });

  it('etfShapeDistance: 0 on any a (K I - J), sqrt(2 - 2 <I, C>) on the identity', () => {
    expect(
      etfShapeDistance(
        fromRows([
          [3, -3],
          [-3, 3],
        ]),
      ),
    ).toBeLessThan(1e-15);
    // <I/||I||, (K I - J)/||K I - J||> = K (K - 1) / (sqrt(K) K sqrt(K - 1)) = sqrt((K - 1)/K).
    const K = 4;
    const I = mat(K, K);
    for (let i = 0; i < K; i++) I.data[i * K + i] = 1;
    expect(etfShapeDistance(I)).toBeCloseTo(Math.sqrt(2 - 2 * Math.sqrt((K - 1) / K)), 14);
  });

  it('zero regime: NC1 and Z_bar = 0 are measured absolutely', () => {
    const H = fromRows([[1e-12, -1e-12]]);
    const nc1 = withinClassCollapseOrZero(H, Int32Array.from([0, 1]), fromRows([[1e-12, -1e-12]]));
    expect(nc1.kind).toBe('absolute');
    expect(nc1.deviation).toBeCloseTo(Math.sqrt(2) * 1e-12, 26);
    const live = withinClassCollapseOrZero(fromRows([[1, 3]]), Int32Array.from([0, 0]), fromRows([[2]]));
    expect([live.kind, live.deviation]).toEqual(['relative', 0.5]);
    expect(zeroLogits(fromRows([[3, 4]]), 2)).toMatchObject({ deviation: 5, kind: 'absolute', sensitivity: 2 });
  });
});
