/**
 * What every optimisation problem in ncverify provides: a parser for its instance JSON, the
 * objective with its exact gradient and Hessian-vector product over one flat Float64Array of
 * variables, random starts, and a named view of a point for the predicates.
 *
 * One problem per file in this folder; `registry.ts` maps the JSON `"problem"` field to it.
 */
import type { Certificate } from '../certify/certificate.ts';
import type { Rng } from '../random.ts';
import type { StopReason } from '../solvers/lbfgs.ts';

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
   * Projects x onto the feasible set in place, for constrained problems (nonnegative features,
   * norm balls). Absent for unconstrained problems.
   */
  project?(x: Float64Array): void;
  /**
   * Constraints the engine cannot project onto (the UF-SVM's bilinear margin constraints): the
   * objective then brings its own local solver and KKT certificate, which `solveFrom` and
   * `certify` use in place of L-BFGS + Newton and the unconstrained Hessian certificate.
   */
  readonly constrained?: ConstrainedHandling;
}

/** A constrained local solve from one start (see ConstrainedHandling). */
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

export interface ConstrainedHandling {
  /** From x0 to a feasible KKT point; gtol is the KKT residual to reach. */
  solveFrom(x0: Float64Array, gtol: number): ConstrainedSolve;
  /** First order: the KKT residual; second order: the Lagrangian Hessian on the active constraints' tangent space. */
  certify(x: Float64Array, options: { symmetries?: readonly Float64Array[]; seed?: number }): Certificate;
  /** The KKT residual of x, where the engine asks an unconstrained problem for ||grad f||. */
  kktResidual(x: Float64Array): number;
}

export interface Problem<I extends InstanceBase = InstanceBase> {
  /** The JSON `"problem"` value. */
  readonly name: string;
  /** One line: what is minimised. */
  readonly description: string;
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
