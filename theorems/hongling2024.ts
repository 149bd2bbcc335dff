/**
 * Hong & Ling. "Neural Collapse for Unconstrained Feature Model under Cross-entropy Loss with
 * Imbalanced Data." JMLR 2024. Catalogue section: hongling2024 (docs/catalogue.md).
 *
 * Problem: the zhu2021 UFM f(W, H, b) with general n_k and all lambda > 0, lambdaZ =
 * sqrt(lambdaW lambdaH). For d >= K it is equivalent to the convex UFM-Z problem; the claims are
 * stated on UFM-Z's minimiser Z_bar (K x K class-mean logits) and checked here on certified
 * minimisers of the non-convex f, with Z_bar = W H_bar. The optimal value `Fz` is UFM-Z's,
 * computed by the convex solver (src/ground-truth/ufm-z.ts) and certified by its duality gap: the
 * non-convex solve reaching it and never going below it is the convex/non-convex cross-check.
 *
 * Symbols (src/ground-truth/ufm-z-symbols.ts): ufm-ce's, lambdaZ, Fz, the two-cluster kA, kB,
 * nA, nB, and per cluster the vectors Nj (counts N_1 > N_2 > ...) and kj (classes per cluster).
 */
import fc from 'fast-check';
import { avoidingThresholds, crowdingThresholds, nearOneOf } from '../src/instances/bands.ts';
import {
  anyProfile,
  awayFromClusterThresholds,
  balancedProfile,
  clusterProfile,
  clusterThresholds,
  majorityThreshold,
  stepProfile,
  straddling,
  ufmCeByMinority,
} from '../src/instances/imbalanced.ts';
import { logUniform } from '../src/instances/ufm-ce.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { defineStudy, type ThresholdStudySpec } from '../src/engine/study.ts';
import { centering, diag, eye, frobNorm, matmul, scale, sub, transpose, type Mat } from '../src/linalg/matrix.ts';
import { psdSqrt } from '../src/linalg/eigen.ts';
import { gramMatches } from '../src/predicates/collapse.ts';
import {
  blockRankAtMostOne,
  clusterCollapseMatches,
  scaledSimplexLogits,
  withinClassCollapseOrZero,
  worstOf,
  zeroLogits,
} from '../src/predicates/cluster-logits.ts';
import { simplexEtf } from '../src/predicates/frames.ts';
import { blockStructure, collapseMatches, matrixMatches, vectorMatches, zeroColumnSums } from '../src/predicates/logits.ts';
import { classClusters, majorityClasses, minorityClasses } from '../src/problems/ufm-ce/clusters.ts';
import { ufmCePoint } from '../src/problems/ufm-ce/point.ts';
import { ufmCe, type UfmCeInstance } from '../src/problems/ufm-ce/problem.ts';
import { factorisationGram, solveUfmZ, ufmZGroundTruth } from '../src/ground-truth/ufm-z.ts';
import { ufmZSymbols } from '../src/ground-truth/ufm-z-symbols.ts';
import { ufmZView, type UfmZView } from '../src/ground-truth/ufm-z-view.ts';
import {
  describeProfile,
  etfDistanceAt,
  profileCounts,
  switchBracket,
  watchedClusterCollapsed,
  type ClusterThresholdConfig,
  type Thm5Config,
} from '../src/ground-truth/ufm-z-clusters.ts';

const citation = 'W. Hong, S. Ling. Neural Collapse for Unconstrained Feature Model under Cross-entropy Loss with Imbalanced Data. JMLR 25 (2024).';

/** What the claims share: the paper, the kind, the problem with its UFM-Z symbols and view. */
const hongLing = {
  paper: 'Hong & Ling 2024',
  citation,
  confidence: ['paper'],
  kind: 'global-minimiser',
  problem: ufmCe,
  symbols: ufmZSymbols,
  view: ufmZView,
} as const;

const allLambdasPositive = 'bias == 0 or lambdaB > 0';
/** The UFM's features are free (not the ReLU model H >= 0 of dang2024relu). */
const freeFeatures = 'nonnegative == 0';

// ---------------------------------------------------------------------------------------------
// Thm 2: uniqueness, NC1, column sums, block structure, balanced closed form, factorisation.

