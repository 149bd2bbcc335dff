/**
 * The two-level linear hierarchical VAE (docs/catalogue.md, dang2024vae.hvae), in the authors' matrix
 * form (matrix_HVAE_learnable_sigma_2.py of Dang et al.'s code, used there to verify their
 * Theorem 3), on data x in R^d0 with uncentred second moment S = S_xx:
 *
 *   encoders  q(z1 | x)  = N(W_1 x, Sigma_1),  Sigma_1 = sigma1^2 I (fixed)            z1 in R^d1
 *             q(z2 | z1) = N(W_2 z1, Sigma_2), Sigma_2 = diag(exp(t)) (learnable)      z2 in R^d2
 *   decoders  p(x | z1)  = N(U_1 z1, etaDec^2 I),  p(z1 | z2) = N(U_2 z2, etaDec^2 I)
 *   prior     p(z2) = N(0, etaEnc^2 I);  beta1 weights the z1 term, beta2 the z2 term.
 *
 * With C = E_q[z1 z1^T] = W_1 S W_1^T + sigma1^2 I and M = U_2 W_2 - I, the loss is
 *
 *   L = (1/etaDec^2) [ E||x - U_1 W_1 x||^2 + sigma1^2 ||U_1||_F^2 ]                      (= E_q||x - U_1 z1||^2 / etaDec^2)
 *     + (beta1/etaDec^2) [ tr(M C M^T) + tr(U_2 Sigma_2 U_2^T) ]                          (= E_q||z1 - U_2 z2||^2 / etaDec^2)
 *     + beta2 [ (tr(W_2 C W_2^T) + tr Sigma_2) / etaEnc^2 - log det Sigma_2 ],            (= 2 KL(q(z2|z1) || p(z2)) + const)
 *
 * i.e. 2 x (negative beta-ELBO) up to constants, every expectation over z1 ~ q(z1|x) and
 * z2 ~ q(z2|z1) taken in closed form. The z1 term is the cross-entropy -2 E_q log p(z1|z2)
 * rather than 2 KL(q(z1|x) || p(z1|z2)): they differ by the entropy of q(z1|x), a constant
 * because Sigma_1 is fixed. The authors' script multiplies this L by etaDec^2 (their loss is
 * etaDec^2 L); the minimisers are the same, and we keep L so that the three VAE problems share
 * one scale. E||x - U_1 W_1 x||^2 = tr((I - U_1 W_1) S (I - U_1 W_1)^T) equals the script's
 * ||U_1 V_1 - Z||_F^2 with V_1 = W_1 Z, Z = E[x x_tilde^T] = S^{1/2} (x_tilde whitened x): the
 * encoder acts on x itself here, which differs from acting on x_tilde by an invertible change of
 * W_1 only.
 *
 * Variables, in order: W1 (d1 x d0), U1 (d0 x d1), W2 (d2 x d1), U2 (d1 x d2), logVar2 (d2).
 * Uses the x part of the data set (src/problems/vae/data.ts).
 */
import type { Rng } from '../../random.ts';
import { InputError, describe, requireFinite } from '../../errors.ts';
import { eye, mat, matmul, matmulNT, matmulTN, type Mat } from '../../linalg/matrix.ts';
import { UNIT_ROUNDOFF as u, bInner, bLinear, bMul, bTranspose, exact, gamma, sLinear, type BoundedScalar } from '../../linalg/rounding.ts';
import { momentsOf } from './cvae.ts';
import { blockRows, type InstanceBase, type Objective, type Problem, type ValueError, type VariableBlock } from '../problem.ts';
import { formatNumber } from '../format.ts';
import { parseVaeData, type VaeDataSpec } from './data.ts';
import { svd } from '../../linalg/eigen.ts';

export interface LinearHvaeInstance extends InstanceBase {
  readonly problem: 'hvae';
  /** Weight of the z1 (KL(q(z1|x) || p(z1|z2))) term. */
  readonly beta1: number;
  /** Weight of the z2 (KL(q(z2|z1) || p(z2))) term. */
  readonly beta2: number;
  readonly etaEnc: number;
  readonly etaDec: number;
  /** Fixed encoder standard deviation of z1: Sigma_1 = sigma1^2 I. */
  readonly sigma1: number;
  /** Dimension d1 of z1. */
  readonly latent1: number;
  /** Dimension d2 of z2. */
  readonly latent2: number;
  readonly data: VaeDataSpec;
}

