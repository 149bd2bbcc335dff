/**
 * The two-level linear HVAE (hvae.ts) mode by mode (docs/catalogue.md, dang2024vae.hvae).
 *
 * Per-mode reduction [derived here, checked by the solver]: in S_xx's eigenbasis, mode i of z1
 * has data amplitude theta, encoder gain lambda (a singular value of W_1 S_xx^{1/2}), and
 * a = lambda^2 + sigma1^2 = E[z1_i^2] >= sigma1^2. Minimising out U_1, then W_2 (a ridge), then
 * Sigma_2, the mode costs theta^2 sigma1^2 / (a etaDec^2) + g(a) with
 *   g(a) = 2 beta2 + beta2 log(a beta1 / (beta2 etaDec^2 etaEnc^2))   if a >= a* = (beta2/beta1) etaDec^2  (z2 live:
 *          omega^2 = (a - a*)/etaEnc^2, Sigma_2 entry s = beta2 / (beta1 omega^2/etaDec^2 + beta2/etaEnc^2)),
 *   g(a) = beta1 a / etaDec^2 + beta2 - 2 beta2 log(etaEnc)            if a < a*  (z2 collapsed, s = etaEnc^2).
 * The cost is unimodal in a; its minimiser over a >= sigma1^2 is
 *   a = max(sigma1^2, theta^2 sigma1^2 / (beta2 etaDec^2))  if theta >= thrZ2 = beta2 etaDec^2 / (sqrt(beta1) sigma1),
 *   a = max(sigma1^2, theta sigma1 / sqrt(beta1))           otherwise,
 * which gives the catalogue's statements: if sigma1^2 >= a*, a >= a* always (z2 live; z1 mode
 * collapsed iff theta <= sqrt(beta2) etaDec); else omega > 0 iff theta > thrZ2, and lambda = 0 iff
 * theta <= sqrt(beta1) sigma1. A z1 mode without a z2 partner (d2 < d1) costs the a < a* branch
 * without the z2 latent's beta2 - 2 beta2 log(etaEnc); a z2 latent without a z1 mode (d2 > d1)
 * costs exactly that; a data mode without a z1 latent (d0 > d1) costs theta^2/etaDec^2. z1 latents
 * take the top data modes and z2 latents pair with the top z1 modes (both savings grow with
 * theta). At the regime edge sigma1^2 = a* exactly, modes with theta <= sqrt(beta2) etaDec have
 * omega = 0 (the catalogue's "never" is strict there; a measure-zero edge the instances avoid).
 *
 * hvaeModeValues evaluates that minimiser with the thresholds passed in (a claim passes its
 * predicted ones, so a wrong threshold moves every per-mode value and the point built from them).
 */
import type { LinearHvaeInstance } from './hvae.ts';
import { amplitudeModes, hvaeThetas } from './symbols.ts';

export interface HvaeThresholds {
  /** sigma1^2 >= a*: z2 never collapses. */
  readonly z2NeverCollapses: boolean;
  /** a* = (beta2 / beta1) etaDec^2. */
  readonly aStar: number;
  /** z2 mode live iff theta >= thrZ2 (when it can collapse). */
  readonly thrZ2: number;
  /** Both levels collapse iff theta <= thrBoth. */
  readonly thrBoth: number;
  /** z1 mode live iff theta > thrZ1Live, when z2 never collapses. */
  readonly thrZ1Live: number;
}

export interface HvaeModes {
  /** Per z1 mode (paired first, then unpaired): theta, a = E[z1_i^2], lambda^2. */
  readonly theta: number[];
  readonly a: number[];
  readonly lambdaSq: number[];
  /** Per paired mode: omega^2 and the Sigma_2 entry; then etaEnc^2 for the z2 latents beyond d1. */
  readonly omegaSq: number[];
  readonly sigma2Sq: number[];
}

export function hvaeModeValues(inst: LinearHvaeInstance, thr: HvaeThresholds): HvaeModes {
  const { pair, solo } = hvaeThetas(inst);
  const { beta1, beta2, etaEnc, etaDec, sigma1 } = inst;
  const s1 = sigma1 ** 2;
  const live = thr.z2NeverCollapses;
  const aLive = (t: number) => (t * t * s1) / (beta2 * etaDec ** 2);
  const aDead = (t: number) => (t > thr.thrBoth ? (t * sigma1) / Math.sqrt(beta1) : s1);
  const z2Live = pair.map((t) => live || t >= thr.thrZ2);
  const aPair = pair.map((t, j) => (live ? (t > thr.thrZ1Live ? aLive(t) : s1) : z2Live[j] ? aLive(t) : aDead(t)));
  const omegaSq = aPair.map((ai, j) => (z2Live[j] ? Math.max(0, ai - thr.aStar) / etaEnc ** 2 : 0));
  const sigma2Sq = [
    ...omegaSq.map((w) => beta2 / ((beta1 * w) / etaDec ** 2 + beta2 / etaEnc ** 2)),
    ...Array.from({ length: inst.latent2 - pair.length }, () => etaEnc ** 2),
  ];
  const a = [...aPair, ...solo.map(aDead)];
  return { theta: [...pair, ...solo], a, lambdaSq: a.map((ai) => Math.max(0, ai - s1)), omegaSq, sigma2Sq };
}

/**
 * The largest singular value W_1 S_xx^{1/2} and U_2 can have on the instance (up to constants),
 * so that "zero" in a collapse count is relative to it: max(theta_1, sigma1,
 * theta_1 sigma1 / (sqrt(beta2) etaDec etaEnc)).
 */
export function hvaeZeroScale(inst: LinearHvaeInstance): number {
  const t1 = amplitudeModes(inst.data).theta[0];
  return Math.max(t1, inst.sigma1, (t1 * inst.sigma1) / (Math.sqrt(inst.beta2) * inst.etaDec * inst.etaEnc), 1e-300);
}
