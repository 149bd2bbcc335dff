/**
 * fast-check arbitraries for the linear VAE family (docs/catalogue.md, dang2024vae). Each draws a
 * generated data set, computes its per-mode data quantities theta_i, and sets the KL weight so
 * that a collapse threshold sits at ratio x theta_j for a chosen mode j, the ratio straddling 1
 * (within 3% of it a third of the time or more), so latents fall on both sides of the threshold
 * and close to it.
 */
import fc from 'fast-check';
import type { LinearCvaeInstance } from '../problems/vae/cvae.ts';
import type { LinearHvaeInstance } from '../problems/vae/hvae.ts';
import { amplitudeModes, cvaeModes } from '../problems/vae/symbols.ts';
import type { LinearVaeInstance } from '../problems/vae/vae.ts';

const between = (min: number, max: number) => fc.double({ min, max, noNaN: true });

/** Below, near (0.97-1.03) and above 1, from `lo` to 3. */
const straddlingOne = (lo: number) => fc.oneof(between(lo, 0.97), between(0.97, 1.03), between(1.03, 3));

/**
 * CVAE instances: data with a random x-y correlation and per-direction noise; beta etaDec^2 =
 * ratio x theta_j (theta_i the eigenvalues of E = S_yy - S_yx S_xx^{-1} S_xy).
 */
export function cvaeInstances(): fc.Arbitrary<LinearCvaeInstance> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1e6 }),
      dx: fc.integer({ min: 1, max: 3 }),
      dy: fc.integer({ min: 1, max: 4 }),
      dz: fc.integer({ min: 1, max: 4 }),
      correlation: between(0, 2),
      noise: fc.array(between(0.2, 2), { minLength: 4, maxLength: 4 }),
      mode: fc.integer({ min: 0, max: 3 }),
      ratio: straddlingOne(0.2),
      etaEnc: between(0.5, 2),
      etaDec: between(0.5, 2),
    })
    .map(({ seed, dx, dy, dz, correlation, noise, mode, ratio, etaEnc, etaDec }) => {
      const data = { seed, samples: 4 * (dx + dy) + 8, dx, dy, correlation, noise: noise.slice(0, dy) };
      const theta = cvaeModes(data).theta;
      const beta = (ratio * theta[mode % dy]) / etaDec ** 2;
      return { problem: 'cvae' as const, beta, etaEnc, etaDec, latent: dz, data };
    });
}

export interface VaeInstanceConstraints {
  /** Fixed Sigma (true), learnable (false), or both (undefined). @defaultValue undefined */
  fixedSigma?: boolean;
}

/**
 * VAE instances (theta_i = sqrt(eig S_xx)): learnable Sigma puts the threshold sqrt(beta) etaDec
 * at ratio x theta_j; fixed Sigma puts sqrt(beta) (etaDec/etaEnc) sigma at it, with sigma the
 * fixed standard deviation that pairs with mode j (the smallest sigma with the largest theta).
 */
export function vaeInstances(c: VaeInstanceConstraints = {}): fc.Arbitrary<LinearVaeInstance> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1e6 }),
      dx: fc.integer({ min: 1, max: 4 }),
      dz: fc.integer({ min: 1, max: 4 }),
      scales: fc.array(between(0.2, 2), { minLength: 4, maxLength: 4 }),
      mode: fc.integer({ min: 0, max: 3 }),
      ratio: straddlingOne(0.3),
      etaEnc: between(0.5, 2),
      etaDec: between(0.5, 2),
      isFixed: c.fixedSigma === undefined ? fc.boolean() : fc.constant(c.fixedSigma),
      sigmas: fc.array(between(0.3, 1.5), { minLength: 4, maxLength: 4 }),
    })
    .map(({ seed, dx, dz, scales, mode, ratio, etaEnc, etaDec, isFixed, sigmas }) => {
      const data = { seed, samples: 4 * dx + 8, dx, dy: 0, xScales: scales.slice(0, dx), correlation: 0, noise: [] };
      const t = amplitudeModes(data).theta[mode % dx];
      const sigma = isFixed ? sigmas.slice(0, dz) : undefined;
      const sj = sigma ? [...sigma].sort((a, b) => a - b)[Math.min(mode % dx, dz - 1)] : 1;
      const thrTarget = ratio * t;
      const beta = sigma ? (thrTarget / ((etaDec / etaEnc) * sj)) ** 2 : (thrTarget / etaDec) ** 2;
      return { problem: 'vae' as const, beta, etaEnc, etaDec, latent: dz, ...(sigma ? { sigma } : {}), data };
    });
}

