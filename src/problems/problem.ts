/**
 * What every optimisation problem in ncverify provides: a parser for its instance JSON, the
 * objective with its exact gradient and Hessian-vector product over one flat Float64Array of
 * variables, random starts, and a named view of a point for the predicates.
 *
 * One problem per file in this folder; `registry.ts` maps the JSON `"problem"` field to it.
 */
import type { Rng } from '../random.ts';
import type { Subspace } from '../linalg/subspace.ts';

/** An instance as read from JSON: `problem` names the problem, the rest is problem-specific. */
export interface InstanceBase {
  readonly problem: string;
}

/** A named block of the flat variable vector, e.g. W (K x d) at offset 0. */
export interface VariableBlock {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly offset: number;
}

/** Objective and derivatives for one instance; built once, evaluated many times. */
export interface Objective {
  /** Number of variables. */
  readonly size: number;
  /** Where each named matrix lives in the flat vector. */
  readonly blocks: readonly VariableBlock[];
  /** f(x); writes the gradient into `grad` when given. */
  value(x: Float64Array, grad?: Float64Array): number;
  /** out = Hessian(x) v, exact. */
  hessVec(x: Float64Array, v: Float64Array, out: Float64Array): void;
  /**
   * How far value(x) may be from the exact f(x) at the same x: a first-order bound on the
   * float64 rounding of the evaluation (src/linalg/rounding.ts: the unit roundoff times the
   * absolute values each sum adds up, so terms that cancel count at their own size), and
   * whether an underflow lost the value's relative precision there. Objective values are
   * compared within these bounds (src/certify/objective-tolerance.ts); absent, the engine falls
   * back to FALLBACK_RELATIVE_VALUE_ERROR (1e-10) max(1, |f|).
   */
  valueError?(x: Float64Array): ValueError;
  /**
   * Projects x onto the feasible set in place, for constrained problems (nonnegative features,
   * norm balls). Absent for unconstrained problems.
   */
  project?(x: Float64Array): void;
  /**
   * Constraints c(x) >= 0 that cannot be projected onto (the UF-SVM's bilinear margin
   * constraints). The solver layer then runs an augmented Lagrangian with an SQP polish
   * (src/solvers/constrained.ts) and the certificate is the KKT one (src/certify/kkt.ts), in
   * place of L-BFGS + Newton and the unconstrained Hessian certificate. The problem only
   * describes its constraints; which solver runs is the engine's choice.
   */
  readonly constraints?: InequalityConstraints;
  /**
   * Maps a point from a constrained solve back onto the feasible set (UF-SVM: rescaling by
   * degree-2 homogeneity). Absent: the solver's point is used as it is.
   */
  repair?(x: Float64Array): Float64Array;
  /**
   * Tangents, at x, of the orbits of the objective's exact continuous symmetries, where a solver
   * needs them without the instance (the constrained polish steps off the orbit).
   */
  symmetries?(x: Float64Array): Float64Array[];
  /** The same tangent space as a projector without a basis (src/linalg/rotation-orbit.ts), preferred when given. */
  symmetrySubspace?(x: Float64Array): Subspace;
}

/** A bound on the rounding error of an objective value (Objective.valueError). */
export interface ValueError {
  /** |value(x) - f(x)| is at most this (absolute). */
  readonly bound: number;
  /**
   * Why the value (and its gradient) lost its relative precision to underflow at x, when it
   * did: e.g. every softmax competitor of a sample underflowed, so its CE is exactly 0 or a
   * subnormal while its exact value is positive. A certificate refuses to decide there.
   */
  readonly underflow?: string;
}

/** Inequality constraints c(x) >= 0 with exact first and second derivatives. */
export interface InequalityConstraints {
  readonly count: number;
  /** c(x) into out (length count). */
  values(x: Float64Array, out: Float64Array): void;
  /** Rows of the Jacobian for the constraints in idx, densely: out[r * size + i] = d c_{idx[r]} / d x_i. */
  jacobianRows(x: Float64Array, idx: readonly number[], out: Float64Array): void;
  /** out = J(x)^T u (u has length count). */
  jacobianTVec(x: Float64Array, u: Float64Array, out: Float64Array): void;
  /** out = sum_j u_j hess c_j(x) v. */
  weightedHessVec(x: Float64Array, u: Float64Array, v: Float64Array, out: Float64Array): void;
}

