/**
 * The learnable-classifier mixup UFM (the conjecture of issue 14 over fisher2024mixup): W
 * (K x d, rows w_k) and one free feature per mixed example, H = [h_1 ... h_M] (d x M), both
 * optimised under the mixup loss,
 *
 *   f(W, H) = (1/M) sum_m [lam_m CE(W h_m, i_m) + (1 - lam_m) CE(W h_m, j_m)]
 *             + lambdaW/2 ||W||_F^2 + lambdaH/2 ||H||_F^2,
 *
 * no bias; the conventions of ufm-ce (mean CE over the examples, ||H||^2 summed over them).
 * Variables: W first (K d, row-major), then H (d x M, row-major). Exact symmetries: the rotations
 * W -> W Q, H -> Q^T H (f depends on W H and the two norms only).
 */
import { UNIT_ROUNDOFF, gamma } from '../../linalg/rounding.ts';
import type { Objective, ValueError } from '../problem.ts';
import { mixCeError } from './mix-ce-rounding.ts';
import type { UfmMixupLearnableInstance } from './instance.ts';
import { mixCe, mixResidual, softmaxJacobianTimes } from './mix-ce.ts';

export function learnableMixupObjective(inst: UfmMixupLearnableInstance): Objective {
  const { K, d, lambdaW, lambdaH, mixes } = inst;
  const M = mixes.length;
  const offH = K * d;
  const size = offH + d * M;
  const z = new Float64Array(K);
  const p = new Float64Array(K);
  const r = new Float64Array(K);
  const dz = new Float64Array(K);
  const Jdz = new Float64Array(K);
  const invM = 1 / M;

  const logits = (x: Float64Array, m: number): void => {
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += x[k * d + q] * x[offH + q * M + m];
      z[k] = s;
    }
  };

  function value(x: Float64Array, grad?: Float64Array): number {
    let f = 0;
    if (grad) grad.fill(0);
    for (let m = 0; m < M; m++) {
      const { i, j, lam } = mixes[m];
      logits(x, m);
      f += invM * mixCe(z, i, j, lam, p);
      if (!grad) continue;
      mixResidual(p, i, j, lam, r);
      // dW += (1/M) r h_m^T; dh_m = (1/M) W^T r.
      for (let k = 0; k < K; k++) {
        const rk = invM * r[k];
        for (let q = 0; q < d; q++) grad[k * d + q] += rk * x[offH + q * M + m];
      }
      for (let q = 0; q < d; q++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += x[k * d + q] * r[k];
        grad[offH + q * M + m] = invM * s;
      }
    }
    let w2 = 0;
    for (let a = 0; a < offH; a++) w2 += x[a] * x[a];
    let h2 = 0;
    for (let a = offH; a < size; a++) h2 += x[a] * x[a];
    if (grad) {
      for (let a = 0; a < offH; a++) grad[a] += lambdaW * x[a];
      for (let a = offH; a < size; a++) grad[a] += lambdaH * x[a];
    }
    return f + 0.5 * lambdaW * w2 + 0.5 * lambdaH * h2;
  }

  function hessVec(x: Float64Array, v: Float64Array, out: Float64Array): void {
    out.fill(0);
    for (let m = 0; m < M; m++) {
      const { i, j, lam } = mixes[m];
      logits(x, m);
      mixCe(z, i, j, lam, p);
      mixResidual(p, i, j, lam, r);
      // dz = V_W h_m + W v_m; the CE Hessian in z is J = diag p - p p^T.
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let q = 0; q < d; q++) s += v[k * d + q] * x[offH + q * M + m] + x[k * d + q] * v[offH + q * M + m];
        dz[k] = s;
      }
      softmaxJacobianTimes(p, dz, Jdz);
      // W block: (1/M) [J dz h_m^T + r v_m^T]; h block: (1/M) [V_W^T r + W^T J dz].
      for (let k = 0; k < K; k++) {
        for (let q = 0; q < d; q++) out[k * d + q] += invM * (Jdz[k] * x[offH + q * M + m] + r[k] * v[offH + q * M + m]);
      }
      for (let q = 0; q < d; q++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += v[k * d + q] * r[k] + x[k * d + q] * Jdz[k];
        out[offH + q * M + m] = invM * s;
      }
    }
    for (let a = 0; a < offH; a++) out[a] += lambdaW * v[a];
    for (let a = offH; a < size; a++) out[a] += lambdaH * v[a];
  }

  /**
   * Rounding error bound of value(x) (Objective.valueError): logits off by gamma_d |W| |h_m|,
   * each mix's CE by mixCeError, the 1/M weights, the penalties (sums of squares) and the sums.
   */
  function valueError(x: Float64Array): ValueError {
    const dzb = new Float64Array(K);
    let ce = 0;
    let err = 0;
    let underflow = 0;
    for (let m = 0; m < M; m++) {
      const { i, j, lam } = mixes[m];
      logits(x, m);
      for (let k = 0; k < K; k++) {
        let mag = 0;
        for (let q = 0; q < d; q++) mag += Math.abs(x[k * d + q] * x[offH + q * M + m]);
        dzb[k] = gamma(d) * mag;
      }
      const c = mixCeError(z, dzb, i, j, lam);
      ce += invM * c.ce;
      err += invM * c.error;
      if (c.underflow) underflow++;
    }
    let w2 = 0;
    for (let a = 0; a < offH; a++) w2 += x[a] * x[a];
    let h2 = 0;
    for (let a = offH; a < size; a++) h2 += x[a] * x[a];
    const pen = 0.5 * lambdaW * w2 + 0.5 * lambdaH * h2;
    const bound = err + (gamma(M + 1) + 2 * UNIT_ROUNDOFF) * ce + gamma(size + 3) * pen + gamma(2) * (ce + pen);
    return underflow > 0 ? { bound, underflow: `the CE of ${underflow} of ${M} one-hot mixes underflows, so its relative precision is lost` } : { bound };
  }

  return {
    size,
    blocks: [
      { name: 'W', rows: K, cols: d, offset: 0 },
      { name: 'H', rows: d, cols: M, offset: offH },
    ],
    value,
    hessVec,
    valueError,
  };
}

/**
 * Tangents of the rotation orbit at x: for each generator E_ab - E_ba (a < b), W -> W (I + A),
 * H -> (I - A) H. [] when d(d-1)/2 tangents would be too many to be worth it.
 */
export function learnableMixupSymmetries(inst: UfmMixupLearnableInstance, x: Float64Array): Float64Array[] {
  const { K, d } = inst;
  const M = inst.mixes.length;
  const offH = K * d;
  if (((d * (d - 1)) / 2) * x.length > 5e7) return [];
  const out: Float64Array[] = [];
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) {
      const t = new Float64Array(x.length);
      for (let k = 0; k < K; k++) {
        t[k * d + b] = x[k * d + a];
        t[k * d + a] = -x[k * d + b];
      }
      for (let m = 0; m < M; m++) {
        t[offH + a * M + m] = -x[offH + b * M + m];
        t[offH + b * M + m] = x[offH + a * M + m];
      }
      out.push(t);
    }
  }
  return out;
}
