/**
 * The certified multistart solve of one claim on one instance, in the claim's solve mode:
 *
 * - `full`: the problem as given; starts above the float32 threshold first descend in float32
 *   (src/backends/bulk-descent.ts) when the command loaded a backend.
 * - `reduced`: the problem's exact reduction (Problem.exactReduction; for ufm-ce the class
 *   reduction of docs/design.md in isometric coordinates, src/problems/ufm-ce/reduction.ts). Starts
 *   are the full random starts projected onto the reduced space; each solution is certified in
 *   the reduced coordinates and expanded to the full layout, so views, checks, counterexamples
 *   and reports all see full points.
 *
 * Why a reduced certificate certifies the full point (ufm-ce, free features, lambdaH > 0): at an
 * NC1 point the full Hessian is block diagonal between the NC1 subspace (where it is the reduced
 * Hessian, E being an isometry) and the within-class deviations (where it is the per-sample
 * feature Hessian, >= lambdaH I: mixed W/b terms cancel because the deviations of a class sum to
 * zero). So the reduced point is second-order stationary iff the full one is, the Newton step
 * (hence the distance estimate) lies in the subspace, and ||grad f_reduced|| = ||grad f_full||.
 * The last identity is checked, not assumed: the full gradient is evaluated at the expanded
 * point and a point whose full gradient misses the tolerance is not stationary. The reported
 * min Hessian eigenvalue is the reduced one (the full one is min(it, >= lambdaH)).
 */
import { certify, type Certificate } from '../certify/certificate.ts';
import { symmetryOptions } from '../certify/symmetry.ts';
import { bulkDescentFrom, type BulkDescent } from '../backends/bulk-descent.ts';
import type { InstanceBase, Objective, Problem } from '../problems/problem.ts';
import { norm2 } from '../solvers/lbfgs.ts';
import { solveMultistart, type ExtraStart, type SolveOptions, type StartResult } from '../solvers/multistart.ts';
import { deriveSeed } from '../random.ts';
import type { Theorem } from './theorem.ts';

export interface ClaimSolveOptions {
  readonly starts: number;
  readonly seed: number;
  readonly recordHistory?: boolean;
  /** Float32 bulk descent (full mode only). */
  readonly bulk?: BulkDescent;
  /** Given starting points in the full layout, solved after the random ones (a reduced solve projects them, like the random starts). */
  readonly extraStarts?: readonly ExtraStart[];
}

export interface ClaimSolve {
  /** Every start, with x in the full layout. */
  readonly runs: StartResult[];
  /** Certificate of each start (in the reduced coordinates for a reduced solve; see the file comment). */
  readonly certs: Certificate[];
  /** The mode that ran: a `reduced` claim falls back to `full` on instances without an exact reduction. */
  readonly mode: 'full' | 'reduced';
}

/** Solves and certifies `instance` for `thm` (full objective `obj`, already built by the engine). */
export function solveClaim(thm: Theorem, instance: InstanceBase, obj: Objective, options: ClaimSolveOptions): ClaimSolve {
  const problem: Problem = thm.problem;
  const reduction = thm.solveMode === 'reduced' ? (problem.exactReduction?.(instance) ?? null) : null;
  const certSeed = (i: number): number => deriveSeed(options.seed, 1000 + i);
  if (!reduction) {
    const bulk = options.bulk;
    const preDescent: SolveOptions['preDescent'] = bulk
      ? (x0) => {
          const r = bulkDescentFrom(bulk, instance, x0);
          return r && { x: r.x, by: bulk.backend.name, iterations: r.iterations };
        }
      : undefined;
    const runs = solveMultistart(problem, instance, {
      starts: options.starts,
      seed: options.seed,
      scales: thm.solve?.scales,
      recordHistory: options.recordHistory,
      objective: obj,
      preDescent,
      extraStarts: options.extraStarts,
    });
    const certs = runs.map((r, i) => certify(obj, r.x, { seed: certSeed(i), ...symmetryOptions(problem, instance, r.x) }));
    return { runs, certs, mode: 'full' };
  }
  // The same random starts as a full solve, projected onto the reduced space (E^T x0).
  const reducedProblem: Problem = {
    ...problem,
    randomStart: (inst, rng, scale) => reduction.fromFull(problem.randomStart(inst, rng, scale)),
    escape: undefined,
  };
  const reducedRuns = solveMultistart(reducedProblem, instance, {
    starts: options.starts,
    seed: options.seed,
    scales: thm.solve?.scales,
    recordHistory: options.recordHistory,
    objective: reduction.objective,
    extraStarts: options.extraStarts?.map((e) => ({ kind: e.kind, x: reduction.fromFull(e.x) })),
  });
  const runs: StartResult[] = [];
  const certs: Certificate[] = [];
  const g = new Float64Array(obj.size);
  reducedRuns.forEach((r, i) => {
    const x = reduction.toFull(r.x);
    // Symmetry tangents of the full problem at an NC1 point lie in the NC1 subspace: E^T maps them isometrically.
    const symmetries = problem.symmetries?.(instance, x).map((t) => reduction.fromFull(t));
    const c = certify(reduction.objective, r.x, { seed: certSeed(i), symmetries });
    const f = obj.value(x, g);
    const gradNorm = norm2(g);
    const stationary = Number.isFinite(f) && gradNorm <= c.gradTol;
    runs.push({ ...r, x, f, gradNorm });
    certs.push({ ...c, objective: f, gradNorm: Math.max(gradNorm, c.gradNorm), stationarity: stationary ? c.stationarity : 'not-stationary' });
  });
  return { runs, certs, mode: 'reduced' };
}
