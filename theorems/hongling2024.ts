/**
 * Hong & Ling. "Neural Collapse for Unconstrained Feature Model under Cross-entropy Loss with
 * Imbalanced Data." JMLR 2024. Catalogue section: hongling2024 (../shared/theorems.md).
 *
 * Problem: the zhu2021 UFM f(W, H, b) with general n_k and all lambda > 0, lambdaZ =
 * sqrt(lambdaW lambdaH). For d >= K it is equivalent to the convex UFM-Z problem; the claims are
 * stated on UFM-Z's minimiser Z_bar (K x K class-mean logits) and checked here on certified
 * minimisers of the non-convex f, with Z_bar = W H_bar. The optimal value `Fz` is UFM-Z's,
 * computed by the convex solver (src/ground-truth/ufm-z.ts) and certified by its duality gap: the
 * non-convex solve reaching it and never going below it is the convex/non-convex cross-check.
 */
import fc from 'fast-check';
import { anyProfile, clusterProfile, stepProfile, straddling, ufmCeWith } from '../src/instances/imbalanced.ts';
import { logUniform } from '../src/instances/ufm-ce.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { defineStudy, type ThresholdStudySpec } from '../src/engine/study.ts';
import { psdSqrt, svd } from '../src/linalg/eigen.ts';
import { frobNorm, mat, matmul, transpose, type Mat } from '../src/linalg/matrix.ts';
import { gramMatches, withinClassCollapse } from '../src/predicates/collapse.ts';
import type { Measurement } from '../src/predicates/predicate.ts';
import { simplexEtf } from '../src/predicates/frames.ts';
import {
  ZERO_LOGITS, blockStructure, classLogits, clustersOf, collapseMatches, logitSensitivity, logitSpread, matrixMatches, vectorMatches, zeroColumnSums,
} from '../src/predicates/logits.ts';
import { ufmCe, ufmCeSymbols, type UfmCeInstance } from '../src/problems/ufm-ce/problem.ts';
import { ufmCeView, type UfmCeView } from '../src/problems/ufm-ce/view.ts';
import { solveUfmZ, ufmZOf, type UfmZSolution } from '../src/ground-truth/ufm-z.ts';
import type { Scope } from '../src/symbolic/expr.ts';

const citation = 'W. Hong, S. Ling. Neural Collapse for Unconstrained Feature Model under Cross-entropy Loss with Imbalanced Data. JMLR 25 (2024).';

// The convex solve is deterministic in the instance; the engine and mutate ask for it repeatedly.
const convexCache = new Map<string, UfmZSolution>();

/** The certified UFM-Z minimiser of the instance's class-level problem. */
export function convexSolution(inst: UfmCeInstance): UfmZSolution {
  const z = ufmZOf(inst);
  const key = JSON.stringify(z);
  let s = convexCache.get(key);
  if (!s) {
    s = solveUfmZ(z);
    if (convexCache.size > 2000) convexCache.clear();
    convexCache.set(key, s);
  }
  return s;
}

/** Cluster counts N_1 > N_2 > ... (distinct n_k values) and how many classes each has. */
function clusterCounts(n: readonly number[]): { counts: number[]; sizes: number[] } {
  const counts = [...new Set(n)].sort((a, b) => b - a);
  return { counts, sizes: counts.map((c) => n.filter((v) => v === c).length) };
}

/**
 * Symbols: those of ufm-ce, lambdaZ, Fz (the certified convex optimum; NaN if the convex solve
 * did not certify, which the engine reports), the two-cluster parameters kA, kB, nA, nB (NaN
 * unless there are exactly two clusters) and the cluster counts N1..N4 with their class numbers
 * k1..k4 (Infinity / NaN where absent).
 */
export function hongLingSymbols(inst: UfmCeInstance): Scope {
  const base = ufmCeSymbols(inst);
  const lambdaZ = Math.sqrt(inst.lambdaW * inst.lambdaH);
  const sol = convexSolution(inst);
  const { counts, sizes } = clusterCounts(inst.n);
  const two = counts.length === 2;
  const out: Scope = {
    ...base, lambdaZ, Fz: sol.certified ? sol.objective : NaN,
    kA: two ? sizes[0] : NaN, kB: two ? sizes[1] : NaN, nA: two ? counts[0] : NaN, nB: two ? counts[1] : NaN,
    clusters: counts.length,
  };
  for (let j = 0; j < 4; j++) {
    // Infinity, not NaN, for an absent cluster: mathjs takes NaN^(1/2) to a complex NaN that
    // cannot be compared, while Infinity^(1/2) compares false as it should.
    out[`N${j + 1}`] = j < counts.length ? counts[j] : Infinity;
    out[`k${j + 1}`] = j < counts.length ? sizes[j] : NaN;
  }
  return out;
}

