/**
 * Powell-Hestenes-Rockafellar augmented Lagrangian for min f(x) s.t. c(x) >= 0:
 *
 *   L_rho(x; mu) = f(x) + (1 / (2 rho)) sum_j ( max(0, mu_j - rho c_j(x))^2 - mu_j^2 ),
 *
 * minimised over x by L-BFGS (it is C^1, piecewise C^2), then mu <- max(0, mu - rho c(x)); rho
 * grows tenfold whenever the complementarity-infeasibility measure max_j |min(c_j, mu_j / rho)|
 * has not dropped by 4. It identifies the active set and gets the KKT residual to ~1e-8; the
 * SQP steps (src/solvers/kkt-newton.ts) polishes from there.
 */
import type { InequalityConstraints, Objective } from '../problems/problem.ts';
import { lbfgs } from './lbfgs.ts';

export interface AugmentedLagrangianOptions {
  /** Initial penalty. @defaultValue 10 */
  rho?: number;
  /** @defaultValue 60 */
  maxOuter?: number;
  /** Stop when the infeasibility measure and the inner gradient are below this. @defaultValue 1e-9 */
  tol?: number;
}

export interface AugmentedLagrangianResult {
  readonly x: Float64Array;
  readonly mu: Float64Array;
  readonly outer: number;
  /** Total inner L-BFGS iterations. */
  readonly iterations: number;
  /** max_j |min(c_j, mu_j / rho)| at the end. */
  readonly infeasibility: number;
}

export function augmentedLagrangian(
  obj: Objective,
  cons: InequalityConstraints,
  x0: Float64Array,
  options: AugmentedLagrangianOptions = {},
): AugmentedLagrangianResult {
  const m = cons.count;
  const n = obj.size;
  let rho = options.rho ?? 10;
  const tol = options.tol ?? 1e-9;
  const mu = new Float64Array(m);
  const c = new Float64Array(m);
  const s = new Float64Array(m);
  const gc = new Float64Array(n);
  let x = Float64Array.from(x0);
  let iterations = 0;
  let prev = Infinity;
  let outer = 0;
  let measure = Infinity;
  for (; outer < (options.maxOuter ?? 60); outer++) {
    const r = rho;
    const fg = (y: Float64Array, grad: Float64Array) => {
      const f = obj.value(y, grad);
      cons.values(y, c);
      let pen = 0;
      for (let j = 0; j < m; j++) {
        s[j] = Math.max(0, mu[j] - r * c[j]);
        pen += s[j] * s[j] - mu[j] * mu[j];
      }
      cons.jacobianTVec(y, s, gc);
      for (let i = 0; i < n; i++) grad[i] -= gc[i];
      return f + pen / (2 * r);
    };
    const inner = lbfgs(fg, x, { gtol: Math.max(tol * 0.1, 1e-13), maxIterations: 5000 });
    iterations += inner.iterations;
    x = Float64Array.from(inner.x);
    cons.values(x, c);
    measure = 0;
    for (let j = 0; j < m; j++) measure = Math.max(measure, Math.abs(Math.min(c[j], mu[j] / rho)));
    for (let j = 0; j < m; j++) mu[j] = Math.max(0, mu[j] - rho * c[j]);
    if (measure <= tol && inner.gradNorm <= tol * 10) break;
    if (measure > 0.25 * prev) rho = Math.min(rho * 10, 1e10);
    prev = measure;
  }
  return { x, mu, outer, iterations, infeasibility: measure };
}
