/**
 * The convex ground truth of Fang et al.'s layer-peeled model (src/problems/layer-peeled/): over
 * class-level logits the problem is
 *
 *   min (1/N) sum_k n_k CE(z_k, k)  s.t. ||Z_bar||_* <= K sqrt(EW EH),
 *
 * solved by projected gradient (FISTA, the projection onto the nuclear-norm ball through the SVD)
 * and certified by the Frank-Wolfe gap, which bounds f - f*.
 */
import { svd } from '../linalg/eigen.ts';
import { mat, type Mat } from '../linalg/matrix.ts';
import type { LayerPeeledInstance } from '../problems/layer-peeled/problem.ts';
import { layerPeeledSymbols } from '../problems/layer-peeled/symbols.ts';
import type { Scope } from '../symbolic/expr.ts';
import { withSymbolErrors } from '../symbolic/rounding.ts';
import { gamma } from '../linalg/rounding.ts';
import { acceleratedProximalGradient } from '../solvers/proximal.ts';
import { memoize } from './memo.ts';

export interface LayerPeeledConvexSolution {
  /** K x K class-mean logits (column k = class k). */
  readonly Zbar: Mat;
  readonly objective: number;
  /** Frank-Wolfe gap <grad, Z - S>, S the minimiser of the linearisation over the ball: bounds f - f*. */
  readonly gap: number;
  readonly certified: boolean;
  readonly iterations: number;
}

/** Euclidean projection of s (non-negative, descending) onto {sum s <= r}. */
function projectSimplexBall(s: Float64Array, r: number): void {
  let sum = 0;
  for (const v of s) sum += v;
  if (sum <= r) return;
  // Soft threshold at the theta with sum max(s - theta, 0) = r (s is sorted descending).
  let cum = 0;
  let theta = 0;
  for (let i = 0; i < s.length; i++) {
    cum += s[i];
    const th = (cum - r) / (i + 1);
    if (i === s.length - 1 || s[i + 1] <= th) {
      theta = th;
      break;
    }
  }
  for (let i = 0; i < s.length; i++) s[i] = Math.max(0, s[i] - theta);
}

/**
 * Solves min (1/N) sum_k n_k CE(z_k, k) s.t. ||Z_bar||_* <= K sqrt(EW EH). Class sizes may be
 * real (the threshold studies vary R continuously).
 */
export function layerPeeledConvex(K: number, n: readonly number[], EW: number, EH: number, options: { gapTol?: number } = {}): LayerPeeledConvexSolution {
  const N = n.reduce((a, b) => a + b, 0);
  const radius = K * Math.sqrt(EW * EH);
  const p = new Float64Array(K);
  const smooth = (x: Float64Array, grad: Float64Array): number => {
    let f = 0;
    for (let k = 0; k < K; k++) {
      let mx = -Infinity;
      let a = 0;
      for (let i = 0; i < K; i++) {
        if (x[i * K + k] > mx) {
          mx = x[i * K + k];
          a = i;
        }
      }
      let s = 0;
      let rest = 0;
      for (let i = 0; i < K; i++) {
        p[i] = Math.exp(x[i * K + k] - mx);
        s += p[i];
        if (i !== a) rest += p[i];
      }
      // (z_a - z_k) + log1p(rest) and p_k - 1 = -rest / s at the argmax: relatively accurate at
      // large radii, where the CE is ~e^{-margin} (src/problems/ufm-ce/kernels.ts).
      f += (n[k] / N) * (mx - x[k * K + k] + Math.log1p(rest));
      for (let i = 0; i < K; i++) grad[i * K + k] = (n[k] / N) * (p[i] / s - (i === k ? 1 : 0));
      if (a === k) grad[k * K + k] = -(n[k] / N) * (rest / s);
    }
    return f;
  };
  const project = (x: Float64Array) => {
    const { U, s, V } = svd(mat(K, K, x.slice()));
    projectSimplexBall(s, radius);
    x.fill(0);
    for (let q = 0; q < s.length; q++) {
      if (s[q] === 0) continue;
      for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) x[i * K + j] += U.data[i * K + q] * s[q] * V.data[j * K + q];
    }
  };
  const fwGap = (x: Float64Array) => {
    const g = new Float64Array(K * K);
    smooth(x, g);
    let gz = 0;
    for (let i = 0; i < K * K; i++) gz += g[i] * x[i];
    return gz + radius * svd(mat(K, K, g)).s[0];
  };
  const gapTol = options.gapTol ?? 1e-10;
  const x0 = new Float64Array(K * K);
  const res = acceleratedProximalGradient({ size: K * K, smooth, nonsmooth: () => 0, prox: (x) => project(x) }, x0, {
    tol: 1e-13,
    maxIterations: 100000,
    lipschitz: 0.5,
    checkEvery: 50,
    stop: (x) => fwGap(x) <= 1e-3 * gapTol,
  });
  const gap = fwGap(res.x);
  return { Zbar: mat(K, K, res.x), objective: res.objective, gap, certified: gap <= gapTol * Math.max(1, res.objective), iterations: res.iterations };
}

/** The certified convex solution of an instance's class-level problem, solved once per (K, n, EW, EH). */
export const layerPeeledGroundTruth = memoize(
  (inst: LayerPeeledInstance) => JSON.stringify([inst.K, inst.n, inst.EW, inst.EH]),
  (inst: LayerPeeledInstance) => layerPeeledConvex(inst.K, inst.n, inst.EW, inst.EH),
);

/**
 * layerPeeledSymbols plus Fc, the certified convex optimum (NaN if the gap did not certify it,
 * which the engine reports), with its error bound (src/symbolic/rounding.ts): the Frank-Wolfe
 * gap plus the rounding of the objective, a mean of K CE terms over K^2 logits.
 */
export function layerPeeledConvexSymbols(inst: LayerPeeledInstance): Scope {
  const c = layerPeeledGroundTruth(inst);
  const Fc = c.certified ? c.objective : NaN;
  return withSymbolErrors({ ...layerPeeledSymbols(inst), Fc }, { Fc: Math.max(0, c.gap) + gamma(8 * inst.K * inst.K) * Math.abs(Fc) });
}
