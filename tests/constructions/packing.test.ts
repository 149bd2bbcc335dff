/**
 * Packing bounds and the ebv2023 claims on exact configurations built in the test (the
 * Mercedes frame, four lines at 45 degrees, the simplex, orthonormal frames), random sets, and
 * planted wrong variants that the checks must reject.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { mat } from '../../src/linalg/matrix.ts';
import { Rng } from '../../src/random.ts';
import { bestLowerBound, orthoplexBound, welchBound, type PackingBound } from '../../src/constructions/packing-bounds.ts';
import { measureVectorSet } from '../../src/constructions/vector-set.ts';
import {
  ATTAINMENT_TOLERANCE,
  COSINE_ROUNDING,
  ORTHONORMAL_TOLERANCE,
  checkBeats,
  checkOrthonormal,
  checkSimplexAttainment,
  checkWelchChain,
  simplexBoundExcess,
} from '../../src/constructions/packing-checks.ts';
import { orthonormalColumns, randomOrthonormalRows } from '../../src/constructions/orthonormal.ts';

/** The planted wrong Welch bound: N and d swapped in the denominator. */
const swappedWelch: PackingBound = (N, d) => (N > d ? Math.sqrt((N - d) / (N * (d - 1))) : null);

const lines = (angles: number[]) =>
  mat(
    angles.length,
    2,
    angles.flatMap((t) => [Math.cos(t), Math.sin(t)]),
  );

describe('packing bounds', () => {
  it('Welch: 3 lines in R^2 at 60 degrees (|cos| = 1/2) attain sqrt((N-d)/(d(N-1))) = 1/2', () => {
    const m = measureVectorSet(lines([0, Math.PI / 3, (2 * Math.PI) / 3]));
    expect(welchBound(3, 2)).toBeCloseTo(0.5, 15);
    expect(m.maxAbsCos).toBeCloseTo(0.5, 15);
    expect(m.rmsCos).toBeCloseTo(0.5, 15);
    expect(checkWelchChain(m).deviation).toBeLessThanOrEqual(COSINE_ROUNDING);
  });

  it('orthoplex: 4 lines in R^2 (N > d(d+1)/2 = 3) at 45 degrees attain 1/sqrt(2), above Welch', () => {
    const m = measureVectorSet(lines([0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4]));
    expect(orthoplexBound(4, 2)).toBeCloseTo(Math.SQRT1_2, 15);
    expect(orthoplexBound(3, 2)).toBeNull();
    expect(welchBound(4, 2)).toBeCloseTo(Math.sqrt(2 / 6), 15);
    const b = bestLowerBound(4, 2);
    expect(b.name).toBe('orthoplex');
    expect(m.maxAbsCos).toBeCloseTo(Math.SQRT1_2, 15);
    expect(m.ratioToBound).toBeCloseTo(1, 14);
  });

  it('N <= d has no positive bound', () => {
    for (const [N, d] of [
      [1, 1],
      [3, 3],
      [5, 9],
    ]) {
      expect(welchBound(N, d)).toBeNull();
      expect(bestLowerBound(N, d)).toMatchObject({ bound: 0, name: 'none' });
    }
  });

  it('max|cos| >= RMS >= Welch on 40 random sets (N > d), and the swapped bound is rejected', () => {
    const rng = new Rng(11);
    let rejected = 0;
    for (let t = 0; t < 40; t++) {
      const d = rng.int(2, 12);
      const N = rng.int(d + 1, 4 * d);
      const m = measureVectorSet(mat(N, d, rng.normalArray(N * d)));
      expect(checkWelchChain(m).deviation).toBeLessThanOrEqual(COSINE_ROUNDING);
      expect(m.maxAbsCos).toBeGreaterThanOrEqual(m.rmsCos);
    }
    // The simplex at N = d + 1 meets Welch, so a larger claimed bound is violated there.
    for (let d = 2; d <= 9; d++) {
      const m = measureVectorSet(simplexRows(d + 1, d));
      expect(checkWelchChain(m).deviation).toBeLessThanOrEqual(COSINE_ROUNDING);
      if (checkWelchChain(m, swappedWelch, 'swapped Welch').deviation > COSINE_ROUNDING) rejected++;
    }
    expect(rejected).toBe(8);
  });

  it('checkWelchChain refuses N <= d, naming N', () => {
    expect(() => checkWelchChain(measureVectorSet(mat(2, 3, [1, 0, 0, 0, 1, 0])))).toThrow(InputError);
  });
});

