/** What a certificate records about a point (certificate.ts computes it; kkt.ts for constrained objectives). */
import type { Subspace } from '../linalg/subspace.ts';

export type Stationarity = 'second-order' | 'strict-saddle' | 'first-order-only' | 'not-stationary';

export interface Certificate {
  readonly objective: number;
  readonly gradNorm: number;
  /** Gradient norm accepted as first-order stationary. */
  readonly gradTol: number;
  /** Smallest Hessian eigenvalue: off the symmetry orbit when the orbit is known (certificate.ts), else over all directions. */
  readonly minHessianEig: number;
  readonly maxHessianEig: number;
  /** Lanczos residual bound on minHessianEig. */
  readonly eigResidual: number;
  /** An eigenvalue below -eigTol is negative curvature; above it counts as >= 0. */
  readonly eigTol: number;
  readonly lanczosIterations: number;
  /**
   * Estimated distance to the exact critical point (src/certify/certificate.ts): off the
   * symmetry orbit, damped Newton steps tested for contraction plus the distance the gradient's
   * rounding noise leaves along the softest direction; Infinity at a degenerate or refused point.
   */
  readonly distanceEstimate: number;
  /** ||x||_2, the scale that relative tolerances refer to. */
  readonly pointNorm: number;
  readonly stationarity: Stationarity;
  /** Bound on the rounding error of `objective` (Objective.valueError, or the fallback 1e-10 max(1, |f|)). */
  readonly valueError?: number;
  /**
   * ||grad f(x)|| where it differs from `gradNorm`: a constrained certificate's gradNorm is the
   * KKT residual (the Lagrangian's gradient), but f itself changes at the rate ||grad f|| between
   * x and the KKT point, which is what the objective comparisons need.
   */
  readonly objectiveGradNorm?: number;
  /**
   * Why nothing can be decided at this point although it may look stationary: e.g. the loss
   * underflows there (every separated sample's CE is 0 or subnormal), so f and its gradient have
   * no relative precision left. The distance estimate is then Infinity.
   */
  readonly refused?: string;
}

/*
 * Why symmetries matter here. Exact continuous symmetries of an objective (rotations W -> W Q,
 * H -> Q^T H of the UFM; a bias shift b -> b + beta 1 when the bias is unpenalised) make the Hessian singular along their
 * orbits. Rounding noise of the gradient along those directions would be amplified without
 * bound by a Newton solve, yet moving along them changes no invariant predicate. So the
 * certificate's Newton solves work in the orthogonal complement of the orbit's tangent space.
 */
export interface CertifyOptions {
  /** Tangents of the objective's exact symmetry orbit at x (Problem.symmetries). */
  symmetries?: readonly Float64Array[];
  /** Their span as a projector (Problem.symmetrySubspace): used in place of `symmetries` when given. */
  subspace?: Subspace;
  /** @defaultValue 1e-8 */
  gradTol?: number;
  seed?: number;
  /** Lanczos iterations. @defaultValue min(size, 300) */
  maxLanczos?: number;
}
