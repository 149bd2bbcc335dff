/**
 * Ground truths of the ufm-mixup problem (docs/catalogue.md, fisher2024mixup), independent of the
 * catalogue's closed form:
 *
 * - `fixedMixupOptimum`: the minimum of the fixed-classifier objective. It is a sum of
 *   independent per-mix problems, each lambdaH-strongly convex, so each is solved by Newton's
 *   method from h = 0 and certified by its gradient: ||h - h*|| <= ||g|| / lambdaH
 *   and f(h) - f* <= ||g||^2 / (2 lambdaH).
 *
 * - `etfFamilyOptimum`: the smallest value of the learnable-classifier objective over W a
 *   simplex ETF of row norm omega (any one: the objective is invariant under W -> W Q, H -> Q^T H)
 *   with H free. For fixed W the learnable objective
 *     (1/M) sum_m CE_m(W h_m) + lambdaW/2 ||W||^2 + lambdaH/2 sum_m ||h_m||^2
 *   is (1/M) times the fixed problem with s = omega and penalty M lambdaH, plus lambdaW K omega^2 / 2:
 *     F(omega) = (1/M) sum_m g_m(omega) + lambdaW K omega^2 / 2.
 *   By the envelope theorem dF/domega = (1/(M omega)) sum_m (p_m - y_m).z_m + lambdaW K omega,
 *   which is what is bracketed and solved (Brent); W = 0 (F = log K) is the other candidate. The
 *   simplex ETF's Gram is invariant under class permutations, so g_m depends only on whether
 *   i = j and on lam (and lam <-> 1 - lam): one Newton solve per distinct (same-class, lam).
 *   If the learnable optimum picks a simplex ETF (the conjecture of issue 14), min f = min_omega F.
 */
import { NumericalError } from '../errors.ts';
import { bracket, brent } from '../symbolic/index.ts';
import { cholesky, choleskySolve } from '../linalg/cholesky.ts';
import { etfClassifier } from '../problems/ufm-mixup/classifier.ts';
import { mixResidual, mixCe } from '../problems/ufm-mixup/mix-ce.ts';
import type { Mix, UfmMixupFixedInstance, UfmMixupLearnableInstance } from '../problems/ufm-mixup/instance.ts';
import { mixCeError } from '../problems/ufm-mixup/mix-ce-rounding.ts';
import { gamma } from '../linalg/rounding.ts';
import { memoize } from './memo.ts';

/** A per-mix solve is certified when its distance bound ||g|| / lambdaH is below this (relative to max(1, ||h||)). */
const MIX_DISTANCE = 1e-9;

export interface MixupOptimum {
  /** The minimum value (NaN if a per-mix solve did not certify). */
  readonly objective: number;
  /** max over mixes of ||g|| / lambdaH, the strong-convexity distance bound of each feature. */
  readonly distanceBound: number;
  readonly certified: boolean;
  /**
   * Bound on |objective - exact minimum| (src/symbolic/rounding.ts, withSymbolErrors): per mix,
   * the rounding of its value (mixCeError on logits off by gamma_d |W| |h| plus the computed
   * ETF's gamma_6, the penalty, the sum) plus its optimality gap ||g||^2 / (2 lambdaH) (the
   * per-mix objective is lambdaH-strongly convex); then the sums over the mixes.
   */
  readonly error: number;
}

/** One mix of the fixed problem: its minimiser's value, features, logits and certificate. */
interface MixSolution {
  readonly value: number;
  readonly h: Float64Array;
  readonly z: Float64Array;
  readonly distanceBound: number;
  /** The rounding of `value` plus its optimality gap (MixupOptimum.error). */
  readonly error: number;
}

/**
 * Newton's method with Armijo backtracking on one mix, from h = 0: the gradient W^T (p - y) +
 * lambdaH h and the Hessian W^T (diag p - p p^T) W + lambdaH I are formed directly (d x d, d
 * small), so a solve costs microseconds (the mutation runs evaluate thousands). Below f's
 * rounding a step is accepted when it lowers the gradient norm instead.
 */
