/**
 * Dang, Tran, Osher, Tran-The, Ho, Nguyen. "Beyond Vanilla Variational Autoencoders: Detecting
 * Posterior Collapse in Conditional and Hierarchical Variational Autoencoders." ICLR 2024.
 * Catalogue section: dang2024vae (../shared/theorems.md).
 *
 * Conventions [code]: loss = 2 x (negative beta-ELBO) up to constants, uncentred second moments,
 * Sigma diagonal (src/problems/vae/gaussian.ts). Per latent mode with data variance v
 * (CVAE: v = theta_i, eigenvalue of E = S_yy - S_yx S_xx^{-1} S_xy; VAE: v = theta_i^2) the loss
 * reduces to one scalar problem [derived here, checked by the solver]: with learnable Sigma the
 * mode costs 2 beta + beta log(v / (beta etaEnc^2 etaDec^2)) when live (v > beta etaDec^2) and
 * v / etaDec^2 + beta - 2 beta log(etaEnc) when collapsed; a data mode without a latent costs
 * v / etaDec^2, a latent without a data mode beta - 2 beta log(etaEnc).
 */
import fc from 'fast-check';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { psdSqrt, svd, symmetricEigen } from '../src/linalg/eigen.ts';
import { mat, matmul, type Mat } from '../src/linalg/matrix.ts';
import type { Measurement } from '../src/predicates/predicate.ts';
import { fmt } from '../src/predicates/collapse.ts';
import { cvaeLayout, linearCvae, momentsOf, type LinearCvaeInstance } from '../src/problems/vae/cvae.ts';
import { linearVaeBlocks, type LinearVaeLayout } from '../src/problems/vae/gaussian.ts';
import { linearVae, vaeLayout, type LinearVaeInstance } from '../src/problems/vae/vae.ts';
import { hvaeBlocks, hvaeSizes, linearHvae, type LinearHvaeInstance } from '../src/problems/vae/hvae.ts';
import { generateSamples, secondMoments } from '../src/problems/vae/data.ts';
import { inv } from 'mathjs';
import type { Scope } from '../src/symbolic/expr.ts';

const citation = 'H. Dang, T. Tran, T. Nguyen, N. Ho. Beyond Vanilla Variational Autoencoders: Detecting Posterior Collapse in Conditional and Hierarchical Variational Autoencoders. ICLR 2024.';

/** Descending eigenvalues and eigenvectors (columns) of a symmetric matrix. */
function eigDesc(A: Mat): { values: number[]; vectors: number[][] } {
  const { values, vectors } = symmetricEigen(A);
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[b] - values[a]);
  return { values: order.map((i) => values[i]), vectors: order.map((i) => Array.from({ length: n }, (_, r) => vectors.data[r * n + i])) };
}

/** E = S_yy - S_yx S_xx^{-1} S_xy (what x cannot explain of y). */
export function conditionalResidual(inst: LinearCvaeInstance): Mat {
  const m = momentsOf(inst.data);
  const SxxInv = inv(Array.from({ length: m.dx }, (_, i) => Array.from(m.Sxx.data.subarray(i * m.dx, (i + 1) * m.dx)))) as number[][];
  const B = mat(m.dx, m.dy);
  for (let i = 0; i < m.dx; i++) for (let j = 0; j < m.dy; j++) for (let k = 0; k < m.dx; k++) B.data[i * m.dy + j] += SxxInv[i][k] * m.Sxy.data[k * m.dy + j];
  const E = mat(m.dy, m.dy);
  for (let i = 0; i < m.dy; i++) {
    for (let j = 0; j < m.dy; j++) {
      let s = m.Syy.data[i * m.dy + j];
      for (let k = 0; k < m.dx; k++) s -= m.Sxy.data[k * m.dy + i] * B.data[k * m.dy + j];
      E.data[i * m.dy + j] = s;
    }
  }
  for (let i = 0; i < m.dy; i++) for (let j = 0; j < i; j++) E.data[i * m.dy + j] = E.data[j * m.dy + i] = 0.5 * (E.data[i * m.dy + j] + E.data[j * m.dy + i]);
  return E;
}

/** Symbols: beta, etaEnc, etaDec, dz, dy, dx, thetaLat (the top min(dz, d) modes), thetaRestSum (the others' sum). */
function cvaeSymbols(inst: LinearCvaeInstance): Scope {
  const m = momentsOf(inst.data);
  const theta = eigDesc(conditionalResidual(inst)).values;
  const k = Math.min(inst.latent, m.dy);
  return {
    beta: inst.beta, etaEnc: inst.etaEnc, etaDec: inst.etaDec, dz: inst.latent, dy: m.dy, dx: m.dx,
    thetaLat: theta.slice(0, k), thetaRestSum: theta.slice(k).reduce((a, b) => a + b, 0), theta1: theta[0],
  };
}

interface VaeView {
  /** Decoder latent map U1 (target x latent). */
  readonly U: Mat;
  /** Encoder standard deviations. */
  readonly sigma: number[];
}

function vaeViewOf(layout: LinearVaeLayout, x: Float64Array): VaeView {
  const blocks = linearVaeBlocks(layout);
  const bU = blocks[1];
  const U = mat(bU.rows, bU.cols, x.slice(bU.offset, bU.offset + bU.rows * bU.cols));
  const bT = blocks.find((b) => b.name === 'logVar');
  const sigma = Array.from({ length: layout.dz }, (_, j) => Math.exp(0.5 * (bT ? x[bT.offset + j] : layout.fixedLogVar![j])));
  return { U, sigma };
}

/** Sorted values agree: max |measured - claimed| relative to max(claimed, floorRef). */
function sortedMatch(measured: number[], claimed: number[], what: string, slope: number): Measurement {
  const a = [...measured].sort((p, q) => q - p);
  const c = [...claimed].sort((p, q) => q - p);
  const len = Math.max(a.length, c.length);
  let worst = 0;
  for (let i = 0; i < len; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (c[i] ?? 0)));
  const ref = Math.max(...c.map(Math.abs), 0);
  return ref > 0
    ? { deviation: worst / ref, kind: 'relative', detail: `max_i |${what}_i - claimed_i| / ${fmt(ref)} (claimed ${c.map(fmt).join(', ')})`, sensitivity: slope / ref }
    : { deviation: worst, kind: 'absolute', detail: `max_i |${what}_i| (claimed 0)`, sensitivity: slope };
}

