/**
 * The KKT machinery of min f(x) s.t. c_j(x) >= 0 (e.g. the UF-SVM's margin constraints), shared
 * by the constrained solve (src/solvers/constrained.ts) and the KKT certificate
 * (src/certify/kkt.ts). With the active set A = {j : c_j(x) <= ACTIVE}:
 *
 * - multipliers mu_A = (J_A J_A^T)^{-1} J_A grad f (least squares; unique under LICQ, which a
 *   singular J_A J_A^T refutes: then nothing is certified);
 * - KKT residual = || (grad f - J_A^T mu_A, c_A, min(mu_A, 0), min(c_inactive, 0)) ||_2
 *   (stationarity of L = f - mu^T c, active constraints on their boundary, dual feasibility,
 *   primal feasibility);
 * - the equality-constrained Newton (SQP) step on the active set, minimum-norm in the
 *   constraint normal and off the symmetry orbit in the tangent space; it polishes a point that
 *   an augmented Lagrangian left at ~1e-8, and its length is the certificate's distance estimate.
 */
import { NumericalError } from '../errors.ts';
import { cholesky, choleskySolve, type CholeskyFactor } from '../linalg/cholesky.ts';
import type { InequalityConstraints, Objective } from '../problems/problem.ts';
import { dot, norm2 } from './lbfgs.ts';
import { orthonormalBasis, projectOff, type Projector, type Subspace } from '../linalg/subspace.ts';

/** A constraint with c_j <= ACTIVE (constraints are scaled to O(1) margins) counts as active. */
export const ACTIVE = 1e-6;

/** Everything the certificate and the Newton polish need at one point. */
export interface KktState {
  f: number;
  g: Float64Array;
  c: Float64Array;
  active: number[];
  /** Dense J_A, |A| x size. */
  JA: Float64Array;
  chol: CholeskyFactor | null;
  /** Full-length multipliers (0 off the active set). */
  mu: Float64Array;
  /** grad f - J_A^T mu_A. */
  r: Float64Array;
  residual: number;
}

export function kktState(obj: Objective, cons: InequalityConstraints, x: Float64Array): KktState {
  const n = obj.size;
  const g = new Float64Array(n);
  const f = obj.value(x, g);
  const c = new Float64Array(cons.count);
  cons.values(x, c);
  const active: number[] = [];
  for (let j = 0; j < cons.count; j++) if (c[j] <= ACTIVE) active.push(j);
  const m = active.length;
  const JA = new Float64Array(m * n);
  cons.jacobianRows(x, active, JA);
  const mu = new Float64Array(cons.count);
  let chol: CholeskyFactor | null = null;
  if (m > 0) {
    // Constraint gradients are sparse (a margin touches two rows of W and one column of H):
    // J_A J_A^T from each row's non-zeros, scattered into a dense buffer.
    const nz: Int32Array[] = [];
    for (let a = 0; a < m; a++) {
      const idx: number[] = [];
      for (let i = 0; i < n; i++) if (JA[a * n + i] !== 0) idx.push(i);
      nz.push(Int32Array.from(idx));
    }
    const G = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      const rowA = a * n;
      for (let b = 0; b <= a; b++) {
        let s = 0;
        const rowB = b * n;
        for (const i of nz[b]) s += JA[rowA + i] * JA[rowB + i];
        G[a * m + b] = s;
        G[b * m + a] = s;
      }
    }
    try {
      chol = cholesky(G, m);
    } catch (e) {
      if (!(e instanceof NumericalError)) throw e;
    }
    if (chol) {
      const Jg = new Float64Array(m);
      for (let a = 0; a < m; a++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += JA[a * n + i] * g[i];
        Jg[a] = s;
      }
      const muA = choleskySolve(chol, Jg);
      active.forEach((j, a) => {
        mu[j] = muA[a];
      });
    }
  }
  const r = Float64Array.from(g);
  for (let a = 0; a < m; a++) {
    const ma = mu[active[a]];
    if (ma !== 0) for (let i = 0; i < n; i++) r[i] -= ma * JA[a * n + i];
  }
  let sq = dot(r, r);
  const isActive = new Uint8Array(cons.count);
  for (const j of active) isActive[j] = 1;
  for (let j = 0; j < cons.count; j++) {
    if (isActive[j]) {
      sq += c[j] * c[j];
      if (mu[j] < 0) sq += mu[j] * mu[j];
    } else if (c[j] < 0) sq += c[j] * c[j];
  }
  // LICQ fails numerically: no multipliers, nothing certified.
  const residual = m > 0 && !chol ? Infinity : Math.sqrt(sq);
  return { f, g, c, active, JA, chol, mu, r, residual };
}

/** The KKT residual of x (see the module comment). */
export function kktResidual(obj: Objective, cons: InequalityConstraints, x: Float64Array): number {
  return kktState(obj, cons, x).residual;
}

