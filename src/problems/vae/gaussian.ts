/**
 * The loss shared by the linear VAE and the linear conditional VAE (docs/catalogue.md, dang2024vae),
 * written on one joint data vector v (dimension D) with uncentred second moment S = E[v v^T]:
 *
 *   encoder  q(z | v) = N(W v_enc, Sigma),  Sigma = diag(exp(t))  (t = log-variances)
 *   decoder  p(v_tgt | z, v_cond) = N(U1 z + U2 v_cond, etaDec^2 I),  prior N(0, etaEnc^2 I)
 *
 *   L = (1/etaDec^2) [ E||v_tgt - U1 W v_enc - U2 v_cond||^2 + tr(U1 Sigma U1^T) ]
 *       + beta [ (E||W v_enc||^2 + tr Sigma) / etaEnc^2 - log det Sigma ]
 *
 * i.e. 2 x (negative beta-ELBO) up to constants, the expectation over z taken in closed form.
 * With R = T - U1 Wf - U2f (Wf, U2f, T: W, U2, I scattered into the columns of v), the data
 * terms are tr(R S R^T) and tr(Wf S Wf^T). Variables, in order: W (dz x |enc|), U1 (|tgt| x dz),
 * U2 (|tgt| x |cond|, when there is a side input), t (dz, when Sigma is learnable).
 */
import { mat, matmul, matmulNT, matmulTN, type Mat } from '../../linalg/matrix.ts';
import { UNIT_ROUNDOFF as u, bInner, bLinear, bMul, exact, gamma, sLinear, type BoundedMat, type BoundedScalar } from '../../linalg/rounding.ts';
import type { Objective, ValueError, VariableBlock } from '../problem.ts';

export interface LinearVaeLayout {
  /** D x D uncentred second moment of the joint vector v. */
  readonly S: Mat;
  /** Indices of v fed to the encoder, reconstructed by the decoder, fed to the decoder as side input. */
  readonly enc: readonly number[];
  readonly tgt: readonly number[];
  readonly cond: readonly number[];
  readonly dz: number;
  readonly beta: number;
  readonly etaEnc: number;
  readonly etaDec: number;
  /** Fixed log-variances of Sigma, or null for a learnable Sigma. */
  readonly fixedLogVar: Float64Array | null;
}

export function linearVaeBlocks(l: LinearVaeLayout): VariableBlock[] {
  const blocks: VariableBlock[] = [];
  let off = 0;
  const push = (name: string, rows: number, cols: number) => {
    blocks.push({ name, rows, cols, offset: off });
    off += rows * cols;
  };
  push('W', l.dz, l.enc.length);
  push('U1', l.tgt.length, l.dz);
  if (l.cond.length > 0) push('U2', l.tgt.length, l.cond.length);
  if (!l.fixedLogVar) push('logVar', l.dz, 1);
  return blocks;
}

/** Scatters the columns of A (rows x idx.length) into a rows x D matrix at columns idx. */
function scatter(A: Float64Array, rows: number, idx: readonly number[], D: number): Mat {
  const out = mat(rows, D);
  const c = idx.length;
  for (let i = 0; i < rows; i++) for (let j = 0; j < c; j++) out.data[i * D + idx[j]] = A[i * c + j];
  return out;
}

/** Gathers columns idx of G (rows x D) into out at offset, scaled by s (added). */
function gatherInto(G: Mat, idx: readonly number[], out: Float64Array, offset: number, s: number): void {
  const c = idx.length;
  for (let i = 0; i < G.rows; i++) for (let j = 0; j < c; j++) out[offset + i * c + j] += s * G.data[i * G.cols + idx[j]];
}

