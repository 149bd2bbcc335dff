/**
 * The theorem API. A theorem file (theorems/<paper>.ts) exports claims built with
 * `defineTheorem({...})`: the paper and section, the problem, the assumptions and predictions
 * as math expression strings (so they can be evaluated, differentiated, mutated and printed as
 * LaTeX), how the claimed minimiser is built, and the structural checks with their tolerance.
 * User theorem files use exactly the same API (see README).
 */
import type { Arbitrary } from 'fast-check';
import { InputError } from '../errors.ts';
import type { Measurement } from '../predicates/predicate.ts';
import type { InstanceBase, Problem } from '../problems/problem.ts';
import { parseExpr, type Scope } from '../symbolic/expr.ts';

/**
 * - `global-minimiser`: every global minimiser has the predicted value and structure.
 * - `landscape`: every second-order stationary point is a global minimiser (no spurious local minima).
 */
export type ClaimKind = 'global-minimiser' | 'landscape';

export interface Check<I, V> {
  /** Short name, e.g. "NC1" or "simplex ETF". */
  readonly name: string;
  /** The claimed equation, in the catalogue's notation (shown in reports). */
  readonly claim: string;
  /** Run only when true (e.g. bias checks need a bias). */
  readonly when?: (instance: I, predictions: Scope) => boolean;
  readonly measure: (view: V, predictions: Scope, instance: I) => Measurement;
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

export interface TheoremSpec<I extends InstanceBase, V> {
  /** Catalogue id, e.g. "zhu2021.global" (theorems.md section id). */
  readonly id: string;
  /** Short paper name, e.g. "Zhu et al. 2021". */
  readonly paper: string;
  /** Full citation. */
  readonly citation: string;
  /** Where in the paper, e.g. "Thm 3.1". */
  readonly section: string;
  /** One-line statement of what is checked. */
  readonly statement: string;
  readonly kind: ClaimKind;
  /** @defaultValue 'theorem' */
  readonly status?: 'theorem' | 'conjecture';
  readonly problem: Problem<I>;
  /** The symbols expressions may use (K, d, n, lambdaW, ...). */
  readonly symbols: (instance: I) => Scope;
  /** Named boolean expressions; an instance violating any is `skipped`. */
  readonly assumptions: Readonly<Record<string, string>>;
  /** Named expressions, evaluated in order; must include `optimum` (the global minimum value). */
  readonly predictions: Readonly<Record<string, string>>;
  readonly reduced?: ReducedObjective;
  /** The claimed minimiser as a point of the problem, or why it cannot exist for this instance. */
  readonly construct?: (instance: I, predictions: Scope) => Float64Array | { impossible: string };
  /** Named matrices of a point, passed to the checks. */
  readonly view: (instance: I, x: Float64Array) => V;
  readonly checks: readonly Check<I, V>[];
  /** Instances satisfying the assumptions, including their edges. */
  readonly instances: Arbitrary<I>;
  /** A broader pool (also outside the assumptions) that `mutate` picks discriminating instances from. */
  readonly candidates?: Arbitrary<I>;
  /**
   * `reduced`: the checks need only the solution's class-level structure (class means, logits,
   * W, b), so the engine may solve the problem's exact reduction (Problem.exactReduction, e.g.
   * the ufm-ce class reduction) and expand the certified solution to the full layout. Such a
   * claim must not check NC1 (an expanded point has NC1 by construction, so the check could
   * not fail); NC1 claims keep the default `full`. Instances without an exact reduction are
   * solved in full. @defaultValue 'full'
   */
  readonly solveMode?: 'full' | 'reduced';
  /** @defaultValue { starts: 3 } (landscape: 8) */
  readonly solve?: { readonly starts?: number; readonly scales?: readonly number[] };
  /** Floor of the structural tolerance. @defaultValue 1e-6 */
  readonly tolerance?: number;
  readonly variants?: readonly PlantedVariant[];
}

// The registry stores theorems with their instance and view types erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Theorem = TheoremSpec<any, any>;

const ID = /^[a-z][a-z0-9]*\.[a-z0-9][a-z0-9.-]*$/;

/** Validates a claim (id, expressions parse, `optimum` predicted) and freezes it. */
export function defineTheorem<I extends InstanceBase, V>(spec: TheoremSpec<I, V>): TheoremSpec<I, V> {
  const where = `defineTheorem(${JSON.stringify(spec.id)})`;
  if (typeof spec.id !== 'string' || !ID.test(spec.id)) {
    throw new InputError(`${where}.id`, 'must look like "paper.claim" (lower case, e.g. "zhu2021.global")');
  }
  for (const field of ['paper', 'citation', 'section', 'statement'] as const) {
    if (typeof spec[field] !== 'string' || spec[field].length === 0) throw new InputError(`${where}.${field}`, 'must be a non-empty string');
  }
  if (spec.kind !== 'global-minimiser' && spec.kind !== 'landscape') {
    throw new InputError(`${where}.kind`, `must be "global-minimiser" or "landscape", got ${JSON.stringify(spec.kind)}`);
  }
  if (!spec.problem || typeof spec.problem.objective !== 'function') throw new InputError(`${where}.problem`, 'must be a Problem');
  for (const [name, src] of Object.entries(spec.assumptions)) parseExpr(src, `${spec.id}.assumptions.${name}`);
  for (const [name, src] of Object.entries(spec.predictions)) parseExpr(src, `${spec.id}.predictions.${name}`);
  if (!('optimum' in spec.predictions)) throw new InputError(`${where}.predictions`, 'must include "optimum", the claimed global minimum value');
  if (spec.reduced) {
    parseExpr(spec.reduced.objective, `${spec.id}.reduced.objective`);
    if (!(spec.reduced.matches in spec.predictions)) {
      throw new InputError(`${where}.reduced.matches`, `names "${spec.reduced.matches}", which is not a prediction`);
    }
  }
  if (!Array.isArray(spec.checks) || spec.checks.length === 0) throw new InputError(`${where}.checks`, 'must list at least one check');
  if (spec.solveMode !== undefined && spec.solveMode !== 'full' && spec.solveMode !== 'reduced') {
    throw new InputError(`${where}.solveMode`, `must be "full" or "reduced", got ${JSON.stringify(spec.solveMode)}`);
  }
  if (spec.solveMode === 'reduced') {
    if (typeof spec.problem.exactReduction !== 'function') {
      throw new InputError(`${where}.solveMode`, `is "reduced" but problem "${spec.problem.name}" has no exact reduction`);
    }
    const nc1 = spec.checks.find((c) => /\bNC1\b/i.test(c.name));
    if (nc1) throw new InputError(`${where}.solveMode`, `is "reduced" but check "${nc1.name}" is about NC1, which a reduced solve has by construction: solve in full`);
  }
  for (const v of spec.variants ?? []) {
    for (const [name, src] of Object.entries(v.assumptions ?? {})) parseExpr(src, `${spec.id}.variants[${v.name}].assumptions.${name}`);
    for (const [name, src] of Object.entries(v.predictions ?? {})) parseExpr(src, `${spec.id}.variants[${v.name}].predictions.${name}`);
  }
  return Object.freeze({ ...spec });
}
