import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random.ts';
import { expectGradientMatchesDifferences, expectHessVecMatchesDifferences } from '../../helpers/derivatives.ts';
import { cvaeLayout, type LinearCvaeInstance } from '../../../src/problems/vae/cvae.ts';
import { linearVaeObjective, type LinearVaeLayout } from '../../../src/problems/vae/gaussian.ts';
import { vaeLayout, type LinearVaeInstance } from '../../../src/problems/vae/vae.ts';
import { generateSamples, secondMoments } from '../../../src/problems/vae/data.ts';

const data = { seed: 5, samples: 30, dx: 2, dy: 3, correlation: 0.8, noise: [0.5, 1, 1.5] };
const cvae: LinearCvaeInstance = { problem: 'cvae', beta: 0.7, etaEnc: 1.3, etaDec: 0.8, latent: 2, data };
const vae: LinearVaeInstance = { problem: 'vae', beta: 0.4, etaEnc: 0.9, etaDec: 1.1, latent: 3, data: { ...data, dy: 0, noise: [] } };
const vaeFixed: LinearVaeInstance = { ...vae, sigma: [0.5, 1, 0.7] };

/**
 * The CVAE loss written out sample by sample (z integrated in closed form):
 * (1/etaDec^2) mean ||y - U1 (W1 x + W2 y) - U2 x||^2 + tr(U1 Sigma U1^T)/etaDec^2
 * + beta [ (mean ||W1 x + W2 y||^2 + tr Sigma)/etaEnc^2 - log det Sigma ].
 */
function cvaeReference(x: Float64Array): number {
  const { X, Y } = generateSamples(data);
  const { dx, dy } = data;
  const dz = cvae.latent;
  const D = dx + dy;
  const W = (i: number, j: number) => x[i * D + j];
  const U1 = (i: number, j: number) => x[dz * D + i * dz + j];
  const U2 = (i: number, j: number) => x[dz * D + dy * dz + i * dx + j];
  const t = (j: number) => x[dz * D + dy * dz + dy * dx + j];
  let rec = 0;
  let enc = 0;
  for (let s = 0; s < X.length; s++) {
    const v = [...X[s], ...Y[s]];
    const mu = Array.from({ length: dz }, (_, i) => v.reduce((a, vj, j) => a + W(i, j) * vj, 0));
    enc += mu.reduce((a, m) => a + m * m, 0) / X.length;
    for (let i = 0; i < dy; i++) {
      let r = Y[s][i];
      for (let j = 0; j < dz; j++) r -= U1(i, j) * mu[j];
      for (let j = 0; j < dx; j++) r -= U2(i, j) * X[s][j];
      rec += (r * r) / X.length;
    }
  }
  let trU = 0;
  let trS = 0;
  let logDet = 0;
  for (let j = 0; j < dz; j++) {
    for (let i = 0; i < dy; i++) trU += U1(i, j) ** 2 * Math.exp(t(j));
    trS += Math.exp(t(j));
    logDet += t(j);
  }
  return (rec + trU) / cvae.etaDec ** 2 + cvae.beta * ((enc + trS) / cvae.etaEnc ** 2 - logDet);
}

const layouts: Array<[string, LinearVaeLayout]> = [
  ['cvae', cvaeLayout(cvae)],
  ['vae learnable', vaeLayout(vae)],
  ['vae fixed Sigma', vaeLayout(vaeFixed)],
];

describe.each(layouts)('linear VAE objective: %s', (_name, layout) => {
  const obj = linearVaeObjective(layout);
  const x = new Rng(3).normalArray(obj.size, 0.6);

  it('gradient matches central differences', () => {
    expectGradientMatchesDifferences(obj, x, 1e-6);
  });

  it('Hessian-vector product matches differences of the gradient', () => {
    expectHessVecMatchesDifferences(obj, x, new Rng(9).normalArray(obj.size), 1e-5);
  });
});

describe('linear CVAE loss', () => {
  it('equals the loss written out sample by sample', () => {
    const obj = linearVaeObjective(cvaeLayout(cvae));
    const x = new Rng(4).normalArray(obj.size, 0.6);
    expect(obj.value(x)).toBeCloseTo(cvaeReference(x), 10);
  });
});

describe('secondMoments', () => {
  it('is uncentred: a constant sample gives its outer product', () => {
    const m = secondMoments(
      [
        [2, 1],
        [2, 1],
      ],
      [[3], [3]],
    );
    expect(Array.from(m.Sxx.data)).toEqual([4, 2, 2, 1]);
    expect(Array.from(m.Sxy.data)).toEqual([6, 3]);
    expect(Array.from(m.Syy.data)).toEqual([9]);
  });
});