function singularValues(A: Mat): number[] {
  return Array.from(svd(A).s);
}

/** Claimed per-latent values with learnable Sigma, from the mode variances v_i and the threshold. */
function learnableLatents(v: number[], dz: number, p: Predictions, inst: { beta: number; etaEnc: number; etaDec: number }): { omega: number[]; sigma: number[] } {
  const thr = p.num('thr');
  const omega: number[] = [];
  const sigma: number[] = [];
  for (let i = 0; i < dz; i++) {
    const vi = v[i] ?? 0;
    const live = vi > thr;
    omega.push(live ? Math.sqrt(vi - thr) / inst.etaEnc : 0);
    sigma.push(live ? (Math.sqrt(inst.beta) * inst.etaEnc * inst.etaDec) / Math.sqrt(vi) : inst.etaEnc);
  }
  return { omega, sigma };
}

// ------------------------------------------------------------------------------------------
// dang2024vae.cvae
// ------------------------------------------------------------------------------------------

/** Per-mode optimal cost (learnable Sigma), entrywise; mathjs's log does not map over arrays, hence map(., f(u) = log(u)). */
const modeCost = (v: string, thr: string) =>
  `(${v} > ${thr}) .* (2 * beta + beta * map(${v} / (beta * etaEnc^2 * etaDec^2), f(u) = log(u))) + (${v} <= ${thr}) .* (${v} / etaDec^2 + beta - 2 * beta * log(etaEnc))`;

const cvaeChecks: Check<LinearCvaeInstance, VaeView>[] = [
  {
    name: 'decoder singular values', claim: 'omega_i = (1/etaEnc) sqrt(max(0, theta_i - beta etaDec^2))',
    measure: (v, p, i) => {
      const th = (cvaeSymbols(i).thetaLat as number[]);
      return sortedMatch(singularValues(v.U), learnableLatents(th, i.latent, p, i).omega, 'sv(U_1)', 1);
    },
  },
  {
    name: 'encoder variances', claim: 'sigma_i = sqrt(beta) etaEnc etaDec / sqrt(theta_i) if live, else etaEnc',
    measure: (v, p, i) => {
      const th = (cvaeSymbols(i).thetaLat as number[]);
      return sortedMatch(v.sigma, learnableLatents(th, i.latent, p, i).sigma, 'sigma', Math.max(...v.sigma));
    },
  },
  {
    name: 'collapsed latents', claim: '#collapsed = #{theta_i <= beta etaDec^2} (+ latents beyond dy)',
    measure: (v, p, i) => {
      const sv = singularValues(v.U);
      // A singular value below 1e-6 of the largest possible one, sqrt(theta_1)/etaEnc, counts as 0.
      const scale = Math.sqrt(cvaeSymbols(i).theta1 as number) / i.etaEnc;
      const measured = v.sigma.length - sv.filter((s) => s > 1e-6 * scale).length;
      return { deviation: Math.abs(measured - p.num('collapsed')), kind: 'absolute', detail: `measured ${measured} collapsed latents, claimed ${p.num('collapsed')}`, sensitivity: 0 };
    },
  },
];

/** The claimed minimiser in E's eigenbasis (module comment; W_1, U_2 from the regression of y on x). */
function constructCvae(inst: LinearCvaeInstance, p: Predictions): Float64Array {
  const m = momentsOf(inst.data);
  const layout = cvaeLayout(inst);
  const { values: theta, vectors: Q } = eigDesc(conditionalResidual(inst));
  const { omega, sigma } = learnableLatents(theta, inst.latent, p, inst);
  const { dx, dy } = m;
  const dz = inst.latent;
  const U1 = mat(dy, dz);
  const W2 = mat(dz, dy);
  for (let i = 0; i < Math.min(dz, dy); i++) {
    const w = (omega[i] * sigma[i] ** 2) / (inst.beta * inst.etaDec ** 2);
    for (let r = 0; r < dy; r++) {
      U1.data[r * dz + i] = omega[i] * Q[i][r];
      W2.data[i * dy + r] = w * Q[i][r];
    }
  }
  // B = S_yx S_xx^{-1} (dy x dx): W_1 = -W_2 B, U_2 = (I - U_1 W_2) B - U_1 W_1.
  const SxxInv = inv(Array.from({ length: dx }, (_, i) => Array.from(m.Sxx.data.subarray(i * dx, (i + 1) * dx)))) as number[][];
  const B = mat(dy, dx);
  for (let r = 0; r < dy; r++) for (let c = 0; c < dx; c++) for (let k = 0; k < dx; k++) B.data[r * dx + c] += m.Sxy.data[k * dy + r] * SxxInv[k][c];
  const W1 = matmul(W2, B);
  for (let i = 0; i < W1.data.length; i++) W1.data[i] = -W1.data[i];
  const U1W2 = matmul(U1, W2);
  const A = mat(dy, dy);
  for (let r = 0; r < dy; r++) for (let c = 0; c < dy; c++) A.data[r * dy + c] = (r === c ? 1 : 0) - U1W2.data[r * dy + c];
  const U2 = matmul(A, B);
  const U1W1 = matmul(U1, W1);
  for (let i = 0; i < U2.data.length; i++) U2.data[i] -= U1W1.data[i];
  const blocks = linearVaeBlocks(layout);
  const x = new Float64Array(blocks.reduce((s, b) => s + b.rows * b.cols, 0));
  const [bW, bU1, bU2, bT] = blocks;
  for (let i = 0; i < dz; i++) {
    for (let c = 0; c < dx; c++) x[bW.offset + i * (dx + dy) + c] = W1.data[i * dx + c];
    for (let c = 0; c < dy; c++) x[bW.offset + i * (dx + dy) + dx + c] = W2.data[i * dy + c];
    x[bT.offset + i] = 2 * Math.log(sigma[i]);
  }
  x.set(U1.data, bU1.offset);
  x.set(U2.data, bU2.offset);
  return x;
}

/**
 * CVAE instances: generated data with a random x-y correlation and per-direction noise; beta is
 * set so that beta etaDec^2 = ratio x theta_j for a chosen mode j, with the ratio straddling 1,
 * so latents fall on both sides of the collapse threshold and close to it.
 */