function solveMix(W: Float64Array, K: number, d: number, lambdaH: number, mix: Mix): MixSolution {
  const { i, j, lam } = mix;
  let h = new Float64Array(d);
  const z = new Float64Array(K);
  const p = new Float64Array(K);
  const r = new Float64Array(K);
  const g = new Float64Array(d);
  const Hm = new Float64Array(d * d);
  const evaluate = (x: Float64Array, grad: Float64Array | null): number => {
    let hh = 0;
    for (let q = 0; q < d; q++) hh += x[q] * x[q];
    for (let k = 0; k < K; k++) {
      let t = 0;
      for (let q = 0; q < d; q++) t += W[k * d + q] * x[q];
      z[k] = t;
    }
    const f = mixCe(z, i, j, lam, p) + 0.5 * lambdaH * hh;
    if (grad) {
      mixResidual(p, i, j, lam, r);
      for (let q = 0; q < d; q++) {
        let t = lambdaH * x[q];
        for (let k = 0; k < K; k++) t += W[k * d + q] * r[k];
        grad[q] = t;
      }
    }
    return f;
  };
  const norm = (v: Float64Array): number => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
  let f = evaluate(h, g);
  let gn = norm(g);
  const gNew = new Float64Array(d);
  for (let it = 0; it < 200 && gn > 0; it++) {
    // (diag p - p p^T) at the current point: p is from the last evaluate(h).
    evaluate(h, null);
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        let wpw = 0;
        let pwa = 0;
        let pwb = 0;
        for (let k = 0; k < K; k++) {
          wpw += p[k] * W[k * d + a] * W[k * d + b];
          pwa += p[k] * W[k * d + a];
          pwb += p[k] * W[k * d + b];
        }
        const v = wpw - pwa * pwb + (a === b ? lambdaH : 0);
        Hm[a * d + b] = v;
        Hm[b * d + a] = v;
      }
    }
    const step = choleskySolve(cholesky(Hm, d, 0), g);
    let gd = 0;
    for (let q = 0; q < d; q++) gd += g[q] * step[q];
    let t = 1;
    let accepted = false;
    let stalled = false;
    for (let ls = 0; ls < 60; ls++) {
      const xn = Float64Array.from(h, (v, q) => v - t * step[q]);
      const fn = evaluate(xn, gNew);
      const gnNew = norm(gNew);
      if (fn <= f - 1e-4 * t * gd || (Math.abs(fn - f) <= 1e-15 * Math.max(1, Math.abs(f)) && gnNew < gn)) {
        // At f's rounding level the only progress left is in the gradient: once a step no longer
        // halves it, Newton's quadratic phase is over and the rest is rounding.
        stalled = Math.abs(fn - f) <= 1e-15 * Math.max(1, Math.abs(f)) && gnNew > 0.5 * gn;
        h = xn;
        f = fn;
        g.set(gNew);
        gn = gnNew;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted || stalled) break;
  }
  f = evaluate(h, null);
  const dz = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let mag = 0;
    for (let q = 0; q < d; q++) mag += Math.abs(W[k * d + q] * h[q]);
    dz[k] = (gamma(d) + gamma(6)) * mag;
  }
  const ce = mixCeError(z, dz, i, j, lam);
  const pen = f - ce.ce;
  const error = ce.error + gamma(d + 2) * Math.abs(pen) + gamma(2) * Math.abs(f) + (gn * gn) / (2 * lambdaH);
  return { value: f, h, z: Float64Array.from(z), distanceBound: gn / lambdaH, error };
}

/**
 * The minimum of a fixed-classifier instance, the sum of its certified per-mix minima.
 *
 * Syntax: fixedMixupOptimum({ problem: 'ufm-mixup', classifier: 'fixed-etf', K: 4, d: 4, s: 1, lambdaH: 0.01, mixes }) -> { objective, certified }
 */
export const fixedMixupOptimum = memoize(
  (inst: UfmMixupFixedInstance) => JSON.stringify([inst.K, inst.d, inst.s, inst.lambdaH, inst.mixes]),
  (inst: UfmMixupFixedInstance): MixupOptimum => {
    let objective = 0;
    let error = 0;
    let distanceBound = 0;
    let certified = true;
    const W = etfClassifier(inst.K, inst.d, inst.s).data;
    for (const mix of inst.mixes) {
      const r = solveMix(W, inst.K, inst.d, inst.lambdaH, mix);
      objective += r.value;
      error += r.error;
      distanceBound = Math.max(distanceBound, r.distanceBound);
      let hn = 0;
      for (const v of r.h) hn += v * v;
      if (!(r.distanceBound <= MIX_DISTANCE * Math.max(1, Math.sqrt(hn)))) certified = false;
    }
    return { objective: certified ? objective : NaN, distanceBound, certified, error: error + gamma(inst.mixes.length) * Math.abs(objective) };
  },
);