export interface HvaeSizes {
  readonly d0: number;
  readonly d1: number;
  readonly d2: number;
}

export function hvaeSizes(inst: LinearHvaeInstance): HvaeSizes {
  return { d0: momentsOf(inst.data).dx, d1: inst.latent1, d2: inst.latent2 };
}

export function hvaeBlocks({ d0, d1, d2 }: HvaeSizes): VariableBlock[] {
  const blocks: VariableBlock[] = [];
  let off = 0;
  for (const [name, rows, cols] of [
    ['W1', d1, d0],
    ['U1', d0, d1],
    ['W2', d2, d1],
    ['U2', d1, d2],
    ['logVar2', d2, 1],
  ] as const) {
    blocks.push({ name, rows, cols, offset: off });
    off += rows * cols;
  }
  return blocks;
}

const KNOWN = new Set(['problem', 'beta1', 'beta2', 'etaEnc', 'etaDec', 'sigma1', 'latent1', 'latent2', 'data', 'id', 'note']);

export function parseHvae(raw: unknown, source: string): LinearHvaeInstance {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (r.problem !== 'hvae') throw new InputError(`${source}.problem`, `expected "hvae", got ${describe(r.problem)}`);
  for (const k of Object.keys(r))
    if (!KNOWN.has(k)) throw new InputError(`${source}.${k}`, `unknown field for problem "hvae" (known: ${[...KNOWN].join(', ')})`);
  const pos = (k: string): number => {
    const v = requireFinite(`${source}.${k}`, r[k]);
    if (!(v > 0)) throw new InputError(`${source}.${k}`, `must be > 0, got ${v}`);
    return v;
  };
  const dim = (k: string): number => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new InputError(`${source}.${k}`, `expected an integer >= 1 (latent dimension), got ${describe(v)}`);
    return v;
  };
  const out = {
    problem: 'hvae' as const,
    beta1: pos('beta1'),
    beta2: pos('beta2'),
    etaEnc: pos('etaEnc'),
    etaDec: pos('etaDec'),
    sigma1: pos('sigma1'),
    latent1: dim('latent1'),
    latent2: dim('latent2'),
    data: parseVaeData(r.data, `${source}.data`, false),
  };
  momentsOf(out.data, `${source}.data`);
  return out;
}