export function cvaeInstances(): fc.Arbitrary<LinearCvaeInstance> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1e6 }),
      dx: fc.integer({ min: 1, max: 3 }),
      dy: fc.integer({ min: 1, max: 4 }),
      dz: fc.integer({ min: 1, max: 4 }),
      correlation: fc.double({ min: 0, max: 2, noNaN: true }),
      noise: fc.array(fc.double({ min: 0.2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
      mode: fc.integer({ min: 0, max: 3 }),
      ratio: fc.oneof(fc.double({ min: 0.2, max: 0.97, noNaN: true }), fc.double({ min: 0.97, max: 1.03, noNaN: true }), fc.double({ min: 1.03, max: 3, noNaN: true })),
      etaEnc: fc.double({ min: 0.5, max: 2, noNaN: true }),
      etaDec: fc.double({ min: 0.5, max: 2, noNaN: true }),
    })
    .map(({ seed, dx, dy, dz, correlation, noise, mode, ratio, etaEnc, etaDec }) => {
      const data = { seed, samples: 4 * (dx + dy) + 8, dx, dy, correlation, noise: noise.slice(0, dy) };
      const partial = { problem: 'cvae' as const, beta: 1, etaEnc, etaDec, latent: dz, data };
      const theta = eigDesc(conditionalResidual(partial)).values;
      const beta = (ratio * theta[mode % dy]) / etaDec ** 2;
      return { ...partial, beta };
    });
}

export const dang2024vaeCvae = defineTheorem<LinearCvaeInstance, VaeView>({
  id: 'dang2024vae.cvae',
  paper: 'Dang et al. 2024',
  citation,
  section: 'Thm 2 (linear CVAE) [derived, matches code]',
  statement: 'Linear CVAE with learnable diagonal Sigma: with theta_i the eigenvalues of E = S_yy - S_yx S_xx^{-1} S_xy, the decoder has singular values omega_i = sqrt(max(0, theta_i - beta etaDec^2))/etaEnc, sigma_i = sqrt(beta) etaEnc etaDec / sqrt(theta_i) (etaEnc when collapsed); latent i collapses iff theta_i <= beta etaDec^2.',
  confidence: ['derived', 'code'],
  confidenceNote: 'derived from the problem; matches the authors\' code',
  kind: 'global-minimiser',
  problem: linearCvae,
  symbols: cvaeSymbols,
  assumptions: { positiveResidual: 'min(thetaLat) > 0' },
  predictions: {
    thr: 'beta * etaDec^2',
    collapsed: 'sum(thetaLat <= thr) + max(0, dz - dy)',
    omegaSqSum: 'sum((thetaLat - thr) .* (thetaLat > thr)) / etaEnc^2',
    optimum: `sum(${modeCost('thetaLat', 'thr')}) + thetaRestSum / etaDec^2 + max(0, dz - dy) * (beta - 2 * beta * log(etaEnc))`,
  },
  construct: constructCvae,
  view: (inst, x) => vaeViewOf(cvaeLayout(inst), x),
  checks: [
    ...cvaeChecks,
    {
      name: 'decoder energy', claim: '||U_1||_F^2 = sum_i omega_i^2',
      measure: (v, p) => {
        let s = 0;
        for (const u of v.U.data) s += u * u;
        const c = p.num('omegaSqSum');
        return c > 0
          ? { deviation: Math.abs(s - c) / c, kind: 'relative', detail: `| ||U_1||^2 - ${fmt(c)} | / ${fmt(c)}`, sensitivity: (2 * Math.sqrt(s)) / c }
          : { deviation: s, kind: 'absolute', detail: '||U_1||^2 (claimed 0)', sensitivity: 2 * Math.sqrt(s) };
      },
    },
  ],
  instances: cvaeInstances(),
  solve: { starts: 4, scales: [1, 0.3, 2] },
  variants: [
    {
      name: 'threshold on the amplitude scale',
      description: 'latent i collapses iff theta_i <= sqrt(beta) etaDec (the VAE threshold, without squaring)',
      predictions: { thr: 'sqrt(beta) * etaDec' },
    },
  ],
});

// ------------------------------------------------------------------------------------------
// dang2024vae.vae (learnable and fixed Sigma)
// ------------------------------------------------------------------------------------------

/** theta_i = singular values of Z = E[x x_tilde^T] = S_xx^{1/2} (amplitudes), descending. */
function vaeThetas(inst: LinearVaeInstance): number[] {
  return eigDesc(momentsOf(inst.data).Sxx).values.map((v) => Math.sqrt(Math.max(0, v)));
}

function vaeSymbols(inst: LinearVaeInstance): Scope {
  const theta = vaeThetas(inst);
  const d = theta.length;
  const k = Math.min(inst.latent, d);
  // Fixed Sigma: the smallest sigma pairs with the largest theta.
  const sig = inst.sigma ? [...inst.sigma].sort((a, b) => a - b) : [];
  return {
    beta: inst.beta, etaEnc: inst.etaEnc, etaDec: inst.etaDec, dz: inst.latent, dx: d, fixed: inst.sigma ? 1 : 0,
    thetaLat: theta.slice(0, k), thetaRestSqSum: theta.slice(k).reduce((a, b) => a + b * b, 0),
    sigmaLat: inst.sigma ? sig.slice(0, k) : theta.slice(0, k).map(() => 1),
    sigmaAll: inst.sigma ? sig : [1],
  };
}

/** Claimed per-latent decoder singular values, for learnable or fixed Sigma. */
function vaeOmegas(inst: LinearVaeInstance, p: Predictions): number[] {
  const theta = vaeThetas(inst);
  const { beta, etaEnc, etaDec } = inst;
  const c = etaDec / etaEnc;
  const sig = inst.sigma ? [...inst.sigma].sort((a, b) => a - b) : [];
  return Array.from({ length: inst.latent }, (_, i) => {
    const t = theta[i] ?? 0;
    if (!inst.sigma) return t > p.num('thrLearn') ? Math.sqrt(t * t - beta * etaDec ** 2) / etaEnc : 0;
    const s = sig[i];
    return t > p.num('thrFixedScale') * s ? Math.sqrt((Math.sqrt(beta) * c * (t - Math.sqrt(beta) * c * s)) / s) : 0;
  });
}