interface LogitView extends UfmCeView {
  readonly Z: Mat;
  readonly sens: number;
}

function logitView(inst: UfmCeInstance, x: Float64Array): LogitView {
  const v = ufmCeView(inst, x);
  const Z = classLogits(v.W, v.Hbar);
  return { ...v, Z, sens: logitSensitivity(v.W, v.Hbar, Z) };
}

const allLambdasPositive = 'bias == 0 or lambdaB > 0';

// ---------------------------------------------------------------------------------------------
// Thm 2: uniqueness, NC1, column sums, block structure, balanced closed form, factorisation.

const thm2Predictions = {
  optimum: 'Fz',
  wScale: 'sqrt(lambdaH / lambdaW)',
};

const balanced = (i: UfmCeInstance) => i.n.every((v) => v === i.n[0]);

/**
 * NC1, measured absolutely when every class mean is numerically zero (the zero regime): the
 * relative form divides by a rounding-level norm there and could decide nothing.
 */
function nc1(v: LogitView): Measurement {
  if (Math.hypot(...v.Hbar.data) > ZERO_LOGITS) return withinClassCollapse(v.H, v.labels, v.Hbar);
  return { deviation: Math.hypot(...v.H.data), kind: 'absolute', detail: '||H||_F (all class means 0, so every h_{k,i} = 0 claimed)', sensitivity: 1 };
}

const thm2Checks: Check<UfmCeInstance, LogitView>[] = [
  { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', measure: nc1 },
  { name: 'zero column sums', claim: '1^T Z_bar = 0', measure: (v) => zeroColumnSums(v.Z, v.sens) },
  {
    name: 'unique logits (= convex UFM-Z minimiser)', claim: 'W H_bar = Z_bar* of UFM-Z',
    measure: (v, _p, i) => matrixMatches(v.Z, convexSolution(i).Zbar, 'Z_bar*', v.sens),
  },
  {
    name: 'unique bias (= convex UFM-Z minimiser)', claim: 'b = b* of UFM-Z', when: (i) => i.bias,
    measure: (v, _p, i) => vectorMatches(v.b!, convexSolution(i).b, 'b*'),
  },
  { name: 'block structure', claim: 'Z_bar = sum_j a_j I_Gj + sum a_jj\' 1 1^T, b = sum_j c_j 1_Gj', measure: (v, _p, i) => blockStructure(v.Z, v.b, i.n, v.sens) },
];

/** The balanced closed form, a claim of its own so that its constants are mutated on balanced instances only. */
const balancedChecks: Check<UfmCeInstance, LogitView>[] = [
  {
    name: 'balanced closed form', claim: 'Z_bar = a (K I - J), b = 0', when: (i) => balanced(i),
    measure: (v, p) => {
      const K = v.K;
      const a = p.num('a');
      const target = mat(K, K);
      for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) target.data[i * K + k] = a * ((i === k ? K : 0) - 1);
      const m = matrixMatches(v.Z, target, 'a (K I - J)', v.sens);
      if (!v.b) return m;
      const bmax = v.b.reduce((s, x) => Math.max(s, Math.abs(x)), 0);
      return m.deviation >= bmax ? m : { deviation: bmax, kind: 'absolute', detail: 'max_k |b_k| (b = 0 claimed)', sensitivity: 1 };
    },
  },
];

const thm2FactorisationChecks: Check<UfmCeInstance, LogitView>[] = [
  {
    name: 'factorisation', claim: 'W W^T = (lambdaH/lambdaW)^{1/2} U S U^T, U S V^T = Z_bar* D^{1/2}',
    measure: (v, p, i) => {
      // U S U^T = (M M^T)^{1/2} with M = Z_bar* D^{1/2}, from the certified convex minimiser
      // (exactly rank-deficient after thresholding, so the square root is well conditioned).
      const Zs = convexSolution(i).Zbar;
      const K = v.K;
      const M = mat(K, K);
      for (let r = 0; r < K; r++) for (let k = 0; k < K; k++) M.data[r * K + k] = Zs.data[r * K + k] * Math.sqrt(i.n[k]);
      const G = psdSqrt(matmul(M, transpose(M)));
      const s = p.num('wScale');
      for (let q = 0; q < G.data.length; q++) G.data[q] *= s;
      return gramMatches(v.W, G, '(lambdaH/lambdaW)^{1/2} U S U^T');
    },
  },
];