/** The loss of the module comment, its gradient and exact Hessian-vector product. */
export function linearHvaeObjective(inst: LinearHvaeInstance): Objective {
  const S = momentsOf(inst.data).Sxx;
  const sizes = hvaeSizes(inst);
  const { d0, d1, d2 } = sizes;
  const blocks = hvaeBlocks(sizes);
  const [bW1, bU1, bW2, bU2, bT] = blocks;
  const size = bT.offset + d2;
  const ed2 = inst.etaDec ** 2;
  const ee2 = inst.etaEnc ** 2;
  const s1 = inst.sigma1 ** 2;
  const { beta1, beta2 } = inst;
  let trS = 0;
  for (let i = 0; i < d0; i++) trS += S.data[i * d0 + i];

  const read = (x: Float64Array) => ({
    W1: mat(d1, d0, x.slice(bW1.offset, bW1.offset + d1 * d0)),
    U1: mat(d0, d1, x.slice(bU1.offset, bU1.offset + d0 * d1)),
    W2: mat(d2, d1, x.slice(bW2.offset, bW2.offset + d2 * d1)),
    U2: mat(d1, d2, x.slice(bU2.offset, bU2.offset + d1 * d2)),
    t: x.slice(bT.offset, bT.offset + d2),
  });
  /** P = W1 S, C = P W1^T + sigma1^2 I, M = U2 W2 - I. */
  const derived = (W1: Mat, W2: Mat, U2: Mat) => {
    const P = matmul(W1, S);
    const C = matmulNT(P, W1);
    for (let i = 0; i < d1; i++) C.data[i * d1 + i] += s1;
    const M = matmul(U2, W2);
    for (let i = 0; i < d1; i++) M.data[i * d1 + i] -= 1;
    return { P, C, M };
  };
  const frob = (A: Mat, B: Mat): number => {
    let s = 0;
    for (let i = 0; i < A.data.length; i++) s += A.data[i] * B.data[i];
    return s;
  };
  const colSq = (U2: Mat): Float64Array => {
    const out = new Float64Array(d2);
    for (let i = 0; i < d1; i++) for (let j = 0; j < d2; j++) out[j] += U2.data[i * d2 + j] ** 2;
    return out;
  };

  function value(x: Float64Array, grad?: Float64Array): number {
    const { W1, U1, W2, U2, t } = read(x);
    const { P, C, M } = derived(W1, W2, U2);
    const s = Float64Array.from(t, Math.exp);
    const cs = colSq(U2);
    // tr(U1 W1 S) = <U1^T, W1 S> and tr(U1 C U1^T) = <U1 C, U1>.
    const U1C = matmul(U1, C);
    let crossTerm = 0;
    for (let i = 0; i < d0; i++) for (let k = 0; k < d1; k++) crossTerm += U1.data[i * d1 + k] * P.data[k * d0 + i];
    const MC = matmul(M, C);
    const W2C = matmul(W2, C);
    let f = (trS - 2 * crossTerm + frob(U1C, U1)) / ed2 + (beta1 / ed2) * frob(MC, M) + (beta2 / ee2) * frob(W2C, W2);
    for (let j = 0; j < d2; j++) f += (beta1 / ed2) * s[j] * cs[j] + beta2 * (s[j] / ee2 - t[j]);
    if (grad) {
      // G_C = dL/dC = U1^T U1 / etaDec^2 + beta1 M^T M / etaDec^2 + beta2 W2^T W2 / etaEnc^2.
      const GC = gramC(U1, M, W2);
      // dL/dW1 = -2 U1^T S / etaDec^2 + 2 G_C W1 S.
      const gW1 = matmulTN(U1, S);
      const GCP = matmul(GC, P);
      for (let i = 0; i < d1 * d0; i++) grad[bW1.offset + i] = (-2 * gW1.data[i]) / ed2 + 2 * GCP.data[i];
      // dL/dU1 = (2/etaDec^2) (U1 C - (W1 S)^T).
      for (let i = 0; i < d0; i++) for (let k = 0; k < d1; k++) grad[bU1.offset + i * d1 + k] = (2 / ed2) * (U1C.data[i * d1 + k] - P.data[k * d0 + i]);
      // dL/dM = 2 beta1 M C / etaDec^2; dL/dU2 = dL/dM W2^T + 2 beta1 U2 Sigma2 / etaDec^2; dL/dW2 = U2^T dL/dM + 2 beta2 W2 C / etaEnc^2.
      const GM = mat(
        d1,
        d1,
        MC.data.map((v) => (2 * beta1 * v) / ed2),
      );
      const gU2 = matmulNT(GM, W2);
      for (let i = 0; i < d1; i++)
        for (let j = 0; j < d2; j++) grad[bU2.offset + i * d2 + j] = gU2.data[i * d2 + j] + (2 * beta1 * U2.data[i * d2 + j] * s[j]) / ed2;
      const gW2 = matmulTN(U2, GM);
      for (let i = 0; i < d2 * d1; i++) grad[bW2.offset + i] = gW2.data[i] + (2 * beta2 * W2C.data[i]) / ee2;
      for (let j = 0; j < d2; j++) grad[bT.offset + j] = s[j] * ((beta1 * cs[j]) / ed2 + beta2 / ee2) - beta2;
    }
    return f;
  }

  function gramC(U1: Mat, M: Mat, W2: Mat): Mat {
    const a = matmulTN(U1, U1);
    const b = matmulTN(M, M);
    const c = matmulTN(W2, W2);
    const out = mat(d1, d1);
    for (let i = 0; i < d1 * d1; i++) out.data[i] = a.data[i] / ed2 + (beta1 * b.data[i]) / ed2 + (beta2 * c.data[i]) / ee2;
    return out;
  }

  function hessVec(x: Float64Array, v: Float64Array, out: Float64Array): void {
    const { W1, U1, W2, U2, t } = read(x);
    const { W1: dW1, U1: dU1, W2: dW2, U2: dU2, t: dt } = read(v);
    const { P, C, M } = derived(W1, W2, U2);
    const s = Float64Array.from(t, Math.exp);
    // dC = dW1 S W1^T + W1 S dW1^T; dM = dU2 W2 + U2 dW2.
    const dP = matmul(dW1, S);
    const dC = matmulNT(dP, W1);
    for (let i = 0; i < d1; i++)
      for (let j = 0; j <= i; j++) {
        const a = dC.data[i * d1 + j] + dC.data[j * d1 + i];
        dC.data[i * d1 + j] = a;
        dC.data[j * d1 + i] = a;
      }
    const dM = matmul(dU2, W2);
    const t2 = matmul(U2, dW2);
    for (let i = 0; i < d1 * d1; i++) dM.data[i] += t2.data[i];
    const GC = gramC(U1, M, W2);
    // dG_C = sym(dU1^T U1)/etaDec^2 + beta1 sym(dM^T M)/etaDec^2 + beta2 sym(dW2^T W2)/etaEnc^2, sym(A) = A + A^T.
    const e1 = matmulTN(dU1, U1);
    const e2 = matmulTN(dM, M);
    const e3 = matmulTN(dW2, W2);
    const dGC = mat(d1, d1);
    for (let i = 0; i < d1; i++)
      for (let j = 0; j < d1; j++) {
        const ij = i * d1 + j;
        const ji = j * d1 + i;
        dGC.data[ij] = (e1.data[ij] + e1.data[ji]) / ed2 + (beta1 * (e2.data[ij] + e2.data[ji])) / ed2 + (beta2 * (e3.data[ij] + e3.data[ji])) / ee2;
      }
    out.fill(0);
    // d(gW1) = -2 dU1^T S / etaDec^2 + 2 dG_C W1 S + 2 G_C dW1 S.
    const a1 = matmulTN(dU1, S);
    const a2 = matmul(dGC, P);
    const a3 = matmul(GC, dP);
    for (let i = 0; i < d1 * d0; i++) out[bW1.offset + i] = (-2 * a1.data[i]) / ed2 + 2 * a2.data[i] + 2 * a3.data[i];
    // d(gU1) = (2/etaDec^2) (dU1 C + U1 dC - (dW1 S)^T).
    const b1 = matmul(dU1, C);
    const b2 = matmul(U1, dC);
    for (let i = 0; i < d0; i++)
      for (let k = 0; k < d1; k++) out[bU1.offset + i * d1 + k] = (2 / ed2) * (b1.data[i * d1 + k] + b2.data[i * d1 + k] - dP.data[k * d0 + i]);
    // G_M = 2 beta1 M C / etaDec^2, d(G_M) = 2 beta1 (dM C + M dC) / etaDec^2.
    const GM = matmul(M, C);
    const dGM = matmul(dM, C);
    const c2 = matmul(M, dC);
    for (let i = 0; i < d1 * d1; i++) {
      GM.data[i] *= (2 * beta1) / ed2;
      dGM.data[i] = ((2 * beta1) / ed2) * (dGM.data[i] + c2.data[i]);
    }
    // d(gU2) = dG_M W2^T + G_M dW2^T + 2 beta1 (dU2 Sigma2 + U2 Sigma2 diag(dt)) / etaDec^2.
    const f1 = matmulNT(dGM, W2);
    const f2 = matmulNT(GM, dW2);
    for (let i = 0; i < d1; i++)
      for (let j = 0; j < d2; j++) {
        const k = i * d2 + j;
        out[bU2.offset + k] = f1.data[k] + f2.data[k] + ((2 * beta1 * s[j]) / ed2) * (dU2.data[k] + U2.data[k] * dt[j]);
      }
    // d(gW2) = dU2^T G_M + U2^T dG_M + 2 beta2 (dW2 C + W2 dC) / etaEnc^2.
    const g1 = matmulTN(dU2, GM);
    const g2 = matmulTN(U2, dGM);
    const g3 = matmul(dW2, C);
    const g4 = matmul(W2, dC);
    for (let i = 0; i < d2 * d1; i++) out[bW2.offset + i] = g1.data[i] + g2.data[i] + ((2 * beta2) / ee2) * (g3.data[i] + g4.data[i]);
    // d(g_t)_j = s_j dt_j (beta1 ||U2_j||^2 / etaDec^2 + beta2 / etaEnc^2) + 2 beta1 s_j <U2_j, dU2_j> / etaDec^2.
    const cs = colSq(U2);
    for (let j = 0; j < d2; j++) {
      let cross = 0;
      for (let i = 0; i < d1; i++) cross += U2.data[i * d2 + j] * dU2.data[i * d2 + j];
      out[bT.offset + j] = s[j] * (dt[j] * ((beta1 * cs[j]) / ed2 + beta2 / ee2) + (2 * beta1 * cross) / ed2);
    }
  }

  /**
   * Rounding error bound of value(x) (Objective.valueError), by running error analysis of the
   * same computation (src/linalg/rounding.ts). The reconstruction term tr S - 2 tr(U1 W1 S) +
   * tr(U1 C U1^T) cancels to a small value near a good fit, and 1/etaDec^2 scales its rounding
   * up: the bound carries the magnitudes of all three parts.
   */
  function valueError(x: Float64Array): ValueError {
    const { W1, U1, W2, U2, t } = read(x);
    const Sb = exact(S);
    const P = bMul(exact(W1), Sb);
    const sig = { v: eye(d1), e: mat(d1, d1) };
    for (let i = 0; i < d1; i++) {
      sig.v.data[i * d1 + i] = s1;
      sig.e.data[i * d1 + i] = u * s1;
    }
    const C = bLinear([
      [1, bMul(P, bTranspose(exact(W1)))],
      [1, sig],
    ]);
    const M = bLinear([
      [1, bMul(exact(U2), exact(W2))],
      [-1, exact(eye(d1))],
    ]);
    const U1b = exact(U1);
    const cross = bInner(U1b, bTranspose(P));
    const fit = bInner(bMul(U1b, C), U1b);
    const trSb: BoundedScalar = { v: trS, e: gamma(d0) * Math.abs(trS) };
    const recon = sLinear([
      [1, trSb],
      [-2, cross],
      [1, fit],
    ]);
    const mc = bInner(bMul(M, C), M);
    const w2c = bInner(bMul(exact(W2), C), exact(W2));
    const scaled = (b: BoundedScalar, c: number): BoundedScalar => ({ v: c * b.v, e: Math.abs(c) * b.e + 3 * u * Math.abs(c * b.v) });
    const parts: Array<readonly [number, BoundedScalar]> = [
      [1, scaled(recon, 1 / ed2)],
      [1, scaled(mc, beta1 / ed2)],
      [1, scaled(w2c, beta2 / ee2)],
    ];
    const cs = colSq(U2);
    for (let j = 0; j < d2; j++) {
      const sj = Math.exp(t[j]);
      const dec = (beta1 / ed2) * sj * cs[j];
      parts.push([1, { v: dec, e: (gamma(d1) + 5 * u) * dec }]);
      const prior = sj / ee2 - t[j];
      parts.push([beta2, { v: prior, e: 3 * u * (sj / ee2) + u * (sj / ee2 + Math.abs(t[j])) }]);
    }
    return { bound: sLinear(parts).e };
  }

  return { size, blocks, value, hessVec, valueError };
}