function constructVae(inst: LinearVaeInstance, p: Predictions): Float64Array {
  const layout = vaeLayout(inst);
  const { values, vectors: Q } = eigDesc(momentsOf(inst.data).Sxx);
  const theta = values.map((v) => Math.sqrt(Math.max(0, v)));
  const omega = vaeOmegas(inst, p);
  const { beta, etaEnc, etaDec } = inst;
  const d = theta.length;
  const dz = inst.latent;
  const blocks = linearVaeBlocks(layout);
  const x = new Float64Array(blocks.reduce((s, b) => s + b.rows * b.cols, 0));
  const [bW, bU] = blocks;
  const bT = blocks.find((b) => b.name === 'logVar');
  // Fixed Sigma: latent slot j holds the j-th smallest sigma; map mode i to that slot.
  const slots = inst.sigma ? inst.sigma.map((_, j) => j).sort((a, b) => inst.sigma![a] - inst.sigma![b]) : Array.from({ length: dz }, (_, j) => j);
  for (let i = 0; i < dz; i++) {
    const j = slots[i];
    const u = omega[i];
    let s2: number;
    if (inst.sigma) s2 = inst.sigma[j] ** 2;
    else s2 = u > 0 ? (beta * etaEnc ** 2 * etaDec ** 2) / theta[i] ** 2 : etaEnc ** 2;
    if (bT) x[bT.offset + j] = Math.log(s2);
    if (i >= d || u === 0) continue;
    // Optimal encoder weight on mode i: w = u theta / (u^2 + beta etaDec^2 / etaEnc^2 + u^2 ... ) (derived: w = u theta / (etaDec^2 D)).
    const Dm = u * u / etaDec ** 2 + beta / etaEnc ** 2;
    const w = inst.sigma ? (u * theta[i]) / (u * u + beta * (etaDec / etaEnc) ** 2) : (u * theta[i]) / (etaDec ** 2 * Dm);
    for (let r = 0; r < d; r++) {
      x[bU.offset + r * dz + j] = u * Q[i][r];
      x[bW.offset + j * d + r] = w * Q[i][r];
    }
  }
  return x;
}

export function vaeInstances(fixed?: boolean): fc.Arbitrary<LinearVaeInstance> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1e6 }),
      dx: fc.integer({ min: 1, max: 4 }),
      dz: fc.integer({ min: 1, max: 4 }),
      scales: fc.array(fc.double({ min: 0.2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
      mode: fc.integer({ min: 0, max: 3 }),
      ratio: fc.oneof(fc.double({ min: 0.3, max: 0.97, noNaN: true }), fc.double({ min: 0.97, max: 1.03, noNaN: true }), fc.double({ min: 1.03, max: 3, noNaN: true })),
      etaEnc: fc.double({ min: 0.5, max: 2, noNaN: true }),
      etaDec: fc.double({ min: 0.5, max: 2, noNaN: true }),
      isFixed: fixed === undefined ? fc.boolean() : fc.constant(fixed),
      sigmas: fc.array(fc.double({ min: 0.3, max: 1.5, noNaN: true }), { minLength: 4, maxLength: 4 }),
    })
    .map(({ seed, dx, dz, scales, mode, ratio, etaEnc, etaDec, isFixed, sigmas }) => {
      const data = { seed, samples: 4 * dx + 8, dx, dy: 0, xScales: scales.slice(0, dx), correlation: 0, noise: [] };
      const { X, Y } = generateSamples(data);
      const theta = eigDesc(secondMoments(X, Y).Sxx).values.map((v) => Math.sqrt(Math.max(0, v)));
      const t = theta[mode % dx];
      const sigma = isFixed ? sigmas.slice(0, dz) : undefined;
      // Threshold sqrt(beta) etaDec (learnable) or sqrt(beta) c sigma (fixed) = t / ratio... placed at ratio x theta_j.
      const sj = sigma ? [...sigma].sort((a, b) => a - b)[Math.min(mode % dx, dz - 1)] : 1;
      const thrTarget = ratio * t;
      const beta = sigma ? (thrTarget / ((etaDec / etaEnc) * sj)) ** 2 : (thrTarget / etaDec) ** 2;
      return { problem: 'vae' as const, beta, etaEnc, etaDec, latent: dz, ...(sigma ? { sigma } : {}), data };
    });
}

const vaeModeCostFixed =
  '(thetaLat > thrFixedScale * sigmaLat) .* (2 * thetaLat * thrFixedScale .* sigmaLat - thrFixedScale^2 * sigmaLat.^2) / etaDec^2 + (thetaLat <= thrFixedScale * sigmaLat) .* thetaLat.^2 / etaDec^2';