export interface Problem<I extends InstanceBase = InstanceBase> {
  /** The JSON `"problem"` value. */
  readonly name: string;
  /** One line: what is minimised. */
  readonly description: string;
  /**
   * The problem's conventions in a paragraph (docs/catalogue.md prints it): the objective
   * written out, means vs sums, which variables are penalised, shapes and layouts.
   */
  readonly conventions: string;
  /** Validates raw JSON; throws InputError naming `${source}.field` on anything wrong. */
  parse(raw: unknown, source: string): I;
  objective(instance: I): Objective;
  /** A random starting point (seeded). `scale` multiplies the default spread. */
  randomStart(instance: I, rng: Rng, scale: number): Float64Array;
  /** A short human summary of the instance, e.g. `K=4 n=[5,5,5,5] d=6 λW=5e-3 ...`. */
  summarize(instance: I): string;
  /**
   * Tangent vectors, at x, of the orbits of the objective's exact continuous symmetries (see
   * src/certify/certificate.ts). Optional: without them certificates use a larger Newton damping.
   */
  symmetries?(instance: I, x: Float64Array): Float64Array[];
  /**
   * The span of `symmetries` as a projector that needs no basis (e.g. the rotation orbit,
   * src/linalg/rotation-orbit.ts: O(d^2 (K + N)) per projection instead of a Gram-Schmidt of
   * d(d-1)/2 full-length tangents). Certificates use it in place of `symmetries` when given.
   */
  symmetrySubspace?(instance: I, x: Float64Array): Subspace;
  /** Named matrices describing a solution (class-mean Gram, W W^T, ...), for `ncverify solve`. */
  describeSolution?(instance: I, x: Float64Array): Record<string, number[][] | number[]>;
  /**
   * Escape points from a converged point x that local descent cannot leave (a saddle flat to
   * second order, e.g. a live class stuck at h_k = 0 in the nonnegative model). The multistart
   * solver re-solves from each and keeps any that ends lower, counting it in `escapes`.
   */
  escape?(instance: I, x: Float64Array): Float64Array[];
  /**
   * An exact reduction of this instance (every critical point of the problem lies in the range
   * of `toFull`, with second-order status preserved), or null where none holds. Claims with
   * `solveMode: 'reduced'` solve it instead of the full problem (src/engine/claim-solve.ts).
   */
  exactReduction?(instance: I): ExactReduction | null;
}

/**
 * A smaller objective whose points map isometrically into the full problem's (e.g. the ufm-ce
 * class reduction, src/problems/ufm-ce/reduction.ts): f_reduced(u) = f(toFull(u)),
 * ||grad f_reduced(u)|| = ||grad f(toFull(u))|| at the points that matter, and fromFull is the
 * adjoint of toFull (the orthogonal projection, in reduced coordinates).
 */
export interface ExactReduction {
  readonly objective: Objective;
  toFull(u: Float64Array): Float64Array;
  fromFull(x: Float64Array): Float64Array;
}

/** Reads one block of x as a row-major matrix view (no copy). */
export function blockView(x: Float64Array, block: VariableBlock): Float64Array {
  return x.subarray(block.offset, block.offset + block.rows * block.cols);
}

/** One block of x as an array of rows (a copy), for reports and solution summaries. */
export function blockRows(x: Float64Array, block: VariableBlock): number[][] {
  const v = blockView(x, block);
  return Array.from({ length: block.rows }, (_, i) => Array.from(v.subarray(i * block.cols, (i + 1) * block.cols)));
}

export function findBlock(blocks: readonly VariableBlock[], name: string): VariableBlock | undefined {
  return blocks.find((b) => b.name === name);
}
