/** What a certificate records about a point (certificate.ts computes it; kkt.ts for constrained objectives). */
import type { Subspace } from '../linalg/subspace.ts';

export type Stationarity = 'second-order' | 'strict-saddle' | 'first-order-only' | 'not-stationary';

export interface Certificate {
  readonly objective: number;
  readonly gradNorm: number;
  /** Gradient norm accepted as first-order stationary. */
  readonly gradTol: number;
  readonly minHessianEig: number;
  readonly maxHessianEig: number;
  /** Lanczos residual bound on minHessianEig. */
  readonly eigResidual: number;
  /** An eigenvalue below -eigTol is negative curvature; above it counts as >= 0. */
  readonly eigTol: number;
  readonly lanczosIterations: number;
  /**
   * Estimated distance to the exact critical point: the length of the Levenberg step
   * (H + mu I) p = -g with mu = 1e-6 max|eig H|. The damping keeps rounding noise of g along the
   * problem's exact symmetry directions (zero curvature) from being amplified without bound.
   */
  readonly distanceEstimate: number;
  /** ||x||_2, the scale that relative tolerances refer to. */
  readonly pointNorm: number;
  readonly stationarity: Stationarity;
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
