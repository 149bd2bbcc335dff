import { describe, expect, it } from 'vitest';
import { expectHessVecMatchesDifferences } from '../../helpers/derivatives.ts';
import { Rng } from '../../../src/random.ts';
import { ufmCeObjective, type UfmCeInstance } from '../../../src/problems/ufm-ce/problem.ts';
import { ufmCeClassReduction } from '../../../src/problems/ufm-ce/reduction.ts';
import { norm2 } from '../../../src/solvers/lbfgs.ts';

const I: UfmCeInstance = { problem: 'ufm-ce', K: 4, n: [9, 5, 2, 1], d: 3, lambdaW: 2e-3, lambdaH: 4e-3, lambdaB: 1e-2, bias: true };

describe('ufm-ce class reduction in isometric coordinates', () => {
  const red = ufmCeClassReduction(I);
  const full = ufmCeObjective(I);
  const u = new Rng(5).normalArray(red.objective.size, 0.8);

  it('f_reduced(u) = f_full(E u), and E is an isometry', () => {
    const x = red.toFull(u);
    expect(red.objective.value(u)).toBeCloseTo(full.value(x), 13);
    expect(norm2(x)).toBeCloseTo(norm2(u), 12);
  });

  it('the reduced gradient norm equals the full gradient norm at E u (the bench stopping rule)', () => {
    const gu = new Float64Array(red.objective.size);
    const gx = new Float64Array(full.size);
    red.objective.value(u, gu);
    full.value(red.toFull(u), gx);
    expect(norm2(gu)).toBeCloseTo(norm2(gx), 12);
    // And E^T grad_full = grad_reduced entry by entry.
    const back = red.fromFull(gx);
    for (let i = 0; i < gu.length; i++) expect(back[i]).toBeCloseTo(gu[i], 12);
  });

  it('fromFull inverts toFull and projects (class means scaled by sqrt(n_k))', () => {
    const back = red.fromFull(red.toFull(u));
    for (let i = 0; i < u.length; i++) expect(back[i]).toBeCloseTo(u[i], 13);
    // A full point with one class spread: its projection keeps sqrt(n_k) times the class mean.
    const x = new Rng(9).normalArray(full.size, 1);
    const p = red.fromFull(x);
    const N = 17;
    const offH = I.K * I.d;
    let mean = 0;
    for (let j = 0; j < 9; j++) mean += x[offH + 0 * N + j] / 9;
    expect(p[offH + 0 * I.K + 0]).toBeCloseTo(Math.sqrt(9) * mean, 12);
  });

  it('has an exact Hessian-vector product (differences of gradients)', () => {
    expectHessVecMatchesDifferences(red.objective, u, new Rng(7).normalArray(red.objective.size, 1), 1e-7, { absolute: true });
  });
});