/** v <- P v, P the orthogonal projector onto null(J_A). */
export function projectTangent(st: KktState, v: Float64Array): void {
  const m = st.active.length;
  if (m === 0 || !st.chol) return;
  const n = v.length;
  const Jv = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += st.JA[a * n + i] * v[i];
    Jv[a] = s;
  }
  const y = choleskySolve(st.chol, Jv);
  for (let a = 0; a < m; a++) if (y[a] !== 0) for (let i = 0; i < n; i++) v[i] -= y[a] * st.JA[a * n + i];
}

export function lagrangianHessVec(obj: Objective, cons: InequalityConstraints, x: Float64Array, st: KktState, v: Float64Array, out: Float64Array): void {
  obj.hessVec(x, v, out);
  const t = new Float64Array(v.length);
  cons.weightedHessVec(x, st.mu, v, t);
  for (let i = 0; i < v.length; i++) out[i] -= t[i];
}

/**
 * The equality-constrained Newton (SQP) step on the active set: dx = dx_n + t with the
 * minimum-norm normal step J_A dx_n = -c_A and t solving P hess L P t = -P (r + hess L dx_n) by
 * CG in null(J_A) off the symmetry orbit. `negative` when CG meets negative curvature there.
 */
export function newtonStep(
  obj: Objective,
  cons: InequalityConstraints,
  x: Float64Array,
  st: KktState,
  basis: Projector,
): { dx: Float64Array; negative: boolean } {
  const n = obj.size;
  const m = st.active.length;
  const dx = new Float64Array(n);
  if (m > 0 && st.chol) {
    const cA = Float64Array.from(st.active, (j) => st.c[j]);
    const y = choleskySolve(st.chol, cA);
    for (let a = 0; a < m; a++) if (y[a] !== 0) for (let i = 0; i < n; i++) dx[i] -= y[a] * st.JA[a * n + i];
  }
  const Hdn = new Float64Array(n);
  lagrangianHessVec(obj, cons, x, st, dx, Hdn);
  const rhs = Float64Array.from(st.r, (v, i) => -(v + Hdn[i]));
  const P = (v: Float64Array) => {
    projectTangent(st, v);
    projectOff(v, basis);
  };
  P(rhs);
  // CG on the projected Lagrangian Hessian.
  const t = new Float64Array(n);
  const res = Float64Array.from(rhs);
  const d = Float64Array.from(res);
  const Hd = new Float64Array(n);
  let rr = dot(res, res);
  const stop = 1e-20 * rr;
  const maxCg = Math.min(n, 600);
  for (let k = 0; k < maxCg && rr > stop && rr > 0; k++) {
    lagrangianHessVec(obj, cons, x, st, d, Hd);
    P(Hd);
    const dHd = dot(d, Hd);
    const dd = dot(d, d);
    // Curvature at rounding level (the residual is already tiny, or d drifted into the orbit or
    // the constraint normals by rounding) ends CG with the step so far; only clearly negative
    // curvature counts as such.
    if (dHd <= 1e-12 * dd) {
      if (dHd < -1e-8 * dd) return { dx, negative: true };
      break;
    }
    const a = rr / dHd;
    for (let i = 0; i < n; i++) {
      t[i] += a * d[i];
      res[i] -= a * Hd[i];
    }
    const rrNew = dot(res, res);
    const beta = rrNew / rr;
    rr = rrNew;
    for (let i = 0; i < n; i++) d[i] = res[i] + beta * d[i];
  }
  for (let i = 0; i < n; i++) dx[i] += t[i];
  return { dx, negative: false };
}

export interface KktPolishResult {
  readonly x: Float64Array;
  readonly residual: number;
  readonly iterations: number;
  /** Length of the last accepted step (a distance estimate when the iteration converged). */
  readonly lastStep: number;
}

/** Full SQP steps on the active set while they lower the KKT residual (quadratic convergence near a KKT point). */
export function kktPolish(
  obj: Objective,
  cons: InequalityConstraints,
  x0: Float64Array,
  symmetries: (x: Float64Array) => readonly Float64Array[] | Subspace,
  gtol: number,
  maxSteps = 12,
): KktPolishResult {
  let x = Float64Array.from(x0);
  let st = kktState(obj, cons, x);
  let it = 0;
  let lastStep = Infinity;
  for (; it < maxSteps && st.residual > gtol && Number.isFinite(st.residual); it++) {
    const sym = symmetries(x);
    const basis: Projector = Array.isArray(sym) ? orthonormalBasis(sym, norm2(x)) : sym;
    const { dx, negative } = newtonStep(obj, cons, x, st, basis);
    if (negative) break;
    const xn = Float64Array.from(x, (v, i) => v + dx[i]);
    const sn = kktState(obj, cons, xn);
    if (!(sn.residual < st.residual)) break;
    x = xn;
    st = sn;
    lastStep = norm2(dx);
  }
  return { x, residual: st.residual, iterations: it, lastStep };
}
