/**
 * Dang, Tran, Osher, Tran-The, Ho, Nguyen. "Beyond Vanilla Variational Autoencoders: Detecting
 * Posterior Collapse in Conditional and Hierarchical Variational Autoencoders." ICLR 2024.
 * Catalogue section: dang2024vae (docs/catalogue.md).
 *
 * Conventions [code]: loss = 2 x (negative beta-ELBO) up to constants, uncentred second moments,
 * Sigma diagonal (src/problems/vae/gaussian.ts). Per latent mode with data variance v
 * (CVAE: v = theta_i, eigenvalue of E = S_yy - S_yx S_xx^{-1} S_xy; VAE: v = theta_i^2) the loss
 * reduces to one scalar problem [derived here, checked by the solver]: with learnable Sigma the
 * mode costs 2 beta + beta log(v / (beta etaEnc^2 etaDec^2)) when live (v > beta etaDec^2) and
 * v / etaDec^2 + beta - 2 beta log(etaEnc) when collapsed; a data mode without a latent costs
 * v / etaDec^2, a latent without a data mode beta - 2 beta log(etaEnc).
 */
import { maxOf } from '../src/linalg/vector.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { cvaeInstances, hvaeInstances, vaeInstances } from '../src/instances/vae.ts';
import { eye, frobNorm, matmul, scale, sub, transpose } from '../src/linalg/matrix.ts';
import { alongModes, rectangularDiag } from '../src/linalg/modes.ts';
import { energyMatches, sortedValuesMatch } from '../src/predicates/mismatch.ts';
import { collapsedLatents, spectralEnergyMatches } from '../src/predicates/vae.ts';
import { regressionOnX } from '../src/problems/vae/conditional.ts';
import { linearCvae, momentsOf, type LinearCvaeInstance } from '../src/problems/vae/cvae.ts';
import { hvaeSizes, linearHvae, type LinearHvaeInstance } from '../src/problems/vae/hvae.ts';
import { hvaeModeValues, hvaeZeroScale } from '../src/problems/vae/hvae-modes.ts';
import { cvaePoint, hvaePoint, vaePoint } from '../src/problems/vae/point.ts';
import { amplitudeModes, cvaeModes, cvaeSymbols, hvaeSymbols, sigmaAscending, vaeSymbols } from '../src/problems/vae/symbols.ts';
import { linearVae, type LinearVaeInstance } from '../src/problems/vae/vae.ts';
import { cvaeView, hvaeView, vaeView, type HvaeView, type VaeView } from '../src/problems/vae/view.ts';

const citation =
  'H. Dang, T. Tran, T. Nguyen, N. Ho. Beyond Vanilla Variational Autoencoders: Detecting Posterior Collapse in Conditional and Hierarchical Variational Autoencoders. ICLR 2024.';

// --- dang2024vae.cvae ---

/** Per-mode optimal cost (learnable Sigma), entrywise; mathjs's log does not map over arrays, hence map(., f(u) = log(u)). */
const modeCost = (v: string, thr: string) =>
  `(${v} > ${thr}) .* (2 * beta + beta * map(${v} / (beta * etaEnc^2 * etaDec^2), f(u) = log(u))) + (${v} <= ${thr}) .* (${v} / etaDec^2 + beta - 2 * beta * log(etaEnc))`;

/** The statement's omega_i and sigma_i per latent (learnable Sigma), from the data variances v_i and the predicted threshold. */
function learnableLatents(v: readonly number[], i: LinearCvaeInstance, thr: number): { omega: number[]; sigma: number[] } {
  const vi = Array.from({ length: i.latent }, (_, j) => v[j] ?? 0);
  return {
    omega: vi.map((t) => (t > thr ? Math.sqrt(t - thr) / i.etaEnc : 0)),
    sigma: vi.map((t) => (t > thr ? (Math.sqrt(i.beta) * i.etaEnc * i.etaDec) / Math.sqrt(t) : i.etaEnc)),
  };
}

const cvaeLatents = (i: LinearCvaeInstance, p: Predictions) => learnableLatents(cvaeModes(i.data).theta, i, p.num('thr'));

