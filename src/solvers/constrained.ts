/**
 * The local solve of an objective with inequality constraints (Objective.constraints): the
 * augmented Lagrangian identifies the active set and gets the KKT residual to ~1e-8, full SQP
 * steps on the active set (kkt-newton.ts) polish from there, and the objective's `repair` puts
 * the point back on the feasible set. The engine calls it in place of L-BFGS + Newton whenever
 * an objective declares constraints; the problem itself imports no solver.
 */
import type { InequalityConstraints, Objective } from '../problems/problem.ts';
import { augmentedLagrangian } from './augmented-lagrangian.ts';
import { kktPolish, kktResidual } from './kkt-newton.ts';
import type { StopReason } from './lbfgs.ts';

export interface ConstrainedSolve {
  readonly x: Float64Array;
  readonly f: number;
  /** KKT residual at x (plays the part of ||grad f||). */
  readonly gradNorm: number;
  readonly iterations: number;
  readonly newtonIterations: number;
  readonly distanceEstimate: number;
  readonly negativeCurvature: boolean;
  readonly reason: StopReason;
}

/** From x0 to a feasible KKT point of `obj` under `cons`; gtol is the KKT residual to reach. */
export function solveConstrained(obj: Objective, cons: InequalityConstraints, x0: Float64Array, gtol: number): ConstrainedSolve {
  const al = augmentedLagrangian(obj, cons, x0);
  // The structured orbit projector when the objective has one (src/linalg/rotation-orbit.ts), else its tangents.
  const pol = kktPolish(obj, cons, al.x, (x) => obj.symmetrySubspace?.(x) ?? obj.symmetries?.(x) ?? [], gtol);
  const x = obj.repair ? obj.repair(pol.x) : pol.x;
  const residual = kktResidual(obj, cons, x);
  return {
    x,
    f: obj.value(x),
    gradNorm: residual,
    iterations: al.iterations,
    newtonIterations: pol.iterations,
    distanceEstimate: pol.lastStep,
    negativeCurvature: false,
    reason: residual <= gtol ? 'gtol' : 'no-progress',
  };
}
