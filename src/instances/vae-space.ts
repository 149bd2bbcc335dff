/**
 * The linear VAE instance spaces (cvae, vae, hvae; docs/catalogue.md dang2024vae; src/instances/space.ts)
 * for hunts: generated data sets (a data seed, dimensions, correlation, noise and scale patterns),
 * latent dimensions, and the KL weights and decoder/prior scales. Every collapse threshold of the
 * catalogue is a value of beta (cvae, vae), beta2 or sigma1 (hvae) relative to the data's modes
 * theta_i, so those are the threshold parameters a hunt scans the predictions along.
 */
import type { LinearCvaeInstance } from '../problems/vae/cvae.ts';
import type { LinearHvaeInstance } from '../problems/vae/hvae.ts';
import type { LinearVaeInstance } from '../problems/vae/vae.ts';
import type { VaeDataSpec } from '../problems/vae/data.ts';
import { roundSignificant, roundingSteps, type InstanceSpace, type ShrinkStep, type SpacePoint } from './space.ts';

const num = (p: SpacePoint, k: string) => p[k] as number;
/** Per-direction patterns, so a handful of parameters give distinct modes. */
const NOISE = [1, 0.8, 0.6, 0.45];
const X_SCALES = [1, 0.7, 0.5, 0.35];
const SIGMAS = [1, 1.3, 0.8, 1.6];

type Generated = Exclude<VaeDataSpec, { path: string }>;

function cvaeData(seed: number, dx: number, dy: number, correlation: number, noise: number): Generated {
  return { seed, samples: 4 * (dx + dy) + 8, dx, dy, correlation, noise: NOISE.slice(0, dy).map((v) => v * noise) };
}

function xData(seed: number, dx: number, xScale: number): Generated {
  return { seed, samples: 4 * dx + 8, dx, dy: 0, xScales: X_SCALES.slice(0, dx).map((v) => v * xScale), correlation: 0, noise: [] };
}

/** Rounding of the generated data's real fields (correlation, noise, scales) to 2 then 3 digits. */
function dataRounding<I extends { readonly data: VaeDataSpec }>(inst: I): ShrinkStep<I>[] {
  if ('path' in inst.data) return [];
  const d = inst.data;
  const out: ShrinkStep<I>[] = [];
  for (const digits of [2, 3]) {
    const r = (v: number) => roundSignificant(v, digits);
    const data: Generated = { ...d, correlation: r(d.correlation), noise: d.noise.map(r), ...(d.xScales ? { xScales: d.xScales.map(r) } : {}) };
    if (JSON.stringify(data) !== JSON.stringify(d)) out.push({ step: `data scales to ${digits} significant digits`, instance: { ...inst, data } });
  }
  return out;
}

