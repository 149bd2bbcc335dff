/**
 * The linear VAE (docs/catalogue.md, dang2024vae.vae): encoder q(z | x) = N(W x_tilde, Sigma) on the
 * whitened input x_tilde = S_xx^{-1/2} x (so E[x_tilde x_tilde^T] = I and the data enter only through
 * Z = E[x x_tilde^T] = S_xx^{1/2}, whose singular values theta_i are in amplitude units), decoder
 * p(x | z) = N(U z, etaDec^2 I), prior N(0, etaEnc^2 I):
 *
 *   L = (1/etaDec^2) [ E||x - U W x_tilde||^2 + tr(U Sigma U^T) ] + beta [ (E||W x_tilde||^2 + tr Sigma)/etaEnc^2 - log det Sigma ].
 *
 * Sigma is diagonal: learnable (log-variances are variables) or fixed by `"sigma": [sigma_1, ...]`
 * (standard deviations, one per latent). Uses the x part of the data set.
 */
import type { Rng } from '../../random.ts';
import { InputError, describe, requireFinite } from '../../errors.ts';
import { psdSqrt } from '../../linalg/eigen.ts';
import { mat } from '../../linalg/matrix.ts';
import { momentsOf, parseVaeCommon, summarizeVaeCommon } from './cvae.ts';
import { linearVaeBlocks, linearVaeObjective, type LinearVaeLayout } from './gaussian.ts';
import { blockRows, type InstanceBase, type Problem, type VariableBlock } from '../problem.ts';
import { parseVaeData, type VaeDataSpec } from './data.ts';

export interface LinearVaeInstance extends InstanceBase {
  readonly problem: 'vae';
  readonly beta: number;
  readonly etaEnc: number;
  readonly etaDec: number;
  readonly latent: number;
  /** Fixed encoder standard deviations (one per latent), or absent for a learnable Sigma. */
  readonly sigma?: readonly number[];
  readonly data: VaeDataSpec;
}

/** v = [x; x_tilde], S = [[S_xx, Z], [Z, I]] with Z = S_xx^{1/2}. */
export function vaeLayout(inst: LinearVaeInstance): LinearVaeLayout {
  const m = momentsOf(inst.data);
  const d = m.dx;
  const Z = psdSqrt(m.Sxx);
  const S = mat(2 * d, 2 * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      S.data[i * 2 * d + j] = m.Sxx.data[i * d + j];
      S.data[i * 2 * d + d + j] = Z.data[i * d + j];
      S.data[(d + i) * 2 * d + j] = Z.data[j * d + i];
    }
    S.data[(d + i) * 2 * d + d + i] = 1;
  }
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  return {
    S,
    enc: range(d, 2 * d),
    tgt: range(0, d),
    cond: [],
    dz: inst.latent,
    beta: inst.beta,
    etaEnc: inst.etaEnc,
    etaDec: inst.etaDec,
    fixedLogVar: inst.sigma ? Float64Array.from(inst.sigma, (s) => 2 * Math.log(s)) : null,
  };
}

const KNOWN = new Set(['problem', 'beta', 'etaEnc', 'etaDec', 'latent', 'sigma', 'data', 'id', 'note']);

export function parseVae(raw: unknown, source: string): LinearVaeInstance {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (r.problem !== 'vae') throw new InputError(`${source}.problem`, `expected "vae", got ${describe(r.problem)}`);
  for (const k of Object.keys(r))
    if (!KNOWN.has(k)) throw new InputError(`${source}.${k}`, `unknown field for problem "vae" (known: ${[...KNOWN].join(', ')})`);
  const common = parseVaeCommon(r, source);
  let sigma: number[] | undefined;
  if (r.sigma !== undefined) {
    if (!Array.isArray(r.sigma) || r.sigma.length !== common.latent)
      throw new InputError(`${source}.sigma`, `expected ${common.latent} standard deviations (one per latent), got ${describe(r.sigma)}`);
    sigma = r.sigma.map((v, i) => {
      const s = requireFinite(`${source}.sigma[${i}]`, v);
      if (!(s > 0)) throw new InputError(`${source}.sigma[${i}]`, `must be > 0, got ${s}`);
      return s;
    });
  }
  const data = parseVaeData(r.data, `${source}.data`, false);
  momentsOf(data, `${source}.data`);
  return { problem: 'vae', ...common, ...(sigma ? { sigma } : {}), data };
}