export const dang2024vaeVae = defineTheorem<LinearVaeInstance, VaeView>({
  id: 'dang2024vae.vae',
  paper: 'Dang et al. 2024',
  citation,
  section: 'Thm 1 (linear VAE, learnable and fixed Sigma)',
  statement: 'Linear VAE, theta_i = singular values of E[x x_tilde^T]: learnable Sigma: latent i collapses iff theta_i <= sqrt(beta) etaDec, omega_i = sqrt(max(0, theta_i^2 - beta etaDec^2))/etaEnc; fixed Sigma (smallest sigma with largest theta): collapse iff theta_i <= sqrt(beta) c sigma_i, omega_i = sqrt(max(0, sqrt(beta) c (theta_i - sqrt(beta) c sigma_i)/sigma_i)), c = etaDec/etaEnc.',
  confidence: ['paper', 'code'],
  kind: 'global-minimiser',
  problem: linearVae,
  symbols: vaeSymbols,
  assumptions: { positiveData: 'min(thetaLat) > 0' },
  predictions: {
    thrLearn: 'sqrt(beta) * etaDec',
    thrFixedScale: 'sqrt(beta) * etaDec / etaEnc',
    collapsed: 'fixed ? sum(thetaLat <= thrFixedScale * sigmaLat) + max(0, dz - dx) : sum(thetaLat <= thrLearn) + max(0, dz - dx)',
    optimum: `fixed ? sum(${vaeModeCostFixed}) + thetaRestSqSum / etaDec^2 + beta * sum(sigmaAll.^2 / etaEnc^2 - map(sigmaAll.^2, f(u) = log(u))) : sum(${modeCost('thetaLat.^2', 'thrLearn^2')}) + thetaRestSqSum / etaDec^2 + max(0, dz - dx) * (beta - 2 * beta * log(etaEnc))`,
  },
  construct: constructVae,
  view: (inst, x) => vaeViewOf(vaeLayout(inst), x),
  checks: [
    {
      name: 'decoder singular values', claim: 'omega_i as in the statement (learnable or fixed Sigma)',
      measure: (v, p, i) => sortedMatch(singularValues(v.U), vaeOmegas(i, p), 'sv(U)', 1),
    },
    {
      name: 'collapsed latents', claim: '#collapsed = #{theta_i <= threshold} (+ latents beyond d)',
      measure: (v, p, i) => {
        const sv = singularValues(v.U);
        // A singular value below 1e-6 of the largest possible one, theta_1/etaEnc, counts as 0.
        const scale = vaeThetas(i)[0] / i.etaEnc;
        const measured = v.sigma.length - sv.filter((s) => s > 1e-6 * scale).length;
        return { deviation: Math.abs(measured - p.num('collapsed')), kind: 'absolute', detail: `measured ${measured} collapsed latents, claimed ${p.num('collapsed')}`, sensitivity: 0 };
      },
    },
  ],
  instances: vaeInstances(),
  solve: { starts: 4, scales: [1, 0.3, 2] },
  variants: [
    {
      name: 'largest sigma paired with the largest theta',
      description: 'fixed Sigma: threshold sqrt(beta) c sigma_i with sigma sorted descending instead of ascending',
      predictions: {
        collapsed: 'fixed ? sum(thetaLat <= thrFixedScale * sort(sigmaLat, "desc")) + max(0, dz - dx) : sum(thetaLat <= thrLearn) + max(0, dz - dx)',
        optimum: `fixed ? sum(${vaeModeCostFixed.replaceAll('sigmaLat', 'sort(sigmaLat, "desc")')}) + thetaRestSqSum / etaDec^2 + beta * sum(sigmaAll.^2 / etaEnc^2 - map(sigmaAll.^2, f(u) = log(u))) : sum(${modeCost('thetaLat.^2', 'thrLearn^2')}) + thetaRestSqSum / etaDec^2 + max(0, dz - dx) * (beta - 2 * beta * log(etaEnc))`,
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------
// dang2024vae.hvae (two latent levels, Sigma_1 = sigma1^2 I fixed, Sigma_2 learnable)
// ------------------------------------------------------------------------------------------
//
// theta_i: the singular values of Z = E[x x_tilde^T] = S_xx^{1/2} (x_tilde the whitened x), i.e.
// the square roots of the eigenvalues of the uncentred S_xx, in amplitude units: the authors'
// calculate_Z(X, Y) with Y = X, which their matrix_HVAE_learnable_sigma_2.py feeds to the
// closed forms (utils.py, calculate_lambda_omega_2_..._learnable_Sigma_2_beta). theta_i = 0 for
// z1 modes beyond the data dimension d0.
//
// Per-mode reduction [derived here, checked by the solver]: in S_xx's eigenbasis, mode i of z1
// has data amplitude theta, encoder gain lambda (a singular value of W_1 S_xx^{1/2}), and
// a = lambda^2 + sigma1^2 = E[z1_i^2] >= sigma1^2. Minimising out U_1, then W_2 (a ridge), then
// Sigma_2, the mode costs theta^2 sigma1^2 / (a etaDec^2) + g(a) with
//   g(a) = 2 beta2 + beta2 log(a beta1 / (beta2 etaDec^2 etaEnc^2))   if a >= a* = (beta2/beta1) etaDec^2  (z2 live:
//          omega^2 = (a - a*)/etaEnc^2, Sigma_2 entry s = beta2 / (beta1 omega^2/etaDec^2 + beta2/etaEnc^2)),
//   g(a) = beta1 a / etaDec^2 + beta2 - 2 beta2 log(etaEnc)            if a < a*  (z2 collapsed, s = etaEnc^2).
// The cost is unimodal in a; its minimiser over a >= sigma1^2 is
//   a = max(sigma1^2, theta^2 sigma1^2 / (beta2 etaDec^2))  if theta >= thrZ2 = beta2 etaDec^2 / (sqrt(beta1) sigma1),
//   a = max(sigma1^2, theta sigma1 / sqrt(beta1))           otherwise,
// which gives the catalogue's statements: if sigma1^2 >= a*, a >= a* always (z2 live; z1 mode
// collapsed iff theta <= sqrt(beta2) etaDec); else omega > 0 iff theta > thrZ2, and lambda = 0 iff
// theta <= sqrt(beta1) sigma1. A z1 mode without a z2 partner (d2 < d1) costs the a < a* branch
// without the z2 latent's beta2 - 2 beta2 log(etaEnc); a z2 latent without a z1 mode (d2 > d1)
// costs exactly that; a data mode without a z1 latent (d0 > d1) costs theta^2/etaDec^2. z1 latents
// take the top data modes and z2 latents pair with the top z1 modes (both savings grow with
// theta). At the regime edge sigma1^2 = a* exactly, modes with theta <= sqrt(beta2) etaDec have
// omega = 0 (the catalogue's "never" is strict there; a measure-zero edge the instances avoid).

/** Symbols: the parameters, the paired modes' thetas (zeros past d0), the unpaired z1 modes' thetas, the rest. */
function hvaeSymbols(inst: LinearHvaeInstance): Scope {
  const { d0, d1, d2 } = hvaeSizes(inst);
  const data = vaeThetaValues(momentsOf(inst.data).Sxx);
  const z1 = Array.from({ length: d1 }, (_, i) => data[i] ?? 0);
  const k = Math.min(d1, d2);
  return {
    beta1: inst.beta1, beta2: inst.beta2, etaEnc: inst.etaEnc, etaDec: inst.etaDec, sigma1: inst.sigma1, d0, d1, d2,
    thetaData: data, thetaPair: z1.slice(0, k), thetaSolo: z1.slice(k), thetaRestSqSum: data.slice(d1).reduce((a, b) => a + b * b, 0),
  };
}

/** Descending theta_i = sqrt(eig(S_xx)). */
function vaeThetaValues(Sxx: Mat): number[] {
  return eigDesc(Sxx).values.map((v) => Math.sqrt(Math.max(0, v)));
}

interface HvaeModes {
  /** Per z1 mode (paired first, then unpaired): theta, a = E[z1_i^2], lambda^2. */
  readonly theta: number[];
  readonly a: number[];
  readonly lambdaSq: number[];
  /** Per paired mode: omega^2 and the Sigma_2 entry; then etaEnc^2 for the z2 latents beyond d1. */
  readonly omegaSq: number[];
  readonly sigma2Sq: number[];
}

/** The claimed per-mode values, from the predicted thresholds (so a wrong threshold moves them). */
function hvaeModes(inst: LinearHvaeInstance, p: Predictions): HvaeModes {
  const sym = hvaeSymbols(inst);
  const pair = sym.thetaPair as number[];
  const solo = sym.thetaSolo as number[];
  const { beta1, beta2, etaEnc, etaDec, sigma1 } = inst;
  const s1 = sigma1 ** 2;
  const live = p.bool('z2NeverCollapses');
  const aLive = (t: number) => (t * t * s1) / (beta2 * etaDec ** 2);
  const aDead = (t: number) => (t > p.num('thrBoth') ? (t * sigma1) / Math.sqrt(beta1) : s1);
  const theta: number[] = [];
  const a: number[] = [];
  const omegaSq: number[] = [];
  const sigma2Sq: number[] = [];
  for (const t of pair) {
    const z2Live = live || t >= p.num('thrZ2');
    const ai = live ? (t > p.num('thrZ1Live') ? aLive(t) : s1) : z2Live ? aLive(t) : aDead(t);
    const w = z2Live ? Math.max(0, ai - p.num('aStar')) / etaEnc ** 2 : 0;
    theta.push(t);
    a.push(ai);
    omegaSq.push(w);
    sigma2Sq.push(beta2 / ((beta1 * w) / etaDec ** 2 + beta2 / etaEnc ** 2));
  }
  for (const t of solo) {
    theta.push(t);
    a.push(aDead(t));
  }
  for (let j = pair.length; j < inst.latent2; j++) sigma2Sq.push(etaEnc ** 2);
  return { theta, a, lambdaSq: a.map((ai) => Math.max(0, ai - s1)), omegaSq, sigma2Sq };
}

interface HvaeView {
  /** Singular values of W_1 S_xx^{1/2} (lambda_i) and of U_2 (omega_i). */
  readonly lambda: number[];
  readonly omega: number[];
  /** Sigma_2 entries (variances). */
  readonly sigma2Sq: number[];
  /** Singular values of [W_1 S_xx^{1/2}, U_2]: z1 directions used by either level. */
  readonly joint: number[];
}

function hvaeView(inst: LinearHvaeInstance, x: Float64Array): HvaeView {
  const sizes = hvaeSizes(inst);
  const { d0, d1, d2 } = sizes;
  const [bW1, , , bU2, bT] = hvaeBlocks(sizes);
  const W1 = mat(d1, d0, x.slice(bW1.offset, bW1.offset + d1 * d0));
  const V1 = matmul(W1, psdSqrt(momentsOf(inst.data).Sxx));
  const U2 = mat(d1, d2, x.slice(bU2.offset, bU2.offset + d1 * d2));
  const J = mat(d1, d0 + d2);
  for (let i = 0; i < d1; i++) {
    for (let c = 0; c < d0; c++) J.data[i * (d0 + d2) + c] = V1.data[i * d0 + c];
    for (let c = 0; c < d2; c++) J.data[i * (d0 + d2) + d0 + c] = U2.data[i * d2 + c];
  }
  return {
    lambda: singularValues(V1), omega: singularValues(U2), joint: singularValues(J),
    sigma2Sq: Array.from(x.subarray(bT.offset, bT.offset + d2), Math.exp),
  };
}

/** The claimed minimiser in S_xx's eigenbasis (module comment above): mode i of z1 on eigenvector q_i. */
function constructHvae(inst: LinearHvaeInstance, p: Predictions): Float64Array {
  const sizes = hvaeSizes(inst);
  const { d0, d1, d2 } = sizes;
  const { vectors: Q } = eigDesc(momentsOf(inst.data).Sxx);
  const m = hvaeModes(inst, p);
  const [bW1, bU1, bW2, bU2, bT] = hvaeBlocks(sizes);
  const x = new Float64Array(bT.offset + d2);
  const { beta1, beta2, etaDec } = inst;
  for (let i = 0; i < Math.min(d0, d1); i++) {
    const lam = Math.sqrt(m.lambdaSq[i]);
    if (lam === 0) continue;
    // lambda_i = w theta_i; U_1's optimal gain theta lambda / a (a ridge regression of x on z1).
    const w = lam / m.theta[i];
    const u = (m.theta[i] * lam) / m.a[i];
    for (let r = 0; r < d0; r++) {
      x[bW1.offset + i * d0 + r] = w * Q[i][r];
      x[bU1.offset + r * d1 + i] = u * Q[i][r];
    }
  }
  for (let j = 0; j < d2; j++) {
    const s = m.sigma2Sq[j];
    x[bT.offset + j] = Math.log(s);
    if (j >= m.omegaSq.length) continue;
    const om = Math.sqrt(m.omegaSq[j]);
    // W_2's ridge optimum: w2 = (beta1 omega / etaDec^2) / (beta1 omega^2 / etaDec^2 + beta2 / etaEnc^2) = s beta1 omega / (beta2 etaDec^2).
    x[bU2.offset + j * d2 + j] = om;
    x[bW2.offset + j * d1 + j] = (s * beta1 * om) / (beta2 * etaDec ** 2);
  }
  return x;
}

/**
 * HVAE instances in both regimes, with thresholds placed at ratio x theta_j for a chosen mode
 * (the ratio straddling 1, within 0.1-3% of it half of the time):
 * - `z2-live` (sigma1^2 >= a*): beta2 puts sqrt(beta2) etaDec (the z1 threshold) at the ratio, and
 *   sigma1^2 = rho a* with rho in (1, 3] (near the regime edge, rho <= 1.1, a quarter of the time);
 * - `z2-collapsible` (sigma1^2 < a*): one of thrZ2 = beta2 etaDec^2/(sqrt(beta1) sigma1) or
 *   thrBoth = sqrt(beta1) sigma1 at the ratio, the other at thrBoth = rho thrZ2 (rho = sigma1^2/a* < 1).
 */
export function hvaeInstances(): fc.Arbitrary<LinearHvaeInstance> {
  const ratio = fc.oneof(
    fc.double({ min: 0.3, max: 0.97, noNaN: true }), fc.double({ min: 0.97, max: 0.999, noNaN: true }),
    fc.double({ min: 1.001, max: 1.03, noNaN: true }), fc.double({ min: 1.03, max: 3, noNaN: true }),
  );
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 1e6 }),
      d0: fc.integer({ min: 1, max: 4 }),
      d1: fc.integer({ min: 1, max: 3 }),
      d2: fc.integer({ min: 1, max: 3 }),
      scales: fc.array(fc.double({ min: 0.3, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
      mode: fc.integer({ min: 0, max: 3 }),
      ratio,
      regime: fc.constantFrom('z2-live', 'z2-collapsible'),
      anchor: fc.constantFrom('thrZ2', 'thrBoth'),
      rho: fc.oneof(fc.double({ min: 0.2, max: 0.9, noNaN: true }), fc.double({ min: 0.9, max: 0.99, noNaN: true })),
      beta1: fc.double({ min: 0.3, max: 3, noNaN: true }),
      etaEnc: fc.double({ min: 0.5, max: 2, noNaN: true }),
      etaDec: fc.double({ min: 0.5, max: 2, noNaN: true }),
    })
    .map(({ seed, d0, d1, d2, scales, mode, ratio: r, regime, anchor, rho, beta1, etaEnc, etaDec }) => {
      const data = { seed, samples: 4 * d0 + 8, dx: d0, dy: 0, xScales: scales.slice(0, d0), correlation: 0, noise: [] };
      const { X, Y } = generateSamples(data);
      const theta = vaeThetaValues(secondMoments(X, Y).Sxx);
      const base = { problem: 'hvae' as const, beta1, etaEnc, etaDec, latent1: d1, latent2: d2, data };
      if (regime === 'z2-live') {
        const t = theta[mode % Math.min(d0, d1, d2)];
        const beta2 = (r * t / etaDec) ** 2;
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

/** Per-mode optimal costs (module comment above) as mathjs functions of u = theta. */
const hvaePairCost =
  'f(u) = (z2NeverCollapses and u <= thrZ1Live) ? u^2 / etaDec^2 + 2 * beta2 + beta2 * log(beta1 * sigma1^2 / (beta2 * etaDec^2 * etaEnc^2))'
  + ' : (z2NeverCollapses or u >= thrZ2) ? 3 * beta2 + beta2 * log(beta1 * u^2 * sigma1^2 / (beta2^2 * etaDec^4 * etaEnc^2))'
  + ' : u > thrBoth ? 2 * sqrt(beta1) * u * sigma1 / etaDec^2 + beta2 - 2 * beta2 * log(etaEnc)'
  + ' : (u^2 + beta1 * sigma1^2) / etaDec^2 + beta2 - 2 * beta2 * log(etaEnc)';
const hvaeSoloCost = 'f(u) = u > thrBoth ? 2 * sqrt(beta1) * u * sigma1 / etaDec^2 : (u^2 + beta1 * sigma1^2) / etaDec^2';

/** ||U_2||_F^2 and ||W_1 S^{1/2}||_F^2 summed over modes. */
const hvaeOmegaSq = 'f(u) = (z2NeverCollapses or u >= thrZ2) ? max(0, (z2NeverCollapses and u <= thrZ1Live ? sigma1^2 : u^2 * sigma1^2 / (beta2 * etaDec^2)) - aStar) / etaEnc^2 : 0';
const hvaeLambdaSqPair = 'f(u) = (z2NeverCollapses or u >= thrZ2) ? max(0, u^2 * sigma1^2 / (beta2 * etaDec^2) - sigma1^2) : max(0, u * sigma1 / sqrt(beta1) - sigma1^2)';
const hvaeLambdaSqSolo = 'f(u) = max(0, u * sigma1 / sqrt(beta1) - sigma1^2)';

/** A count of singular values above 1e-6 of `scale` (smaller ones count as 0). */
function countLive(sv: number[], scale: number): number {
  return sv.filter((s) => s > 1e-6 * scale).length;
}

function countCheck(measured: number, claimed: number, what: string): Measurement {
  return { deviation: Math.abs(measured - claimed), kind: 'absolute', detail: `measured ${measured} ${what}, claimed ${claimed}`, sensitivity: 0 };
}

/** Largest possible singular value scale of W_1 S^{1/2} and U_2, so "zero" is relative to it. */
function hvaeScale(inst: LinearHvaeInstance): number {
  const t1 = vaeThetaValues(momentsOf(inst.data).Sxx)[0];
  return Math.max(t1, inst.sigma1, (t1 * inst.sigma1) / (Math.sqrt(inst.beta2) * inst.etaDec * inst.etaEnc), 1e-300);
}

function energyCheck(measured: number, claimed: number, what: string): Measurement {
  return claimed > 0
    ? { deviation: Math.abs(measured - claimed) / claimed, kind: 'relative', detail: `|${what} - ${fmt(claimed)}| / ${fmt(claimed)}`, sensitivity: (2 * Math.sqrt(measured)) / claimed }
    : { deviation: measured, kind: 'absolute', detail: `${what} (claimed 0)`, sensitivity: 2 * Math.sqrt(measured) };
}

export const dang2024vaeHvae = defineTheorem<LinearHvaeInstance, HvaeView>({
  id: 'dang2024vae.hvae',
  paper: 'Dang et al. 2024',
  citation,
  section: 'Thm 3 (linear two-latent MHVAE, Sigma_1 = sigma1^2 I fixed, Sigma_2 learnable) [code]',
  statement: 'Two-level linear HVAE, theta_i = singular values of E[x x_tilde^T] (sqrt eig S_xx), omega_i = singular values of U_2: if sigma1^2 >= (beta2/beta1) etaDec^2, z2 never collapses; else z2 mode i collapses (omega_i = 0) iff theta_i < beta2 etaDec^2 / (sqrt(beta1) sigma1), and both levels collapse iff theta_i <= sqrt(beta1) sigma1. [derived: omega_i, lambda_i, Sigma_2 and the optimal value]',
  confidence: ['code'],
  kind: 'global-minimiser',
  problem: linearHvae,
  symbols: hvaeSymbols,
  assumptions: { positiveData: 'min(thetaData) > 0' },
  predictions: {
    aStar: 'beta2 / beta1 * etaDec^2',
    z2NeverCollapses: 'sigma1^2 >= aStar',
    thrZ2: 'beta2 * etaDec^2 / (sqrt(beta1) * sigma1)',
    thrBoth: 'sqrt(beta1) * sigma1',
    thrZ1Live: 'sqrt(beta2) * etaDec',
    collapsedZ2: '(z2NeverCollapses ? 0 : sum(thetaPair < thrZ2)) + max(0, d2 - d1)',
    collapsedZ1: '(z2NeverCollapses ? sum(thetaPair <= thrZ1Live) : sum(thetaPair <= thrBoth)) + sum(thetaSolo <= thrBoth)',
    collapsedBoth: '(z2NeverCollapses ? 0 : sum(thetaPair <= thrBoth)) + sum(thetaSolo <= thrBoth)',
    omegaSqSum: `sum(map(thetaPair, ${hvaeOmegaSq}))`,
    lambdaSqSum: `sum(map(thetaPair, ${hvaeLambdaSqPair})) + sum(map(thetaSolo, ${hvaeLambdaSqSolo}))`,
    optimum: `sum(map(thetaPair, ${hvaePairCost})) + sum(map(thetaSolo, ${hvaeSoloCost})) + max(0, d2 - d1) * (beta2 - 2 * beta2 * log(etaEnc)) + thetaRestSqSum / etaDec^2`,
  },
  construct: constructHvae,
  view: hvaeView,
  checks: [
    {
      name: 'z2 decoder singular values', claim: 'omega_i = sqrt(max(0, a_i - (beta2/beta1) etaDec^2)) / etaEnc when z2 is live, else 0',
      measure: (v, p, i) => sortedMatch(v.omega, hvaeModes(i, p).omegaSq.map(Math.sqrt), 'sv(U_2)', 1),
    },
    {
      name: 'z1 encoder singular values', claim: 'lambda_i = sqrt(a_i - sigma1^2) (singular values of W_1 S_xx^{1/2})',
      measure: (v, p, i) => sortedMatch(v.lambda, hvaeModes(i, p).lambdaSq.map(Math.sqrt), 'sv(W_1 S^1/2)', Math.max(1, ...v.lambda)),
    },
    {
      name: 'Sigma_2 variances', claim: 's_i = beta2 / (beta1 omega_i^2 / etaDec^2 + beta2 / etaEnc^2) (etaEnc^2 when collapsed)',
      measure: (v, p, i) => sortedMatch(v.sigma2Sq, hvaeModes(i, p).sigma2Sq, 's', Math.max(...v.sigma2Sq)),
    },
    {
      name: 'collapsed z2 latents', claim: '#{z2 latents with omega_i = 0} = collapsedZ2 (0 when sigma1^2 >= a*, plus the d2 - d1 latents beyond d1)',
      measure: (v, p, i) => countCheck(i.latent2 - countLive(v.omega, hvaeScale(i)), p.num('collapsedZ2'), 'collapsed z2 latents'),
    },
    {
      name: 'collapsed z1 latents', claim: '#{lambda_i = 0} = collapsedZ1',
      measure: (v, p, i) => countCheck(i.latent1 - countLive(v.lambda, hvaeScale(i)), p.num('collapsedZ1'), 'collapsed z1 latents'),
    },
    {
      name: 'both levels collapsed', claim: '#{z1 directions with lambda_i = omega_i = 0} = #{theta_i <= sqrt(beta1) sigma1} (sigma1^2 < a*)',
      measure: (v, p, i) => countCheck(i.latent1 - countLive(v.joint, hvaeScale(i)), p.num('collapsedBoth'), 'z1 directions unused by both levels'),
    },
    {
      name: 'z2 decoder energy', claim: '||U_2||_F^2 = sum_i omega_i^2',
      measure: (v, p) => energyCheck(v.omega.reduce((a, s) => a + s * s, 0), p.num('omegaSqSum'), '||U_2||^2'),
    },
    {
      name: 'z1 encoder energy', claim: '||W_1 S_xx^{1/2}||_F^2 = sum_i lambda_i^2',
      measure: (v, p) => energyCheck(v.lambda.reduce((a, s) => a + s * s, 0), p.num('lambdaSqSum'), '||W_1 S^1/2||^2'),
    },
  ],
  instances: hvaeInstances(),
  solve: { starts: 4, scales: [1, 0.3, 2] },
  variants: [
    {
      name: 'z2 threshold without sqrt(beta1)',
      description: 'z2 mode i collapses iff theta_i < beta2 etaDec^2 / sigma1 (beta1 dropped from the threshold)',
      predictions: { thrZ2: 'beta2 * etaDec^2 / sigma1' },
    },
    {
      name: 'regime edge without the beta ratio',
      description: 'z2 never collapses iff sigma1^2 >= etaDec^2 (the beta1 = beta2 statement)',
      predictions: { z2NeverCollapses: 'sigma1^2 >= etaDec^2' },
    },
    {
      name: 'both-level threshold without sqrt(beta1)',
      description: 'z1 mode i collapses iff theta_i <= sigma1 (the beta1 = 1 statement)',
      predictions: { thrBoth: 'sigma1' },
    },
    {
      name: 'z1 threshold of the live regime without sqrt(beta2)',
      description: 'sigma1^2 >= a*: z1 mode i collapses iff theta_i <= etaDec (the beta2 = 1 statement)',
      predictions: { thrZ1Live: 'etaDec' },
    },
    {
      name: 'z2 collapses together with z1',
      description: 'sigma1^2 < a*: z2 mode i collapses iff theta_i <= sqrt(beta1) sigma1 (one threshold for both levels)',
      predictions: { thrZ2: 'sqrt(beta1) * sigma1' },
    },
    {
      name: 'both-level threshold on the z2 scale',
      description: 'both levels collapse iff theta_i <= beta2 etaDec^2 / (sqrt(beta1) sigma1) (the z2 threshold)',
      predictions: {
        collapsedBoth: '(z2NeverCollapses ? 0 : sum(thetaPair < thrZ2)) + sum(thetaSolo <= thrBoth)',
      },
    },
  ],
});

export default [dang2024vaeCvae, dang2024vaeVae, dang2024vaeHvae];
