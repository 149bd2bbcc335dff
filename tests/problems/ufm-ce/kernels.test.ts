/**
 * The fused block kernels against a plain sample-by-sample reference, on shapes that exercise
 * every edge: several column blocks with a ragged last block (P not a multiple of BLOCK or of 4),
 * K and d not multiples of 4, with and without bias, weighted (reduced) columns.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random.ts';
import { BLOCK } from '../../../src/problems/ufm-ce/kernels.ts';
import { columnLayout, ufmCeObjective, type UfmCeInstance } from '../../../src/problems/ufm-ce/problem.ts';

/** Reference value, gradient and Hessian-vector product written from the formulas, column by column. */
function reference(I: UfmCeInstance, mode: 'full' | 'reduced', x: Float64Array, v: Float64Array) {
  const { K, d } = I;
  const { P, label, weight, N } = columnLayout(I, mode);
  const offH = K * d;
  const offB = offH + d * P;
  const W = (k: number, i: number, a: Float64Array) => a[k * d + i];
  const H = (i: number, j: number, a: Float64Array) => a[offH + i * P + j];
  const b = (k: number, a: Float64Array) => (I.bias ? a[offB + k] : 0);
  const size = offB + (I.bias ? K : 0);
  const g = new Float64Array(size);
  const hv = new Float64Array(size);
  let f = 0;
  for (let j = 0; j < P; j++) {
    const c = weight[j] / N;
    const z = new Float64Array(K);
    const dz = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      z[k] = b(k, x);
      dz[k] = b(k, v);
      for (let i = 0; i < d; i++) {
        z[k] += W(k, i, x) * H(i, j, x);
        dz[k] += W(k, i, v) * H(i, j, x) + W(k, i, x) * H(i, j, v);
      }
    }
    const mx = Math.max(...z);
    const e = Array.from(z, (zk) => Math.exp(zk - mx));
    const s = e.reduce((a, q) => a + q, 0);
    const p = e.map((q) => q / s);
    f += c * (mx + Math.log(s) - z[label[j]]);
    const r = p.map((pk, k) => c * (pk - (k === label[j] ? 1 : 0)));
    let pdz = 0;
    for (let k = 0; k < K; k++) pdz += p[k] * dz[k];
    const dr = p.map((pk, k) => c * pk * (dz[k] - pdz));
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < d; i++) {
        g[k * d + i] += r[k] * H(i, j, x);
        g[offH + i * P + j] += W(k, i, x) * r[k];
        hv[k * d + i] += dr[k] * H(i, j, x) + r[k] * H(i, j, v);
        hv[offH + i * P + j] += W(k, i, x) * dr[k] + W(k, i, v) * r[k];
      }
      if (I.bias) {
        g[offB + k] += r[k];
        hv[offB + k] += dr[k];
      }
    }
  }
  for (let i = 0; i < offH; i++) {
    f += 0.5 * I.lambdaW * x[i] ** 2;
    g[i] += I.lambdaW * x[i];
    hv[i] += I.lambdaW * v[i];
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < P; j++) {
      const q = offH + i * P + j;
      f += 0.5 * I.lambdaH * weight[j] * x[q] ** 2;
      g[q] += I.lambdaH * weight[j] * x[q];
      hv[q] += I.lambdaH * weight[j] * v[q];
    }
  }
  if (I.bias) {
    for (let k = 0; k < K; k++) {
      f += 0.5 * I.lambdaB * x[offB + k] ** 2;
      g[offB + k] += I.lambdaB * x[offB + k];
      hv[offB + k] += I.lambdaB * v[offB + k];
    }
  }
  return { f, g, hv };
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return m / s;
}

describe('ufm-ce fused kernels', () => {
  const cases: Array<[string, UfmCeInstance, 'full' | 'reduced']> = [
    [
      'three blocks, ragged last block, K and d not multiples of 4',
      { problem: 'ufm-ce', K: 7, n: [60, 50, 40, 30, 20, 10, 3], d: 5, lambdaW: 3e-3, lambdaH: 2e-3, lambdaB: 1e-2, bias: true },
      'full',
    ],
    [
      'no bias, exactly one block plus one column',
      { problem: 'ufm-ce', K: 3, n: [BLOCK - 40, 30, 11], d: 9, lambdaW: 1e-2, lambdaH: 5e-3, lambdaB: 0, bias: false },
      'full',
    ],
    [
      'weighted class columns (reduced layout)',
      { problem: 'ufm-ce', K: 6, n: [100, 100, 100, 10, 10, 10], d: 6, lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 1e-3, bias: true },
      'reduced',
    ],
  ];
  for (const [what, I, mode] of cases) {
    it(`value, gradient and Hessian-vector product match the reference: ${what}`, () => {
      const obj = ufmCeObjective(I, mode);
      const rng = new Rng(17);
      const x = rng.normalArray(obj.size, 0.7);
      const v = rng.normalArray(obj.size, 1);
      const ref = reference(I, mode, x, v);
      const g = new Float64Array(obj.size).fill(Number.NaN);
      const hv = new Float64Array(obj.size).fill(Number.NaN);
      const f = obj.value(x, g);
      obj.hessVec(x, v, hv);
      expect(Math.abs(f - ref.f) / Math.abs(ref.f)).toBeLessThan(1e-13);
      expect(maxRelDiff(g, ref.g)).toBeLessThan(1e-12);
      expect(maxRelDiff(hv, ref.hv)).toBeLessThan(1e-12);
    });
  }

  it('gives the same value with and without a gradient buffer, and repeated calls agree exactly', () => {
    const I: UfmCeInstance = { problem: 'ufm-ce', K: 5, n: [70, 70, 7, 7, 7], d: 6, lambdaW: 1e-3, lambdaH: 1e-3, lambdaB: 1e-3, bias: true };
    const obj = ufmCeObjective(I);
    const x = new Rng(3).normalArray(obj.size, 0.5);
    const g1 = new Float64Array(obj.size);
    const g2 = new Float64Array(obj.size);
    const f1 = obj.value(x, g1);
    const f0 = obj.value(x);
    const f2 = obj.value(x, g2);
    expect(f0).toBe(f1);
    expect(f2).toBe(f1);
    expect(Array.from(g2)).toEqual(Array.from(g1));
  });
});
