/**
 * KKT certificates for min f(x) s.t. c_j(x) >= 0 (e.g. the UF-SVM's margin constraints), the
 * constrained counterpart of certificate.ts, on the KKT state of src/solvers/kkt-newton.ts:
 *
 * - first order: the KKT residual (stationarity of L = f - mu^T c, complementarity, dual and
 *   primal feasibility);
 * - second order: the smallest eigenvalue of P hess L P, P the projector onto null(J_A), by
 *   Lanczos (the tangent space of the strongly active constraints; a degenerate active
 *   constraint with mu_j = 0 would make the critical cone larger, which this test does not see);
 * - distance to the exact KKT point: the length of the equality-constrained Newton (SQP) step,
 *   with the same two-step contraction test as the unconstrained certificate.
 */
import { lanczosExtremeEigen } from '../linalg/lanczos.ts';
import { orthonormalBasis, type Projector, type Subspace } from '../linalg/subspace.ts';
import type { InequalityConstraints, Objective } from '../problems/problem.ts';
import { norm2 } from '../solvers/lbfgs.ts';
import { kktState, lagrangianHessVec, newtonStep, projectTangent } from '../solvers/kkt-newton.ts';
import { valueRounding } from './objective-tolerance.ts';
import type { Certificate } from './types.ts';

/** The constrained certificate (module comment), in the unconstrained certificate's shape. */
export function certifyKkt(
  obj: Objective,
  cons: InequalityConstraints,
  x: Float64Array,
  options: { symmetries?: readonly Float64Array[]; subspace?: Subspace; seed?: number; gradTol?: number } = {},
): Certificate {
  const st = kktState(obj, cons, x);
  const gradTol = (options.gradTol ?? 1e-8) * Math.max(1, Math.abs(st.f));
  const n = obj.size;
  const tmp = new Float64Array(n);
  const lz = lanczosExtremeEigen(
    (v, out) => {
      tmp.set(v);
      projectTangent(st, tmp);
      lagrangianHessVec(obj, cons, x, st, tmp, out);
      projectTangent(st, out);
    },
    n,
    { maxIter: Math.min(n, 300), tol: 1e-10, seed: options.seed ?? 1 },
  );
  const eigTol = 1e-7 * Math.max(1, Math.abs(lz.max)) + 2 * lz.minResidual;
  const xNorm = norm2(x);
  const basis: Projector = options.subspace ?? (options.symmetries ? orthonormalBasis(options.symmetries, xNorm) : []);
  let distanceEstimate = Infinity;
  if (Number.isFinite(st.residual)) {
    const s1 = newtonStep(obj, cons, x, st, basis);
    const d1 = norm2(s1.dx);
    if (!s1.negative) {
      if (d1 <= 1e-10 * Math.max(1, xNorm)) distanceEstimate = d1;
      else {
        const x2 = Float64Array.from(x, (v, i) => v + s1.dx[i]);
        const st2 = kktState(obj, cons, x2);
        const s2 = Number.isFinite(st2.residual) ? newtonStep(obj, cons, x2, st2, basis) : { dx: s1.dx, negative: true };
        const ratio = norm2(s2.dx) / d1;
        distanceEstimate = s2.negative ? Infinity : ratio < 0.1 ? d1 * (1 + 2 * ratio) : ratio < 0.95 ? d1 / (1 - ratio) : Infinity;
      }
    }
  }
  let stationarity: Certificate['stationarity'];
  if (!Number.isFinite(st.f) || !(st.residual <= gradTol)) stationarity = 'not-stationary';
  else if (lz.min < -eigTol) stationarity = 'strict-saddle';
  else if (lz.converged || lz.minResidual <= eigTol) stationarity = 'second-order';
  else stationarity = 'first-order-only';
  return {
    objective: st.f,
    gradNorm: st.residual,
    gradTol,
    minHessianEig: lz.min,
    maxHessianEig: lz.max,
    eigResidual: lz.minResidual,
    eigTol,
    lanczosIterations: lz.iterations,
    distanceEstimate,
    pointNorm: xNorm,
    stationarity,
    valueError: valueRounding(obj, x, st.f).bound,
    objectiveGradNorm: norm2(st.g),
  };
}