/**
 * Tangents of the exact symmetries at x. A rotation of two latents a, b (W rows, U columns)
 * keeps the loss only where it keeps Sigma diagonal: for a fixed Sigma whose two variances are
 * equal (to 1e-12 relative: a sigma given as 0.3 may be read back 2 ulps apart, a symmetry broken
 * below any curvature the certificate can resolve). A learnable Sigma has none (as in hvae.ts).
 * Declared (possibly empty), so that the certificate knows every other zero curvature is a soft
 * direction of the minimum (a degenerate one at a collapse threshold), not an orbit.
 */
function vaeSymmetries(inst: LinearVaeInstance, x: Float64Array): Float64Array[] {
  const sigma = inst.sigma;
  if (!sigma) return [];
  const blocks = linearVaeBlocks(vaeLayout(inst));
  const [bW, bU] = blocks;
  const out: Float64Array[] = [];
  for (let a = 0; a < sigma.length; a++) {
    for (let b = a + 1; b < sigma.length; b++) {
      if (!(Math.abs(sigma[a] - sigma[b]) <= 1e-12 * Math.max(sigma[a], sigma[b]))) continue;
      // d/dt of W -> R(t) W, U -> U R(t)^T with R the rotation in the (a, b) plane.
      const t = new Float64Array(x.length);
      for (let j = 0; j < bW.cols; j++) {
        t[bW.offset + a * bW.cols + j] = -x[bW.offset + b * bW.cols + j];
        t[bW.offset + b * bW.cols + j] = x[bW.offset + a * bW.cols + j];
      }
      for (let i = 0; i < bU.rows; i++) {
        t[bU.offset + i * bU.cols + a] = -x[bU.offset + i * bU.cols + b];
        t[bU.offset + i * bU.cols + b] = x[bU.offset + i * bU.cols + a];
      }
      out.push(t);
    }
  }
  return out;
}

export const linearVae: Problem<LinearVaeInstance> = {
  name: 'vae',
  description: '2 x negative beta-ELBO of a linear VAE on whitened inputs (learnable or fixed diagonal encoder variance)',
  conventions:
    'The loss is 2 x (negative beta-ELBO) up to constants of the linear VAE with encoder q(z|x) = N(W x_tilde, Sigma) on the whitened input x_tilde = S_xx^{-1/2} x, decoder p(x|z) = N(U z, etaDec^2 I) and prior N(0, etaEnc^2 I); the data enter through S_xx^{1/2}, whose singular values theta_i are in amplitude units; Sigma diagonal, learnable or fixed by `sigma` (standard deviations); uncentred second moments.',
  parse: parseVae,
  objective: (inst) => linearVaeObjective(vaeLayout(inst)),
  symmetries: vaeSymmetries,
  randomStart(inst: LinearVaeInstance, rng: Rng, scale: number): Float64Array {
    const size = linearVaeBlocks(vaeLayout(inst)).reduce((s, b) => s + b.rows * b.cols, 0);
    return rng.normalArray(size, 0.5 * scale);
  },
  summarize: (inst) => summarizeVaeCommon(inst) + (inst.sigma ? ` Σ fixed [${inst.sigma.map((s) => s.toPrecision(3)).join(',')}]` : ' Σ learnable'),
  describeSolution(inst: LinearVaeInstance, x: Float64Array) {
    const l = vaeLayout(inst);
    const blocks = linearVaeBlocks(l);
    const rows = (b: VariableBlock) => blockRows(x, b);
    const out: Record<string, number[][] | number[]> = { U: rows(blocks[1]), W: rows(blocks[0]) };
    const bT = blocks.find((b) => b.name === 'logVar');
    if (bT) out.sigma = Array.from(x.subarray(bT.offset, bT.offset + l.dz), (t) => Math.exp(t / 2));
    return out;
  },
};