/**
 * Tangents of the exact symmetry orbit at x: rotations of z1, Q in O(d1), acting as
 * W1 -> Q W1, U1 -> U1 Q^T, W2 -> W2 Q^T, U2 -> Q U2 (the loss only sees U1 W1, Q (U2 W2 - I) Q^T,
 * W2 W1 and C -> Q C Q^T, and Sigma_1 = sigma1^2 I and the isotropic decoder noise commute with Q).
 * Rotations of z2 are NOT symmetries: they would turn the diagonal Sigma_2 into a full matrix,
 * which the problem cannot represent (they are symmetries only inside the set where two
 * variances coincide, e.g. among collapsed z2 latents, whose W2 rows and U2 columns are 0 there).
 * The generator E_ab = e_a e_b^T - e_b e_a^T gives dW1 = E W1, dU1 = -U1 E, dW2 = -W2 E, dU2 = E U2.
 */
export function hvaeSymmetries(inst: LinearHvaeInstance, x: Float64Array): Float64Array[] {
  const sizes = hvaeSizes(inst);
  const { d0, d1, d2 } = sizes;
  const [bW1, bU1, bW2, bU2] = hvaeBlocks(sizes);
  const out: Float64Array[] = [];
  for (let a = 0; a < d1; a++) {
    for (let b = a + 1; b < d1; b++) {
      const tan = new Float64Array(x.length);
      // (E W1) row a = W1 row b, row b = -W1 row a.
      for (let c = 0; c < d0; c++) {
        tan[bW1.offset + a * d0 + c] = x[bW1.offset + b * d0 + c];
        tan[bW1.offset + b * d0 + c] = -x[bW1.offset + a * d0 + c];
      }
      // (-U1 E): column a = U1 column b, column b = -U1 column a.
      for (let r = 0; r < d0; r++) {
        tan[bU1.offset + r * d1 + a] = x[bU1.offset + r * d1 + b];
        tan[bU1.offset + r * d1 + b] = -x[bU1.offset + r * d1 + a];
      }
      for (let r = 0; r < d2; r++) {
        tan[bW2.offset + r * d1 + a] = x[bW2.offset + r * d1 + b];
        tan[bW2.offset + r * d1 + b] = -x[bW2.offset + r * d1 + a];
      }
      for (let c = 0; c < d2; c++) {
        tan[bU2.offset + a * d2 + c] = x[bU2.offset + b * d2 + c];
        tan[bU2.offset + b * d2 + c] = -x[bU2.offset + a * d2 + c];
      }
      out.push(tan);
    }
  }
  return out;
}

