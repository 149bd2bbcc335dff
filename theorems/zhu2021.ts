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
import {
  alignment, constantBias, equalRowNorms, isZero, simplexEtfGram, withinClassCollapse, zeroGlobalMean,
} from '../src/predicates/collapse.ts';
import { simplexEtf } from '../src/predicates/frames.ts';
import { meanSquaredNormMatches } from '../src/predicates/norms.ts';
import { ufmCePoint } from '../src/problems/ufm-ce/point.ts';
import { ufmCe, ufmCeSymbols, type UfmCeInstance } from '../src/problems/ufm-ce/problem.ts';
import { ufmCeView, type UfmCeView } from '../src/problems/ufm-ce/view.ts';

const citation = 'Z. Zhu, T. Ding, J. Zhou, X. Li, C. You, J. Sulam, Q. Qu. A Geometric Analysis of Neural Collapse with Unconstrained Features. NeurIPS 2021.';

const assumptions = {
  balanced: 'nmin == nmax',
  dimension: 'd >= K - 1',
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

const live = (_: UfmCeInstance, p: Predictions) => !p.bool('zero');

const checks: Check<UfmCeInstance, UfmCeView>[] = [
  { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', when: live, measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
  { name: 'equal classifier norms', claim: '||w_1|| = ... = ||w_K||', when: live, measure: (v) => equalRowNorms(v.W) },
  { name: 'simplex ETF', claim: 'W W^T = ||w||^2 (K/(K-1)) C', measure: (v, p) => simplexEtfGram(v.W, p.num('wNormSq')) },
  { name: 'classifier norm', claim: '||w||^2 = wNormSq', when: live, measure: (v, p) => meanSquaredNormMatches(rowNorms(v.W), p.num('wNormSq'), 'mean ||w_k||^2') },
  { name: 'alignment', claim: 'h_k = sqrt(lambdaW / (lambdaH n)) w_k', when: live, measure: (v, p) => alignment(v.Hbar, v.W, p.num('alignment')) },
  { name: 'feature norm', claim: '||h||^2 = lambdaW / (lambdaH n) ||w||^2', when: live, measure: (v, p) => meanSquaredNormMatches(colNorms(v.Hbar), p.num('hNormSq'), 'mean ||h_k||^2') },
  { name: 'zero global mean', claim: 'sum_k h_k = 0', when: live, measure: (v) => zeroGlobalMean(v.Hbar) },
  {
    name: 'bias', claim: 'b = beta 1, beta = 0 when lambdaB > 0', when: (i) => i.bias,
    measure: (v, _p, i) => constantBias(v.b!, i.lambdaB > 0),
  },
  { name: 'zero solution', claim: 'W = H = 0 iff K sqrt(n lambdaW lambdaH) >= 1', when: (_i, p) => p.bool('zero'), measure: (v) => isZero([v.W, v.H], 'W, H') },
];

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
  paper: 'Zhu et al. 2021',
  citation,
  section: 'Thm 3.1',
  statement: 'd >= K-1, balanced: every global minimiser has NC1, a simplex-ETF W with the closed-form norm, h_k = sqrt(lambdaW/(lambdaH n)) w_k, b = beta 1; W = H = 0 iff K sqrt(n lambdaW lambdaH) >= 1.',
  confidence: ['paper', 'derived'],
  confidenceNote: 'the closed-form norms, threshold and optimal value are derived',
  kind: 'global-minimiser',
  problem: ufmCe,
  symbols: ufmCeSymbols,
  assumptions,
  predictions,
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
  ],
});

export const zhu2021Landscape = defineTheorem<UfmCeInstance, UfmCeView>({
  id: 'zhu2021.landscape',
  paper: 'Zhu et al. 2021',
  citation,
  section: 'Thm 3.2',
  statement: 'd > K: no spurious local minima; every second-order stationary point reached has the global optimal value (and every other critical point is a strict saddle).',
  confidence: ['paper'],
  kind: 'landscape',
  problem: ufmCe,
  symbols: ufmCeSymbols,
  assumptions: { balanced: 'nmin == nmax', dimension: 'd > K' },
  predictions,
  view: (inst, x) => ufmCeView(inst, x),
  checks: checks.filter((c) => c.name === 'NC1' || c.name === 'simplex ETF'),
  instances: balancedUfmCe({ minDOffset: 1, maxK: 8, maxN: 8 }),
  candidates: balancedUfmCe({ minDOffset: -1, maxK: 8, maxN: 8 }),
  solve: { starts: 8, scales: [1, 0.01, 3, 0.3] },
});

export default [zhu2021Global, zhu2021Landscape];