export function linearVaeObjective(l: LinearVaeLayout): Objective {
  const blocks = linearVaeBlocks(l);
  const [bW, bU1] = blocks;
  const bU2 = blocks.find((b) => b.name === 'U2') ?? null;
  const bT = blocks.find((b) => b.name === 'logVar') ?? null;
  const size = blocks.reduce((s, b) => s + b.rows * b.cols, 0);
  const D = l.S.rows;
  const nt = l.tgt.length;
  const { dz, beta } = l;
  const ed2 = l.etaDec ** 2;
  const ee2 = l.etaEnc ** 2;
  const T = mat(nt, D);
  l.tgt.forEach((c, i) => {
    T.data[i * D + c] = 1;
  });

  const part = (x: Float64Array, b: VariableBlock) => x.subarray(b.offset, b.offset + b.rows * b.cols);
  const variances = (x: Float64Array): Float64Array => {
    const out = new Float64Array(dz);
    for (let j = 0; j < dz; j++) out[j] = Math.exp(bT ? x[bT.offset + j] : l.fixedLogVar![j]);
    return out;
  };
  /** R = T - U1 Wf - U2f for the point x (or, with `lin`, the linear part dR along v). */
  function residual(x: Float64Array): { Wf: Mat; U1: Mat; R: Mat } {
    const Wf = scatter(part(x, bW), dz, l.enc, D);
    const U1 = mat(nt, dz, part(x, bU1));
    const R = matmul(U1, Wf);
    for (let i = 0; i < R.data.length; i++) R.data[i] = T.data[i] - R.data[i];
    if (bU2) {
      const U2f = scatter(part(x, bU2), nt, l.cond, D);
      for (let i = 0; i < R.data.length; i++) R.data[i] -= U2f.data[i];
    }
    return { Wf, U1, R };
  }

  function value(x: Float64Array, grad?: Float64Array): number {
    const { Wf, U1, R } = residual(x);
    const s2 = variances(x);
    const RS = matmul(R, l.S);
    const WS = matmul(Wf, l.S);
    let f = 0;
    for (let i = 0; i < RS.data.length; i++) f += RS.data[i] * R.data[i];
    f /= ed2;
    let encPen = 0;
    for (let i = 0; i < WS.data.length; i++) encPen += WS.data[i] * Wf.data[i];
    f += (beta * encPen) / ee2;
    const colSq = new Float64Array(dz);
    for (let i = 0; i < nt; i++) for (let j = 0; j < dz; j++) colSq[j] += U1.data[i * dz + j] ** 2;
    for (let j = 0; j < dz; j++) {
      const tj = Math.log(s2[j]);
      f += (colSq[j] * s2[j]) / ed2 + beta * (s2[j] / ee2 - tj);
    }
    if (grad) {
      grad.fill(0);
      // G_R = 2 R S / etaDec^2; dL/dU1 = -G_R Wf^T + 2 U1 Sigma / etaDec^2; dL/dWf = -U1^T G_R + 2 beta Wf S / etaEnc^2.
      const GR = mat(
        nt,
        D,
        RS.data.map((v) => (2 * v) / ed2),
      );
      const gU1 = matmulNT(GR, Wf);
      for (let i = 0; i < nt; i++) for (let j = 0; j < dz; j++) grad[bU1.offset + i * dz + j] = -gU1.data[i * dz + j] + (2 * U1.data[i * dz + j] * s2[j]) / ed2;
      const gWf = matmulTN(U1, GR);
      for (let i = 0; i < gWf.data.length; i++) gWf.data[i] = -gWf.data[i] + (2 * beta * WS.data[i]) / ee2;
      gatherInto(gWf, l.enc, grad, bW.offset, 1);
      if (bU2) gatherInto(GR, l.cond, grad, bU2.offset, -1);
      if (bT) for (let j = 0; j < dz; j++) grad[bT.offset + j] = s2[j] * (colSq[j] / ed2 + beta / ee2) - beta;
    }
    return f;
  }

  function hessVec(x: Float64Array, v: Float64Array, out: Float64Array): void {
    const { Wf, U1, R } = residual(x);
    const s2 = variances(x);
    const dWf = scatter(part(v, bW), dz, l.enc, D);
    const dU1 = mat(nt, dz, part(v, bU1));
    // dR = -dU1 Wf - U1 dWf - dU2f.
    const dR = matmul(dU1, Wf);
    const t2 = matmul(U1, dWf);
    for (let i = 0; i < dR.data.length; i++) dR.data[i] = -dR.data[i] - t2.data[i];
    if (bU2) {
      const dU2f = scatter(part(v, bU2), nt, l.cond, D);
      for (let i = 0; i < dR.data.length; i++) dR.data[i] -= dU2f.data[i];
    }
    const GR = matmul(R, l.S);
    for (let i = 0; i < GR.data.length; i++) GR.data[i] *= 2 / ed2;
    const dGR = matmul(dR, l.S);
    for (let i = 0; i < dGR.data.length; i++) dGR.data[i] *= 2 / ed2;
    const dt = new Float64Array(dz);
    if (bT) for (let j = 0; j < dz; j++) dt[j] = v[bT.offset + j];
    out.fill(0);
    // U1 block: -dG_R Wf^T - G_R dWf^T + 2 (dU1 Sigma + U1 dSigma) / etaDec^2, dSigma = Sigma dt.
    const a = matmulNT(dGR, Wf);
    const c = matmulNT(GR, dWf);
    for (let i = 0; i < nt; i++) {
      for (let j = 0; j < dz; j++) {
        const k = i * dz + j;
        out[bU1.offset + k] = -a.data[k] - c.data[k] + (2 * s2[j] * (dU1.data[k] + U1.data[k] * dt[j])) / ed2;
      }
    }
    // W block: -dU1^T G_R - U1^T dG_R + 2 beta dWf S / etaEnc^2.
    const e1 = matmulTN(dU1, GR);
    const e2 = matmulTN(U1, dGR);
    const e3 = matmul(dWf, l.S);
    for (let i = 0; i < e1.data.length; i++) e1.data[i] = -e1.data[i] - e2.data[i] + (2 * beta * e3.data[i]) / ee2;
    gatherInto(e1, l.enc, out, bW.offset, 1);
    if (bU2) gatherInto(dGR, l.cond, out, bU2.offset, -1);
    if (bT) {
      for (let j = 0; j < dz; j++) {
        let cross = 0;
        let sq = 0;
        for (let i = 0; i < nt; i++) {
          cross += U1.data[i * dz + j] * dU1.data[i * dz + j];
          sq += U1.data[i * dz + j] ** 2;
        }
        out[bT.offset + j] = s2[j] * ((2 * cross) / ed2 + dt[j] * (sq / ed2 + beta / ee2));
      }
    }
  }

  /**
   * Rounding error bound of value(x) (Objective.valueError), by running error analysis of the
   * same computation (src/linalg/rounding.ts). The data term tr(R S R^T) with R = T - U1 Wf - U2f
   * is where it matters: near a good reconstruction its O(1) parts cancel to a small value
   * (at small beta the whole loss is ~beta log(1/beta)), and 1/etaDec^2 scales that
   * cancellation's rounding up; the bound carries |R| |S| |R| and the error of R itself.
   */
  function valueError(x: Float64Array): ValueError {
    const Wf = exact(scatter(part(x, bW), dz, l.enc, D));
    const U1 = exact(mat(nt, dz, part(x, bU1)));
    const terms: Array<readonly [number, BoundedMat]> = [
      [1, exact(T)],
      [-1, bMul(U1, Wf)],
    ];
    if (bU2) terms.push([-1, exact(scatter(part(x, bU2), nt, l.cond, D))]);
    const R = bLinear(terms);
    const S = exact(l.S);
    const data = bInner(bMul(R, S), R);
    const enc = bInner(bMul(Wf, S), Wf);
    // etaDec^2, etaEnc^2 and each division or product by them round once more.
    const scaled = (b: BoundedScalar, c: number): BoundedScalar => ({ v: c * b.v, e: Math.abs(c) * b.e + 3 * u * Math.abs(c * b.v) });
    const parts: Array<readonly [number, BoundedScalar]> = [
      [1, scaled(data, 1 / ed2)],
      [1, scaled(enc, beta / ee2)],
    ];
    for (let j = 0; j < dz; j++) {
      const t = bT ? x[bT.offset + j] : l.fixedLogVar![j];
      // s2 = exp(t) (one rounding; a fixed t = 2 log sigma carries u |t| + u more), log(s2) = t again.
      const relS2 = u + (bT ? 0 : u * Math.abs(t) + u);
      const s2 = Math.exp(t);
      const logS2 = Math.log(s2);
      let colSq = 0;
      for (let i = 0; i < nt; i++) colSq += U1.v.data[i * dz + j] ** 2;
      const decoder = (colSq * s2) / ed2;
      parts.push([1, { v: decoder, e: (gamma(nt) + relS2 + 3 * u) * decoder }]);
      const prior = s2 / ee2 - logS2;
      const priorError = (s2 / ee2) * (relS2 + 2 * u) + relS2 + u * Math.abs(logS2) + u * (s2 / ee2 + Math.abs(logS2));
      parts.push([beta, { v: prior, e: priorError }]);
    }
    return { bound: sLinear(parts).e };
  }

  return { size, blocks, value, hessVec, valueError };
}