/** The simplex ETF of N vectors in R^d, built here from centred standard basis vectors (d >= N - 1). */
function simplexRows(N: number, d: number) {
  // e_k - 1/N, in R^N, has rank N - 1; an orthonormal basis of 1^perp maps it into R^{N-1}.
  const E = mat(
    N,
    N,
    Float64Array.from({ length: N * N }, (_, t) => (Math.floor(t / N) === t % N ? 1 : 0) - 1 / N),
  );
  const B = orthonormalColumns(E); // N x N; its first N - 1 columns span 1^perp (E has rank N - 1)
  const V = mat(N, d);
  for (let k = 0; k < N; k++) {
    for (let c = 0; c < N - 1; c++) {
      let s = 0;
      for (let t = 0; t < N; t++) s += E.data[k * N + t] * B.data[t * N + c];
      V.data[k * d + c] = s;
    }
  }
  return V;
}

describe('simplex ETF against the Welch bound', () => {
  it('the test simplex has cos -1/(N-1)', () => {
    const m = measureVectorSet(simplexRows(5, 4));
    expect(m.maxAbsCos).toBeCloseTo(1 / 4, 14);
  });

  it('attains it exactly iff N = d + 1 (d = 1..10, N = 2..d+1)', () => {
    for (let d = 1; d <= 10; d++) {
      for (let N = 2; N <= d + 1; N++) {
        const m = checkSimplexAttainment(N, d);
        expect(m.deviation, `N=${N} d=${d}: ${m.detail}`).toBeLessThanOrEqual(ATTAINMENT_TOLERANCE);
      }
      expect(simplexBoundExcess(d + 1, d).excess).toBeLessThanOrEqual(ATTAINMENT_TOLERANCE);
    }
  });

  it('planted: attainment claimed at N = d + 2 is rejected (no such simplex in R^d)', () => {
    for (let d = 1; d <= 6; d++) {
      const m = checkSimplexAttainment(d + 2, d, (N, dd) => N === dd + 2);
      expect(m.deviation).toBe(Infinity);
    }
  });

  it('planted: attainment claimed at N = d, or never, is rejected', () => {
    for (let d = 2; d <= 6; d++) {
      expect(checkSimplexAttainment(d, d, (N, dd) => N === dd).deviation).toBeGreaterThan(ATTAINMENT_TOLERANCE);
      expect(checkSimplexAttainment(d + 1, d, () => false).deviation).toBeGreaterThan(ATTAINMENT_TOLERANCE);
    }
  });
});

describe('orthonormal sets for N <= d', () => {
  it('random orthonormal rows are orthonormal to 1e-12 (N = d included)', () => {
    for (const [N, d, seed] of [
      [1, 1, 1],
      [5, 5, 2],
      [20, 30, 3],
      [64, 64, 4],
      [100, 120, 5],
    ]) {
      const m = measureVectorSet(randomOrthonormalRows(N, d, new Rng(seed)));
      expect(checkOrthonormal(m).deviation).toBeLessThanOrEqual(ORTHONORMAL_TOLERANCE);
      expect(m.maxAbsCos).toBeLessThanOrEqual(1e-12);
    }
  });

  it('a frame perturbed by 1e-9 is rejected; N > d is refused', () => {
    const V = randomOrthonormalRows(6, 8, new Rng(2));
    V.data[3] += 1e-9;
    expect(checkOrthonormal(measureVectorSet(V)).deviation).toBeGreaterThan(ORTHONORMAL_TOLERANCE);
    expect(() => checkOrthonormal(measureVectorSet(mat(3, 2, [1, 0, 0, 1, 1, 1])))).toThrow(/N/);
    expect(() => randomOrthonormalRows(3, 2, new Rng(1))).toThrow(InputError);
  });

  it('Householder QR: Q^T Q = I and Q R = A with R = Q^T A upper triangular, also for a rank-deficient A', () => {
    const rng = new Rng(8);
    for (const [m, n, rankDeficient] of [
      [7, 4, false],
      [6, 6, false],
      [9, 5, true],
    ] as const) {
      const A = mat(m, n, rng.normalArray(m * n));
      if (rankDeficient) for (let i = 0; i < m; i++) A.data[i * n + 2] = A.data[i * n] + A.data[i * n + 1];
      const Q = orthonormalColumns(A);
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += Q.data[i * n + a] * Q.data[i * n + b];
          expect(Math.abs(s - (a === b ? 1 : 0))).toBeLessThan(1e-14);
          // R_ab = q_a . A_b vanishes below the diagonal.
          let r = 0;
          for (let i = 0; i < m; i++) r += Q.data[i * n + a] * A.data[i * n + b];
          if (a > b) expect(Math.abs(r)).toBeLessThan(1e-13);
        }
      }
    }
  });
});

