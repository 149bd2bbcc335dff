import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { Rng } from '../../../src/random.ts';
import { expectGradientMatchesDifferences, expectHessVecMatchesDifferences } from '../../helpers/derivatives.ts';
import { hvaeSymmetries, linearHvae, linearHvaeObjective, parseHvae, type LinearHvaeInstance } from '../../../src/problems/vae/hvae.ts';
import { generateSamples, secondMoments } from '../../../src/problems/vae/data.ts';
import { InputError } from '../../../src/errors.ts';

const data = { seed: 11, samples: 25, dx: 3, dy: 0, xScales: [1.2, 0.7, 0.4], correlation: 0, noise: [] };
const inst: LinearHvaeInstance = { problem: 'hvae', beta1: 0.8, beta2: 1.3, etaEnc: 0.9, etaDec: 1.1, sigma1: 0.6, latent1: 2, latent2: 3, data };

/**
 * The loss written out sample by sample, as the authors' matrix script reads it, but with the
 * expectations over z1 ~ N(W1 x, sigma1^2 I) and z2 ~ N(W2 z1, Sigma2) taken by hand:
 *   E||x - U1 z1||^2 = ||x - U1 W1 x||^2 + sigma1^2 ||U1||^2,
 *   E||z1 - U2 z2||^2 = ||(U2 W2 - I) W1 x||^2 + sigma1^2 ||U2 W2 - I||^2 + tr(U2 Sigma2 U2^T),
 *   E||W2 z1||^2 = ||W2 W1 x||^2 + sigma1^2 ||W2||^2,
 * averaged over the samples, then
 *   L = rec/etaDec^2 + beta1 E||z1 - U2 z2||^2/etaDec^2 + beta2 [(E||W2 z1||^2 + tr Sigma2)/etaEnc^2 - log det Sigma2].
 */
function hvaeReference(x: Float64Array): number {
  const { X } = generateSamples(data);
  const d0 = 3,
    d1 = 2,
    d2 = 3;
  let o = 0;
  const take = (r: number, c: number) => {
    const m = Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => x[o + i * c + j]));
    o += r * c;
    return m;
  };
  const W1 = take(d1, d0),
    U1 = take(d0, d1),
    W2 = take(d2, d1),
    U2 = take(d1, d2);
  const t = Array.from({ length: d2 }, (_, j) => x[o + j]);
  const mv = (A: number[][], v: number[]) => A.map((row) => row.reduce((a, aij, j) => a + aij * v[j], 0));
  const sq = (v: number[]) => v.reduce((a, b) => a + b * b, 0);
  const fro = (A: number[][]) => A.reduce((a, row) => a + sq(row), 0);
  const s1 = inst.sigma1 ** 2;
  // M = U2 W2 - I.
  const M = Array.from({ length: d1 }, (_, i) => Array.from({ length: d1 }, (_, j) => U2[i].reduce((a, u, k) => a + u * W2[k][j], 0) - (i === j ? 1 : 0)));
  let rec = 0,
    z1Term = 0,
    z2Term = 0;
  for (const xs of X) {
    const z1 = mv(W1, xs);
    rec += sq(xs.map((xi, i) => xi - mv(U1, z1)[i])) / X.length;
    z1Term += sq(mv(M, z1)) / X.length;
    z2Term += sq(mv(W2, z1)) / X.length;
  }
  rec += s1 * fro(U1);
  let trU2S2 = 0;
  for (let j = 0; j < d2; j++) for (let i = 0; i < d1; i++) trU2S2 += U2[i][j] ** 2 * Math.exp(t[j]);
  z1Term += s1 * fro(M) + trU2S2;
  z2Term += s1 * fro(W2) + t.reduce((a, tj) => a + Math.exp(tj), 0);
  const ed2 = inst.etaDec ** 2;
  return rec / ed2 + (inst.beta1 * z1Term) / ed2 + inst.beta2 * (z2Term / inst.etaEnc ** 2 - t.reduce((a, b) => a + b, 0));
}

