/**
 * ncverify's public API: what a user theorem file imports (`import { defineTheorem, ... } from 'ncverify'`).
 * Everything else under src/ is internal and may change.
 */

// Claims: theorems and studies, their results.
export { defineTheorem } from './engine/theorem.ts';
export type { Check, Construction, PlantedVariant, ReducedObjective, Theorem, TheoremKind, TheoremSpec } from './engine/theorem.ts';
export { defineStudy } from './engine/study.ts';
export { defineConstruction } from './engine/construction.ts';
export type { Built, ConstructionCheck, ConstructionSpec, ConstructionVariant } from './engine/construction.ts';
export type { AsymptoticStudySpec, AsymptoticVariant, Study, ThresholdStudySpec, ThresholdVariant } from './engine/study.ts';
export type { ClaimInfo, ClaimKind, Confidence } from './engine/claim.ts';
export { Predictions } from './engine/predictions.ts';
export { Catalogue, type Claim } from './engine/catalogue.ts';
export { checkClaim, checkInstance } from './engine/check.ts';
export { runMutations, plantedVariants } from './engine/mutate.ts';
export { runStudy, runStudyVariants } from './engine/studies.ts';
export type { ClaimResult, Counterexample, FailResult, InconclusiveResult, InstanceResult, PassResult, SkippedResult, Verdict } from './engine/verdict.ts';
export { InputError, NumericalError } from './errors.ts';

// Problems, their symbols and point views.
export { registerProblem, parseInstance, readInstanceFile, problemNames } from './problems/registry.ts';
export type { InstanceBase, Objective, Problem } from './problems/problem.ts';
export { ufmCe, ufmCeSymbols, ufmCeObjective, type UfmCeInstance } from './problems/ufm-ce/problem.ts';
export { ufmCeView, type UfmCeView } from './problems/ufm-ce/view.ts';
export { ufmCeReluView, type UfmCeReluView } from './problems/ufm-ce/view.ts';
export { ufmCePoint, type UfmCeClassLevel } from './problems/ufm-ce/point.ts';
export { ufmCeClusterSymbols, ufmCeReluSymbols } from './problems/ufm-ce/symbols.ts';
export { ufmZSymbols } from './ground-truth/ufm-z-symbols.ts';
export { ufmZView, type UfmZView } from './ground-truth/ufm-z-view.ts';
export { dlnCe, dlnMse, type DeepLinearInstance } from './problems/deep-linear/problem.ts';
export { deepLinearView, type DeepLinearView } from './problems/deep-linear/view.ts';
export { dlnSymbols } from './problems/deep-linear/symbols.ts';
export { deepLinearClassValues, classesBySize, type DeepLinearClassConstants, type DeepLinearClassValues } from './problems/deep-linear/classes.ts';
export { deepLinearPoint, balancedFramePoint, classAxes, equalModes, type DeepLinearParts, type BalancedModes } from './problems/deep-linear/point.ts';
export { layerPeeled, type LayerPeeledInstance } from './problems/layer-peeled/problem.ts';
export { layerPeeledView } from './problems/layer-peeled/view.ts';
export { layerPeeledPointOf } from './problems/layer-peeled/point.ts';
export { layerPeeledSymbols } from './problems/layer-peeled/symbols.ts';
export { layerPeeledConvexSymbols } from './ground-truth/layer-peeled.ts';
export { ufSvm, ufSvmView, type UfSvmInstance, type UfSvmView } from './problems/uf-svm/problem.ts';
export { ufSvmSymbols } from './problems/uf-svm/symbols.ts';
export { ufSvmLogitsView, type UfSvmLogitsView } from './problems/uf-svm/view.ts';
export { ufSvmPoint, ufSvmPointFromLogits, type LogitFactorisation } from './problems/uf-svm/point.ts';
export { linearCvae, type LinearCvaeInstance } from './problems/vae/cvae.ts';
export { linearVae, type LinearVaeInstance } from './problems/vae/vae.ts';
export { linearHvae, type LinearHvaeInstance } from './problems/vae/hvae.ts';
export {
  cvaeSymbols,
  vaeSymbols,
  hvaeSymbols,
  cvaeModes,
  amplitudeModes,
  hvaeThetas,
  sigmaAscending,
  type VaeModes,
  type HvaeThetas,
} from './problems/vae/symbols.ts';
export { cvaeView, vaeView, hvaeView, linearVaeView, type VaeView, type HvaeView } from './problems/vae/view.ts';
export { cvaePoint, vaePoint, hvaePoint, type CvaeParts, type VaeParts, type HvaeParts } from './problems/vae/point.ts';
export { hvaeModeValues, hvaeZeroScale, type HvaeModes, type HvaeThresholds } from './problems/vae/hvae-modes.ts';
export { conditionalResidual, regressionOnX } from './problems/vae/conditional.ts';

// Predicates and exact frames.
export * from './predicates/collapse.ts';
export { simplexEtf, scaledOrthogonalFrame } from './predicates/frames.ts';
export type { Measurement } from './predicates/predicate.ts';

// Instance generators (fast-check arbitraries) for user claims.
export { balancedUfmCe, logUniform, uniform, thresholdRatio } from './instances/ufm-ce.ts';

// Linear algebra and symbolic helpers a claim may need.
export * as linalg from './linalg/index.ts';
export { evaluateExprs, toLatex, type Scope } from './symbolic/expr.ts';
export { ncMetrics, type NcMetricsOptions, type FeatureInput, type LabelInput, type MatrixInput } from './metrics/nc-metrics.ts';