export interface EtfFamilyOptimum extends MixupOptimum {
  /** The optimal row norm of the ETF (0: W = 0 is best). */
  readonly omega: number;
}

/**
 * min over omega >= 0 of the learnable objective at W = simplex ETF of row norm omega, H optimal.
 *
 * Syntax: etfFamilyOptimum(inst) -> { objective, omega, certified }
 */
export const etfFamilyOptimum = memoize(
  (inst: UfmMixupLearnableInstance) => JSON.stringify([inst.K, inst.lambdaW, inst.lambdaH, inst.mixes]),
  (inst: UfmMixupLearnableInstance): EtfFamilyOptimum => {
    const { K, lambdaW, lambdaH } = inst;
    const M = inst.mixes.length;
    // The features of an ETF in R^d live in its (K-1)-dimensional span: d = K - 1 loses nothing.
    const d = K - 1;
    // Distinct per-mix problems up to class permutations (module comment), with their multiplicities.
    const classes = new Map<string, { mix: Mix; count: number }>();
    for (const m of inst.mixes) {
      const same = m.i === m.j || m.lam === 1 || m.lam === 0;
      const lam = m.i === m.j ? 1 : Math.max(m.lam, 1 - m.lam);
      const key = same ? 'same' : `cross ${lam}`;
      const e = classes.get(key);
      if (e) e.count++;
      else classes.set(key, { mix: same ? { i: 0, j: 0, lam: 1 } : { i: 0, j: 1, lam }, count: 1 });
    }
    let worstBound = 0;
    const at = (omega: number) => {
      let g = 0;
      let gErr = 0;
      let rz = 0;
      const W = etfClassifier(K, d, omega).data;
      for (const { mix, count } of classes.values()) {
        const r = solveMix(W, K, d, M * lambdaH, mix);
        worstBound = Math.max(worstBound, r.distanceBound);
        g += count * r.value;
        gErr += count * r.error;
        // (p - y).z at the minimiser, for the envelope derivative.
        const p = new Float64Array(K);
        const res = new Float64Array(K);
        mixCe(r.z, mix.i, mix.j, mix.lam, p);
        mixResidual(p, mix.i, mix.j, mix.lam, res);
        let t = 0;
        for (let k = 0; k < K; k++) t += res[k] * r.z[k];
        rz += count * t;
      }
      const F = g / M + 0.5 * lambdaW * K * omega * omega;
      // The weighted sum over the classes of mixes, the division by M, the W penalty and the add.
      return { F, dF: rz / (M * omega) + lambdaW * K * omega, error: gErr / M + gamma(classes.size + 8) * Math.abs(F) };
    };
    // Candidates: W = 0, and every minimum of F (a - to + sign change of dF) on a geometric grid.
    let best = { omega: 0, F: Math.log(K), error: 2 * gamma(1) * Math.log(K) };
    const grid = 40;
    const lo = 1e-3;
    const hi = 1e3;
    let prev = { omega: lo, dF: at(lo).dF };
    for (let t = 1; t < grid; t++) {
      const omega = lo * (hi / lo) ** (t / (grid - 1));
      const cur = { omega, dF: at(omega).dF };
      if (prev.dF < 0 && cur.dF >= 0) {
        const br = bracket((w) => at(w).dF, prev.omega, omega, { maxSteps: 0, scan: 2 });
        if (!br) throw new NumericalError('etfFamilyOptimum', `no sign change of dF/domega on [${prev.omega}, ${omega}]`);
        const root = brent((w) => at(w).dF, br[0], br[1]).root;
        const { F, error } = at(root);
        if (F < best.F) best = { omega: root, F, error };
      }
      prev = cur;
    }
    const certified = worstBound <= MIX_DISTANCE;
    return { objective: certified ? best.F : NaN, omega: best.omega, distanceBound: worstBound, certified, error: best.error };
  },
);
