/**
 * ncverify's public API: what a user theorem file imports (`import { defineTheorem, ... } from 'ncverify'`).
 * Everything else under src/ is internal and may change.
 */
export { defineTheorem } from './core/theorem.ts';
export type { Check, ClaimKind, PlantedVariant, ReducedObjective, Theorem, TheoremSpec } from './core/theorem.ts';
export { checkClaim, checkInstance } from './core/check.ts';
export { runMutations, plantedVariants } from './core/mutate.ts';
export type { ClaimResult, Counterexample, InstanceResult, Verdict } from './core/verdict.ts';
export { InputError, NumericalError } from './errors.ts';

// Problems and their point views.
export { ufmCe, ufmCeSymbols, ufmCeObjective, type UfmCeInstance } from './problems/ufm-ce.ts';
export { ufmCeView, type UfmCeView } from './problems/ufm-ce-view.ts';
export { registerProblem, parseInstance, readInstanceFile } from './problems/registry.ts';
export type { Objective, Problem } from './problems/problem.ts';

// Predicates and exact frames.
export * from './predicates/collapse.ts';
export { simplexEtf, scaledOrthogonalFrame } from './predicates/frames.ts';
export type { Measurement } from './predicates/predicate.ts';

// Instance arbitraries (fast-check) for user claims.
export { balancedUfmCe, logUniform, uniform, thresholdRatio } from '../properties/arbitraries/ufm-ce.ts';

// Linear algebra and symbolic helpers a claim may need.
export * as linalg from './linalg/index.ts';
export { evaluateExprs, toLatex, type Scope } from './symbolic/expr.ts';
export { ncMetrics, type NcMetricsOptions, type FeatureInput, type LabelInput, type MatrixInput } from './metrics/nc-metrics.ts';
