/**
 * Damped Newton-CG polish on exact Hessian-vector products. L-BFGS gets close fast but crawls
 * at gradient norms near 1e-10 on the flat directions these problems have (rotations W -> WQ,
 * H -> Q^T H leave f unchanged); a few Levenberg-damped Newton steps, (H + mu I) p = -g with
 * mu ~ ||g||, finish the job. The length of the last step is an estimate of the distance to
 * the exact critical point, which certification uses to size tolerances.
 */
import { dot, norm2, type SolveTrace } from './lbfgs.ts';
import type { Objective } from '../problems/problem.ts';
import { projectOff, type Projector } from '../linalg/subspace.ts';

export interface NewtonOptions {
  /** @defaultValue 1e-12 */
  gtol?: number;
  /** @defaultValue 30 */
  maxIterations?: number;
  /** CG iterations per Newton step. @defaultValue 200 */
  maxCg?: number;
}

export interface NewtonTrace extends SolveTrace {
  /** ||p|| of the last Newton step computed: a first-order estimate of the distance to the critical point. */
  readonly lastStep: number;
  /** Negative curvature met by CG (the point is near a saddle). */
  readonly negativeCurvature: boolean;
}

export function newtonPolish(obj: Objective, x0: Float64Array, options: NewtonOptions = {}): NewtonTrace {
  const gtol = options.gtol ?? 1e-12;
  const maxIt = options.maxIterations ?? 30;
  const maxCg = options.maxCg ?? 200;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xt = new Float64Array(n);
  const gt = new Float64Array(n);
  let f = obj.value(x, g);
  let gn = norm2(g);
  let evaluations = 1;
  let it = 0;
  let lastStep = Infinity;
  let negativeCurvature = false;
  const history: Array<[number, number]> = [];
  while (it < maxIt) {
    history.push([f, gn]);
    const mu = Math.min(1e-2, gn);
    const { p, negative } = dampedCg(obj, x, g, mu, maxCg, 1e-3 * Math.min(1, gn));
    negativeCurvature ||= negative;
    lastStep = norm2(p);
    if (gn <= gtol) break;
    // Backtracking on f, accepting rounding-level ties when the gradient shrinks.
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 30; ls++) {
      for (let i = 0; i < n; i++) xt[i] = x[i] + t * p[i];
      const ft = obj.value(xt, gt);
      evaluations++;
      const gnt = norm2(gt);
      const tie = Math.abs(ft - f) <= 4e-16 * Math.max(1, Math.abs(f)) * Math.sqrt(n);
      if (Number.isFinite(ft) && (ft < f - 1e-4 * t * Math.abs(dot(g, p)) || (tie && gnt < gn))) {
        x.set(xt);
        g.set(gt);
        f = ft;
        gn = gnt;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    it++;
    if (!accepted) break;
  }
  history.push([f, gn]);
  return {
    x,
    f,
    gradNorm: gn,
    iterations: it,
    evaluations,
    reason: gn <= gtol ? 'gtol' : it >= maxIt ? 'max-iterations' : 'no-progress',
    history,
    lastStep,
    negativeCurvature,
  };
}

/**
 * Conjugate gradients on P (H + mu I) P p = -P g, stopping early on negative curvature (reported)
 * or when the residual drops by `rtol`. P projects off the span of `basis` (orthonormal; the
 * tangents of an objective's exact symmetry orbit, see src/certify/certificate.ts); with no basis
 * this is plain damped Newton-CG.
 */
export function dampedCg(
  obj: Objective,
  x: Float64Array,
  g: Float64Array,
  mu: number,
  maxCg: number,
  rtol: number,
  basis: Projector = [],
): { p: Float64Array; negative: boolean } {
  const n = g.length;
  const p = new Float64Array(n);
  const r = Float64Array.from(g, (v) => -v);
  projectOff(r, basis);
  const d = Float64Array.from(r);
  const Hd = new Float64Array(n);
  let rr = dot(r, r);
  const stop = rtol * rtol * rr;
  for (let k = 0; k < maxCg && rr > stop && rr > 0; k++) {
    obj.hessVec(x, d, Hd);
    for (let i = 0; i < n; i++) Hd[i] += mu * d[i];
    projectOff(Hd, basis);
    const dHd = dot(d, Hd);
    if (dHd <= 0) {
      if (k === 0) p.set(d);
      return { p, negative: true };
    }
    const a = rr / dHd;
    for (let i = 0; i < n; i++) {
      p[i] += a * d[i];
      r[i] -= a * Hd[i];
    }
    const rrNew = dot(r, r);
    const beta = rrNew / rr;
    rr = rrNew;
    for (let i = 0; i < n; i++) d[i] = r[i] + beta * d[i];
  }
  return { p, negative: false };
}
