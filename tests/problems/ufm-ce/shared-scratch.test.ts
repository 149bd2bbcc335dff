import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random.ts';
import { ufmCeObjective, type UfmCeInstance } from '../../../src/problems/ufm-ce/problem.ts';
import { ceScratch, ceValueGrad, sharedCeScratch } from '../../../src/problems/ufm-ce/kernels.ts';

const inst = (lambdaH: number, bias: boolean): UfmCeInstance => ({
  problem: 'ufm-ce',
  K: 5,
  n: [30, 30, 30, 4, 4],
  d: 7,
  lambdaW: 0.01,
  lambdaH,
  lambdaB: 0.02,
  bias,
});

describe('ufm-ce scratch shared by objectives of one shape', () => {
  it('is one scratch per shape, and another for another shape', () => {
    expect(sharedCeScratch(5, 7, 98)).toBe(sharedCeScratch(5, 7, 98));
    expect(sharedCeScratch(5, 7, 99)).not.toBe(sharedCeScratch(5, 7, 98));
  });

  it('interleaved evaluations of two objectives give each its own values, gradients and Hessian products', () => {
    const a = ufmCeObjective(inst(0.003, true));
    const b = ufmCeObjective(inst(0.05, false));
    const rng = new Rng(4);
    const xa = rng.normalArray(a.size, 0.8);
    const xb = rng.normalArray(b.size, 1.5);
    const v = rng.normalArray(a.size, 1);
    const ga = new Float64Array(a.size);
    const fa = a.value(xa, ga);
    const ha = new Float64Array(a.size);
    a.hessVec(xa, v, ha);
    // b (no bias: a different layout of the same K x d x P blocks) in between, then a again.
    b.value(xb, new Float64Array(b.size));
    b.hessVec(xb, rng.normalArray(b.size, 1), new Float64Array(b.size));
    const ga2 = new Float64Array(a.size);
    expect(a.value(xa, ga2)).toBe(fa);
    expect(Array.from(ga2)).toEqual(Array.from(ga));
    const ha2 = new Float64Array(a.size);
    a.hessVec(xa, v, ha2);
    expect(Array.from(ha2)).toEqual(Array.from(ha));
    // And they are what a scratch of its own gives.
    const own = ceScratch(5, 7, 98);
    const shape = {
      K: 5,
      d: 7,
      P: 98,
      bias: true,
      label: Int32Array.from({ length: 98 }, (_, j) => (j < 90 ? Math.floor(j / 30) : 3 + Math.floor((j - 90) / 4))),
      coef: new Float64Array(98).fill(1 / 98),
      lambdaH: 0.003,
      hWeight: null,
    };
    const sums = new Float64Array(2);
    const gOwn = new Float64Array(a.size);
    ceValueGrad(shape, own, xa, gOwn, sums);
    const gShared = new Float64Array(a.size);
    const sums2 = new Float64Array(2);
    ceValueGrad(shape, sharedCeScratch(5, 7, 98), xa, gShared, sums2);
    expect(Array.from(sums2)).toEqual(Array.from(sums));
    expect(Array.from(gShared)).toEqual(Array.from(gOwn));
  });
});
