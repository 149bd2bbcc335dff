/**
 * The VAE family's point builders, views and symbol tables: packed points are read back at the
 * offsets the objectives document (gaussian.ts, hvae.ts; the same layout as vae.test.ts's
 * sample-by-sample reference), and the per-mode data are eigenpairs of the data moments.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { mat, matmul, toRows } from '../../../src/linalg/matrix.ts';
import { momentsOf, type LinearCvaeInstance } from '../../../src/problems/vae/cvae.ts';
import type { LinearHvaeInstance } from '../../../src/problems/vae/hvae.ts';
import { cvaePoint, hvaePoint, vaePoint } from '../../../src/problems/vae/point.ts';
import { amplitudeModes, hvaeSymbols, hvaeThetas, vaeSymbols } from '../../../src/problems/vae/symbols.ts';
import type { LinearVaeInstance } from '../../../src/problems/vae/vae.ts';
import { cvaeView, hvaeView, vaeView } from '../../../src/problems/vae/view.ts';

const data = { seed: 5, samples: 30, dx: 2, dy: 3, correlation: 0.8, noise: [0.5, 1, 1.5] };
const xData = { ...data, dy: 0, noise: [] };
const seq = (rows: number, cols: number, start: number) =>
  mat(
    rows,
    cols,
    Array.from({ length: rows * cols }, (_, i) => start + i),
  );

describe('cvaePoint', () => {
  const inst: LinearCvaeInstance = { problem: 'cvae', beta: 0.7, etaEnc: 1.3, etaDec: 0.8, latent: 2, data };
  it('W = [W_1 W_2] (dz x (dx+dy)), then U_1, U_2, log-variances', () => {
    const x = cvaePoint(inst, { W1: seq(2, 2, 1), W2: seq(2, 3, 10), U1: seq(3, 2, 20), U2: seq(3, 2, 30), logVar: [Math.log(4), 0] });
    expect(Array.from(x.subarray(0, 10))).toEqual([1, 2, 10, 11, 12, 3, 4, 13, 14, 15]);
    expect(Array.from(x.subarray(10, 16))).toEqual([20, 21, 22, 23, 24, 25]);
    expect(Array.from(x.subarray(16, 22))).toEqual([30, 31, 32, 33, 34, 35]);
    const v = cvaeView(inst, x);
    expect(toRows(v.U)).toEqual(toRows(seq(3, 2, 20)));
    expect(v.sigma[0]).toBeCloseTo(2, 14);
    expect(v.omega.length).toBe(2);
    expect(() => cvaePoint(inst, { W1: seq(2, 3, 1), W2: seq(2, 3, 10), U1: seq(3, 2, 20), U2: seq(3, 2, 30), logVar: [0, 0] })).toThrow(InputError);
    expect(() => cvaePoint(inst, { W1: seq(2, 2, 1), W2: seq(2, 3, 10), U1: seq(3, 2, 20), U2: seq(3, 2, 30), logVar: [0] })).toThrow(/logVar/);
  });
});

describe('vaePoint', () => {
  const learnable: LinearVaeInstance = { problem: 'vae', beta: 0.4, etaEnc: 0.9, etaDec: 1.1, latent: 3, data: xData };
  const fixed: LinearVaeInstance = { ...learnable, sigma: [0.5, 1, 0.7] };
  it('W (dz x d), U (d x dz), then the log-variances when Sigma is learnable', () => {
    const x = vaePoint(learnable, { W: seq(3, 2, 1), U: seq(2, 3, 10), logVar: [0, 1, 2] });
    expect(Array.from(x)).toEqual([1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 0, 1, 2]);
    expect(vaeView(learnable, x).sigma[2]).toBeCloseTo(Math.E, 14);
    const y = vaePoint(fixed, { W: seq(3, 2, 1), U: seq(2, 3, 10) });
    expect(y.length).toBe(12);
    expect(vaeView(fixed, y).sigma).toEqual([0.5, 1, 0.7].map((s) => Math.exp(0.5 * 2 * Math.log(s))));
    expect(() => vaePoint(learnable, { W: seq(3, 2, 1), U: seq(2, 3, 10) })).toThrow(/learnable/);
    expect(() => vaePoint(fixed, { W: seq(3, 2, 1), U: seq(2, 3, 10), logVar: [0, 0, 0] })).toThrow(/fixed/);
  });
});

describe('hvaePoint and hvaeView', () => {
  const inst: LinearHvaeInstance = { problem: 'hvae', beta1: 1, beta2: 0.5, etaEnc: 1, etaDec: 1, sigma1: 0.5, latent1: 2, latent2: 1, data: xData };
  it('W1, U1, W2, U2, log Sigma_2 in order; the view reads both levels', () => {
    const x = hvaePoint(inst, { W1: seq(2, 2, 1), U1: seq(2, 2, 10), W2: seq(1, 2, 20), U2: seq(2, 1, 30), logVar2: [Math.log(0.25)] });
    expect(Array.from(x)).toEqual([1, 2, 3, 4, 10, 11, 12, 13, 20, 21, 30, 31, Math.log(0.25)]);
    const v = hvaeView(inst, x);
    expect(v.sigma2Sq[0]).toBeCloseTo(0.25, 15);
    expect(v.omega[0]).toBeCloseTo(Math.hypot(30, 31), 12);
    expect(() => hvaePoint(inst, { W1: seq(2, 2, 1), U1: seq(2, 2, 10), W2: seq(2, 1, 20), U2: seq(2, 1, 30), logVar2: [0] })).toThrow(/W2/);
  });
});

describe('per-mode data and symbols', () => {
  it('theta_i^2 are the eigenvalues of the uncentred S_xx, with its eigenvectors', () => {
    const { theta, Q } = amplitudeModes(xData);
    const S = momentsOf(xData).Sxx;
    const SQ = matmul(S, Q);
    for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) expect(SQ.data[r * 2 + c]).toBeCloseTo(theta[c] ** 2 * Q.data[r * 2 + c], 12);
    expect(theta[0] ** 2 + theta[1] ** 2).toBeCloseTo(S.data[0] + S.data[3], 12);
  });

  it('splits modes into latent and rest (VAE), paired and solo (HVAE)', () => {
    const { theta } = amplitudeModes(xData);
    const s = vaeSymbols({ problem: 'vae', beta: 1, etaEnc: 1, etaDec: 1, latent: 1, sigma: [0.3], data: xData });
    expect(s.thetaLat).toEqual([theta[0]]);
    expect(s.thetaRestSqSum as number).toBeCloseTo(theta[1] ** 2, 14);
    expect([s.fixed, s.dx, s.dz]).toEqual([1, 2, 1]);
    const h: LinearHvaeInstance = { problem: 'hvae', beta1: 1, beta2: 1, etaEnc: 1, etaDec: 1, sigma1: 1, latent1: 3, latent2: 1, data: xData };
    // z1 has 3 latents but the data only 2 modes: the third z1 mode has theta = 0.
    expect(hvaeThetas(h)).toEqual({ data: theta, pair: [theta[0]], solo: [theta[1], 0] });
    expect(hvaeSymbols(h).thetaRestSqSum).toBe(0);
  });
});