/** Imbalanced instances of every profile plus balanced ones (the closed form), d >= K. */
function thm2Instances(dOffset: [number, number]): fc.Arbitrary<UfmCeInstance> {
  const t = (p: { n: readonly number[] }) => fc.record({ t: logUniform(0.3, 3), nRef: fc.constant(p.n[p.n.length - 1]) });
  const balancedProfile = fc.record({ K: fc.integer({ min: 2, max: 5 }), n: fc.integer({ min: 1, max: 8 }) })
    .map(({ K, n }) => ({ kind: 'step' as const, n: Array(K).fill(n) }));
  return ufmCeWith(fc.oneof({ weight: 3, arbitrary: anyProfile() }, { weight: 1, arbitrary: balancedProfile }), t, { dOffset });
}

export const hongLingThm2 = defineTheorem<UfmCeInstance, LogitView>({
  id: 'hongling2024.thm2',
  paper: 'Hong & Ling 2024',
  citation,
  section: 'Thm 2',
  statement: 'd >= K, all lambda > 0: the UFM has the convex UFM-Z optimum; every global minimiser has NC1, the unique Z_bar (zero column sums, cluster-block structure; a (K I - J) with the closed-form a when balanced) and W W^T = (lambdaH/lambdaW)^{1/2} U S U^T.',
  confidence: ['paper'],
  kind: 'global-minimiser',
  problem: ufmCe,
  symbols: hongLingSymbols,
  assumptions: { dimension: 'd >= K', allLambdasPositive },
  predictions: thm2Predictions,
  view: logitView,
  checks: [...thm2Checks, ...thm2FactorisationChecks],
  instances: thm2Instances([0, 2]),
  candidates: thm2Instances([-1, 2]),
  variants: [
    {
      name: 'factorisation scale inverted',
      description: 'W W^T = (lambdaW/lambdaH)^{1/2} U S U^T: the rescaling between W and H_bar the wrong way round',
      predictions: { wScale: 'sqrt(lambdaW / lambdaH)' },
    },
  ],
});

function balancedInstances(dOffset: [number, number], tRange: [number, number]): fc.Arbitrary<UfmCeInstance> {
  const profile = fc.record({ K: fc.integer({ min: 2, max: 5 }), n: fc.integer({ min: 1, max: 8 }) })
    .map(({ K, n }) => ({ kind: 'step' as const, n: Array<number>(K).fill(n) }));
  // t = N lambdaZ / sqrt(n): the zero threshold is t = 1.
  return ufmCeWith(profile, (p) => fc.record({ t: logUniform(tRange[0], tRange[1]), nRef: fc.constant(p.n[0]) }), { dOffset });
}

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
  const c = Math.sqrt(lambdaW / lambdaH) / Math.sqrt(n);
  const N = K * n;
  const x = new Float64Array(K * d + d * N + (inst.bias ? K : 0));
  x.set(W.data, 0);
  for (let k = 0, col = 0; k < K; k++) {
    for (let i = 0; i < n; i++, col++) for (let r = 0; r < d; r++) x[K * d + r * N + col] = c * W.data[k * d + r];
  }
  return x;
}

