/**
 * The theorem API. A theorem file (theorems/<paper>.ts) exports claims built with
 * `defineTheorem({...})`: the paper and section, the problem, the assumptions and predictions
 * as math expression strings (so they can be evaluated, differentiated, mutated and printed as
 * LaTeX), how the claimed minimiser is built, and the structural checks with their tolerance.
 * User theorem files use exactly the same API (see README).
 */
import type { Arbitrary } from 'fast-check';
import { InputError, describe, isList } from '../errors.ts';
import type { Measurement } from '../predicates/predicate.ts';
import type { InstanceBase, Problem } from '../problems/problem.ts';
import { parseExpr, type Scope } from '../symbolic/expr.ts';
import { validateClaimInfo, type ClaimInfo } from './claim.ts';
import { validateClauses } from './clauses.ts';
import type { Predictions } from './predictions.ts';

export type { Predictions };

/**
 * - `global-minimiser`: every global minimiser has the predicted value and structure.
 * - `landscape`: every second-order stationary point is a global minimiser (no spurious local minima).
 */
export type TheoremKind = 'global-minimiser' | 'landscape';

export interface Check<I, V> {
  /** Short name, e.g. "NC1" or "simplex ETF". */
  readonly name: string;
  /** The claimed equation, in the catalogue's notation (shown in reports). */
  readonly claim: string;
  /**
   * `samples`: the check reads per-sample features (NC1, within-class spread). A point expanded
   * from a reduced solve has them equal by construction, so such a check could not fail there:
   * a claim with `solveMode: 'reduced'` may not have one. Absent: class-level quantities only.
   */
  readonly needs?: 'samples';
  /** Run only when true (e.g. bias checks need a bias). */
  when?(instance: I, predictions: Predictions): boolean;
  measure(view: V, predictions: Predictions, instance: I): Measurement;
}

/** A scalar reduction of the problem whose stationary point a prediction must equal. */
export interface ReducedObjective {
  /** Expression in `variable` and the instance symbols, e.g. phi(m). */
  readonly objective: string;
  readonly variable: string;
  /** Search interval, as expressions in the instance symbols and predictions. */
  readonly domain: readonly [string, string];
  /** Name of the prediction the minimiser over the domain must equal. */
  readonly matches: string;
  /**
   * Quantities the paper derives from the minimiser, as expressions in `variable` (e.g. ||w||^2
   * from the margin m): evaluated at the numerical root, each must equal the prediction of the
   * same name (the paper's closed form).
   */
  readonly implied?: Readonly<Record<string, string>>;
}

/** A deliberately wrong version of the claim that the harness must reject (`ncverify mutate`). */
export interface PlantedVariant {
  readonly name: string;
  readonly description: string;
  readonly assumptions?: Readonly<Record<string, string>>;
  readonly predictions?: Readonly<Record<string, string>>;
}

/** The claimed minimiser, or why it cannot exist for this instance. */
export type Construction = Float64Array | { readonly impossible: string };

export interface TheoremSpec<I extends InstanceBase, V> extends ClaimInfo {
  readonly kind: TheoremKind;
  readonly problem: Problem<I>;
  /** The symbols expressions may use (K, d, n, lambdaW, ...). */
  symbols(instance: I): Scope;
  /** Named boolean expressions; an instance violating any is `skipped`. */
  readonly assumptions: Readonly<Record<string, string>>;
  /** Named expressions, evaluated in order; must include `optimum` (the global minimum value). */
  readonly predictions: Readonly<Record<string, string>>;
  readonly reduced?: ReducedObjective;
  /** The claimed minimiser as a point of the problem, or why it cannot exist for this instance. */
  construct?(instance: I, predictions: Predictions): Construction;
  /** Named matrices of a point, passed to the checks. */
  view(instance: I, x: Float64Array): V;
  readonly checks: readonly Check<I, V>[];
  /** Instances satisfying the assumptions, including their edges. */
  readonly instances: Arbitrary<I>;
  /** A broader pool (also outside the assumptions) that `mutate` picks discriminating instances from. */
  readonly candidates?: Arbitrary<I>;
  /**
   * `reduced`: the checks need only the solution's class-level structure (class means, logits,
   * W, b), so the engine may solve the problem's exact reduction (Problem.exactReduction, e.g.
   * the ufm-ce class reduction) and expand the certified solution to the full layout. Such a
   * claim must not have a check that `needs` samples (an expanded point has NC1 by
   * construction, so the check could not fail). Instances without an exact reduction are
   * solved in full. @defaultValue 'full'
   */
  readonly solveMode?: 'full' | 'reduced';
  /** Solver starts and their scales. @defaultValue { starts: 3 } (landscape: 8) */
  readonly solve?: { readonly starts?: number; readonly scales?: readonly number[] };
  /** Floor of the structural tolerance. @defaultValue 1e-6 */
  readonly tolerance?: number;
  readonly variants?: readonly PlantedVariant[];
}

