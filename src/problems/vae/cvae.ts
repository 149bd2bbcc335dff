/**
 * The linear conditional VAE (docs/catalogue.md, dang2024vae.cvae): encoder q(z | x, y) =
 * N(W_1 x + W_2 y, Sigma), decoder p(y | x, z) = N(U_1 z + U_2 x, etaDec^2 I), prior N(0, etaEnc^2 I),
 *
 *   L = (1/etaDec^2) E||y - U_1 z - U_2 x||^2 + beta [ (E||W_1 x + W_2 y||^2 + tr Sigma)/etaEnc^2 - log det Sigma ],
 *
 * the expectation over z ~ q in closed form (adds tr(U_1 Sigma U_1^T)/etaDec^2), second moments
 * uncentred (src/problems/vae/data.ts), Sigma diagonal and learnable (parametrised by its
 * log-variances). Variables: W = [W_1 W_2] (dz x (dx+dy)), U1 (dy x dz), U2 (dy x dx), logVar (dz).
 */
import type { Rng } from '../../random.ts';
import { InputError, describe, requireFinite } from '../../errors.ts';
import { mat, type Mat } from '../../linalg/matrix.ts';
import { linearVaeBlocks, linearVaeObjective, type LinearVaeLayout } from './gaussian.ts';
import { blockRows, type InstanceBase, type Problem, type VariableBlock } from '../problem.ts';
import { formatNumber } from '../format.ts';
import { dataMoments, parseVaeData, type VaeDataSpec, type VaeMoments } from './data.ts';

export interface LinearCvaeInstance extends InstanceBase {
  readonly problem: 'cvae';
  readonly beta: number;
  readonly etaEnc: number;
  readonly etaDec: number;
  /** Latent dimension dz. */
  readonly latent: number;
  readonly data: VaeDataSpec;
}

const momentCache = new Map<string, VaeMoments>();
/** The data set's moments, computed once per distinct data spec. */
export function momentsOf(data: VaeDataSpec, source = 'data'): VaeMoments {
  const key = JSON.stringify(data);
  let m = momentCache.get(key);
  if (!m) {
    m = dataMoments(data, source);
    momentCache.set(key, m);
  }
  return m;
}

/** Joint second moment of v = [x; y]. */
export function jointMoment(m: VaeMoments): Mat {
  const D = m.dx + m.dy;
  const S = mat(D, D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      S.data[i * D + j] =
        i < m.dx
          ? j < m.dx
            ? m.Sxx.data[i * m.dx + j]
            : m.Sxy.data[i * m.dy + (j - m.dx)]
          : j < m.dx
            ? m.Sxy.data[j * m.dy + (i - m.dx)]
            : m.Syy.data[(i - m.dx) * m.dy + (j - m.dx)];
    }
  }
  return S;
}

export function cvaeLayout(inst: LinearCvaeInstance): LinearVaeLayout {
  const m = momentsOf(inst.data);
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  return {
    S: jointMoment(m),
    enc: range(0, m.dx + m.dy),
    tgt: range(m.dx, m.dx + m.dy),
    cond: range(0, m.dx),
    dz: inst.latent,
    beta: inst.beta,
    etaEnc: inst.etaEnc,
    etaDec: inst.etaDec,
    fixedLogVar: null,
  };
}

/** Shared field checks of the VAE-family instances. */
export function parseVaeCommon(r: Record<string, unknown>, source: string): { beta: number; etaEnc: number; etaDec: number; latent: number } {
  const pos = (k: string): number => {
    const v = requireFinite(`${source}.${k}`, r[k]);
    if (!(v > 0)) throw new InputError(`${source}.${k}`, `must be > 0, got ${v}`);
    return v;
  };
  const latent = r.latent;
  if (typeof latent !== 'number' || !Number.isInteger(latent) || latent < 1)
    throw new InputError(`${source}.latent`, `expected an integer >= 1 (latent dimension), got ${describe(latent)}`);
  return { beta: pos('beta'), etaEnc: pos('etaEnc'), etaDec: pos('etaDec'), latent };
}

const KNOWN = new Set(['problem', 'beta', 'etaEnc', 'etaDec', 'latent', 'data', 'id', 'note']);

export function parseCvae(raw: unknown, source: string): LinearCvaeInstance {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (r.problem !== 'cvae') throw new InputError(`${source}.problem`, `expected "cvae", got ${describe(r.problem)}`);
  for (const k of Object.keys(r))
    if (!KNOWN.has(k)) throw new InputError(`${source}.${k}`, `unknown field for problem "cvae" (known: ${[...KNOWN].join(', ')})`);
  const common = parseVaeCommon(r, source);
  const data = parseVaeData(r.data, `${source}.data`, true);
  const m = momentsOf(data, `${source}.data`);
  if (m.dy === 0) throw new InputError(`${source}.data`, 'a conditional VAE needs y columns');
  return { problem: 'cvae', ...common, data };
}

export function summarizeVaeCommon(inst: { beta: number; etaEnc: number; etaDec: number; latent: number; data: VaeDataSpec }): string {
  const m = momentsOf(inst.data);
  const d = 'path' in inst.data ? `data=${inst.data.path}` : `seed=${inst.data.seed} n=${inst.data.samples}`;
  return `dx=${m.dx} dy=${m.dy} dz=${inst.latent} β=${formatNumber(inst.beta)} ηenc=${formatNumber(inst.etaEnc)} ηdec=${formatNumber(inst.etaDec)} ${d}`;
}

export const linearCvae: Problem<LinearCvaeInstance> = {
  name: 'cvae',
  description: '2 x negative beta-ELBO of a linear conditional VAE (learnable diagonal encoder variance), on uncentred second moments',
  conventions:
    "The loss is 2 x (negative beta-ELBO) up to constants of the linear conditional VAE with encoder q(z|x,y) = N(W_1 x + W_2 y, Sigma), decoder p(y|x,z) = N(U_1 z + U_2 x, etaDec^2 I) and prior N(0, etaEnc^2 I): (1/etaDec^2) E||y - U_1 z - U_2 x||^2 + beta [(E||W_1 x + W_2 y||^2 + tr Sigma)/etaEnc^2 - log det Sigma], the expectation over z in closed form; Sigma diagonal and learnable; second moments are uncentred empirical averages (S_xy = (1/n) sum x y^T), as in the authors' code.",
  parse: parseCvae,
  objective: (inst) => linearVaeObjective(cvaeLayout(inst)),
  // No continuous symmetry: a rotation of the latents would turn the diagonal Sigma into a full
  // matrix (as in hvae.ts). Declared empty, so that the certificate knows every zero curvature
  // is a soft direction of the minimum (a degenerate one at a collapse threshold), not an orbit.
  symmetries: () => [],
  randomStart(inst: LinearCvaeInstance, rng: Rng, scale: number): Float64Array {
    const size = linearVaeBlocks(cvaeLayout(inst)).reduce((s, b) => s + b.rows * b.cols, 0);
    return rng.normalArray(size, 0.5 * scale);
  },
  summarize: summarizeVaeCommon,
  describeSolution(inst: LinearCvaeInstance, x: Float64Array) {
    const l = cvaeLayout(inst);
    const blocks = linearVaeBlocks(l);
    const [bW, bU1] = blocks;
    const rows = (b: VariableBlock) => blockRows(x, b);
    const bT = blocks.find((b) => b.name === 'logVar')!;
    return { U1: rows(bU1), W: rows(bW), sigma: Array.from(x.subarray(bT.offset, bT.offset + l.dz), (t) => Math.exp(t / 2)) };
  },
};
