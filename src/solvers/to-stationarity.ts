/**
 * One solve to a stated first-order stopping rule, ||grad f(x)||_2 <= tol max(1, |f(x)|): L-BFGS
 * while it makes progress, then the Newton-CG polish on exact Hessian-vector products when
 * L-BFGS stalls short of the rule (flat symmetry directions, rounding-level line searches).
 * This is what `npm run bench` times against scipy's L-BFGS-B under the same rule.
 */
import type { Objective } from '../problems/problem.ts';
import { lbfgs, norm2 } from './lbfgs.ts';
import { newtonPolish } from './newton-cg.ts';

export interface StationarityOptions {
  /** Relative gradient tolerance. @defaultValue 1e-9 */
  tol?: number;
  /** @defaultValue 100000 */
  maxIterations?: number;
}

export interface StationarityResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly gradNorm: number;
  readonly converged: boolean;
  readonly lbfgsIterations: number;
  readonly newtonIterations: number;
  readonly evaluations: number;
}

export function solveToStationarity(obj: Objective, x0: Float64Array, options: StationarityOptions = {}): StationarityResult {
  const tol = options.tol ?? 1e-9;
  const fg = (x: Float64Array, g: Float64Array): number => obj.value(x, g);
  const lb = lbfgs(fg, x0, { gtol: tol, relative: true, maxIterations: options.maxIterations ?? 100000 });
  const ok = (f: number, gn: number): boolean => gn <= tol * Math.max(1, Math.abs(f));
  if (ok(lb.f, lb.gradNorm)) {
    return { x: lb.x, f: lb.f, gradNorm: lb.gradNorm, converged: true, lbfgsIterations: lb.iterations, newtonIterations: 0, evaluations: lb.evaluations };
  }
  const nt = newtonPolish(obj, lb.x, { gtol: tol * Math.max(1, Math.abs(lb.f)) });
  const g = new Float64Array(obj.size);
  const f = obj.value(nt.x, g);
  const gn = norm2(g);
  return {
    x: nt.x,
    f,
    gradNorm: gn,
    converged: ok(f, gn),
    lbfgsIterations: lb.iterations,
    newtonIterations: nt.iterations,
    evaluations: lb.evaluations + nt.evaluations + 1,
  };
}
