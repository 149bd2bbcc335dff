import { describe, expect, it } from 'vitest';
import { mat, matmulNT, rowGram, scale, transpose, type Mat } from '../../src/linalg/index.ts';
import {
  alignment,
  constantBias,
  equalRowNorms,
  isZero,
  scalarMatches,
  simplexEtfGram,
  withinClassCollapse,
  zeroGlobalMean,
} from '../../src/predicates/collapse.ts';
import { scaledOrthogonalFrame, simplexEtf } from '../../src/predicates/frames.ts';
import { Rng } from '../../src/random.ts';

/** A random orthogonal d x d matrix (Gram-Schmidt on Gaussian columns), to rotate exact frames. */
function randomOrthogonal(d: number, seed: number): Mat {
  const rng = new Rng(seed);
  const Q = Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal()));
  for (let j = 0; j < d; j++) {
    for (let p = 0; p < j; p++) {
      let dp = 0;
      for (let i = 0; i < d; i++) dp += Q[i][j] * Q[i][p];
      for (let i = 0; i < d; i++) Q[i][j] -= dp * Q[i][p];
    }
    const nrm = Math.hypot(...Q.map((r) => r[j]));
    for (let i = 0; i < d; i++) Q[i][j] /= nrm;
  }
  return mat(d, d, Q.flat());
}

describe('simplex ETF construction and predicate', () => {
  for (const [K, d] of [
    [2, 1],
    [3, 2],
    [5, 7],
    [10, 9],
  ] as const) {
    it(`a closed-form ETF (K=${K}, d=${d}) has unit cosines -1/(K-1) and passes`, () => {
      const W = matmulNT(simplexEtf(K, d, 2.5), transpose(randomOrthogonal(d, K)));
      const G = rowGram(W).data;
      for (let a = 0; a < K; a++) {
        expect(G[a * K + a]).toBeCloseTo(2.5, 12);
        for (let b = 0; b < K; b++) if (a !== b) expect(G[a * K + b] / 2.5).toBeCloseTo(-1 / (K - 1), 12);
      }
      expect(simplexEtfGram(W, 2.5).deviation).toBeLessThan(1e-13);
      expect(equalRowNorms(W).deviation).toBeLessThan(1e-13);
    });
  }

  it('a perturbed ETF, a wrong norm and an orthogonal frame are rejected', () => {
    const W = simplexEtf(4, 5, 1);
    const bent = mat(
      4,
      5,
      W.data.map((v, i) => (i === 0 ? v + 1e-3 : v)),
    );
    expect(simplexEtfGram(bent, 1).deviation).toBeGreaterThan(1e-4);
    expect(simplexEtfGram(W, 1.02).deviation).toBeGreaterThan(1e-2);
    expect(simplexEtfGram(scaledOrthogonalFrame([1, 1, 1, 1], 5), 1).deviation).toBeGreaterThan(0.1);
  });

  it('refuses an ETF that cannot exist (d < K-1)', () => {
    expect(() => simplexEtf(5, 3, 1)).toThrow(/needs d >= 4/);
  });
});

describe('collapse predicates on exact constructions', () => {
  const K = 4;
  const d = 6;
  const W = simplexEtf(K, d, 3);
  const c = 0.7;
  const Hbar = scale(transpose(W), c); // d x K, h_k = c w_k
  const labels = Int32Array.from([0, 0, 1, 1, 1, 2, 3, 3]);
  const H = mat(
    d,
    labels.length,
    Array.from({ length: d * labels.length }, (_, idx) => {
      const i = Math.floor(idx / labels.length);
      const j = idx % labels.length;
      return Hbar.data[i * K + labels[j]];
    }),
  );

  it('NC1, alignment and zero global mean hold on the construction', () => {
    expect(withinClassCollapse(H, labels, Hbar).deviation).toBe(0);
    expect(alignment(Hbar, W, c).deviation).toBeLessThan(1e-15);
    expect(zeroGlobalMean(Hbar).deviation).toBeLessThan(1e-15);
  });

  it('each predicate detects its own violation', () => {
    const H2 = mat(
      d,
      labels.length,
      H.data.map((v, i) => (i === 3 ? v + 0.01 : v)),
    );
    expect(withinClassCollapse(H2, labels, Hbar).deviation).toBeGreaterThan(1e-3);
    expect(alignment(Hbar, W, c * 1.02).deviation).toBeGreaterThan(1e-2);
    const shifted = mat(
      d,
      K,
      Hbar.data.map((v, i) => (i < K ? v + 0.1 : v)),
    );
    expect(zeroGlobalMean(shifted).deviation).toBeGreaterThan(1e-2);
  });

  it('bias, zero and scalar predicates', () => {
    expect(constantBias(Float64Array.from([0.3, 0.3, 0.3]), false).deviation).toBe(0);
    expect(constantBias(Float64Array.from([0.3, 0.3, 0.3]), true).deviation).toBeCloseTo(0.3, 15);
    expect(isZero([mat(2, 2, [0, 0, 0, 1e-3])], 'W').deviation).toBeCloseTo(1e-3, 15);
    expect(scalarMatches(1.01, 1, 'x', 1).deviation).toBeCloseTo(0.01, 12);
    expect(scalarMatches(1, Number.NaN, 'x', 1).deviation).toBe(Infinity);
  });

  it('scaled orthogonal frames have the requested Gram', () => {
    const F = scaledOrthogonalFrame([4, 0, 1], 3);
    expect(Array.from(rowGram(F).data)).toEqual([4, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(() => scaledOrthogonalFrame([1, 1, 1], 2)).toThrow(/need d >= 3/);
  });
});
