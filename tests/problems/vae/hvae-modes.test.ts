/**
 * The HVAE's per-mode minimiser against a direct numerical minimisation of the per-mode cost
 * theta^2 sigma1^2 / (a etaDec^2) + g(a) over a >= sigma1^2, with g written out here from the
 * reduction (hvae-modes.ts): the closed forms' a, lambda^2, omega^2 and Sigma_2 entry must be
 * the argmin and its consequences, in both regimes of sigma1^2 against a* = (beta2/beta1) etaDec^2.
 */
import { describe, expect, it } from 'vitest';
import type { LinearHvaeInstance } from '../../../src/problems/vae/hvae.ts';
import { hvaeModeValues, hvaeZeroScale } from '../../../src/problems/vae/hvae-modes.ts';
import { amplitudeModes } from '../../../src/problems/vae/symbols.ts';

const data = { seed: 9, samples: 40, dx: 3, dy: 0, xScales: [1.5, 0.8, 0.3], correlation: 0, noise: [] };

function modeCost(I: LinearHvaeInstance, theta: number, a: number): number {
  const { beta1, beta2, etaEnc, etaDec, sigma1 } = I;
  const aStar = (beta2 / beta1) * etaDec ** 2;
  const g =
    a >= aStar
      ? 2 * beta2 + beta2 * Math.log((a * beta1) / (beta2 * etaDec ** 2 * etaEnc ** 2))
      : (beta1 * a) / etaDec ** 2 + beta2 - 2 * beta2 * Math.log(etaEnc);
  return (theta ** 2 * sigma1 ** 2) / (a * etaDec ** 2) + g;
}

/** argmin over a >= sigma1^2: a log-spaced scan, then golden-section refinement around the best cell. */
function argminA(I: LinearHvaeInstance, theta: number): number {
  const lo = I.sigma1 ** 2;
  const grid = Array.from({ length: 4001 }, (_, i) => lo * Math.exp((i / 4000) * Math.log(1e4)));
  let best = 0;
  grid.forEach((a, i) => {
    if (modeCost(I, theta, a) < modeCost(I, theta, grid[best])) best = i;
  });
  let l = grid[Math.max(0, best - 1)];
  let h = grid[Math.min(grid.length - 1, best + 1)];
  const r = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 200; it++) {
    const m1 = h - r * (h - l);
    const m2 = l + r * (h - l);
    if (modeCost(I, theta, m1) <= modeCost(I, theta, m2)) h = m2;
    else l = m1;
  }
  return (l + h) / 2;
}

const thresholds = (I: LinearHvaeInstance) => {
  const aStar = (I.beta2 / I.beta1) * I.etaDec ** 2;
  return {
    z2NeverCollapses: I.sigma1 ** 2 >= aStar,
    aStar,
    thrZ2: (I.beta2 * I.etaDec ** 2) / (Math.sqrt(I.beta1) * I.sigma1),
    thrBoth: Math.sqrt(I.beta1) * I.sigma1,
    thrZ1Live: Math.sqrt(I.beta2) * I.etaDec,
  };
};

describe('HVAE per-mode minimiser', () => {
  const base = { problem: 'hvae' as const, etaEnc: 0.8, etaDec: 1.2, latent1: 3, latent2: 3, data };
  const cases: Array<[string, LinearHvaeInstance]> = [
    ['z2 never collapses (sigma1^2 >= a*)', { ...base, beta1: 1.5, beta2: 0.4, sigma1: 0.9 }],
    ['z2 collapsible (sigma1^2 < a*), every mode with z2 collapsed', { ...base, beta1: 0.8, beta2: 1.1, sigma1: 0.35 }],
    // thrZ2 = 1, thrBoth = 0.5: the top mode keeps z2, the middle one only z1, the last one neither.
    ['z2 collapsible, the thresholds between the modes', { ...base, etaDec: 1, beta1: 1, beta2: 0.5, sigma1: 0.5 }],
  ];
  for (const [name, I] of cases) {
    it(name, () => {
      const m = hvaeModeValues(I, thresholds(I));
      const theta = amplitudeModes(data).theta;
      expect(m.theta).toEqual(theta);
      if (name.includes('between')) {
        expect(theta[0]).toBeGreaterThan(1);
        expect(theta[1] > 0.5 && theta[1] < 1).toBe(true);
        expect(theta[2]).toBeLessThan(0.5);
        expect(m.omegaSq[0]).toBeGreaterThan(0);
        expect([m.omegaSq[1], m.lambdaSq[2], m.omegaSq[2]]).toEqual([0, 0, 0]);
        expect(m.lambdaSq[1]).toBeGreaterThan(0);
      }
      theta.forEach((t, i) => {
        const a = argminA(I, t);
        expect(Math.abs(m.a[i] - a) / a).toBeLessThan(1e-6);
        expect(m.lambdaSq[i]).toBeCloseTo(Math.max(0, m.a[i] - I.sigma1 ** 2), 14);
        const aStar = thresholds(I).aStar;
        const omegaSq = m.a[i] >= aStar ? (m.a[i] - aStar) / I.etaEnc ** 2 : 0;
        expect(m.omegaSq[i]).toBeCloseTo(omegaSq, 12);
        expect(m.sigma2Sq[i]).toBeCloseTo(I.beta2 / ((I.beta1 * omegaSq) / I.etaDec ** 2 + I.beta2 / I.etaEnc ** 2), 12);
      });
    });
  }

  it('a wrong threshold moves the values (the claim passes its predictions through)', () => {
    const I = cases[1][1];
    const right = hvaeModeValues(I, thresholds(I));
    const wrong = hvaeModeValues(I, { ...thresholds(I), thrBoth: 1e-9 });
    expect(wrong.a).not.toEqual(right.a);
  });

  it('the zero scale is the largest of theta_1, sigma1 and theta_1 sigma1 / (sqrt(beta2) etaDec etaEnc)', () => {
    const I = cases[0][1];
    const t1 = amplitudeModes(data).theta[0];
    expect(hvaeZeroScale(I)).toBe(Math.max(t1, 0.9, (t1 * 0.9) / (Math.sqrt(0.4) * 1.2 * 0.8)));
  });
});