/**
 * HVAE instances in both regimes, with thresholds placed at ratio x theta_j for a chosen mode
 * (the ratio straddling 1, within 0.1-3% of it half of the time):
 * - `z2-live` (sigma1^2 >= a* = (beta2/beta1) etaDec^2): beta2 puts sqrt(beta2) etaDec (the z1
 *   threshold) at the ratio, and sigma1^2 = rho' a* with rho' = 1/rho in (1, 3];
 * - `z2-collapsible` (sigma1^2 < a*): one of thrZ2 = beta2 etaDec^2/(sqrt(beta1) sigma1) or
 *   thrBoth = sqrt(beta1) sigma1 at the ratio, the other at thrBoth = rho thrZ2 (rho = sigma1^2/a* < 1).
 */
export function hvaeInstances(): fc.Arbitrary<LinearHvaeInstance> {
  const ratio = fc.oneof(between(0.3, 0.97), between(0.97, 0.999), between(1.001, 1.03), between(1.03, 3));
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1e6 }),
      d0: fc.integer({ min: 1, max: 4 }),
      d1: fc.integer({ min: 1, max: 3 }),
      d2: fc.integer({ min: 1, max: 3 }),
      scales: fc.array(between(0.3, 2), { minLength: 4, maxLength: 4 }),
      mode: fc.integer({ min: 0, max: 3 }),
      ratio,
      regime: fc.constantFrom('z2-live', 'z2-collapsible'),
      anchor: fc.constantFrom('thrZ2', 'thrBoth'),
      rho: fc.oneof(between(0.2, 0.9), between(0.9, 0.99)),
      beta1: between(0.3, 3),
      etaEnc: between(0.5, 2),
      etaDec: between(0.5, 2),
    })
    .map(({ seed, d0, d1, d2, scales, mode, ratio: r, regime, anchor, rho, beta1, etaEnc, etaDec }) => {
      const data = { seed, samples: 4 * d0 + 8, dx: d0, dy: 0, xScales: scales.slice(0, d0), correlation: 0, noise: [] };
      const theta = amplitudeModes(data).theta;
      const base = { problem: 'hvae' as const, beta1, etaEnc, etaDec, latent1: d1, latent2: d2, data };
      if (regime === 'z2-live') {
        const t = theta[mode % Math.min(d0, d1, d2)];
        const beta2 = ((r * t) / etaDec) ** 2;
        // rho' = sigma1^2 / a* in (1, 3]: reuse rho (< 1) as 1/rho', near the edge when rho is.
        const sigma1 = Math.sqrt(((beta2 / beta1) * etaDec ** 2) / Math.max(rho, 1 / 3));
        return { ...base, beta2, sigma1 };
      }
      const t = theta[mode % Math.min(d0, d1, anchor === 'thrZ2' ? d2 : d1)];
      const thrZ2 = anchor === 'thrZ2' ? r * t : (r * t) / rho;
      const thrBoth = rho * thrZ2;
      const sigma1 = thrBoth / Math.sqrt(beta1);
      // thrZ2 thrBoth = beta2 etaDec^2.
      const beta2 = (thrZ2 * thrBoth) / etaDec ** 2;
      return { ...base, beta2, sigma1 };
    });
}
