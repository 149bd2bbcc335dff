/**
 * Dang, Tran, Osher, Tran-The, Ho, Nguyen. "Neural Collapse for Cross-entropy Class-Imbalanced
 * Learning with Unconstrained ReLU Features." ICML 2024. Catalogue section: dang2024relu
 * (docs/catalogue.md).
 *
 * Problem [code]: min (1/N) sum CE(W h_{k,i}, k) + lambdaW/2 ||W||^2 + lambdaH/2 ||H||^2, no bias,
 * H >= 0 (`"features": "nonnegative"`, solved as H = G o G, src/problems/ufm-ce/relu.ts).
 * Claims [paper: qualitative; constants derived in the catalogue]: NC1; mutually orthogonal class
 * means with n_k-dependent lengths; logits M_k (e_k - 1/K); the classifier as scaled, centred
 * class means; dead classes below n_k = (K/(K-1)) N^2 lambdaW lambdaH; the optimal value.
 *
 * The closed forms are per class: vectors over the class counts `nk` (mathjs maps scalar
 * functions over them with map(., f(u) = ...)), for any number of classes.
 */
import fc from 'fast-check';
import { longTailProfile, randomProfile, stepProfile } from '../src/instances/imbalanced.ts';
import { reluUfmCe } from '../src/instances/relu.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { mat } from '../src/linalg/matrix.ts';
import { withinClassCollapse } from '../src/predicates/collapse.ts';
import { centredLogits, classMeanLengths, classifierMatches, classifierOfMeans, deadClassesMatch, orthogonalClassMeans } from '../src/predicates/relu.ts';
import { ufmCePoint } from '../src/problems/ufm-ce/point.ts';
import { ufmCe, type UfmCeInstance } from '../src/problems/ufm-ce/problem.ts';
import { ufmCeReluSymbols } from '../src/problems/ufm-ce/symbols.ts';
import { ufmCeReluView, type UfmCeReluView } from '../src/problems/ufm-ce/view.ts';

const citation =
  'H. Dang, T. Tran, S. Osher, H. Tran-The, N. Ho, T. Nguyen. Neural Collapse for Cross-entropy Class-Imbalanced Learning with Unconstrained ReLU Features. ICML 2024.';

const predictions: Record<string, string> = {
  x: 'map(nk, sqrt) / (N * sqrt((K - 1) / K * lambdaW * lambdaH))',
  // M_k = log((K-1)(x_k - 1)) if x_k > K/(K-1), else 0; the two cases meet at (K-1)(x_k - 1) = 1.
  M: 'map(x, f(u) = log(max(1, (K - 1) * (u - 1))))',
  hSq: 'map((K - 1) / K * lambdaW ./ (lambdaH * nk), sqrt) .* M',
  dead: 'nk <= (K / (K - 1)) * N^2 * lambdaW * lambdaH',
  wCoef: 'sqrt(lambdaH / (lambdaW * K * (K - 1)))',
  optimum: 'sum(nk / N .* map(M, f(u) = log(1 + (K - 1) * exp(-u))) + map(lambdaW * lambdaH * (K - 1) * nk / K, sqrt) .* M)',
};