export function summarizeHvae(inst: LinearHvaeInstance): string {
  const { d0, d1, d2 } = hvaeSizes(inst);
  const d = 'path' in inst.data ? `data=${inst.data.path}` : `seed=${inst.data.seed} n=${inst.data.samples}`;
  return `d0=${d0} d1=${d1} d2=${d2} β1=${formatNumber(inst.beta1)} β2=${formatNumber(inst.beta2)} σ1=${formatNumber(inst.sigma1)} ηenc=${formatNumber(inst.etaEnc)} ηdec=${formatNumber(inst.etaDec)} ${d}`;
}

/** Matrices of a point: the four maps, sigma_2 (standard deviations) and the singular values the claims speak of. */
export function describeHvaeSolution(inst: LinearHvaeInstance, x: Float64Array): Record<string, number[][] | number[]> {
  const sizes = hvaeSizes(inst);
  const S = momentsOf(inst.data).Sxx;
  const blocks = hvaeBlocks(sizes);
  const matOf = (b: VariableBlock) => mat(b.rows, b.cols, x.slice(b.offset, b.offset + b.rows * b.cols));
  const rows = (b: VariableBlock) => blockRows(x, b);
  const [bW1, bU1, bW2, bU2, bT] = blocks;
  // lambda_i = singular values of V1 = W1 S^{1/2} (the authors' W_1 Z): square roots of the singular values of the PSD W1 S W1^T.
  const W1 = matOf(bW1);
  const lamSq = Array.from(svd(matmulNT(matmul(W1, S), W1)).s);
  return {
    singularValuesU2: Array.from(svd(matOf(bU2)).s),
    singularValuesEncoder1: lamSq.map((v) => Math.sqrt(Math.max(0, v))),
    sigma2: Array.from(x.subarray(bT.offset, bT.offset + sizes.d2), (t) => Math.exp(t / 2)),
    W1: rows(bW1),
    U1: rows(bU1),
    W2: rows(bW2),
    U2: rows(bU2),
  };
}

