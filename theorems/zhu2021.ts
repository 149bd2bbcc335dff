/**
 * Zhu, Ding, Zhou, Li, You, Sulam, Qu. "A Geometric Analysis of Neural Collapse with
 * Unconstrained Features." NeurIPS 2021. Catalogue section: zhu2021 (docs/catalogue.md).
 *
 * Problem (balanced, n_k = n, N = nK):
 *   f(W,H,b) = (1/N) sum CE(W h_{k,i} + b, k) + lambdaW/2 ||W||^2 + lambdaH/2 ||H||^2 + lambdaB/2 ||b||^2.
 */
import { balancedUfmCe } from '../src/instances/ufm-ce.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { colNorms, rowNorms, scale, transpose } from '../src/linalg/matrix.ts';
import { alignment, constantBias, equalRowNorms, isZero, simplexEtfGram, withinClassCollapse, zeroGlobalMean } from '../src/predicates/collapse.ts';
import { simplexEtf } from '../src/predicates/frames.ts';
import { meanSquaredNormMatches } from '../src/predicates/norms.ts';
import { ufmCePoint } from '../src/problems/ufm-ce/point.ts';
import { ufmCe, ufmCeSymbols, type UfmCeInstance } from '../src/problems/ufm-ce/problem.ts';
import { ufmCeView, type UfmCeView } from '../src/problems/ufm-ce/view.ts';
import type { Measurement } from '../src/predicates/predicate.ts';
import { maxOf } from '../src/linalg/vector.ts';

const citation = 'Z. Zhu, T. Ding, J. Zhou, X. Li, C. You, J. Sulam, Q. Qu. A Geometric Analysis of Neural Collapse with Unconstrained Features. NeurIPS 2021.';

const assumptions = {
  balanced: 'nmin == nmax',
  dimension: 'd >= K - 1',
  // The problem's features are free (not the ReLU model H >= 0 of dang2024relu).
  freeFeatures: 'nonnegative == 0',
};

/**
 * Closed forms [paper; constants derived in docs/catalogue.md]. With s = sqrt(n lambdaW lambdaH) and
 * margin m: phi(m) = log(1 + (K-1) e^{-m}) + (K-1) s m; stationarity e^m + K - 1 = 1/s.
 */
const predictions = {
  s: 'sqrt(n * lambdaW * lambdaH)',
  zero: 'K * s >= 1',
  m: 'zero ? 0 : log(1 / s - (K - 1))',
  wNormSq: 'zero ? 0 : ((K - 1) / K) * sqrt(n * lambdaH / lambdaW) * log(1 / sqrt(n * lambdaW * lambdaH) - (K - 1))',
  hNormSq: 'lambdaW / (lambdaH * n) * wNormSq',
  alignment: 'sqrt(lambdaW / (lambdaH * n))',
  optimum: 'log(1 + (K - 1) * exp(-m)) + (K - 1) * s * m',
};

/**
 * Thm 3.1's, with the bias clause: [derived] with lambdaB = 0 the CE is invariant under
 * b -> b + beta 1 (softmax shift), so the relative change of f under that shift is 0 and every
 * such b is optimal. Only Thm 3.1 checks it (the landscape claim has no bias instances, where a
 * perturbed biasShift could never be rejected).
 */
const globalPredictions = { ...predictions, biasShift: '0' };

const live = (_: UfmCeInstance, p: Predictions) => !p.bool('zero');

