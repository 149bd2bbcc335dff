/**
 * `best` EBV: the p-norm surrogate's gradient against central differences, its limits (RMS at
 * p = 1, the maximum as p grows), exact orthonormality for N <= d, and that it beats the
 * authors' method at small sizes where the official run reached its own target.
 */
import { describe, expect, it } from 'vitest';
import { mat } from '../../src/linalg/matrix.ts';
import { Rng } from '../../src/random.ts';
import { bestEbv, coherenceSurrogate } from '../../src/constructions/ebv-best.ts';
import { officialEbv } from '../../src/constructions/ebv-official.ts';
import { measureVectorSet } from '../../src/constructions/vector-set.ts';
import { COSINE_ROUNDING, ORTHONORMAL_TOLERANCE, checkBeats, checkOrthonormal, checkWelchChain } from '../../src/constructions/packing-checks.ts';
import { centralDifferenceGradient } from '../helpers/derivatives.ts';

describe('p-norm coherence surrogate', () => {
  const N = 9;
  const d = 4;
  const x = new Rng(2).normalArray(N * d, 2);

  for (const p of [1, 3, 8]) {
    it(`p = ${p}: gradient matches central differences`, () => {
      const s = coherenceSurrogate(N, d, { simd: false });
      s.setExponent(p);
      const g = new Float64Array(N * d);
      s.valueAndGradient(x, g);
      const fd = centralDifferenceGradient((y) => s.valueAndGradient(y, new Float64Array(N * d)), x, 1e-6);
      for (let t = 0; t < N * d; t++) expect(Math.abs(g[t] - fd[t]), `coordinate ${t}`).toBeLessThan(1e-8);
    });
  }

  it('F_1 is the RMS cosine, F_p rises towards max|cos|, and the best point is kept', () => {
    const m = measureVectorSet(mat(N, d, x));
    const s = coherenceSurrogate(N, d);
    const g = new Float64Array(N * d);
    s.setExponent(1);
    expect(s.valueAndGradient(x, g)).toBeCloseTo(m.rmsCos, 14);
    let prev = m.rmsCos;
    for (const p of [2, 8, 64, 512]) {
      s.setExponent(p);
      const F = s.valueAndGradient(x, g);
      expect(F).toBeGreaterThanOrEqual(prev);
      expect(F).toBeLessThanOrEqual(m.maxAbsCos * (1 + 1e-15));
      prev = F;
    }
    expect(m.maxAbsCos - prev).toBeLessThan(0.01 * m.maxAbsCos);
    expect(s.bestMaxAbsCos()).toBeCloseTo(m.maxAbsCos, 14);
  });
});

describe('best EBV construction', () => {
  it('N <= d: exactly orthonormal', () => {
    for (const [N, d] of [
      [10, 10],
      [17, 40],
    ]) {
      const r = bestEbv({ N, d, seed: 3 });
      expect(r.construction).toBe('orthonormal');
      expect(checkOrthonormal(measureVectorSet(r.vectors)).deviation).toBeLessThanOrEqual(ORTHONORMAL_TOLERANCE);
    }
  });

  // Official at the smallest alpha (step 0.01 above the Welch bound) at which it meets its own rule in 5000 steps.
  for (const [N, d] of [
    [30, 10],
    [48, 16],
    [40, 6],
  ]) {
    it(`N=${N} d=${d}: beats the official method at its lowest reachable alpha`, () => {
      const welch = Math.sqrt((N - d) / (d * (N - 1)));
      let official: ReturnType<typeof officialEbv> | null = null;
      for (let alpha = Math.ceil(welch * 100) / 100; alpha < 1 && official === null; alpha += 0.01) {
        const r = officialEbv({ N, d, alpha, seed: 1, maxSteps: 5000 });
        if (r.stop === 'threshold') official = r;
      }
      if (official === null) throw new Error(`the official method met no alpha below 1 at N=${N} d=${d}`);
      const best = bestEbv({ N, d, seed: 1, iterationsPerStage: 100 });
      const mb = measureVectorSet(best.vectors);
      const mo = measureVectorSet(official.vectors);
      expect(checkWelchChain(mb).deviation).toBeLessThanOrEqual(COSINE_ROUNDING);
      expect(checkBeats(mb, mo).deviation, `best ${mb.maxAbsCos} vs official ${mo.maxAbsCos} (alpha ${official.alpha})`).toBe(0);
      expect(mb.maxAbsCos).toBeCloseTo(best.maxAbsCos, 14);
    });
  }

  it('stops early at a target', () => {
    const r = bestEbv({ N: 30, d: 10, seed: 1, target: 0.5 });
    expect(r.maxAbsCos).toBeLessThanOrEqual(0.5);
    expect(r.stages.length).toBeLessThan(10);
  });
});
