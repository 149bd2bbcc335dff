/**
 * The fixed-classifier mixup problem (docs/catalogue.md, fisher2024mixup): with W the simplex ETF of
 * norm s (classifier.ts), for every mix m = (i, j, lam) the feature h_m solves
 *
 *   min_h  lam CE(W h, i) + (1 - lam) CE(W h, j) + lambdaH/2 ||h||^2.
 *
 * The features are independent, so the objective over H = [h_1 ... h_M] (d x M) is the SUM of
 * the per-mix objectives (not a mean): each column's minimiser is exactly the catalogue's h*.
 * Each term is lambdaH-strongly convex (the CE part is convex in h), so the objective is, and at
 * any point ||H - H*||_F <= ||grad||_2 / lambdaH: the gradient norm is the certificate.
 */
import { type Mat } from '../../linalg/matrix.ts';
import { gamma } from '../../linalg/rounding.ts';
import type { Objective, ValueError } from '../problem.ts';
import { mixCeError } from './mix-ce-rounding.ts';
import { etfClassifier } from './classifier.ts';
import type { UfmMixupFixedInstance } from './instance.ts';
import { mixCe, mixResidual, softmaxJacobianTimes } from './mix-ce.ts';

export function fixedMixupObjective(inst: UfmMixupFixedInstance): Objective {
  const { K, d, lambdaH, mixes } = inst;
  const M = mixes.length;
  const W = etfClassifier(K, d, inst.s);
  const w = W.data;
  const h = new Float64Array(d);
  const z = new Float64Array(K);
  const p = new Float64Array(K);
  const r = new Float64Array(K);
  const u = new Float64Array(K);
  const Ju = new Float64Array(K);

  /** h = column m of x; z = W h. */
  const logits = (x: Float64Array, m: number): void => {
    for (let q = 0; q < d; q++) h[q] = x[q * M + m];
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += w[k * d + q] * h[q];
      z[k] = s;
    }
  };

  function value(x: Float64Array, grad?: Float64Array): number {
    let f = 0;
    for (let m = 0; m < M; m++) {
      const { i, j, lam } = mixes[m];
      logits(x, m);
      f += mixCe(z, i, j, lam, p);
      let h2 = 0;
      for (let q = 0; q < d; q++) h2 += h[q] * h[q];
      f += 0.5 * lambdaH * h2;
      if (grad) {
        mixResidual(p, i, j, lam, r);
        for (let q = 0; q < d; q++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += w[k * d + q] * r[k];
          grad[q * M + m] = s + lambdaH * h[q];
        }
      }
    }
    return f;
  }

  function hessVec(x: Float64Array, v: Float64Array, out: Float64Array): void {
    for (let m = 0; m < M; m++) {
      const { i, j, lam } = mixes[m];
      logits(x, m);
      mixCe(z, i, j, lam, p);
      // u = W v_m; out_m = W^T (diag p - p p^T) u + lambdaH v_m.
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let q = 0; q < d; q++) s += w[k * d + q] * v[q * M + m];
        u[k] = s;
      }
      softmaxJacobianTimes(p, u, Ju);
      for (let q = 0; q < d; q++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += w[k * d + q] * Ju[k];
        out[q * M + m] = s + lambdaH * v[q * M + m];
      }
    }
  }

  /**
   * Rounding error bound of value(x) (Objective.valueError): logits W h_m off by gamma_{d}
   * |W| |h_m| plus the computed ETF's own rounding (gamma_6 per entry: a square root, a
   * quotient and products), each mix's CE by mixCeError, the penalties and the running sum.
   */
  function valueError(x: Float64Array): ValueError {
    const dz = new Float64Array(K);
    const g = gamma(d) + gamma(6);
    let f = 0;
    let err = 0;
    let underflow = 0;
    for (let m = 0; m < M; m++) {
      const { i, j, lam } = mixes[m];
      logits(x, m);
      for (let k = 0; k < K; k++) {
        let mag = 0;
        for (let q = 0; q < d; q++) mag += Math.abs(w[k * d + q] * h[q]);
        dz[k] = g * mag;
      }
      const c = mixCeError(z, dz, i, j, lam);
      let h2 = 0;
      for (let q = 0; q < d; q++) h2 += h[q] * h[q];
      const pen = 0.5 * lambdaH * h2;
      f += c.ce + pen;
      err += c.error + gamma(d + 2) * pen;
      if (c.underflow) underflow++;
    }
    const bound = err + gamma(2 * M) * f;
    return underflow > 0 ? { bound, underflow: `the CE of ${underflow} of ${M} one-hot mixes underflows, so its relative precision is lost` } : { bound };
  }

  return { size: d * M, blocks: [{ name: 'H', rows: d, cols: M, offset: 0 }], value, hessVec, valueError };
}

/** The fixed classifier of an instance (K x d). */
export function fixedClassifier(inst: UfmMixupFixedInstance): Mat {
  return etfClassifier(inst.K, inst.d, inst.s);
}

/**
 * The strong-convexity certificate: ||x - x*|| <= ||grad f(x)|| / lambdaH, exact for this
 * objective (every term is lambdaH-strongly convex).
 */
export function fixedMixupDistanceBound(inst: UfmMixupFixedInstance, x: Float64Array): { gradNorm: number; distanceBound: number } {
  const obj = fixedMixupObjective(inst);
  const g = new Float64Array(obj.size);
  obj.value(x, g);
  let s = 0;
  for (const v of g) s += v * v;
  const gradNorm = Math.sqrt(s);
  return { gradNorm, distanceBound: gradNorm / inst.lambdaH };
}

/** Column m of x (the feature of mix m). */
export function mixFeature(inst: { d: number; mixes: readonly unknown[] }, x: Float64Array, m: number, offset = 0): Float64Array {
  const M = inst.mixes.length;
  return Float64Array.from({ length: inst.d }, (_, q) => x[offset + q * M + m]);
}