const checks: Check<UfmCeInstance, UfmCeView>[] = [
  { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', when: live, measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
  { name: 'equal classifier norms', claim: '||w_1|| = ... = ||w_K||', when: live, measure: (v) => equalRowNorms(v.W) },
  { name: 'simplex ETF', claim: 'W W^T = ||w||^2 (K/(K-1)) C', measure: (v, p) => simplexEtfGram(v.W, p.num('wNormSq')) },
  {
    name: 'classifier norm',
    claim: '||w||^2 = wNormSq',
    when: live,
    measure: (v, p) => meanSquaredNormMatches(rowNorms(v.W), p.num('wNormSq'), 'mean ||w_k||^2'),
  },
  { name: 'alignment', claim: 'h_k = sqrt(lambdaW / (lambdaH n)) w_k', when: live, measure: (v, p) => alignment(v.Hbar, v.W, p.num('alignment')) },
  {
    name: 'feature norm',
    claim: '||h||^2 = lambdaW / (lambdaH n) ||w||^2',
    when: live,
    measure: (v, p) => meanSquaredNormMatches(colNorms(v.Hbar), p.num('hNormSq'), 'mean ||h_k||^2'),
  },
  { name: 'zero global mean', claim: 'sum_k h_k = 0', when: live, measure: (v) => zeroGlobalMean(v.Hbar) },
  {
    name: 'bias',
    claim: 'b = beta 1, beta = 0 when lambdaB > 0',
    when: (i) => i.bias,
    measure: (v, _p, i) => constantBias(v.b!, i.lambdaB > 0),
  },
  { name: 'zero solution', claim: 'W = H = 0 iff K sqrt(n lambdaW lambdaH) >= 1', when: (_i, p) => p.bool('zero'), measure: (v) => isZero([v.W, v.H], 'W, H') },
  {
    name: 'any beta optimal when lambdaB = 0',
    claim: '(f(W, H, b + beta 1) - f(W, H, b)) / max(1, |f|) = biasShift (0): the minimiser is not unique in b',
    when: (i) => i.bias && i.lambdaB === 0,
    measure: (v, p, i) => biasShiftInvariance(i, v, p.num('biasShift')),
  },
];

/**
 * f at the certified point and at b + beta 1 (beta = 1 + max |b_k|), both with the problem's own
 * objective: with lambdaB = 0 their relative difference must be the claimed `shift` (0) to
 * rounding, so every b + beta 1 is optimal too.
 */
function biasShiftInvariance(inst: UfmCeInstance, v: UfmCeView, shift: number): Measurement {
  const obj = ufmCe.objective(inst);
  const x = new Float64Array(obj.size);
  for (const blk of obj.blocks) {
    const src = blk.name === 'W' ? v.W.data : blk.name === 'H' ? v.H.data : v.b!;
    x.set(src.subarray(0, blk.rows * blk.cols), blk.offset);
  }
  const f0 = obj.value(x);
  const bBlock = obj.blocks.find((blk) => blk.name === 'b')!;
  const beta = 1 + maxOf(Array.from(v.b!, Math.abs));
  for (let k = 0; k < bBlock.rows; k++) x[bBlock.offset + k] += beta;
  const f1 = obj.value(x);
  const change = (f1 - f0) / Math.max(1, Math.abs(f0));
  return {
    deviation: Math.abs(change - shift),
    kind: 'relative',
    detail: `(f(b + ${beta.toPrecision(3)} 1) - f(b)) / max(1, |f|) = ${change.toExponential(2)} against ${shift}`,
    sensitivity: 0,
  };
}

/** The claimed minimiser: W a simplex ETF with ||w||^2 = wNormSq, every h_{k,i} = c w_k, b = 0. */
function construct(inst: UfmCeInstance, p: Predictions): Float64Array | { impossible: string } {
  const { K, d } = inst;
  const wNormSq = p.num('wNormSq');
  if (wNormSq < 0) return { impossible: `the claimed ||w||^2 = ${wNormSq} is negative` };
  if (wNormSq > 0 && d < K - 1) {
    return { impossible: `W W^T = ${wNormSq.toPrecision(6)} (K/(K-1)) C has rank ${K - 1} > d = ${d}, so no W in R^{${K}x${d}} has it` };
  }
  const W = simplexEtf(K, d, wNormSq);
  // b = 0: any beta 1 is optimal when lambdaB = 0, and 0 is one of them.
  return ufmCePoint(inst, { W, Hbar: scale(transpose(W), p.num('alignment')) });
}

export const zhu2021Global = defineTheorem<UfmCeInstance, UfmCeView>({
  id: 'zhu2021.global',
  clauses: [
    {
      text: 'Problem (balanced: n_k = n, N = nK): the UFM with free features, mean CE over the N samples, ridge penalties, optional bias.',
      assumption: 'balanced',
    },
    {
      text: '(the features H are free, not the nonnegative ReLU model)',
      assumption: 'freeFeatures',
      note: 'made explicit by the hunt, whose instance space also builds ReLU-feature instances',
    },
    { text: 'Assume d >= K-1.', assumption: 'dimension' },
    { text: 'NC1: h_{k,i} = h_k for all i.', checkedBy: ['NC1'] },
    { text: 'equal norms ||w_1|| = ... = ||w_K|| =: ||w||', checkedBy: ['equal classifier norms'] },
    { text: 'b = beta 1, and beta = 0 when lambda_b > 0', checkedBy: ['bias'] },
    { text: '(when lambda_b = 0, any beta is optimal: the minimiser is not unique in b)', checkedBy: ['any beta optimal when lambdaB = 0'] },
    { text: 'alignment: h_k = sqrt(lambda_W / (lambda_H n)) w_k.', checkedBy: ['alignment'] },
    { text: 'zero global mean: sum_k h_k = 0.', checkedBy: ['zero global mean'] },
    { text: 'ETF: W W^T = ||w||^2 (K/(K-1)) C.', checkedBy: ['simplex ETF'] },
    {
      text: 'Norm [derived]: with margin m = w_k.h_k - w_j.h_k, restricting f to this family gives phi(m) = log(1 + (K-1) e^{-m}) + (K-1) sqrt(n lambda_W lambda_H) m, m >= 0.',
      checkedBy: ['scalar reduction'],
    },
    { text: 'Stationarity: e^m + K - 1 = 1 / sqrt(n lambda_W lambda_H).', checkedBy: ['scalar reduction'] },
    {
      text: 'Hence ||w||^2 = ((K-1)/K) sqrt(n lambda_H / lambda_W) log(1/sqrt(n lambda_W lambda_H) - (K-1)),',
      checkedBy: ['scalar reduction', 'classifier norm'],
    },
    { text: '||h||^2 = lambda_W / (lambda_H n) ||w||^2,', checkedBy: ['feature norm'] },
    { text: 'optimal value f* = phi(m*).', checkedBy: ['optimum', 'claimed minimiser'] },
    {
      text: 'Zero threshold [derived]: the minimiser is W = H = 0 iff K sqrt(n lambda_W lambda_H) >= 1.',
      checkedBy: ['zero solution', 'classifier norm'],
      note: '"if": zero solution above the threshold; "only if": the non-zero classifier norm below it',
    },
    {
      text: 'Global rule for the CE models: the logits and the geometry depend on lambda_W and lambda_H only through lambda_W lambda_H; lambda_W / lambda_H only rescales W against H (||h|| / ||w|| scales like (lambda_W / lambda_H)^(1/4)).',
      checkedBy: ['alignment', 'classifier norm', 'feature norm'],
      note: 'finding: the parenthesis is false as written. Each norm scales like (lambda_W/lambda_H)^(-1/4) (||w||) and ^(1/4) (||h||), so their ratio ||h||/||w|| = sqrt(lambda_W/(lambda_H n)) scales like (lambda_W/lambda_H)^(1/2) (tests/theorems/global-rule.test.ts measures it on certified minimisers)',
    },
  ],
  paper: 'Zhu et al. 2021',
  citation,
  section: 'Thm 3.1',
  statement:
    'd >= K-1, balanced: every global minimiser has NC1, a simplex-ETF W with the closed-form norm, h_k = sqrt(lambdaW/(lambdaH n)) w_k, b = beta 1; W = H = 0 iff K sqrt(n lambdaW lambdaH) >= 1.',
  confidence: ['paper', 'derived'],
  confidenceNote: 'the closed-form norms, threshold and optimal value are derived',
  kind: 'global-minimiser',
  problem: ufmCe,
  symbols: ufmCeSymbols,
  assumptions,
  predictions: globalPredictions,
  reduced: {
    objective: 'log(1 + (K - 1) * exp(-m)) + (K - 1) * sqrt(n * lambdaW * lambdaH) * m',
    variable: 'm',
    domain: ['0', '100'],
    matches: 'm',
    // On the family, m = c ||w||^2 K/(K-1) with c = sqrt(lambdaW / (lambdaH n)).
    implied: { wNormSq: '((K - 1) / K) * sqrt(n * lambdaH / lambdaW) * m' },
  },
  construct,
  view: (inst, x) => ufmCeView(inst, x),
  checks,
  instances: balancedUfmCe(),
  candidates: balancedUfmCe({ minDOffset: -3 }),
  variants: [
    {
      name: 'ETF claimed for d = K-2',
      description: 'the same conclusion asserted one dimension below the assumption d >= K-1',
      assumptions: { ...assumptions, dimension: 'd >= K - 2' },
    },
    {
      name: 'b unique when lambdaB = 0',
      description: 'a shift b + beta 1 raises f by a relative 1e-3 (as if the bias were determined without its penalty)',
      predictions: { ...globalPredictions, biasShift: '1e-3' },
    },
  ],
});

export const zhu2021Landscape = defineTheorem<UfmCeInstance, UfmCeView>({
  id: 'zhu2021.landscape',
  clauses: [
    { text: 'Problem: the balanced UFM (n_k = n).', assumption: 'balanced' },
    { text: '(free features)', assumption: 'freeFeatures' },
    { text: 'Assume d > K.', assumption: 'dimension' },
    { text: 'f has no spurious local minima: every local minimiser is global,', checkedBy: ['spurious minima', 'NC1', 'simplex ETF'] },
    {
      text: 'every other critical point is a strict saddle (Hessian has a negative eigenvalue).',
      checkedBy: ['spurious minima'],
      note: 'a critical point without negative curvature above the optimum is certified second-order and reported as a spurious minimum; only critical points the solver ends at are seen',
    },
    {
      text: '(The case d = K was settled later; d <= K-1 is outside the claim.)',
      unchecked: 'a remark on later work, outside this claim (d > K); `ncverify hunt zhu2021.landscape --drop-assumption dimension` hunts at d <= K',
    },
  ],
  paper: 'Zhu et al. 2021',
  citation,
  section: 'Thm 3.2',
  statement:
    'd > K: no spurious local minima; every second-order stationary point reached has the global optimal value (and every other critical point is a strict saddle).',
  confidence: ['paper'],
  kind: 'landscape',
  problem: ufmCe,
  symbols: ufmCeSymbols,
  assumptions: { balanced: 'nmin == nmax', dimension: 'd > K', freeFeatures: 'nonnegative == 0' },
  predictions,
  view: (inst, x) => ufmCeView(inst, x),
  checks: checks.filter((c) => c.name === 'NC1' || c.name === 'simplex ETF'),
  instances: balancedUfmCe({ minDOffset: 1, maxK: 8, maxN: 8 }),
  candidates: balancedUfmCe({ minDOffset: -1, maxK: 8, maxN: 8 }),
  solve: { starts: 8, scales: [1, 0.01, 3, 0.3] },
});

export default [zhu2021Global, zhu2021Landscape];