const cvaeChecks: Check<LinearCvaeInstance, VaeView>[] = [
  {
    name: 'decoder singular values',
    claim: 'omega_i = (1/etaEnc) sqrt(max(0, theta_i - beta etaDec^2))',
    measure: (v, p, i) => sortedValuesMatch(v.omega, cvaeLatents(i, p).omega, 'sv(U_1)', 1),
  },
  {
    name: 'encoder variances',
    claim: 'sigma_i = sqrt(beta) etaEnc etaDec / sqrt(theta_i) if live, else etaEnc',
    measure: (v, p, i) => sortedValuesMatch(v.sigma, cvaeLatents(i, p).sigma, 'sigma', maxOf(v.sigma)),
  },
  {
    name: 'collapsed latents',
    claim: '#collapsed = #{theta_i <= beta etaDec^2} (+ latents beyond dy)',
    // A singular value below 1e-6 of the largest possible one, sqrt(theta_1)/etaEnc, counts as 0.
    measure: (v, p, i) => collapsedLatents(v.omega, i.latent, Math.sqrt(cvaeModes(i.data).theta[0]) / i.etaEnc, p.num('collapsed')),
  },
  {
    name: 'decoder energy',
    claim: '||U_1||_F^2 = sum_i omega_i^2',
    measure: (v, p) => energyMatches(frobNorm(v.U), p.num('omegaSqSum'), '||U_1||^2'),
  },
];

/**
 * The claimed minimiser in E's eigenbasis q_i: U_1 = sum_i omega_i q_i e_i^T and W_2 = sum_i
 * w_i e_i q_i^T with w_i = omega_i sigma_i^2 / (beta etaDec^2); W_1, U_2 from the regression
 * B = S_yx S_xx^{-1} of y on x: W_1 = -W_2 B, U_2 = (I - U_1 W_2) B - U_1 W_1.
 */
function constructCvae(inst: LinearCvaeInstance, p: Predictions): Float64Array {
  const { dy } = momentsOf(inst.data);
  const { Q } = cvaeModes(inst.data);
  const { omega, sigma } = cvaeLatents(inst, p);
  const k = Math.min(inst.latent, dy);
  const U1 = alongModes(Q, omega.slice(0, k), inst.latent);
  const W2 = transpose(
    alongModes(
      Q,
      omega.slice(0, k).map((o, i) => (o * sigma[i] ** 2) / (inst.beta * inst.etaDec ** 2)),
      inst.latent,
    ),
  );
  const B = regressionOnX(inst.data);
  const W1 = scale(matmul(W2, B), -1);
  const U2 = sub(matmul(sub(eye(dy), matmul(U1, W2)), B), matmul(U1, W1));
  return cvaePoint(inst, { W1, W2, U1, U2, logVar: sigma.map((s) => 2 * Math.log(s)) });
}