describe('linear HVAE objective', () => {
  const obj = linearHvaeObjective(inst);
  const x = new Rng(3).normalArray(obj.size, 0.6);

  it('has the variables W1, U1, W2, U2, logVar2', () => {
    expect(obj.blocks.map((b) => `${b.name}:${b.rows}x${b.cols}`)).toEqual(['W1:2x3', 'U1:3x2', 'W2:3x2', 'U2:2x3', 'logVar2:3x1']);
    expect(obj.size).toBe(6 + 6 + 6 + 6 + 3);
  });

  it('equals the loss written out sample by sample', () => {
    for (const seed of [4, 5, 6]) {
      const y = new Rng(seed).normalArray(obj.size, 0.7);
      expect(obj.value(y)).toBeCloseTo(hvaeReference(y), 10);
    }
  });

  it('gradient matches central differences', () => {
    expectGradientMatchesDifferences(obj, x, 1e-6);
  });

  it('Hessian-vector product matches differences of the gradient', () => {
    for (const seed of [9, 10]) expectHessVecMatchesDifferences(obj, x, new Rng(seed).normalArray(obj.size), 1e-5);
  });

  it('is invariant along its declared symmetries (rotations of z1)', () => {
    const tangents = hvaeSymmetries(inst, x);
    expect(tangents.length).toBe(1); // d1 = 2: one rotation plane
    const g = new Float64Array(obj.size);
    obj.value(x, g);
    for (const tan of tangents) {
      // Directional derivative along an orbit is zero at every point.
      expect(Math.abs(g.reduce((a, gi, i) => a + gi * tan[i], 0))).toBeLessThan(1e-10);
      // A finite rotation by angle 0.7 in the (0, 1) plane of z1 leaves the loss unchanged.
      const c = Math.cos(0.7),
        s = Math.sin(0.7);
      const y = Float64Array.from(x);
      const rot = (a: number, b: number) => {
        const ya = y[a],
          yb = y[b];
        y[a] = c * ya + s * yb;
        y[b] = -s * ya + c * yb;
      };
      // W1 rows 0, 1 (offset 0, d0 = 3); U1 columns 0, 1; W2 columns 0, 1; U2 rows 0, 1.
      for (let k = 0; k < 3; k++) rot(k, 3 + k);
      for (let r = 0; r < 3; r++) rot(6 + r * 2, 6 + r * 2 + 1);
      for (let r = 0; r < 3; r++) rot(12 + r * 2, 12 + r * 2 + 1);
      for (let k = 0; k < 3; k++) rot(18 + k, 21 + k);
      expect(obj.value(y)).toBeCloseTo(obj.value(x), 11);
    }
  });

  it('a rotation of z2 is not a symmetry (Sigma_2 is diagonal with distinct entries)', () => {
    const y = Float64Array.from(x);
    // Distinct variances; rotate W2 rows 0, 1 and U2 columns 0, 1 by 0.7.
    y[24] = 0.3;
    y[25] = -0.4;
    const c = Math.cos(0.7),
      s = Math.sin(0.7);
    const z = Float64Array.from(y);
    for (let k = 0; k < 2; k++) {
      z[12 + k] = c * y[12 + k] + s * y[14 + k];
      z[14 + k] = -s * y[12 + k] + c * y[14 + k];
    }
    for (let r = 0; r < 2; r++) {
      z[18 + r * 3] = c * y[18 + r * 3] + s * y[18 + r * 3 + 1];
      z[18 + r * 3 + 1] = -s * y[18 + r * 3] + c * y[18 + r * 3 + 1];
    }
    expect(Math.abs(obj.value(z) - obj.value(y))).toBeGreaterThan(1e-4);
  });
});

describe('hvae instances', () => {
  it('parse and name the wrong field', () => {
    expect(parseHvae({ ...inst }, 'i').latent2).toBe(3);
    expect(() => parseHvae({ ...inst, sigma1: 0 }, 'i')).toThrow(/i\.sigma1/);
    expect(() => parseHvae({ ...inst, latent1: 1.5 }, 'i')).toThrow(InputError);
    expect(() => parseHvae({ ...inst, beta: 1 }, 'i')).toThrow(/i\.beta: unknown field/);
  });

  it('describeSolution reports the singular values of U2 and sigma_2', () => {
    const obj = linearHvaeObjective(inst);
    const y = new Rng(8).normalArray(obj.size);
    const d = linearHvae.describeSolution!(inst, y);
    expect((d.singularValuesU2 as number[]).length).toBe(2);
    expect((d.sigma2 as number[])[0]).toBeCloseTo(Math.exp(y[24] / 2), 14);
  });
});

describe('ncverify solve --instance on an hvae instance', () => {
  it("reports the singular values of U_2 of the authors' closed form (utils.py, learnable Sigma_2)", async () => {
    // sigma1^2 = 0.25 < (beta2/beta1) etaDec^2 = 0.5: z2 mode i is live iff theta_i >= beta2 etaDec^2/(sqrt(beta1) sigma1) = 1,
    // then omega_i = sqrt(sigma1^2 theta_i^2 / (beta2 etaEnc^2 etaDec^2) - (beta2/beta1) c^2), c = etaDec/etaEnc.
    const spec = { seed: 2, samples: 200, dx: 2, dy: 0, xScales: [2, 0.7], correlation: 0, noise: [] };
    const instance = { problem: 'hvae', beta1: 1, beta2: 0.5, etaEnc: 1, etaDec: 1, sigma1: 0.5, latent1: 2, latent2: 2, data: spec };
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ncverify-hvae-')), 'hvae.json');
    writeFileSync(file, JSON.stringify(instance));
    const out: string[] = [];
    const code = await main(
      ['solve', '--instance', file, '--json'],
      (l) => out.push(l),
      () => {},
    );
    expect(code).toBe(0);
    const res = JSON.parse(out.join('\n'));
    // theta_i = sqrt(eig(S_xx)), the 2 x 2 eigenvalues in closed form.
    const { Sxx } = (() => {
      const { X, Y } = generateSamples(spec);
      return secondMoments(X, Y);
    })();
    const [a, b, d] = [Sxx.data[0], Sxx.data[1], Sxx.data[3]];
    const disc = Math.sqrt(((a - d) / 2) ** 2 + b * b);
    const theta = [Math.sqrt((a + d) / 2 + disc), Math.sqrt((a + d) / 2 - disc)];
    expect(theta[0]).toBeGreaterThan(1);
    expect(theta[1]).toBeLessThan(1);
    const omega = theta.map((t) => (t >= 1 ? Math.sqrt((0.25 * t * t) / 0.5 - 0.5) : 0));
    const sv = res.singularValuesU2 as number[];
    expect(sv[0]).toBeCloseTo(omega[0], 6);
    expect(sv[1]).toBeLessThan(1e-6);
    expect(res.gradNorm).toBeLessThan(1e-8);
  });
});