const checks: Check<UfmCeInstance, UfmCeReluView>[] = [
  { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
  { name: 'orthogonal class means', claim: 'h_k . h_l = 0 (k != l)', measure: (v) => orthogonalClassMeans(v.Hbar, v.scale) },
  {
    name: 'class-mean lengths',
    claim: '||h_k||^2 = sqrt((K-1)/K lambdaW/(lambdaH n_k)) M_k',
    measure: (v, p) => classMeanLengths(v.Hbar, p.vec('hSq'), v.scale),
  },
  { name: 'logits', claim: 'W h_k = M_k (e_k - 1/K)', measure: (v, p) => centredLogits(v.W, v.Hbar, p.vec('M'), v.scale) },
  {
    name: 'classifier',
    claim: 'w_k = sqrt(lambdaH/(lambdaW K (K-1))) (K sqrt(n_k) h_k - sum_j sqrt(n_j) h_j)',
    measure: (v, p) => classifierMatches(v.W, classifierOfMeans(v.Hbar, v.n, p.num('wCoef')), 'wCoef (K sqrt(n_k) h_k - sum_j sqrt(n_j) h_j)', v.scale),
  },
  { name: 'dead classes', claim: 'h_k = 0 iff n_k <= (K/(K-1)) N^2 lambdaW lambdaH', measure: (v, p) => deadClassesMatch(v.Hbar, p.flags('dead'), v.scale) },
];

/**
 * The claimed minimiser: h_k = sqrt(hSq_k) e_{slot(k)} for live classes (one coordinate each, so
 * they are orthogonal and nonnegative), every sample at its class mean, W from the classifier
 * formula.
 */
function construct(inst: UfmCeInstance, p: Predictions): Float64Array | { impossible: string } {
  const { K, d } = inst;
  const hSq = p.vec('hSq');
  const live = hSq.filter((v) => v > 0).length;
  if (hSq.some((v) => v < 0)) return { impossible: `a claimed ||h_k||^2 is negative: ${hSq.join(', ')}` };
  if (live > d) return { impossible: `${live} mutually orthogonal non-zero nonnegative class means need d >= ${live}, got d = ${d}` };
  const Hbar = mat(d, K);
  let slot = 0;
  for (let k = 0; k < K; k++) if (hSq[k] > 0) Hbar.data[slot++ * K + k] = Math.sqrt(hSq[k]);
  return ufmCePoint(inst, { W: classifierOfMeans(Hbar, inst.n, p.num('wCoef')), Hbar });
}

// Step, long-tail and random counts with K <= 4 (the solver's budget, not the claim's).
const profiles = fc.oneof(
  stepProfile({ kA: [1, 2], kB: [1, 2], nB: [1, 3], ratio: [1.5, 6] }),
  longTailProfile({ K: [3, 4], n1: [4, 10] }),
  randomProfile({ K: [2, 4], total: [6, 24] }),
);

const assumptions = { nonnegative: 'nonnegative == 1', noBias: 'bias == 0', dimension: 'd >= live' };

export const dang2024Relu = defineTheorem<UfmCeInstance, UfmCeReluView>({
  clauses: [
    { text: 'Problem [code]: min (1/N) sum CE(W h_{k,i}, k) + lambda_W/2 ||W||^2 + lambda_H/2 ||H||^2, no bias,', assumption: 'noBias' },
    { text: 'features nonnegative (H >= 0;', assumption: 'nonnegative' },
    {
      text: 'equivalently regularise ReLU(H) \u2014 same minimisers).',
      unchecked: 'the ReLU-regularised formulation is not implemented: H >= 0 is solved as H = G o G; the equivalence is taken from the paper',
    },
    { text: 'NC1: h_{k,i} = h_k.', checkedBy: ['NC1'] },
    { text: 'class means mutually orthogonal: h_k . h_l = 0 (k != l),', checkedBy: ['orthogonal class means'] },
    {
      text: 'lengths depend on n_k: x_k = sqrt(n_k) / (N sqrt((K-1)/K lambda_W lambda_H)), M_k = log((K-1)(x_k - 1)) if x_k > K/(K-1), else 0, ||h_k||^2 = sqrt((K-1)/K * lambda_W / (lambda_H n_k)) * M_k.',
      checkedBy: ['class-mean lengths'],
    },
    { text: 'logits: W h_k = M_k (e_k - 1/K).', checkedBy: ['logits'] },
    {
      text: 'classifier = scaled, centred class means: w_k = sqrt(lambda_H / (lambda_W K (K-1))) (K sqrt(n_k) h_k - sum_j sqrt(n_j) h_j); hence sum_k w_k = 0.',
      checkedBy: ['classifier'],
    },
    { text: 'dead classes: h_k = 0 iff n_k <= (K/(K-1)) N^2 lambda_W lambda_H;', checkedBy: ['dead classes'] },
    {
      text: 'W = H = 0 if even n_1 is below.',
      checkedBy: ['dead classes', 'classifier'],
      note: "the claim's instances keep one class live (W = H = 0 is flat to fourth order in G, no certificate decides there); hunts reach it",
    },
    {
      text: 'optimal value f* = sum_k [ (n_k/N) log(1 + (K-1) e^{-M_k}) + sqrt(lambda_W lambda_H (K-1) n_k / K) M_k ].',
      checkedBy: ['optimum', 'claimed minimiser'],
    },
    { text: 'needs d >= number of non-dead classes.', assumption: 'dimension' },
    {
      text: 'Note: local solvers stall at h_k = 0 for live classes (strict saddles); restarts are needed.',
      unchecked: "a remark on solvers, not on minimisers: the problem's saddle escapes (counted per start in every record) handle it",
    },
  ],
  id: 'dang2024relu.global',
  paper: 'Dang et al. 2024 (ReLU)',
  citation,
  section: 'Thm 3.1 (constants derived)',
  statement:
    'nonnegative features, no bias, d >= number of live classes: every global minimiser has NC1, orthogonal class means with ||h_k||^2 = sqrt((K-1)/K lambdaW/(lambdaH n_k)) M_k, logits M_k (e_k - 1/K), w_k = scaled centred sqrt(n)-weighted means, dead classes iff n_k <= (K/(K-1)) N^2 lambdaW lambdaH, and the closed-form optimum.',
  confidence: ['paper', 'code', 'derived'],
  confidenceNote: 'the paper states the geometry qualitatively; the constants are derived here and checked numerically',
  kind: 'global-minimiser',
  problem: ufmCe,
  symbols: ufmCeReluSymbols,
  assumptions,
  predictions,
  construct,
  view: ufmCeReluView,
  checks,
  // d = live: with d > live the unused coordinates are zero in both W and H, and in G = sqrt(H)
  // those directions are flat to fourth order, so the certificate cannot bound the distance
  // (every check there is undecidable). Left for a certificate aware of that degeneracy.
  instances: reluUfmCe(profiles, { dOffset: [0, 0], margin: 0.03 }),
  // The mutation pool also crowds N lambdaZ within 3% of a class's dead threshold, where slightly moved thresholds differ.
  candidates: fc.oneof(
    reluUfmCe(profiles, { dOffset: [-1, 0], margin: 0, nearThreshold: true }),
    reluUfmCe(profiles, { dOffset: [0, 0], margin: 0, bias: true }),
  ),
  solve: { starts: 4, scales: [1, 0.3, 3] },
  variants: [
    {
      name: 'wrong exponent in a length',
      description: '||h_k||^2 proportional to 1/n_k instead of 1/sqrt(n_k)',
      predictions: { hSq: 'sqrt((K - 1) / K * lambdaW / lambdaH) ./ nk .* M' },
    },
    {
      name: 'dead-class threshold with N instead of N^2',
      description: 'h_k = 0 iff n_k <= (K/(K-1)) N lambdaW lambdaH',
      predictions: { dead: 'nk <= (K / (K - 1)) * N * lambdaW * lambdaH' },
    },
    {
      name: 'orthogonality claimed with a bias',
      description: 'the same structure asserted for the model with a (penalised) bias',
      assumptions: { nonnegative: assumptions.nonnegative, dimension: assumptions.dimension },
    },
    {
      name: 'claimed for d = live - 1',
      description: 'orthogonal live class means asserted one dimension below the number of live classes',
      assumptions: { ...assumptions, dimension: 'd >= live - 1' },
    },
  ],
});

export default [dang2024Relu];