export const linearHvae: Problem<LinearHvaeInstance> = {
  name: 'hvae',
  description:
    '2 x negative beta-ELBO of a two-level linear hierarchical VAE (Sigma_1 = sigma1^2 I fixed, diagonal Sigma_2 learnable), on uncentred second moments',
  conventions:
    "The loss is 2 x (negative beta-ELBO) up to constants of the two-level linear hierarchical VAE in the authors' matrix form: encoders q(z1|x) = N(W_1 x, sigma1^2 I) (fixed variance) and q(z2|z1) = N(W_2 z1, Sigma_2) (diagonal, learnable), decoders p(x|z1) = N(U_1 z1, etaDec^2 I) and p(z1|z2) = N(U_2 z2, etaDec^2 I), prior N(0, etaEnc^2 I) on z2, beta1 weighting the z1 term and beta2 the z2 term; uncentred second moment S_xx of the data.",
  parse: parseHvae,
  objective: linearHvaeObjective,
  randomStart(inst: LinearHvaeInstance, rng: Rng, scale: number): Float64Array {
    const sizes = hvaeSizes(inst);
    const bT = hvaeBlocks(sizes)[4];
    return rng.normalArray(bT.offset + sizes.d2, 0.5 * scale);
  },
  summarize: summarizeHvae,
  symmetries: hvaeSymmetries,
  describeSolution: describeHvaeSolution,
};