export const dang2024vaeCvae = defineTheorem<LinearCvaeInstance, VaeView>({
  clauses: [
    {
      text: 'Conventions [code]: the loss is 2 x (negative beta-ELBO) up to constants; second moments are uncentred empirical averages; Sigma diagonal and learnable.',
      checkedBy: ['optimum', 'claimed minimiser'],
      note: 'the closed-form optimum is derived under these conventions and must match certified solves',
    },
    {
      text: 'encoder q(z|x,y) = N(W_1 x + W_2 y, Sigma); decoder p(y|x,z) = N(U_1 z + U_2 x, eta_dec^2 I); prior N(0, eta_enc^2 I); loss (1/eta_dec^2) E||y - U_1 z - U_2 x||^2 + beta [ (E||W_1 x + W_2 y||^2 + tr Sigma) / eta_enc^2 - log det Sigma ].',
      checkedBy: ['optimum'],
    },
    { text: 'Let E = S_yy - S_yx S_xx^{-1} S_xy, eigenvalues theta_1 >= theta_2 >= ... (variance units).', assumption: 'positiveResidual' },
    { text: 'singular values of U_1: omega_i = (1/eta_enc) sqrt(max(0, theta_i - beta eta_dec^2));', checkedBy: ['decoder singular values', 'decoder energy'] },
    { text: 'sigma_i = sqrt(beta) eta_enc eta_dec / sqrt(theta_i) if theta_i >= beta eta_dec^2, else eta_enc;', checkedBy: ['encoder variances'] },
    { text: 'latent i collapses iff theta_i <= beta eta_dec^2', checkedBy: ['collapsed latents'] },
    {
      text: '(more x-y correlation => smaller E => more collapse).',
      unchecked: 'a qualitative consequence of the threshold rule (E shrinks as the correlation grows), not checked as a trend',
    },
  ],
  id: 'dang2024vae.cvae',
  paper: 'Dang et al. 2024',
  citation,
  section: 'Thm 2 (linear CVAE) [derived, matches code]',
  statement:
    'Linear CVAE with learnable diagonal Sigma: with theta_i the eigenvalues of E = S_yy - S_yx S_xx^{-1} S_xy, the decoder has singular values omega_i = sqrt(max(0, theta_i - beta etaDec^2))/etaEnc, sigma_i = sqrt(beta) etaEnc etaDec / sqrt(theta_i) (etaEnc when collapsed); latent i collapses iff theta_i <= beta etaDec^2.',
  confidence: ['derived', 'code'],
  confidenceNote: "derived from the problem; matches the authors' code",
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
  view: cvaeView,
  checks: cvaeChecks,
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

// --- dang2024vae.vae (learnable and fixed Sigma) ---

/** The statement's omega_i per latent, learnable or fixed Sigma (c = etaDec / etaEnc, sigma ascending with theta descending). */
function vaeOmegas(inst: LinearVaeInstance, p: Predictions): number[] {
  const { theta } = amplitudeModes(inst.data);
  const { beta, etaEnc, etaDec } = inst;
  const c = etaDec / etaEnc;
  const sig = sigmaAscending(inst);
  return Array.from({ length: inst.latent }, (_, i) => {
    const t = theta[i] ?? 0;
    if (!inst.sigma) return t > p.num('thrLearn') ? Math.sqrt(t * t - beta * etaDec ** 2) / etaEnc : 0;
    const s = sig[i];
    return t > p.num('thrFixedScale') * s ? Math.sqrt((Math.sqrt(beta) * c * (t - Math.sqrt(beta) * c * s)) / s) : 0;
  });
}

/**
 * The claimed minimiser in S_xx's eigenbasis: mode i goes to latent slot j (fixed Sigma: the
 * latent with the i-th smallest sigma), U e_j = omega_i q_i, W^T e_j = w_i q_i with the encoder's
 * optimal gain w_i = omega_i theta_i / (omega_i^2 + beta etaDec^2 / etaEnc^2) (fixed) or
 * omega_i theta_i / (etaDec^2 D_i), D_i = omega_i^2 / etaDec^2 + beta / etaEnc^2 (learnable, where
 * sigma_j^2 = beta etaEnc^2 etaDec^2 / theta_i^2 when live, etaEnc^2 when collapsed) [derived].
 */
function constructVae(inst: LinearVaeInstance, p: Predictions): Float64Array {
  const { theta, Q } = amplitudeModes(inst.data);
  const omega = vaeOmegas(inst, p);
  const { beta, etaEnc, etaDec, latent: dz } = inst;
  const u = omega.slice(0, Math.min(dz, theta.length));
  const w = u.map((ui, i) =>
    inst.sigma ? (ui * theta[i]) / (ui * ui + beta * (etaDec / etaEnc) ** 2) : (ui * theta[i]) / (etaDec ** 2 * ((ui * ui) / etaDec ** 2 + beta / etaEnc ** 2)),
  );
  const slots = Array.from({ length: dz }, (_, j) => j).sort((a, b) => (inst.sigma ? inst.sigma[a] - inst.sigma[b] : 0));
  const logVar = omega.map((ui, i) => Math.log(ui > 0 ? (beta * etaEnc ** 2 * etaDec ** 2) / theta[i] ** 2 : etaEnc ** 2));
  return vaePoint(inst, { W: transpose(alongModes(Q, w, dz, slots)), U: alongModes(Q, u, dz, slots), ...(inst.sigma ? {} : { logVar }) });
}

const vaeModeCostFixed =
  '(thetaLat > thrFixedScale * sigmaLat) .* (2 * thetaLat * thrFixedScale .* sigmaLat - thrFixedScale^2 * sigmaLat.^2) / etaDec^2 + (thetaLat <= thrFixedScale * sigmaLat) .* thetaLat.^2 / etaDec^2';

export const dang2024vaeVae = defineTheorem<LinearVaeInstance, VaeView>({
  clauses: [
    { text: 'linear VAE, theta_i = singular values of E[x x_tilde^T], amplitude units, c = eta_dec/eta_enc', assumption: 'positiveData' },
    { text: 'learnable Sigma: collapse iff theta_i <= sqrt(beta) eta_dec,', checkedBy: ['collapsed latents'] },
    { text: 'omega_i = (1/eta_enc) sqrt(max(0, theta_i^2 - beta eta_dec^2));', checkedBy: ['decoder singular values'] },
    {
      text: 'fixed Sigma = diag(sigma_i^2) (smallest sigma paired with largest theta): collapse iff theta_i <= sqrt(beta) c sigma_i,',
      checkedBy: ['collapsed latents'],
    },
    { text: 'omega_i = sqrt(max(0, sqrt(beta) c (theta_i - sqrt(beta) c sigma_i) / sigma_i)).', checkedBy: ['decoder singular values', 'optimum'] },
  ],
  id: 'dang2024vae.vae',
  paper: 'Dang et al. 2024',
  citation,
  section: 'Thm 1 (linear VAE, learnable and fixed Sigma)',
  statement:
    'Linear VAE, theta_i = singular values of E[x x_tilde^T]: learnable Sigma: latent i collapses iff theta_i <= sqrt(beta) etaDec, omega_i = sqrt(max(0, theta_i^2 - beta etaDec^2))/etaEnc; fixed Sigma (smallest sigma with largest theta): collapse iff theta_i <= sqrt(beta) c sigma_i, omega_i = sqrt(max(0, sqrt(beta) c (theta_i - sqrt(beta) c sigma_i)/sigma_i)), c = etaDec/etaEnc.',
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
  view: vaeView,
  checks: [
    {
      name: 'decoder singular values',
      claim: 'omega_i as in the statement (learnable or fixed Sigma)',
      measure: (v, p, i) => sortedValuesMatch(v.omega, vaeOmegas(i, p), 'sv(U)', 1),
    },
    {
      name: 'collapsed latents',
      claim: '#collapsed = #{theta_i <= threshold} (+ latents beyond d)',
      // A singular value below 1e-6 of the largest possible one, theta_1/etaEnc, counts as 0.
      measure: (v, p, i) => collapsedLatents(v.omega, i.latent, amplitudeModes(i.data).theta[0] / i.etaEnc, p.num('collapsed')),
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

// --- dang2024vae.hvae (two latent levels, Sigma_1 = sigma1^2 I fixed, Sigma_2 learnable) ---
//
// theta_i: the singular values of Z = E[x x_tilde^T] = S_xx^{1/2} (x_tilde the whitened x), i.e.
// the square roots of the eigenvalues of the uncentred S_xx, in amplitude units: the authors'
// calculate_Z(X, Y) with Y = X, which their matrix_HVAE_learnable_sigma_2.py feeds to the
// closed forms (utils.py, calculate_lambda_omega_2_..._learnable_Sigma_2_beta). theta_i = 0 for
// z1 modes beyond the data dimension d0.
//
// Per-mode reduction [derived here, checked by the solver]: src/problems/vae/hvae-modes.ts. Its
// minimiser, for the thresholds of the predictions, gives the claimed values.

/** The claimed per-mode values, from the predicted thresholds (so a wrong threshold moves them). */
const hvaeModes = (i: LinearHvaeInstance, p: Predictions) =>
  hvaeModeValues(i, {
    z2NeverCollapses: p.bool('z2NeverCollapses'),
    aStar: p.num('aStar'),
    thrZ2: p.num('thrZ2'),
    thrBoth: p.num('thrBoth'),
    thrZ1Live: p.num('thrZ1Live'),
  });

/**
 * The claimed minimiser in S_xx's eigenbasis q_i: z1 mode i has W_1^T e_i = (lambda_i / theta_i) q_i
 * (so that lambda_i = w theta_i) and U_1 e_i = (theta_i lambda_i / a_i) q_i (U_1's optimal gain, a
 * ridge regression of x on z1); z2 latent j pairs with z1 mode j: U_2 = diag(omega_j), W_2 its
 * ridge optimum (beta1 omega / etaDec^2) / (beta1 omega^2 / etaDec^2 + beta2 / etaEnc^2) =
 * s_j beta1 omega_j / (beta2 etaDec^2) on the diagonal, Sigma_2 = diag(s_j).
 */
function constructHvae(inst: LinearHvaeInstance, p: Predictions): Float64Array {
  const { d0, d1, d2 } = hvaeSizes(inst);
  const { Q } = amplitudeModes(inst.data);
  const m = hvaeModes(inst, p);
  const { beta1, beta2, etaDec } = inst;
  const lam = m.lambdaSq.slice(0, Math.min(d0, d1)).map(Math.sqrt);
  const om = m.omegaSq.map(Math.sqrt);
  return hvaePoint(inst, {
    W1: transpose(
      alongModes(
        Q,
        lam.map((l, i) => (l === 0 ? 0 : l / m.theta[i])),
        d1,
      ),
    ),
    U1: alongModes(
      Q,
      lam.map((l, i) => (l === 0 ? 0 : (m.theta[i] * l) / m.a[i])),
      d1,
    ),
    W2: rectangularDiag(
      d2,
      d1,
      om.map((o, j) => (m.sigma2Sq[j] * beta1 * o) / (beta2 * etaDec ** 2)),
    ),
    U2: rectangularDiag(d1, d2, om),
    logVar2: m.sigma2Sq.map(Math.log),
  });
}

/** Per-mode optimal costs (the reduction in src/problems/vae/hvae-modes.ts) as mathjs functions of u = theta. */
const hvaePairCost =
  'f(u) = (z2NeverCollapses and u <= thrZ1Live) ? u^2 / etaDec^2 + 2 * beta2 + beta2 * log(beta1 * sigma1^2 / (beta2 * etaDec^2 * etaEnc^2))' +
  ' : (z2NeverCollapses or u >= thrZ2) ? 3 * beta2 + beta2 * log(beta1 * u^2 * sigma1^2 / (beta2^2 * etaDec^4 * etaEnc^2))' +
  ' : u > thrBoth ? 2 * sqrt(beta1) * u * sigma1 / etaDec^2 + beta2 - 2 * beta2 * log(etaEnc)' +
  ' : (u^2 + beta1 * sigma1^2) / etaDec^2 + beta2 - 2 * beta2 * log(etaEnc)';
const hvaeSoloCost = 'f(u) = u > thrBoth ? 2 * sqrt(beta1) * u * sigma1 / etaDec^2 : (u^2 + beta1 * sigma1^2) / etaDec^2';

/** ||U_2||_F^2 and ||W_1 S^{1/2}||_F^2 summed over modes. */
const hvaeOmegaSq =
  'f(u) = (z2NeverCollapses or u >= thrZ2) ? max(0, (z2NeverCollapses and u <= thrZ1Live ? sigma1^2 : u^2 * sigma1^2 / (beta2 * etaDec^2)) - aStar) / etaEnc^2 : 0';
const hvaeLambdaSqPair =
  'f(u) = (z2NeverCollapses or u >= thrZ2) ? max(0, u^2 * sigma1^2 / (beta2 * etaDec^2) - sigma1^2) : max(0, u * sigma1 / sqrt(beta1) - sigma1^2)';
const hvaeLambdaSqSolo = 'f(u) = max(0, u * sigma1 / sqrt(beta1) - sigma1^2)';

export const dang2024vaeHvae = defineTheorem<LinearHvaeInstance, HvaeView>({
  clauses: [
    {
      text: 'two latent levels; Sigma_1 = sigma_1^2 I fixed, Sigma_2 learnable; beta_1, beta_2 [code]: encoders q(z1|x) = N(W_1 x, Sigma_1), q(z2|z1) = N(W_2 z1, Sigma_2); decoders p(x|z1) = N(U_1 z1, eta_dec^2 I), p(z1|z2) = N(U_2 z2, eta_dec^2 I); prior N(0, eta_enc^2 I).',
      assumption: 'positiveData',
    },
    {
      text: 'With omega_i = singular values of U_2: if sigma_1^2 >= (beta_2/beta_1) eta_dec^2, z2 never collapses;',
      checkedBy: ['collapsed z2 latents', 'z2 decoder singular values'],
    },
    {
      text: 'else z2 mode i collapses (omega_i = 0) iff theta_i < beta_2 eta_dec^2 / (sqrt(beta_1) sigma_1),',
      checkedBy: ['collapsed z2 latents', 'z2 decoder singular values'],
    },
    { text: 'and both levels collapse iff theta_i <= sqrt(beta_1) sigma_1.', checkedBy: ['both levels collapsed', 'collapsed z1 latents'] },
    {
      text: '[derived] omega_i, lambda_i, Sigma_2 and the optimal value',
      checkedBy: [
        'z2 decoder singular values',
        'z1 encoder singular values',
        'Sigma_2 variances',
        'z2 decoder energy',
        'z1 encoder energy',
        'optimum',
        'claimed minimiser',
      ],
    },
  ],
  id: 'dang2024vae.hvae',
  paper: 'Dang et al. 2024',
  citation,
  section: 'Thm 3 (linear two-latent MHVAE, Sigma_1 = sigma1^2 I fixed, Sigma_2 learnable) [code]',
  statement:
    'Two-level linear HVAE, theta_i = singular values of E[x x_tilde^T] (sqrt eig S_xx), omega_i = singular values of U_2: if sigma1^2 >= (beta2/beta1) etaDec^2, z2 never collapses; else z2 mode i collapses (omega_i = 0) iff theta_i < beta2 etaDec^2 / (sqrt(beta1) sigma1), and both levels collapse iff theta_i <= sqrt(beta1) sigma1. [derived: omega_i, lambda_i, Sigma_2 and the optimal value]',
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
      name: 'z2 decoder singular values',
      claim: 'omega_i = sqrt(max(0, a_i - (beta2/beta1) etaDec^2)) / etaEnc when z2 is live, else 0',
      measure: (v, p, i) => sortedValuesMatch(v.omega, hvaeModes(i, p).omegaSq.map(Math.sqrt), 'sv(U_2)', 1),
    },
    {
      name: 'z1 encoder singular values',
      claim: 'lambda_i = sqrt(a_i - sigma1^2) (singular values of W_1 S_xx^{1/2})',
      measure: (v, p, i) => sortedValuesMatch(v.lambda, hvaeModes(i, p).lambdaSq.map(Math.sqrt), 'sv(W_1 S^1/2)', Math.max(1, maxOf(v.lambda))),
    },
    {
      name: 'Sigma_2 variances',
      claim: 's_i = beta2 / (beta1 omega_i^2 / etaDec^2 + beta2 / etaEnc^2) (etaEnc^2 when collapsed)',
      measure: (v, p, i) => sortedValuesMatch(v.sigma2Sq, hvaeModes(i, p).sigma2Sq, 's', maxOf(v.sigma2Sq)),
    },
    {
      name: 'collapsed z2 latents',
      claim: '#{z2 latents with omega_i = 0} = collapsedZ2 (0 when sigma1^2 >= a*, plus the d2 - d1 latents beyond d1)',
      measure: (v, p, i) => collapsedLatents(v.omega, i.latent2, hvaeZeroScale(i), p.num('collapsedZ2'), 'collapsed z2 latents'),
    },
    {
      name: 'collapsed z1 latents',
      claim: '#{lambda_i = 0} = collapsedZ1',
      measure: (v, p, i) => collapsedLatents(v.lambda, i.latent1, hvaeZeroScale(i), p.num('collapsedZ1'), 'collapsed z1 latents'),
    },
    {
      name: 'both levels collapsed',
      claim: '#{z1 directions with lambda_i = omega_i = 0} = #{theta_i <= sqrt(beta1) sigma1} (sigma1^2 < a*)',
      measure: (v, p, i) => collapsedLatents(v.joint, i.latent1, hvaeZeroScale(i), p.num('collapsedBoth'), 'z1 directions unused by both levels'),
    },
    {
      name: 'z2 decoder energy',
      claim: '||U_2||_F^2 = sum_i omega_i^2',
      measure: (v, p) => spectralEnergyMatches(v.omega, p.num('omegaSqSum'), '||U_2||^2'),
    },
    {
      name: 'z1 encoder energy',
      claim: '||W_1 S_xx^{1/2}||_F^2 = sum_i lambda_i^2',
      measure: (v, p) => spectralEnergyMatches(v.lambda, p.num('lambdaSqSum'), '||W_1 S^1/2||^2'),
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