describe('vector-set measurement', () => {
  it('matches a direct computation on non-unit random rows', () => {
    const rng = new Rng(21);
    const N = 13;
    const d = 5;
    const V = mat(N, d, rng.normalArray(N * d, 3));
    const m = measureVectorSet(V);
    let mx = 0;
    let sq = 0;
    let pair: [number, number] = [0, 0];
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        if (i === j) continue;
        const a = V.data.subarray(i * d, (i + 1) * d);
        const b = V.data.subarray(j * d, (j + 1) * d);
        let s = 0;
        for (let k = 0; k < d; k++) s += a[k] * b[k];
        const c = Math.abs(s / (Math.hypot(...a) * Math.hypot(...b)));
        sq += c * c;
        if (c > mx) {
          mx = c;
          pair = [Math.min(i, j), Math.max(i, j)];
        }
      }
    }
    expect(m.maxAbsCos).toBeCloseTo(mx, 14);
    expect(m.maxPair).toEqual(pair);
    expect(m.rmsCos).toBeCloseTo(Math.sqrt(sq / (N * (N - 1))), 14);
    expect(m.ratioToBound).toBeCloseTo(mx / Math.sqrt((N - d) / (d * (N - 1))), 12);
    expect(m.normDeviation).toBeGreaterThan(0.1);
  });

  it('measures more rows than one Gram block (N = 300) the same as the direct maximum', () => {
    const rng = new Rng(4);
    const V = mat(300, 3, rng.normalArray(900));
    const m = measureVectorSet(V);
    let mx = 0;
    for (let i = 0; i < 300; i++)
      for (let j = i + 1; j < 300; j++) {
        const a = V.data.subarray(i * 3, i * 3 + 3);
        const b = V.data.subarray(j * 3, j * 3 + 3);
        mx = Math.max(mx, Math.abs((a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (Math.hypot(...a) * Math.hypot(...b))));
      }
    expect(m.maxAbsCos).toBeCloseTo(mx, 14);
  });

  it('refuses a zero row, a non-finite entry and an empty set, naming the input', () => {
    expect(() => measureVectorSet(mat(2, 2, [1, 0, 0, 0]), 'v.npy')).toThrow(/v\.npy: row 1 is the zero vector/);
    expect(() => measureVectorSet(mat(2, 2, [1, NaN, 0, 1]), 'v.npy')).toThrow(/v\.npy: row 0, entry 1/);
    expect(() => measureVectorSet(mat(0, 2), 'v.npy')).toThrow(InputError);
  });

  it('a single vector has coherence 0', () => {
    const m = measureVectorSet(mat(1, 3, [0, 2, 0]));
    expect(m).toMatchObject({ maxAbsCos: 0, rmsCos: 0, maxPair: null });
  });

  it('checkBeats compares coherences', () => {
    const a = measureVectorSet(lines([0, 1.2]));
    const b = measureVectorSet(lines([0, 0.3]));
    expect(checkBeats(a, b).deviation).toBe(0);
    expect(checkBeats(b, a).deviation).toBeGreaterThan(0);
  });
});