export const cvaeSpace: InstanceSpace<LinearCvaeInstance> = {
  problem: 'cvae',
  parameters: [
    { kind: 'int', name: 'dataSeed', min: 0, max: 40, doc: 'seed of the generated data set' },
    { kind: 'int', name: 'dx', min: 1, max: 3, doc: 'dimension of x' },
    { kind: 'int', name: 'dy', min: 1, max: 4, doc: 'dimension of y' },
    { kind: 'int', name: 'latent', min: 1, max: 4, doc: 'latent dimension dz' },
    { kind: 'real', name: 'correlation', min: 0, max: 2, log: false, doc: 'x-y correlation of the data' },
    { kind: 'real', name: 'noise', min: 0.2, max: 2, log: true, doc: 'noise level of y' },
    { kind: 'real', name: 'beta', min: 0.01, max: 10, log: true, threshold: true, doc: 'KL weight beta' },
    { kind: 'real', name: 'etaEnc', min: 0.5, max: 2, log: true, doc: 'prior scale eta_enc' },
    { kind: 'real', name: 'etaDec', min: 0.5, max: 2, log: true, doc: 'decoder scale eta_dec' },
  ],
  seeds: [{ dataSeed: 3, dx: 2, dy: 2, latent: 2, correlation: 1, noise: 1, beta: 0.3, etaEnc: 1, etaDec: 1 }],
  build: (p) => ({
    problem: 'cvae',
    beta: num(p, 'beta'),
    etaEnc: num(p, 'etaEnc'),
    etaDec: num(p, 'etaDec'),
    latent: num(p, 'latent'),
    data: cvaeData(num(p, 'dataSeed'), num(p, 'dx'), num(p, 'dy'), num(p, 'correlation'), num(p, 'noise')),
  }),
  shrink: (inst) => {
    const out: ShrinkStep<LinearCvaeInstance>[] = [];
    if (inst.latent > 1) out.push({ step: `latent ${inst.latent} -> ${inst.latent - 1}`, instance: { ...inst, latent: inst.latent - 1 } });
    if (!('path' in inst.data)) {
      const d = inst.data;
      if (d.dy > 1)
        out.push({
          step: `dy ${d.dy} -> ${d.dy - 1}`,
          instance: { ...inst, data: { ...d, dy: d.dy - 1, samples: 4 * (d.dx + d.dy - 1) + 8, noise: d.noise.slice(0, -1) } },
        });
      if (d.dx > 1) out.push({ step: `dx ${d.dx} -> ${d.dx - 1}`, instance: { ...inst, data: { ...d, dx: d.dx - 1, samples: 4 * (d.dx - 1 + d.dy) + 8 } } });
    }
    return [...out, ...roundingSteps(inst, ['beta', 'etaEnc', 'etaDec']), ...dataRounding(inst)];
  },
};

export const vaeSpace: InstanceSpace<LinearVaeInstance> = {
  problem: 'vae',
  parameters: [
    { kind: 'int', name: 'dataSeed', min: 0, max: 40, doc: 'seed of the generated data set' },
    { kind: 'int', name: 'dx', min: 1, max: 4, doc: 'dimension of x' },
    { kind: 'int', name: 'latent', min: 1, max: 4, doc: 'latent dimension dz' },
    { kind: 'real', name: 'xScale', min: 0.2, max: 2, log: true, doc: 'scale of the data directions' },
    { kind: 'real', name: 'beta', min: 0.01, max: 10, log: true, threshold: true, doc: 'KL weight beta' },
    { kind: 'real', name: 'etaEnc', min: 0.5, max: 2, log: true, doc: 'prior scale eta_enc' },
    { kind: 'real', name: 'etaDec', min: 0.5, max: 2, log: true, doc: 'decoder scale eta_dec' },
    { kind: 'choice', name: 'sigma', values: ['learnable', 'fixed'], doc: 'encoder covariance: learnable, or fixed diag(sigma_i^2)' },
    { kind: 'real', name: 'sigmaScale', min: 0.3, max: 1.5, log: true, doc: 'scale of the fixed sigma_i' },
  ],
  seeds: [{ dataSeed: 3, dx: 2, latent: 2, xScale: 1, beta: 0.3, etaEnc: 1, etaDec: 1, sigma: 'learnable', sigmaScale: 1 }],
  build: (p) => ({
    problem: 'vae',
    beta: num(p, 'beta'),
    etaEnc: num(p, 'etaEnc'),
    etaDec: num(p, 'etaDec'),
    latent: num(p, 'latent'),
    ...(p.sigma === 'fixed' ? { sigma: SIGMAS.slice(0, num(p, 'latent')).map((v) => v * num(p, 'sigmaScale')) } : {}),
    data: xData(num(p, 'dataSeed'), num(p, 'dx'), num(p, 'xScale')),
  }),
  shrink: (inst) => {
    const out: ShrinkStep<LinearVaeInstance>[] = [];
    if (inst.latent > 1) {
      out.push({
        step: `latent ${inst.latent} -> ${inst.latent - 1}`,
        instance: { ...inst, latent: inst.latent - 1, ...(inst.sigma ? { sigma: inst.sigma.slice(0, -1) } : {}) },
      });
    }
    if (!('path' in inst.data) && inst.data.dx > 1) {
      const d = inst.data;
      out.push({
        step: `dx ${d.dx} -> ${d.dx - 1}`,
        instance: { ...inst, data: { ...d, dx: d.dx - 1, samples: 4 * (d.dx - 1) + 8, xScales: d.xScales?.slice(0, -1) } },
      });
    }
    if (inst.sigma) out.push({ step: 'fixed Sigma made learnable', instance: { ...inst, sigma: undefined } });
    return [...out, ...roundingSteps(inst, ['beta', 'etaEnc', 'etaDec', 'sigma']), ...dataRounding(inst)];
  },
};