export const hongLingThm2Balanced = defineTheorem<UfmCeInstance, LogitView>({
  id: 'hongling2024.thm2-balanced',
  paper: 'Hong & Ling 2024',
  citation,
  section: 'Thm 2 (balanced case)',
  statement: 'balanced, d >= K, all lambda > 0: Z_bar = a (K I - J), b = 0, a = 0 iff N lambdaZ >= sqrt(N/K), else a = (1/K) log(sqrt(K)/(sqrt(N) lambdaZ) - K + 1); optimum log(1 + (K-1) e^{-K a}) + lambdaZ a K (K-1) sqrt(N/K).',
  confidence: ['paper'],
  kind: 'global-minimiser',
  problem: ufmCe,
  symbols: hongLingSymbols,
  assumptions: { balanced: 'nmin == nmax', dimension: 'd >= K', allLambdasPositive },
  predictions: {
    a: 'N * lambdaZ >= sqrt(N / K) ? 0 : (1 / K) * log(sqrt(K) / (sqrt(N) * lambdaZ) - K + 1)',
    // ||a (K I - J) D^{1/2}||_* = a K (K - 1) sqrt(n): K - 1 singular values a K sqrt(n).
    optimum: 'log(1 + (K - 1) * exp(-K * a)) + lambdaZ * a * K * (K - 1) * sqrt(N / K)',
  },
  construct: balancedMinimiser,
  view: logitView,
  checks: [...balancedChecks, thm2Checks[2]],
  instances: balancedInstances([0, 2], [0.2, 2]),
  candidates: balancedInstances([-1, 2], [0.2, 2]),
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

function minorityClasses(inst: UfmCeInstance): number[] {
  const nB = Math.min(...inst.n);
  return inst.n.flatMap((v, k) => (v === nB ? [k] : []));
}

const cor4Checks: Check<UfmCeInstance, LogitView>[] = [
  {
    name: 'minority collapse iff N lambdaZ > sqrt(nB)', claim: 'z_k = z_k\' for all minority k, k\' iff N lambdaZ > sqrt(n_B)',
    measure: (v, p, i) => collapseMatches(v.Z, minorityClasses(i), p.bool('collapse'), v.sens, 'minority classes'),
  },
  {
    name: 'minority collapse iff r >= (1/kA)(1/(lambdaZ sqrt nB) - kB)', claim: 'the equivalent condition on r = n_A / n_B',
    measure: (v, p, i) => collapseMatches(v.Z, minorityClasses(i), p.bool('collapseR'), v.sens, 'minority classes'),
  },
];

function cor4Instances(margin: number): fc.Arbitrary<UfmCeInstance> {
  return ufmCeWith(
    stepProfile(),
    (p) => fc.record({ t: margin > 0 ? straddling(0.3, 1.5 * Math.sqrt(p.n[0] / p.n[p.n.length - 1]), margin) : logUniform(0.3, 3), nRef: fc.constant(p.n[p.n.length - 1]) }),
    { dOffset: [0, 1] },
  );
}

const cor4Predictions = {
  collapse: 'N * lambdaZ > nB^(1 / 2)',
  collapseR: 'nA / nB >= (1 / kA) * (1 / (lambdaZ * sqrt(nB)) - kB)',
  optimum: 'Fz',
};

export const hongLingCor4 = defineTheorem<UfmCeInstance, LogitView>({
  id: 'hongling2024.cor4',
  paper: 'Hong & Ling 2024',
  citation,
  section: 'Cor 4',
  statement: 'two clusters (k_A, k_B >= 2, n_A > n_B), d >= K: the minority classes\' mean logit vectors coincide iff N lambdaZ > sqrt(n_B), equivalently r >= (1/k_A)(1/(lambdaZ sqrt n_B) - k_B).',
  confidence: ['paper'],
  kind: 'global-minimiser',
  problem: ufmCe,
  symbols: hongLingSymbols,
  assumptions: { twoClusters: 'kA >= 2 and kB >= 2', dimension: 'd >= K', allLambdasPositive },
  predictions: cor4Predictions,
  view: logitView,
  checks: cor4Checks,
  // Only class-level logits are checked (no NC1): the exact class reduction decides the same (tests/core/claim-solve.test.ts).
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

function majorityClasses(inst: UfmCeInstance): number[] {
  const nA = Math.max(...inst.n);
  return inst.n.flatMap((v, k) => (v === nA ? [k] : []));
}

/** sigma_2 of the minority block Z_BB (rows and columns of the minority classes) / ||Z_bar||_F. */
function minorityBlockRankOne(v: LogitView, inst: UfmCeInstance): Measurement {
  const B = minorityClasses(inst);
  const Zbb = mat(B.length, B.length);
  for (let i = 0; i < B.length; i++) for (let k = 0; k < B.length; k++) Zbb.data[i * B.length + k] = v.Z.data[B[i] * v.K + B[k]];
  const s = svd(Zbb).s;
  const z = Math.hypot(...v.Z.data);
  const s2 = s.length > 1 ? s[1] : 0;
  return z > ZERO_LOGITS
    ? { deviation: s2 / z, kind: 'relative', detail: 'sigma_2(Z_BB) / ||Z_bar||_F (minority block of rank <= 1 claimed)', sensitivity: v.sens }
    : { deviation: s2, kind: 'absolute', detail: 'sigma_2(Z_BB) (Z_bar = 0)', sensitivity: v.sens };
}

const thm3Checks: Check<UfmCeInstance, LogitView>[] = [
  {
    name: 'no class collapses', claim: 'N lambdaZ <= sqrt(n_B): minority and majority logits all distinct', when: (_i, p) => p.bool('noCollapse'),
    measure: (v, _p, i) => {
      const a = collapseMatches(v.Z, minorityClasses(i), false, v.sens, 'minority classes');
      const b = collapseMatches(v.Z, majorityClasses(i), false, v.sens, 'majority classes');
      return a.deviation >= b.deviation ? a : b;
    },
  },
  {
    name: 'minority block rank <= 1', claim: 'sqrt(n_B) < N lambdaZ < sqrt(n_A): the minority block of Z_bar has rank one or zero',
    when: (_i, p) => !p.bool('noCollapse') && !p.bool('zero'), measure: (v, _p, i) => minorityBlockRankOne(v, i),
  },
  {
    name: 'majority classes distinct', claim: 'sqrt(n_B) < N lambdaZ < sqrt(n_A): the majority logits stay distinct',
    when: (_i, p) => !p.bool('noCollapse') && !p.bool('zero'), measure: (v, _p, i) => collapseMatches(v.Z, majorityClasses(i), false, v.sens, 'majority classes'),
  },
  {
    name: 'zero logits', claim: 'N lambdaZ > sqrt(n_A): Z_bar = 0', when: (_i, p) => p.bool('zero'),
    measure: (v) => ({ deviation: Math.hypot(...v.Z.data), kind: 'absolute', detail: '||Z_bar||_F (Z_bar = 0 claimed)', sensitivity: v.sens }),
  },
];

function thm3Instances(margin: number): fc.Arbitrary<UfmCeInstance> {
  return ufmCeWith(
    stepProfile({ ratio: [2, 8] }),
    (p) => {
      const ratio = Math.sqrt(p.n[0] / p.n[p.n.length - 1]);
      // N lambdaZ / sqrt(n_B) in all three regimes, kept `margin` away from 1 and from sqrt(n_A/n_B).
      const t = margin > 0
        ? fc.oneof(logUniform(0.3, 1 - margin), logUniform(1 + margin, ratio * (1 - margin)), logUniform(ratio * (1 + margin), 1.5 * ratio))
        // The mutation pool crowds both thresholds, where slightly moved ones differ.
        : fc.oneof(logUniform(0.3, 1.5 * ratio), logUniform(0.95, 1.05), logUniform(0.95 * ratio, 1.05 * ratio));
      return fc.record({ t, nRef: fc.constant(p.n[p.n.length - 1]) });
    },
    { dOffset: [0, 1] },
  );
}

export const hongLingThm3 = defineTheorem<UfmCeInstance, LogitView>({
  id: 'hongling2024.thm3',
  paper: 'Hong & Ling 2024',
  citation,
  section: 'Thm 3',
  statement: 'two clusters (k_A, k_B >= 2, n_A > n_B), d >= K: N lambdaZ <= sqrt(n_B): no class collapses; sqrt(n_B) < N lambdaZ < sqrt(n_A): the minority block has rank <= 1 (the majority stays distinct); N lambdaZ > sqrt(n_A): Z_bar = 0.',
  confidence: ['paper'],
  kind: 'global-minimiser',
  problem: ufmCe,
  symbols: hongLingSymbols,
  assumptions: { twoClusters: 'kA >= 2 and kB >= 2', dimension: 'd >= K', allLambdasPositive },
  predictions: { noCollapse: 'N * lambdaZ <= nB^(1 / 2)', zero: 'N * lambdaZ > nA^(1 / 2)', optimum: 'Fz' },
  view: logitView,
  checks: thm3Checks,
  // Only class-level logits are checked (no NC1): the exact class reduction decides the same (tests/core/claim-solve.test.ts).
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

export const hongLingThm6 = defineTheorem<UfmCeInstance, LogitView>({
  id: 'hongling2024.thm6',
  paper: 'Hong & Ling 2024',
  citation,
  section: 'Thm 6',
  statement: 'd > K, all lambda > 0, imbalanced: no spurious local minima; every second-order stationary point reached has the UFM-Z optimal value and its logits.',
  confidence: ['paper'],
  kind: 'landscape',
  problem: ufmCe,
  symbols: hongLingSymbols,
  assumptions: { dimension: 'd > K', allLambdasPositive },
  predictions: { optimum: 'Fz' },
  view: logitView,
  checks: thm2Checks.filter((c) => c.name === 'NC1' || c.name.startsWith('unique logits')),
  instances: thm2Instances([1, 2]),
  candidates: thm2Instances([-2, 2]),
  solve: { starts: 6, scales: [1, 0.01, 3] },
  variants: [
    {
      name: 'landscape claimed for d = K - 2',
      description: 'the same conclusion asserted where W H_bar cannot reach the rank of Z_bar*',
      assumptions: { dimension: 'd >= K - 2', allLambdasPositive },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Extension (not in the paper): per-cluster thresholds with three or more clusters.

function clusterChecks(): Check<UfmCeInstance, LogitView>[] {
  return [1, 2, 3, 4].map((j) => ({
    name: `cluster ${j} collapses iff N lambdaZ > sqrt(N_${j})`,
    claim: `z_k = z_k' within cluster ${j} iff N lambdaZ > sqrt(N_${j})`,
    when: (i: UfmCeInstance) => clusterCounts(i.n).sizes[j - 1] >= 2,
    measure: (v: LogitView, p: Predictions, i: UfmCeInstance) => {
      const cnt = clusterCounts(i.n).counts[j - 1];
      const classes = i.n.flatMap((x, k) => (x === cnt ? [k] : []));
      return collapseMatches(v.Z, classes, p.bool(`collapse${j}`), v.sens, `cluster ${j}`);
    },
  }));
}

/**
 * Three or four clusters; N lambdaZ spread over all regimes, kept `margin` away from every
 * cluster's threshold, or (margin 0, the mutation pool) concentrated within 5% of a random
 * cluster's threshold so that slightly moved thresholds have instances between them.
 */
function clusterInstances(margin: number): fc.Arbitrary<UfmCeInstance> {
  return ufmCeWith(
    clusterProfile({ clusters: [3, 4] }),
    (p) => {
      const counts = [...new Set(p.n)];
      const last = counts[counts.length - 1];
      const t = margin > 0
        ? logUniform(0.3, 1.3 * Math.sqrt(counts[0] / last))
        : fc.tuple(fc.integer({ min: 0, max: counts.length - 1 }), logUniform(0.95, 1.05)).map(([j, f]) => f * Math.sqrt(counts[j] / last));
      return fc.record({ t, nRef: fc.constant(last) });
    },
    { dOffset: [0, 1] },
  ).filter((inst) => {
    if (margin === 0) return true;
    const N = inst.n.reduce((a, b) => a + b, 0);
    const tau = N * Math.sqrt(inst.lambdaW * inst.lambdaH);
    return [...new Set(inst.n)].every((c) => Math.abs(tau / Math.sqrt(c) - 1) > margin);
  });
}

export const hongLingClusters = defineTheorem<UfmCeInstance, LogitView>({
  id: 'hongling2024.clusters',
  paper: 'Hong & Ling 2024 (extension)',
  citation,
  section: 'extension of Cor 4',
  statement: 'three or more clusters, d >= K: cluster j\'s classes collapse (equal mean logits) iff N lambdaZ > sqrt(N_j).',
  confidence: ['derived'],
  confidenceNote: 'an extension of Cor 4 to three or more clusters, not in the paper',
  kind: 'global-minimiser',
  status: 'conjecture',
  problem: ufmCe,
  symbols: hongLingSymbols,
  assumptions: { threeOrMoreClusters: 'clusters >= 3', dimension: 'd >= K', allLambdasPositive },
  predictions: {
    collapse1: 'N * lambdaZ > N1^(1 / 2)',
    collapse2: 'N * lambdaZ > N2^(1 / 2)',
    collapse3: 'N * lambdaZ > N3^(1 / 2)',
    collapse4: 'N * lambdaZ > N4^(1 / 2)',
    optimum: 'Fz',
  },
  view: logitView,
  checks: clusterChecks(),
  instances: clusterInstances(0.03),
  candidates: clusterInstances(0),
  variants: [
    {
      name: 'every cluster on the smallest cluster\'s threshold',
      description: 'cluster j collapses iff N lambdaZ > sqrt(N_min) (one threshold for all)',
      predictions: { collapse1: 'N * lambdaZ > N3^(1 / 2)', collapse2: 'N * lambdaZ > N3^(1 / 2)' },
    },
    {
      name: 'thresholds shifted one cluster up',
      description: 'cluster j collapses iff N lambdaZ > sqrt(N_{j-1})',
      predictions: { collapse2: 'N * lambdaZ > N1^(1 / 2)', collapse3: 'N * lambdaZ > N2^(1 / 2)', collapse4: 'N * lambdaZ > N3^(1 / 2)' },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Threshold studies (`ncverify threshold ID`): bisection on N lambdaZ over certified convex
// UFM-Z minimisers (duality gap), for the switch point of one cluster's collapse.

/** A cluster profile: `sizes[j]` classes of `counts[j]` samples; the study watches cluster `watch`. */
export interface ClusterThresholdConfig {
  readonly sizes: readonly number[];
  readonly counts: readonly number[];
  readonly watch: number;
  readonly bias: boolean;
  readonly lambdaB: number;
}

/**
 * Relative spread at or below which a certified minimiser counts as collapsed in a bisection.
 * The spread vanishes linearly at the switch (slope about 3 in N lambdaZ / t*), so this cutoff
 * biases the measured switch low by about cutoff / 3: 1e-7 showed up as a 3e-8 offset at
 * 1e-10 resolution. Thresholded singular values are exact zeros, so collapsed spreads sit at
 * rounding level (1e-16) and 1e-12 separates them safely.
 */
const COLLAPSED_SPREAD = 1e-12;

function clusterThresholdStudy(of: string, section: string, statement: string, configurations: ClusterThresholdConfig[]): ThresholdStudySpec<ClusterThresholdConfig> {
  const countsOf = (c: ClusterThresholdConfig) => c.sizes.flatMap((k, j) => Array<number>(k).fill(c.counts[j]));
  return defineStudy<ClusterThresholdConfig>({
    id: `${of}.switch`,
    of,
    paper: 'Hong & Ling 2024',
    citation,
    section,
    statement,
    confidence: of === 'hongling2024.clusters' ? ['derived'] : ['paper'],
    ...(of === 'hongling2024.clusters' ? { status: 'conjecture' as const } : {}),
    kind: 'threshold',
    parameter: 'N lambdaZ',
    property: 'the watched cluster collapses',
    configurations,
    describe: (c) => `clusters ${c.sizes.map((k, j) => `${k}x${c.counts[j]}`).join(' + ')}, watch n=${c.counts[c.watch]}, ${c.bias ? `λb=${c.lambdaB}` : 'no-bias'}`,
    predicted: (c) => Math.sqrt(c.counts[c.watch]),
    bracket: (c) => {
      const t = Math.sqrt(c.counts[c.watch]);
      // Stay below the next larger cluster's threshold, where everything above collapses too.
      const up = c.watch > 0 ? Math.sqrt(c.counts[c.watch - 1] / c.counts[c.watch]) : 3;
      return [0.5 * t, t * Math.min(1.5, 0.5 * (1 + up))];
    },
    probe: (c, tau) => {
      const n = countsOf(c);
      const N = n.reduce((a, b) => a + b, 0);
      const sol = solveUfmZ({ problem: 'ufm-z', K: n.length, n, lambdaZ: tau / N, lambdaB: c.lambdaB, bias: c.bias });
      const first = c.sizes.slice(0, c.watch).reduce((a, b) => a + b, 0);
      const classes = Array.from({ length: c.sizes[c.watch] }, (_, i) => first + i);
      const { spread } = logitSpread(sol.Zbar, classes);
      return { holds: spread <= COLLAPSED_SPREAD, certified: sol.certified, measure: spread };
    },
    variants: [
      {
        name: 'switch at the largest cluster\'s threshold',
        description: 'the watched cluster collapses iff N lambdaZ > sqrt(N_1) (the majority count)',
        predicted: (c) => Math.sqrt(c.counts[0]) * (c.watch === 0 ? 1.2 : 1),
      },
      {
        name: 'switch at the balanced value sqrt(N/K)',
        description: 'the watched cluster collapses iff N lambdaZ > sqrt(N/K)',
        predicted: (c) => {
          const n = countsOf(c);
          return Math.sqrt(n.reduce((a, b) => a + b, 0) / n.length);
        },
      },
    ],
  });
}

/** Cor 4 on two clusters: (k_A, k_B, n_A, n_B) with and without a bias. */
export const cor4Threshold = clusterThresholdStudy('hongling2024.cor4', 'Cor 4', 'two clusters: the minority classes collapse iff N lambdaZ > sqrt(n_B); bisection on N lambdaZ over certified UFM-Z minimisers locates the switch.', [
  { sizes: [2, 2], counts: [10, 2], watch: 1, bias: true, lambdaB: 0.01 },
  { sizes: [3, 3], counts: [20, 5], watch: 1, bias: true, lambdaB: 0.1 },
  { sizes: [2, 3], counts: [8, 3], watch: 1, bias: false, lambdaB: 0 },
  { sizes: [3, 2], counts: [30, 4], watch: 1, bias: true, lambdaB: 0 },
  { sizes: [4, 4], counts: [6, 1], watch: 1, bias: true, lambdaB: 1 },
  { sizes: [2, 4], counts: [50, 10], watch: 1, bias: false, lambdaB: 0 },
  { sizes: [5, 5], counts: [10, 1], watch: 1, bias: true, lambdaB: 0.01 },
  { sizes: [3, 2], counts: [12, 5], watch: 1, bias: false, lambdaB: 0 },
]);

/** The extension: every cluster's switch point with three clusters. */
export const clustersThreshold = clusterThresholdStudy('hongling2024.clusters', 'extension of Cor 4', 'three or four clusters: cluster j collapses iff N lambdaZ > sqrt(N_j); bisection on N lambdaZ locates each cluster\'s switch.', [
  ...[0, 1, 2].map((watch) => ({ sizes: [2, 2, 2], counts: [20, 8, 2], watch, bias: true, lambdaB: 0.01 })),
  ...[0, 1, 2].map((watch) => ({ sizes: [3, 2, 2], counts: [30, 10, 3], watch, bias: false, lambdaB: 0 })),
  ...[1, 2, 3].map((watch) => ({ sizes: [2, 2, 2, 2], counts: [40, 15, 5, 2], watch, bias: true, lambdaB: 0.1 })),
]);



// ---------------------------------------------------------------------------------------------
// Thm 5: imbalance fades as N grows (asymptotic claim, src/engine/asymptotic.ts). Fix r, k_A, k_B
// and N lambdaZ = lambda < sqrt(n_B); double N (n_B = n_B0 2^j, n_A = r n_B); the certified UFM-Z
// minimiser's Z_bar, normalised, approaches the ETF shape (K I - J) at rate O(1 / log N).

export interface Thm5Config {
  readonly kA: number;
  readonly kB: number;
  readonly r: number;
  /** N lambdaZ, below sqrt(n_B0). */
  readonly lambda: number;
  readonly nB0: number;
  readonly bias: boolean;
  readonly lambdaB: number;
}

/** The normalised class-mean logits' distance from the ETF shape (K I - J), at N lambdaZ = lambda. */
function thm5Point(c: Thm5Config, N: number, lambda: number) {
  const nB = N / (c.kA * c.r + c.kB);
  const n = [...Array<number>(c.kA).fill(c.r * nB), ...Array<number>(c.kB).fill(nB)];
  const K = n.length;
  const sol = solveUfmZ({ problem: 'ufm-z', K, n, lambdaZ: lambda / N, lambdaB: c.lambdaB, bias: c.bias });
  const z = frobNorm(sol.Zbar);
  const e = Math.sqrt(K * (K - 1) * K);
  let dev = 0;
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) dev += (sol.Zbar.data[i * K + k] / z - ((i === k ? K : 0) - 1) / e) ** 2;
  return { t: N, rate: 1 / Math.log(N), deviation: Math.sqrt(dev), certified: sol.certified };
}

export const thm5Asymptotic = defineStudy<Thm5Config>({
  id: 'hongling2024.thm5',
  paper: 'Hong & Ling 2024',
  citation,
  section: 'Thm 5',
  statement: 'fix r, k_A, k_B and N lambdaZ = lambda < sqrt(n_B): as N grows the normalised class-mean logits Z_bar approach the simplex-ETF shape (K I - J) at rate O(1/log N).',
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
  evaluate: (c, N) => thm5Point(c, N, c.lambda),
  variants: [
    {
      name: 'N lambdaZ growing with N',
      description: 'lambdaZ held fixed instead of N lambdaZ: every threshold is crossed as N grows, the logits go to 0, not to an ETF',
      evaluate: (c, N) => thm5Point(c, N, (c.lambda * N) / ((c.kA * c.r + c.kB) * c.nB0)),
    },
  ],
});


export default [hongLingThm2, hongLingThm2Balanced, hongLingThm3, hongLingCor4, cor4Threshold, thm5Asymptotic, hongLingThm6, hongLingClusters, clustersThreshold];

export { clustersOf };
