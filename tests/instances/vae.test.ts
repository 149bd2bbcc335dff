/**
 * The VAE-family generators put a collapse threshold at ratio x theta_j for some mode j, the
 * ratio in the documented band and within 3% of 1 for a good share of the draws; the HVAE
 * generator covers both regimes of sigma1^2 against a* = (beta2/beta1) etaDec^2.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cvaeInstances, hvaeInstances, vaeInstances } from '../../src/instances/vae.ts';
import { amplitudeModes, cvaeModes } from '../../src/problems/vae/symbols.ts';

/** threshold / theta_i for every mode i. */
const ratiosOf = (thr: (i: number) => number, theta: readonly number[]) => theta.map((t, i) => thr(i) / t);

/**
 * Per instance (one list of per-mode ratios each): some mode's ratio lies in [lo, 3]; over the
 * sample, a tenth of the instances have a mode within 3% of its threshold, and both sides occur.
 */
function expectStraddling(perInstance: number[][], lo: number): void {
  const inBand = (r: number) => r >= lo * (1 - 1e-12) && r <= 3 * (1 + 1e-12);
  for (const rs of perInstance) expect(rs.some(inBand), `ratios ${rs.join(', ')}`).toBe(true);
  expect(perInstance.filter((rs) => rs.some((r) => Math.abs(r - 1) <= 0.03)).length).toBeGreaterThanOrEqual(perInstance.length / 10);
  const all = perInstance.flat().filter(inBand);
  expect(all.some((r) => r < 0.97) && all.some((r) => r > 1.03)).toBe(true);
}

describe('VAE-family instance generators', () => {
  it('cvae: beta etaDec^2 at ratio x theta_j (theta the eigenvalues of E)', () => {
    const ratios = fc.sample(cvaeInstances(), { seed: 1, numRuns: 60 }).map((I) => ratiosOf(() => I.beta * I.etaDec ** 2, cvaeModes(I.data).theta));
    expectStraddling(ratios, 0.2);
  });

  it('vae: sqrt(beta) etaDec (learnable) or sqrt(beta) (etaDec/etaEnc) sigma_(i) (fixed) at ratio x theta_j', () => {
    const sample = fc.sample(vaeInstances(), { seed: 2, numRuns: 60 });
    expect(sample.some((I) => I.sigma) && sample.some((I) => !I.sigma)).toBe(true);
    const ratios = sample.map((I) => {
      const sig = I.sigma ? [...I.sigma].sort((a, b) => a - b) : [];
      const thr = (i: number) => (I.sigma ? Math.sqrt(I.beta) * (I.etaDec / I.etaEnc) * sig[Math.min(i, I.latent - 1)] : Math.sqrt(I.beta) * I.etaDec);
      return ratiosOf(thr, amplitudeModes(I.data).theta);
    });
    expectStraddling(ratios, 0.3);
    expect(fc.sample(vaeInstances({ fixedSigma: true }), { seed: 3, numRuns: 10 }).every((I) => I.sigma?.length === I.latent)).toBe(true);
  });

  it('hvae: both regimes, a threshold of the regime at ratio x theta_j', () => {
    const sample = fc.sample(hvaeInstances(), { seed: 4, numRuns: 60 });
    const ratios = sample.map((I) => {
      const theta = amplitudeModes(I.data).theta;
      const aStar = (I.beta2 / I.beta1) * I.etaDec ** 2;
      if (I.sigma1 ** 2 >= aStar) return ratiosOf(() => Math.sqrt(I.beta2) * I.etaDec, theta);
      const thrZ2 = (I.beta2 * I.etaDec ** 2) / (Math.sqrt(I.beta1) * I.sigma1);
      return [...ratiosOf(() => thrZ2, theta), ...ratiosOf(() => Math.sqrt(I.beta1) * I.sigma1, theta)];
    });
    const live = sample.filter((I) => I.sigma1 ** 2 >= (I.beta2 / I.beta1) * I.etaDec ** 2).length;
    expect(live > 0 && live < sample.length).toBe(true);
    expectStraddling(ratios, 0.3);
  });
});