const thm2Checks: Check<UfmCeInstance, UfmZView>[] = [
  { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', measure: (v) => withinClassCollapseOrZero(v.H, v.labels, v.Hbar) },
  { name: 'zero column sums', claim: '1^T Z_bar = 0', measure: (v) => zeroColumnSums(v.Z, v.sens) },
  {
    name: 'unique logits (= convex UFM-Z minimiser)',
    claim: 'W H_bar = Z_bar* of UFM-Z',
    measure: (v, _p, i) => matrixMatches(v.Z, ufmZGroundTruth(i).Zbar, 'Z_bar*', v.sens),
  },
  {
    name: 'unique bias (= convex UFM-Z minimiser)',
    claim: 'b = b* of UFM-Z',
    when: (i) => i.bias,
    measure: (v, _p, i) => vectorMatches(v.b!, ufmZGroundTruth(i).b, 'b*'),
  },
  {
    name: 'block structure',
    claim: "Z_bar = sum_j a_j I_Gj + sum a_jj' 1 1^T, b = sum_j c_j 1_Gj",
    measure: (v, _p, i) => blockStructure(v.Z, v.b, i.n, v.sens),
  },
];

const factorisationCheck: Check<UfmCeInstance, UfmZView> = {
  name: 'factorisation',
  claim: 'W W^T = (lambdaH/lambdaW)^{1/2} U S U^T, U S V^T = Z_bar* D^{1/2}',
  measure: (v, p, i) => gramMatches(v.W, scale(factorisationGram(ufmZGroundTruth(i).Zbar, i.n), p.num('wScale')), '(lambdaH/lambdaW)^{1/2} U S U^T'),
};

/**
 * The class-mean side of Thm 2's factorisation: H_bar = Q^T S^{1/2} V^T D^{-1/2} scaled by
 * (lambdaW/lambdaH)^{1/4}, so H_bar^T H_bar = (lambdaW/lambdaH)^{1/2} D^{-1/2} V S V^T D^{-1/2},
 * with V S V^T = (M^T M)^{1/2}, M = Z_bar* D^{1/2}.
 */
function factorisationMeanGram(Zbar: Mat, n: readonly number[]): Mat {
  const M = matmul(Zbar, diag(n.map(Math.sqrt)));
  const Dm = diag(n.map((v) => 1 / Math.sqrt(v)));
  return matmul(matmul(Dm, psdSqrt(matmul(transpose(M), M))), Dm);
}

const factorisationMeansCheck: Check<UfmCeInstance, UfmZView> = {
  name: 'factorisation (class means)',
  claim: 'H_bar^T H_bar = (lambdaW/lambdaH)^{1/2} D^{-1/2} V S V^T D^{-1/2}',
  measure: (v, p, i) =>
    gramMatches(
      transpose(v.Hbar),
      scale(factorisationMeanGram(ufmZGroundTruth(i).Zbar, i.n), p.num('hScale')),
      '(lambdaW/lambdaH)^{1/2} D^{-1/2} V S V^T D^{-1/2}',
    ),
};

/** Imbalanced instances of every profile plus balanced ones (the closed form), t = N lambdaZ / sqrt(n_min) in [0.3, 3]. */
const thm2Instances = (dOffset: [number, number]) =>
  ufmCeByMinority(fc.oneof({ weight: 3, arbitrary: anyProfile() }, { weight: 1, arbitrary: balancedProfile() }), () => logUniform(0.3, 3), { dOffset });

export const hongLingThm2 = defineTheorem<UfmCeInstance, UfmZView>({
  id: 'hongling2024.thm2',
  clauses: [
    { text: 'Problem: the zhu2021 f with general n_k, all lambda > 0.', assumption: 'allLambdasPositive' },
    { text: '(free features)', assumption: 'freeFeatures' },
    {
      text: 'For d >= K it is equivalent to the convex problem (UFM-Z) min (1/N) sum CE(z_{k,i} + b, k) + lambda_Z ||Z||_* + lambda_b/2 ||b||^2, Z = W H.',
      checkedBy: ['optimum', 'unique logits (= convex UFM-Z minimiser)'],
      note: 'the certified non-convex solves reach the certified convex optimum Fz and its logits',
    },
    {
      text: 'per class, ||Z||_* = ||Z_bar D^{1/2}||_* at collapsed points',
      checkedBy: ['optimum'],
      note: 'the convex ground truth solves the class-level problem with this norm; the full solves reaching its value check it',
    },
    { text: 'd >= K', assumption: 'dimension' },
    {
      text: '(UFM-Z) has a unique global minimiser;',
      checkedBy: ['unique logits (= convex UFM-Z minimiser)', 'unique bias (= convex UFM-Z minimiser)'],
      note: 'every certified start reaches the one convex minimiser',
    },
    { text: 'NC1 holds (z_{k,i} = z_k);', checkedBy: ['NC1'] },
    { text: 'each column of Z_bar sums to 0.', checkedBy: ['zero column sums'] },
    {
      text: 'Block structure: for clusters Gamma_j = {k : n_k = N_j}, Z_bar is constant within blocks; b = sum_j c_j 1_{Gamma_j}.',
      checkedBy: ['block structure'],
    },
    {
      text: 'Balanced: Z_bar = a (K I - J), b = 0; a = 0 if N lambda_Z >= sqrt(N/K), else a = (1/K) log(sqrt(K) / (sqrt(N) lambda_Z) - K + 1).',
      checkedBy: ['hongling2024.thm2-balanced'],
    },
    {
      text: 'Factorisation (d >= K): with the SVD Z_bar D^{1/2} = U S V^T, a minimiser has W = U S^{1/2} Q (scaled by (lambda_H/lambda_W)^{1/4}),',
      checkedBy: ['factorisation'],
    },
    {
      text: 'and H_bar = Q^T S^{1/2} V^T D^{-1/2} (scaled by (lambda_W/lambda_H)^{1/4}), so W H_bar = Z_bar.',
      checkedBy: ['factorisation (class means)', 'unique logits (= convex UFM-Z minimiser)'],
    },
    { text: 'In particular W W^T = (lambda_H/lambda_W)^{1/2} U S U^T.', checkedBy: ['factorisation'] },
  ],
  ...hongLing,
  section: 'Thm 2',
  statement:
    'd >= K, all lambda > 0: the UFM has the convex UFM-Z optimum; every global minimiser has NC1, the unique Z_bar (zero column sums, cluster-block structure; a (K I - J) with the closed-form a when balanced) and W W^T = (lambdaH/lambdaW)^{1/2} U S U^T.',
  assumptions: { dimension: 'd >= K', allLambdasPositive, freeFeatures },
  predictions: { optimum: 'Fz', wScale: 'sqrt(lambdaH / lambdaW)', hScale: 'sqrt(lambdaW / lambdaH)' },
  checks: [...thm2Checks, factorisationCheck, factorisationMeansCheck],
  instances: thm2Instances([0, 2]),
  candidates: thm2Instances([-1, 2]),
  variants: [
    {
      name: 'factorisation scale inverted',
      description: 'W W^T = (lambdaW/lambdaH)^{1/2} U S U^T: the rescaling between W and H_bar the wrong way round',
      predictions: { wScale: 'sqrt(lambdaW / lambdaH)' },
    },
    {
      name: 'class-mean factorisation scale inverted',
      description: 'H_bar^T H_bar = (lambdaH/lambdaW)^{1/2} D^{-1/2} V S V^T D^{-1/2}: the class means rescaled like W',
      predictions: { hScale: 'sqrt(lambdaH / lambdaW)' },
    },
  ],
});

/**
 * The claimed balanced minimiser from the factorisation of Thm 2: with M = Z_bar D^{1/2} =
 * sqrt(n) a K C, W W^T = (lambdaH/lambdaW)^{1/2} sqrt(n) a K C (a simplex ETF with squared norms
 * (lambdaH/lambdaW)^{1/2} sqrt(n) a (K-1)) and h_k = (lambdaW/lambdaH)^{1/2} / sqrt(n) w_k, so
 * that W H_bar = a K C = a (K I - J); b = 0.
 */
function balancedMinimiser(inst: UfmCeInstance, p: Predictions): Float64Array | { impossible: string } {
  const { K, d, lambdaW, lambdaH } = inst;
  const n = inst.n[0];
  const a = p.num('a');
  if (a < 0) return { impossible: `the claimed a = ${a} is negative` };
  const W = simplexEtf(K, d, Math.sqrt(lambdaH / lambdaW) * Math.sqrt(n) * a * (K - 1));
  return ufmCePoint(inst, { W, Hbar: scale(transpose(W), Math.sqrt(lambdaW / lambdaH) / Math.sqrt(n)) });
}

/** Balanced counts; t = N lambdaZ / sqrt(n) (the zero threshold is t = 1) in [0.2, 2]. */
const balancedInstances = (dOffset: [number, number]) => ufmCeByMinority(balancedProfile(), () => logUniform(0.2, 2), { dOffset });

export const hongLingThm2Balanced = defineTheorem<UfmCeInstance, UfmZView>({
  id: 'hongling2024.thm2-balanced',
  clauses: [
    { text: 'Balanced (n_k = n):', assumption: 'balanced' },
    { text: 'd >= K, all lambda > 0, free features', assumption: 'dimension' },
    { text: '(all lambda > 0)', assumption: 'allLambdasPositive' },
    { text: '(free features)', assumption: 'freeFeatures' },
    { text: 'Z_bar = a (K I - J), b = 0;', checkedBy: ['balanced closed form', 'unique logits (= convex UFM-Z minimiser)'] },
    {
      text: 'a = 0 if N lambda_Z >= sqrt(N/K), else a = (1/K) log(sqrt(K) / (sqrt(N) lambda_Z) - K + 1).',
      checkedBy: ['balanced closed form', 'claimed minimiser'],
    },
    { text: '[derived] optimal value log(1 + (K-1) e^{-K a}) + lambda_Z a K (K-1) sqrt(N/K).', checkedBy: ['optimum', 'claimed minimiser'] },
  ],
  ...hongLing,
  section: 'Thm 2 (balanced case)',
  statement:
    'balanced, d >= K, all lambda > 0: Z_bar = a (K I - J), b = 0, a = 0 iff N lambdaZ >= sqrt(N/K), else a = (1/K) log(sqrt(K)/(sqrt(N) lambdaZ) - K + 1); optimum log(1 + (K-1) e^{-K a}) + lambdaZ a K (K-1) sqrt(N/K).',
  assumptions: { balanced: 'nmin == nmax', dimension: 'd >= K', allLambdasPositive, freeFeatures },
  predictions: {
    a: 'N * lambdaZ >= sqrt(N / K) ? 0 : (1 / K) * log(sqrt(K) / (sqrt(N) * lambdaZ) - K + 1)',
    // ||a (K I - J) D^{1/2}||_* = a K (K - 1) sqrt(n): K - 1 singular values a K sqrt(n).
    optimum: 'log(1 + (K - 1) * exp(-K * a)) + lambdaZ * a * K * (K - 1) * sqrt(N / K)',
  },
  construct: balancedMinimiser,
  // A claim of its own, so that the closed form's constants are mutated on balanced instances only.
  checks: [
    { name: 'balanced closed form', claim: 'Z_bar = a (K I - J), b = 0', measure: (v, p) => scaledSimplexLogits(v.Z, v.b, p.num('a'), v.sens) },
    thm2Checks[2],
  ],
  instances: balancedInstances([0, 2]),
  candidates: balancedInstances([-1, 2]),
  variants: [
    {
      name: 'balanced closed form with N in place of sqrt(N)',
      description: 'a = (1/K) log(sqrt(K)/(N lambdaZ) - K + 1): the sample count entering without its square root',
      predictions: { a: 'N * lambdaZ >= sqrt(N / K) ? 0 : (1 / K) * log(sqrt(K) / (N * lambdaZ) - K + 1)' },
    },
    {
      name: 'zero threshold at N lambdaZ >= sqrt(N)',
      description: 'Z_bar = 0 claimed from N lambdaZ >= sqrt(N) on (the class count dropped)',
      predictions: { a: 'N * lambdaZ >= sqrt(N) ? 0 : (1 / K) * log(sqrt(K) / (sqrt(N) * lambdaZ) - K + 1)' },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Cor 4: sharp minority-collapse threshold.

const minorityCollapse = (name: string) => (v: UfmZView, p: Predictions, i: UfmCeInstance) =>
  collapseMatches(v.Z, minorityClasses(i.n), p.bool(name), v.sens, 'minority classes');

/** Two clusters; t = N lambdaZ / sqrt(n_B) straddling 1 with a relative `margin`, or (margin 0) anywhere in [0.3, 3]. */
const cor4Instances = (margin: number) =>
  ufmCeByMinority(stepProfile(), (p) => (margin > 0 ? straddling(0.3, 1.5 * majorityThreshold(p), margin) : logUniform(0.3, 3)), { dOffset: [0, 1] });

export const hongLingCor4 = defineTheorem<UfmCeInstance, UfmZView>({
  id: 'hongling2024.cor4',
  clauses: [
    { text: 'Two clusters: k_A >= 2 majority classes of n_A samples, k_B >= 2 minority classes of n_B < n_A samples.', assumption: 'twoClusters' },
    { text: 'd >= K', assumption: 'dimension' },
    { text: '(all lambda > 0)', assumption: 'allLambdasPositive' },
    { text: '(free features)', assumption: 'freeFeatures' },
    {
      text: "the minority classes' mean logit vectors coincide (minority collapse) iff N lambda_Z > sqrt(n_B).",
      checkedBy: ['minority collapse iff N lambdaZ > sqrt(nB)', 'hongling2024.cor4.switch'],
    },
    {
      text: 'Equivalently r = n_A / n_B >= (1/k_A) (1/(lambda_Z sqrt n_B) - k_B).',
      checkedBy: ['minority collapse iff r >= (1/kA)(1/(lambdaZ sqrt nB) - kB)'],
    },
  ],
  ...hongLing,
  section: 'Cor 4',
  statement:
    "two clusters (k_A, k_B >= 2, n_A > n_B), d >= K: the minority classes' mean logit vectors coincide iff N lambdaZ > sqrt(n_B), equivalently r >= (1/k_A)(1/(lambdaZ sqrt n_B) - k_B).",
  assumptions: { twoClusters: 'kA >= 2 and kB >= 2', dimension: 'd >= K', allLambdasPositive, freeFeatures },
  predictions: {
    collapse: 'N * lambdaZ > nB^(1 / 2)',
    collapseR: 'nA / nB >= (1 / kA) * (1 / (lambdaZ * sqrt(nB)) - kB)',
    optimum: 'Fz',
  },
  checks: [
    {
      name: 'minority collapse iff N lambdaZ > sqrt(nB)',
      claim: "z_k = z_k' for all minority k, k' iff N lambdaZ > sqrt(n_B)",
      measure: minorityCollapse('collapse'),
    },
    {
      name: 'minority collapse iff r >= (1/kA)(1/(lambdaZ sqrt nB) - kB)',
      claim: 'the equivalent condition on r = n_A / n_B',
      measure: minorityCollapse('collapseR'),
    },
  ],
  // Only class-level logits are checked (no NC1): the exact class reduction decides the same (tests/engine/claim-solve.test.ts).
  solveMode: 'reduced',
  // Keep 3% away from the threshold: the minority spread grows like the square root of the
  // distance to it, so closer in the non-collapse side needs finer resolution than a check has.
  instances: cor4Instances(0.03),
  candidates: cor4Instances(0),
  variants: [
    {
      name: 'threshold on the majority class',
      description: 'minority collapse iff N lambdaZ > sqrt(n_A)',
      predictions: { collapse: 'N * lambdaZ > sqrt(nA)', collapseR: 'N * lambdaZ > sqrt(nA)' },
    },
    {
      name: 'threshold on the mean class size',
      description: 'minority collapse iff N lambdaZ > sqrt(N/K) (the balanced zero threshold)',
      predictions: { collapse: 'N * lambdaZ > sqrt(N / K)', collapseR: 'N * lambdaZ > sqrt(N / K)' },
    },
    {
      name: 'r-form with k_A and k_B swapped',
      description: 'r >= (1/k_B)(1/(lambdaZ sqrt n_B) - k_A)',
      predictions: { collapse: 'nA / nB >= (1 / kB) * (1 / (lambdaZ * sqrt(nB)) - kA)', collapseR: 'nA / nB >= (1 / kB) * (1 / (lambdaZ * sqrt(nB)) - kA)' },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Thm 3: two-cluster regimes of N lambdaZ.

const between = (_i: UfmCeInstance, p: Predictions) => !p.bool('noCollapse') && !p.bool('zero');
const majorityDistinct = (v: UfmZView, i: UfmCeInstance) => collapseMatches(v.Z, majorityClasses(i.n), false, v.sens, 'majority classes');

const thm3Checks: Check<UfmCeInstance, UfmZView>[] = [
  {
    name: 'no class collapses',
    claim: 'N lambdaZ <= sqrt(n_B): minority and majority logits all distinct',
    when: (_i, p) => p.bool('noCollapse'),
    measure: (v, _p, i) => worstOf([collapseMatches(v.Z, minorityClasses(i.n), false, v.sens, 'minority classes'), majorityDistinct(v, i)]),
  },
  {
    name: 'minority block rank <= 1',
    claim: 'sqrt(n_B) < N lambdaZ < sqrt(n_A): the minority block of Z_bar has rank one or zero',
    when: between,
    measure: (v, _p, i) => blockRankAtMostOne(v.Z, minorityClasses(i.n), v.sens),
  },
  {
    name: 'majority classes distinct',
    claim: 'sqrt(n_B) < N lambdaZ < sqrt(n_A): the majority logits stay distinct',
    when: between,
    measure: (v, _p, i) => majorityDistinct(v, i),
  },
  { name: 'zero logits', claim: 'N lambdaZ > sqrt(n_A): Z_bar = 0', when: (_i, p) => p.bool('zero'), measure: (v) => zeroLogits(v.Z, v.sens) },
];

/**
 * Two clusters; t = N lambdaZ / sqrt(n_B) in all three regimes, kept `margin` away from both
 * thresholds 1 and sqrt(n_A/n_B), or (margin 0, the mutation pool) crowding both, where
 * slightly moved thresholds differ.
 */
const thm3Instances = (margin: number) =>
  ufmCeByMinority(
    stepProfile({ ratio: [2, 8] }),
    (p) => {
      const thresholds = [1, majorityThreshold(p)];
      const range = [0.3, 1.5 * thresholds[1]] as const;
      return margin > 0 ? avoidingThresholds(thresholds, range, margin) : crowdingThresholds(thresholds, range, [0.95, 1.05]);
    },
    { dOffset: [0, 1] },
  );

export const hongLingThm3 = defineTheorem<UfmCeInstance, UfmZView>({
  id: 'hongling2024.thm3',
  clauses: [
    { text: 'k_A >= 2 majority classes of n_A samples, k_B >= 2 minority classes of n_B < n_A samples.', assumption: 'twoClusters' },
    { text: 'd >= K', assumption: 'dimension' },
    { text: '(all lambda > 0)', assumption: 'allLambdasPositive' },
    { text: '(free features)', assumption: 'freeFeatures' },
    {
      text: 'N lambda_Z <= min(sqrt n_A, sqrt n_B): all four block parameters positive (no class collapses).',
      checkedBy: ['no class collapses'],
      note: 'checked as: minority and majority mean logits all distinct; the sign of each block parameter is not checked',
    },
    {
      text: 'strictly between sqrt n_B and sqrt n_A: the minority block is rank one or zero',
      checkedBy: ['minority block rank <= 1', 'majority classes distinct'],
    },
    {
      text: '(which one depends on lambda_b through a scalar xi; bias-free corresponds to lambda_b = infinity).',
      unchecked: 'the catalogue does not give xi, so whether the block is rank one or zero is not predicted, only that its rank is at most one',
    },
    { text: 'N lambda_Z > sqrt n_A: Z_bar = 0.', checkedBy: ['zero logits'] },
  ],
  ...hongLing,
  section: 'Thm 3',
  statement:
    'two clusters (k_A, k_B >= 2, n_A > n_B), d >= K: N lambdaZ <= sqrt(n_B): no class collapses; sqrt(n_B) < N lambdaZ < sqrt(n_A): the minority block has rank <= 1 (the majority stays distinct); N lambdaZ > sqrt(n_A): Z_bar = 0.',
  assumptions: { twoClusters: 'kA >= 2 and kB >= 2', dimension: 'd >= K', allLambdasPositive, freeFeatures },
  predictions: { noCollapse: 'N * lambdaZ <= nB^(1 / 2)', zero: 'N * lambdaZ > nA^(1 / 2)', optimum: 'Fz' },
  checks: thm3Checks,
  // Only class-level logits are checked (no NC1): the exact class reduction decides the same (tests/engine/claim-solve.test.ts).
  solveMode: 'reduced',
  instances: thm3Instances(0.03),
  candidates: thm3Instances(0),
  variants: [
    {
      name: 'regimes with n_A and n_B swapped',
      description: 'no collapse below sqrt(n_A), zero above sqrt(n_B)',
      predictions: { noCollapse: 'N * lambdaZ <= sqrt(nA)', zero: 'N * lambdaZ > sqrt(nB)' },
    },
    {
      name: 'zero threshold at the balanced value sqrt(N/K)',
      description: 'Z_bar = 0 from N lambdaZ > sqrt(N/K) on',
      predictions: { zero: 'N * lambdaZ > sqrt(N / K)' },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Thm 6: imbalanced landscape, d > K.

export const hongLingThm6 = defineTheorem<UfmCeInstance, UfmZView>({
  clauses: [
    { text: 'for d > K', assumption: 'dimension' },
    { text: '(all lambda > 0)', assumption: 'allLambdasPositive' },
    { text: '(free features)', assumption: 'freeFeatures' },
    {
      text: 'the imbalanced landscape is strict-saddle (as zhu2021.landscape)',
      checkedBy: ['spurious minima', 'unique logits (= convex UFM-Z minimiser)', 'NC1'],
      note: 'as zhu2021.landscape: only critical points the solver ends at are seen',
    },
  ],
  id: 'hongling2024.thm6',
  ...hongLing,
  section: 'Thm 6',
  statement:
    'd > K, all lambda > 0, imbalanced: no spurious local minima; every second-order stationary point reached has the UFM-Z optimal value and its logits.',
  kind: 'landscape',
  assumptions: { dimension: 'd > K', allLambdasPositive, freeFeatures },
  predictions: { optimum: 'Fz' },
  checks: thm2Checks.filter((c) => c.name === 'NC1' || c.name.startsWith('unique logits')),
  instances: thm2Instances([1, 2]),
  candidates: thm2Instances([-2, 2]),
  solve: { starts: 6, scales: [1, 0.01, 3] },
  variants: [
    {
      name: 'landscape claimed for d = K - 2',
      description: 'the same conclusion asserted where W H_bar cannot reach the rank of Z_bar*',
      assumptions: { dimension: 'd >= K - 2', allLambdasPositive, freeFeatures },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Extension (not in the paper): per-cluster thresholds with three or more clusters.

/**
 * Three or four clusters; t = N lambdaZ / sqrt(n_min) over all regimes, kept `margin` away from
 * every cluster's threshold, or (margin 0, the mutation pool) within 5% of a random cluster's
 * threshold so that slightly moved thresholds have instances between them.
 */
const clusterInstances = (margin: number) =>
  awayFromClusterThresholds(
    ufmCeByMinority(
      clusterProfile({ clusters: [3, 4] }),
      (p) => (margin > 0 ? logUniform(0.3, 1.3 * majorityThreshold(p)) : nearOneOf(clusterThresholds(p), [0.95, 1.05])),
      { dOffset: [0, 1] },
    ),
    margin,
  );

export const hongLingClusters = defineTheorem<UfmCeInstance, UfmZView>({
  clauses: [
    { text: 'Extension worth testing (not in the paper): with three or more clusters,', assumption: 'threeOrMoreClusters' },
    { text: 'd >= K', assumption: 'dimension' },
    { text: '(all lambda > 0)', assumption: 'allLambdasPositive' },
    { text: '(free features)', assumption: 'freeFeatures' },
    {
      text: "cluster j's classes collapse iff N lambda_Z > sqrt(N_j).",
      checkedBy: ['cluster j collapses iff N lambdaZ > sqrt(N_j)', 'hongling2024.clusters.switch'],
    },
  ],
  id: 'hongling2024.clusters',
  ...hongLing,
  paper: 'Hong & Ling 2024 (extension)',
  section: 'extension of Cor 4',
  statement: "three or more clusters, d >= K: cluster j's classes collapse (equal mean logits) iff N lambdaZ > sqrt(N_j).",
  confidence: ['derived'],
  confidenceNote: 'an extension of Cor 4 to three or more clusters, not in the paper',
  status: 'conjecture',
  assumptions: { threeOrMoreClusters: 'clusters >= 3', dimension: 'd >= K', allLambdasPositive, freeFeatures },
  // One flag per cluster, N_1 > N_2 > ...
  predictions: { collapse: 'N * lambdaZ > Nj .^ (1 / 2)', optimum: 'Fz' },
  checks: [
    {
      name: 'cluster j collapses iff N lambdaZ > sqrt(N_j)',
      claim: "z_k = z_k' within cluster j iff N lambdaZ > sqrt(N_j), for every cluster j",
      measure: (v, p, i) => clusterCollapseMatches(v.Z, classClusters(i.n).classes, p.flags('collapse'), v.sens),
    },
  ],
  instances: clusterInstances(0.03),
  candidates: clusterInstances(0),
  variants: [
    {
      name: "every cluster on the smallest cluster's threshold",
      description: 'cluster j collapses iff N lambdaZ > sqrt(N_min) (one threshold for all)',
      predictions: { collapse: 'N * lambdaZ > ones(size(Nj)) * sqrt(min(Nj))' },
    },
    {
      name: 'thresholds shifted one cluster up',
      description: 'cluster j collapses iff N lambdaZ > sqrt(N_{j-1}) (cluster 1 unchanged)',
      predictions: { collapse: 'N * lambdaZ > concat([Nj[1]], Nj[1:end-1]) .^ (1 / 2)' },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Threshold studies (`ncverify threshold ID`): bisection on N lambdaZ over certified convex
// UFM-Z minimisers (duality gap), for the switch point of one cluster's collapse.

function clusterThresholdStudy(
  of: string,
  section: string,
  statement: string,
  configurations: ClusterThresholdConfig[],
): ThresholdStudySpec<ClusterThresholdConfig> {
  const extension = of === 'hongling2024.clusters';
  return defineStudy<ClusterThresholdConfig>({
    id: `${of}.switch`,
    of,
    paper: 'Hong & Ling 2024',
    citation,
    section,
    statement,
    clauses: [
      {
        text: extension
          ? "cluster j's classes collapse iff N lambda_Z > sqrt(N_j) (the switch point of each cluster)"
          : "the minority classes' mean logit vectors coincide iff N lambda_Z > sqrt(n_B) (the switch point)",
        checkedBy: [`${of}.switch`],
        note: 'bisection on N lambdaZ over certified convex UFM-Z minimisers',
      },
    ],
    confidence: extension ? ['derived'] : ['paper'],
    ...(extension ? { status: 'conjecture' as const } : {}),
    kind: 'threshold',
    parameter: 'N lambdaZ',
    property: 'the watched cluster collapses',
    configurations,
    // The claim: the watched cluster switches at N lambdaZ = sqrt(N_watch).
    predicted: (c) => Math.sqrt(c.counts[c.watch]),
    describe: describeProfile,
    bracket: switchBracket,
    probe: watchedClusterCollapsed,
    variants: [
      {
        name: "switch at the largest cluster's threshold",
        description: 'the watched cluster collapses iff N lambdaZ > sqrt(N_1) (the majority count)',
        predicted: (c) => Math.sqrt(c.counts[0]) * (c.watch === 0 ? 1.2 : 1),
      },
      {
        name: 'switch at the balanced value sqrt(N/K)',
        description: 'the watched cluster collapses iff N lambdaZ > sqrt(N/K)',
        predicted: (c) => Math.sqrt(profileCounts(c).reduce((a, b) => a + b, 0) / profileCounts(c).length),
      },
    ],
  });
}

/** Cor 4 on two clusters: (k_A, k_B, n_A, n_B) with and without a bias. */
export const cor4Threshold = clusterThresholdStudy(
  'hongling2024.cor4',
  'Cor 4',
  'two clusters: the minority classes collapse iff N lambdaZ > sqrt(n_B); bisection on N lambdaZ over certified UFM-Z minimisers locates the switch.',
  [
    { sizes: [2, 2], counts: [10, 2], watch: 1, bias: true, lambdaB: 0.01 },
    { sizes: [3, 3], counts: [20, 5], watch: 1, bias: true, lambdaB: 0.1 },
    { sizes: [2, 3], counts: [8, 3], watch: 1, bias: false, lambdaB: 0 },
    { sizes: [3, 2], counts: [30, 4], watch: 1, bias: true, lambdaB: 0 },
    { sizes: [4, 4], counts: [6, 1], watch: 1, bias: true, lambdaB: 1 },
    { sizes: [2, 4], counts: [50, 10], watch: 1, bias: false, lambdaB: 0 },
    { sizes: [5, 5], counts: [10, 1], watch: 1, bias: true, lambdaB: 0.01 },
    { sizes: [3, 2], counts: [12, 5], watch: 1, bias: false, lambdaB: 0 },
  ],
);

/** The extension: every cluster's switch point with three clusters. */
export const clustersThreshold = clusterThresholdStudy(
  'hongling2024.clusters',
  'extension of Cor 4',
  "three or four clusters: cluster j collapses iff N lambdaZ > sqrt(N_j); bisection on N lambdaZ locates each cluster's switch.",
  [
    ...[0, 1, 2].map((watch) => ({ sizes: [2, 2, 2], counts: [20, 8, 2], watch, bias: true, lambdaB: 0.01 })),
    ...[0, 1, 2].map((watch) => ({ sizes: [3, 2, 2], counts: [30, 10, 3], watch, bias: false, lambdaB: 0 })),
    ...[1, 2, 3].map((watch) => ({ sizes: [2, 2, 2, 2], counts: [40, 15, 5, 2], watch, bias: true, lambdaB: 0.1 })),
  ],
);

// ---------------------------------------------------------------------------------------------
// Thm 5: imbalance fades as N grows (asymptotic claim, src/engine/asymptotic.ts). Fix r, k_A, k_B
// and N lambdaZ = lambda < sqrt(n_B); double N (n_B = n_B0 2^j, n_A = r n_B); the certified UFM-Z
// minimiser's Z_bar, normalised, approaches the ETF shape (K I - J) at rate O(1 / log N).

export const thm5Asymptotic = defineStudy<Thm5Config>({
  clauses: [
    {
      text: 'Fix r, k_A, k_B and N lambda_Z = lambda < sqrt(n_B); let N -> infinity (lambda_b^{-1} = o(sqrt(N) log N)).',
      assumption:
        'every configuration fixes r, k_A, k_B and N lambdaZ = lambda < sqrt(n_B) along N = (k_A r + k_B) n_B0 4^j, bias-free (lambda_b = infinity) or with lambda_b fixed',
    },
    {
      text: 'Then the block parameters of Z_bar approach an ETF at rate O(1/log N),',
      checkedBy: ['hongling2024.thm5'],
      note: 'a finite sequence cannot refute an O(.) bound: fitted exponents are reported',
    },
    {
      text: '"and so do the corresponding classifier W and class-mean matrix H_bar".',
      checkedBy: ['hongling2024.thm5.classifier', 'hongling2024.thm5.means'],
      note: "finding: false as catalogued. By Thm 2's factorisation W W^T ~ (Z_bar D Z_bar^T)^{1/2}, which tends to (C D C)^{1/2} (not the ETF Gram C while r != 1) as Z_bar tends to the ETF shape; the measured Grams approach those imbalanced limits (hongling2024.thm5.classifier-limit, .means-limit pass) while their distance from the ETF levels off (W) or grows (H_bar)",
    },
  ],
  id: 'hongling2024.thm5',
  paper: 'Hong & Ling 2024',
  citation,
  section: 'Thm 5',
  statement:
    'fix r, k_A, k_B and N lambdaZ = lambda < sqrt(n_B): as N grows the normalised class-mean logits Z_bar approach the simplex-ETF shape (K I - J) at rate O(1/log N).',
  confidence: ['paper'],
  kind: 'asymptotic',
  parameter: 'N',
  rate: '1/log N',
  claimedExponent: 1,
  deviation: '|| Z_bar / ||Z_bar||_F - (K I - J) / ||K I - J||_F ||_F',
  configurations: [
    { kA: 2, kB: 2, r: 4, lambda: 0.5, nB0: 1, bias: false, lambdaB: 0 },
    { kA: 3, kB: 2, r: 10, lambda: 0.8, nB0: 1, bias: true, lambdaB: 0.1 },
    { kA: 2, kB: 3, r: 3, lambda: 1, nB0: 2, bias: false, lambdaB: 0 },
  ],
  describe: (c) => `k_A=${c.kA} k_B=${c.kB} r=${c.r} N lambdaZ=${c.lambda} ${c.bias ? `λb=${c.lambdaB}` : 'no-bias'}`,
  sequence: (c) => Array.from({ length: 7 }, (_, j) => (c.kA * c.r + c.kB) * c.nB0 * 4 ** j),
  evaluate: (c, N) => etfDistanceAt(c, N, c.lambda),
  variants: [
    {
      name: 'N lambdaZ growing with N',
      description: 'lambdaZ held fixed instead of N lambdaZ: every threshold is crossed as N grows, the logits go to 0, not to an ETF',
      evaluate: (c, N) => etfDistanceAt(c, N, (c.lambda * N) / ((c.kA * c.r + c.kB) * c.nB0)),
    },
  ],
});

// "and so do the corresponding classifier W and class-mean matrix H_bar": by Thm 2's
// factorisation (checked above), at the certified UFM-Z minimiser W W^T is proportional to
// (M M^T)^{1/2} and H_bar^T H_bar to D^{-1/2} (M^T M)^{1/2} D^{-1/2}, M = Z_bar D^{1/2}. Along
// thm5's sequences their normalised Grams are compared with the simplex-ETF Gram C (the
// catalogue's statement) and, [derived], with their imbalanced limits when Z_bar is exactly the
// ETF shape: (C D C)^{1/2} and D^{-1/2} (D^{1/2} C D^{1/2})^{1/2} D^{-1/2} (SELI-like, as r is fixed).

type FactorSide = 'classifier' | 'means';

/** The normalised Gram of one side at the certified UFM-Z minimiser, distance from a normalised target. */
function factorGramDistanceAt(c: Thm5Config, N: number, side: FactorSide, target: (n: readonly number[]) => Mat) {
  const nB = N / (c.kA * c.r + c.kB);
  const n = [...Array<number>(c.kA).fill(c.r * nB), ...Array<number>(c.kB).fill(nB)];
  const sol = solveUfmZ({ problem: 'ufm-z', K: n.length, n, lambdaZ: c.lambda / N, lambdaB: c.lambdaB, bias: c.bias });
  const G = side === 'classifier' ? factorisationGram(sol.Zbar, n) : factorisationMeanGram(sol.Zbar, n);
  const T = target(n);
  const deviation = frobNorm(sub(scale(G, 1 / frobNorm(G)), scale(T, 1 / frobNorm(T))));
  return { t: N, rate: 1 / Math.log(N), deviation, certified: sol.certified };
}

/** The two sides' Grams when Z_bar is exactly the ETF shape K I - J (Thm 2's factorisation of it). */
const etfShapeLimit = (side: FactorSide) => (n: readonly number[]) => {
  const K = n.length;
  const Z = scale(centering(K), K);
  return side === 'classifier' ? factorisationGram(Z, n) : factorisationMeanGram(Z, n);
};

const thm5Configurations = thm5Asymptotic.configurations;

function thm5FactorStudy(side: FactorSide, limit: 'etf' | 'imbalanced') {
  const what = side === 'classifier' ? 'W W^T' : 'H_bar^T H_bar';
  const target = limit === 'etf' ? (n: readonly number[]) => centering(n.length) : etfShapeLimit(side);
  const targetText = limit === 'etf' ? 'C (the simplex-ETF Gram)' : side === 'classifier' ? '(C D C)^{1/2}' : 'D^{-1/2} (D^{1/2} C D^{1/2})^{1/2} D^{-1/2}';
  return defineStudy<Thm5Config>({
    id: `hongling2024.thm5.${side}${limit === 'etf' ? '' : '-limit'}`,
    paper: 'Hong & Ling 2024',
    citation,
    section: 'Thm 5',
    statement:
      limit === 'etf'
        ? `Thm 5's "and so do the corresponding ${side === 'classifier' ? 'classifier W' : 'class-mean matrix H_bar'}": along thm5's sequences the normalised ${what} of the certified minimiser approaches the simplex-ETF Gram at rate O(1/log N).`
        : `[derived] along thm5's sequences the normalised ${what} approaches ${targetText}, its value when Z_bar is exactly the ETF shape (r fixed, so D stays imbalanced).`,
    confidence: limit === 'etf' ? ['paper'] : ['derived'],
    clauses: [
      limit === 'etf'
        ? {
            text: `"and so do the corresponding ${side === 'classifier' ? 'classifier W' : 'class-mean matrix H_bar'}" (approach an ETF as N grows)`,
            checkedBy: [`hongling2024.thm5.${side}`],
            note: "finding: the deviation from the ETF does not shrink (see hongling2024.thm5's clauses)",
          }
        : { text: `[derived] ${what} approaches ${targetText} along thm5's sequences`, checkedBy: [`hongling2024.thm5.${side}-limit`] },
    ],
    kind: 'asymptotic',
    parameter: 'N',
    rate: '1/log N',
    claimedExponent: 1,
    deviation: `|| ${what} / ||${what}||_F - ${targetText} / ||.||_F ||_F`,
    configurations: thm5Configurations,
    describe: (c) => thm5Asymptotic.describe(c),
    sequence: (c) => thm5Asymptotic.sequence(c),
    evaluate: (c, N) => factorGramDistanceAt(c, N, side, target),
    variants: [
      {
        name: 'the identity as the limit',
        description: `${what} normalised converges to I / sqrt(K) (orthogonal, equal-norm vectors)`,
        evaluate: (c, N) => factorGramDistanceAt(c, N, side, (n) => eye(n.length)),
      },
    ],
  });
}

export const thm5Classifier = thm5FactorStudy('classifier', 'etf');
export const thm5Means = thm5FactorStudy('means', 'etf');
export const thm5ClassifierLimit = thm5FactorStudy('classifier', 'imbalanced');
export const thm5MeansLimit = thm5FactorStudy('means', 'imbalanced');

export default [
  hongLingThm2,
  hongLingThm2Balanced,
  hongLingThm3,
  hongLingCor4,
  cor4Threshold,
  thm5Asymptotic,
  thm5Classifier,
  thm5Means,
  thm5ClassifierLimit,
  thm5MeansLimit,
  hongLingThm6,
  hongLingClusters,
  clustersThreshold,
];