/** A claim as the catalogue stores it: instance and view types erased (each claim's functions only ever see its own). */
export type Theorem = TheoremSpec<InstanceBase, unknown>;

/**
 * The evidence names a theorem's clauses may use besides claim ids (src/engine/clauses.ts): its
 * checks, `optimum`, and `spurious minima`, `scalar reduction`, `claimed minimiser` where the
 * claim is a landscape claim, has a reduction, builds its minimiser.
 */
export function theoremEvidence(spec: Pick<Theorem, 'checks' | 'kind' | 'reduced' | 'construct'>): Set<string> {
  const out = new Set<string>([...spec.checks.map((c) => c.name), 'optimum']);
  if (spec.kind === 'landscape') out.add('spurious minima');
  if (spec.reduced) out.add('scalar reduction');
  if (spec.construct) out.add('claimed minimiser');
  return out;
}

/** Starts above this are refused: each one is a full certified solve. */
export const MAX_STARTS = 64;

/** Validates a claim (id and citation fields, expressions parse, `optimum` predicted, solver options) and freezes it. */
export function defineTheorem<I extends InstanceBase, V>(spec: TheoremSpec<I, V>): TheoremSpec<I, V> {
  const where = `defineTheorem(${JSON.stringify(spec?.id)})`;
  if (spec === null || typeof spec !== 'object') throw new InputError('defineTheorem', `expected a claim object, got ${describe(spec)}`);
  validateClaimInfo(spec, where);
  if (spec.kind !== 'global-minimiser' && spec.kind !== 'landscape') {
    throw new InputError(`${where}.kind`, `must be "global-minimiser" or "landscape" (studies use defineStudy), got ${JSON.stringify(spec.kind)}`);
  }
  if (!spec.problem || typeof spec.problem.objective !== 'function' || typeof spec.problem.parse !== 'function')
    throw new InputError(`${where}.problem`, 'must be a Problem');
  for (const fn of ['symbols', 'view'] as const) {
    if (typeof spec[fn] !== 'function') throw new InputError(`${where}.${fn}`, 'must be a function');
  }
  if (spec.construct !== undefined && typeof spec.construct !== 'function') throw new InputError(`${where}.construct`, 'must be a function when given');
  expressionTable(spec.assumptions, `${spec.id}.assumptions`, `${where}.assumptions`);
  expressionTable(spec.predictions, `${spec.id}.predictions`, `${where}.predictions`);
  if (!('optimum' in spec.predictions)) throw new InputError(`${where}.predictions`, 'must include "optimum", the claimed global minimum value');
  if (spec.reduced) {
    parseExpr(spec.reduced.objective, `${spec.id}.reduced.objective`);
    for (const [i, d] of spec.reduced.domain.entries()) parseExpr(d, `${spec.id}.reduced.domain[${i}]`);
    if (!(spec.reduced.matches in spec.predictions)) {
      throw new InputError(`${where}.reduced.matches`, `names "${spec.reduced.matches}", which is not a prediction`);
    }
  }
  if (!isList(spec.checks) || spec.checks.length === 0) throw new InputError(`${where}.checks`, 'must list at least one check');
  const names = new Set<string>();
  for (const [i, c] of (spec.checks as readonly (Check<I, V> | null)[]).entries()) {
    if (!c || typeof c.name !== 'string' || c.name.trim() === '') throw new InputError(`${where}.checks[${i}].name`, 'must be a non-empty string');
    if (names.has(c.name)) throw new InputError(`${where}.checks[${i}].name`, `"${c.name}" is used by two checks`);
    names.add(c.name);
    if (typeof c.measure !== 'function') throw new InputError(`${where}.checks[${i}].measure`, 'must be a function');
    if (c.when !== undefined && typeof c.when !== 'function') throw new InputError(`${where}.checks[${i}].when`, 'must be a function when given');
    if (c.needs !== undefined && c.needs !== 'samples')
      throw new InputError(`${where}.checks[${i}].needs`, `must be "samples" when given, got ${describe(c.needs)}`);
  }
  if (!spec.instances || typeof (spec.instances as { generate?: unknown }).generate !== 'function') {
    throw new InputError(`${where}.instances`, 'must be a fast-check arbitrary of instances');
  }
  if (spec.solveMode !== undefined && spec.solveMode !== 'full' && spec.solveMode !== 'reduced') {
    throw new InputError(`${where}.solveMode`, `must be "full" or "reduced", got ${JSON.stringify(spec.solveMode)}`);
  }
  if (spec.solveMode === 'reduced') {
    if (typeof spec.problem.exactReduction !== 'function') {
      throw new InputError(`${where}.solveMode`, `is "reduced" but problem "${spec.problem.name}" has no exact reduction`);
    }
    const perSample = spec.checks.find((c) => c.needs === 'samples');
    if (perSample)
      throw new InputError(
        `${where}.solveMode`,
        `is "reduced" but check "${perSample.name}" needs per-sample features, which a reduced solve has equal by construction: solve in full`,
      );
  }
  if (spec.solve !== undefined) {
    const { starts, scales } = spec.solve;
    if (starts !== undefined && (!Number.isInteger(starts) || starts < 1 || starts > MAX_STARTS)) {
      throw new InputError(`${where}.solve.starts`, `must be an integer from 1 to ${MAX_STARTS}, got ${describe(starts)}`);
    }
    if (scales !== undefined && (!Array.isArray(scales) || scales.length === 0 || !scales.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0))) {
      throw new InputError(`${where}.solve.scales`, 'must be a non-empty list of positive finite numbers');
    }
  }
  if (spec.tolerance !== undefined && !(typeof spec.tolerance === 'number' && Number.isFinite(spec.tolerance) && spec.tolerance > 0 && spec.tolerance < 1)) {
    throw new InputError(`${where}.tolerance`, `must be a number in (0, 1), got ${describe(spec.tolerance)}`);
  }
  validateClauses(spec.clauses, where, theoremEvidence(spec), new Set(Object.keys(spec.assumptions)));
  for (const [i, v] of (spec.variants ?? []).entries()) {
    if (!v || typeof v.name !== 'string' || v.name.trim() === '') throw new InputError(`${where}.variants[${i}].name`, 'must be a non-empty string');
    if (v.assumptions) expressionTable(v.assumptions, `${spec.id}.variants[${v.name}].assumptions`, `${where}.variants[${i}].assumptions`);
    if (v.predictions) expressionTable(v.predictions, `${spec.id}.variants[${v.name}].predictions`, `${where}.variants[${i}].predictions`);
  }
  return Object.freeze({ ...spec });
}

function expressionTable(table: unknown, exprName: string, where: string): void {
  if (table === null || typeof table !== 'object' || Array.isArray(table))
    throw new InputError(where, `must be an object of named expressions, got ${describe(table)}`);
  for (const [name, src] of Object.entries(table)) parseExpr(src as string, `${exprName}.${name}`);
}
