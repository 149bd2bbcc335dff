/**
 * The authors' EBV method as reproduced in src/constructions/ebv-official.ts: the same steps as
 * an independent numpy transcription of their loop (fixture written by
 * tests/fixtures/ebv-official/make.py), one step against a finite-difference gradient of their
 * loss, their stopping rule, and the SIMD and JavaScript products agreeing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mat } from '../../src/linalg/matrix.ts';
import { Rng } from '../../src/random.ts';
import { OFFICIAL_STOP_SLACK, officialEbv } from '../../src/constructions/ebv-official.ts';

interface Case {
  name: string;
  N: number;
  d: number;
  alpha: number;
  lr: number;
  init: number[][];
  steps: number;
  stop: string;
  maxAbsCos: number;
  final: number[][];
}
const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'ebv-official', 'cases.json'), 'utf8')) as { cases: Case[] };

describe('official EBV method', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: takes the same ${c.steps} steps as the numpy transcription of the authors' loop`, () => {
      const r = officialEbv({ N: c.N, d: c.d, alpha: c.alpha, lr: c.lr, init: mat(c.N, c.d, c.init.flat()), maxSteps: 20000 });
      expect(r.stop).toBe(c.stop);
      expect(r.steps).toBe(c.steps);
      expect(Math.abs(r.maxAbsCos - c.maxAbsCos)).toBeLessThan(1e-9);
      const flat = c.final.flat();
      let worst = 0;
      for (let k = 0; k < flat.length; k++) worst = Math.max(worst, Math.abs(r.vectors.data[k] - flat[k]));
      expect(worst).toBeLessThan(1e-9);
    });
  }

  it('one step is V - lr grad of sum_{i,j} relu(|v_i.v_j| - delta_ij - alpha), renormalised (central differences)', () => {
    const N = 7;
    const d = 4;
    const alpha = 0.1;
    const lr = 0.01;
    const V0 = new Rng(3).normalArray(N * d);
    for (let i = 0; i < N; i++) {
      const n = Math.hypot(...V0.subarray(i * d, (i + 1) * d));
      for (let k = 0; k < d; k++) V0[i * d + k] /= n;
    }
    // Their loss, written out from Generate_EBV.py (m = |V V^T| - one_hot, relu(m - threshold) summed).
    const loss = (V: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          let g = 0;
          for (let k = 0; k < d; k++) g += V[i * d + k] * V[j * d + k];
          s += Math.max(0, Math.abs(g) - (i === j ? 1 : 0) - alpha);
        }
      }
      return s;
    };
    const h = 1e-7;
    const expected = Float64Array.from(V0);
    for (let t = 0; t < N * d; t++) {
      const p = Float64Array.from(V0);
      const m = Float64Array.from(V0);
      p[t] += h;
      m[t] -= h;
      expected[t] -= (lr * (loss(p) - loss(m))) / (2 * h);
    }
    for (let i = 0; i < N; i++) {
      const n = Math.hypot(...expected.subarray(i * d, (i + 1) * d));
      for (let k = 0; k < d; k++) expected[i * d + k] /= n;
    }
    // maxSteps 2: the start is checked, one step taken, the result checked and returned.
    const r = officialEbv({ N, d, alpha: 0, lr, init: mat(N, d, V0), maxSteps: 2 });
    const r2 = officialEbv({ N, d, alpha, lr, init: mat(N, d, V0), maxSteps: 2 });
    expect(r2.steps).toBe(1);
    for (let t = 0; t < N * d; t++) expect(Math.abs(r2.vectors.data[t] - expected[t])).toBeLessThan(1e-7);
    // With alpha = 0 every pair is pushed, so the step differs: the comparison above can fail.
    let diff = 0;
    for (let t = 0; t < N * d; t++) diff = Math.max(diff, Math.abs(r.vectors.data[t] - expected[t]));
    expect(diff).toBeGreaterThan(1e-4);
  });

  it('stops at the first step whose max|cos| is within alpha + 1e-4, and not before', () => {
    const seen: number[] = [];
    const r = officialEbv({ N: 30, d: 10, alpha: 0.4, seed: 5, onStep: (_s, m) => seen.push(m) });
    expect(r.stop).toBe('threshold');
    expect(seen.length).toBe(r.steps + 1);
    expect(r.maxAbsCos).toBeLessThanOrEqual(0.4 + OFFICIAL_STOP_SLACK);
    for (const m of seen.slice(0, -1)) expect(m).toBeGreaterThan(0.4 + OFFICIAL_STOP_SLACK);
  });

  it('reports the step limit when the rule is never met (the authors save nothing then)', () => {
    const r = officialEbv({ N: 30, d: 10, alpha: 0.3, seed: 5, maxSteps: 50 });
    expect(r.stop).toBe('step-limit');
    expect(r.steps).toBe(49);
    expect(r.maxAbsCos).toBeGreaterThan(0.3 + OFFICIAL_STOP_SLACK);
  });

  it('the SIMD and JavaScript products give the same iterates', () => {
    const a = officialEbv({ N: 21, d: 7, alpha: 0.45, seed: 9, maxSteps: 40, simd: true });
    const b = officialEbv({ N: 21, d: 7, alpha: 0.45, seed: 9, maxSteps: 40, simd: false });
    expect(a.steps).toBe(b.steps);
    for (let t = 0; t < a.vectors.data.length; t++) expect(Math.abs(a.vectors.data[t] - b.vectors.data[t])).toBeLessThan(1e-12);
  });
});