export const hvaeSpace: InstanceSpace<LinearHvaeInstance> = {
  problem: 'hvae',
  parameters: [
    { kind: 'int', name: 'dataSeed', min: 0, max: 40, doc: 'seed of the generated data set' },
    { kind: 'int', name: 'd0', min: 1, max: 4, doc: 'dimension of x' },
    { kind: 'int', name: 'latent1', min: 1, max: 3, doc: 'dimension d1 of z1' },
    { kind: 'int', name: 'latent2', min: 1, max: 3, doc: 'dimension d2 of z2' },
    { kind: 'real', name: 'xScale', min: 0.3, max: 2, log: true, doc: 'scale of the data directions' },
    { kind: 'real', name: 'beta1', min: 0.3, max: 3, log: true, doc: 'z1 KL weight beta_1' },
    { kind: 'real', name: 'beta2', min: 0.01, max: 10, log: true, threshold: true, doc: 'z2 KL weight beta_2' },
    { kind: 'real', name: 'sigma1', min: 0.05, max: 3, log: true, threshold: true, doc: 'fixed z1 encoder std sigma_1' },
    { kind: 'real', name: 'etaEnc', min: 0.5, max: 2, log: true, doc: 'prior scale eta_enc' },
    { kind: 'real', name: 'etaDec', min: 0.5, max: 2, log: true, doc: 'decoder scale eta_dec' },
  ],
  seeds: [{ dataSeed: 3, d0: 2, latent1: 2, latent2: 2, xScale: 1, beta1: 1, beta2: 0.3, sigma1: 0.5, etaEnc: 1, etaDec: 1 }],
  build: (p) => ({
    problem: 'hvae',
    beta1: num(p, 'beta1'),
    beta2: num(p, 'beta2'),
    etaEnc: num(p, 'etaEnc'),
    etaDec: num(p, 'etaDec'),
    sigma1: num(p, 'sigma1'),
    latent1: num(p, 'latent1'),
    latent2: num(p, 'latent2'),
    data: xData(num(p, 'dataSeed'), num(p, 'd0'), num(p, 'xScale')),
  }),
  shrink: (inst) => {
    const out: ShrinkStep<LinearHvaeInstance>[] = [];
    if (inst.latent2 > 1) out.push({ step: `latent2 ${inst.latent2} -> ${inst.latent2 - 1}`, instance: { ...inst, latent2: inst.latent2 - 1 } });
    if (inst.latent1 > 1) out.push({ step: `latent1 ${inst.latent1} -> ${inst.latent1 - 1}`, instance: { ...inst, latent1: inst.latent1 - 1 } });
    if (!('path' in inst.data) && inst.data.dx > 1) {
      const d = inst.data;
      out.push({
        step: `d0 ${d.dx} -> ${d.dx - 1}`,
        instance: { ...inst, data: { ...d, dx: d.dx - 1, samples: 4 * (d.dx - 1) + 8, xScales: d.xScales?.slice(0, -1) } },
      });
    }
    return [...out, ...roundingSteps(inst, ['beta1', 'beta2', 'sigma1', 'etaEnc', 'etaDec']), ...dataRounding(inst)];
  },
};
