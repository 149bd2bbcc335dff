/**
 * Dang, Tran, Osher, Tran-The, Ho, Nguyen. "Neural Collapse in Deep Linear Networks: From
 * Balanced to Imbalanced Data." ICML 2023. Catalogue section: dang2023dln (docs/catalogue.md).
 *
 * Problem [code]: M linear layers on free features (src/problems/deep-linear/problem.ts),
 *   f = (1/(2N)) ||W_M ... W_1 H (+ b 1^T) - Y||^2 + sum_m lambdaW_m/2 ||W_m||^2 + lambdaH/2 ||H||^2
 * (and the same with mean CE). lambdaBar = (prod_m lambdaW_m)^{1/M}, g_M(x) = x^{M-1}/(x^M+1)^2,
 * b_k = N lambdaBar (N lambdaH)^{1/M} / n_k, thr_M = (M-1)^{(M-1)/M} / M^2.
 *
 * Per class the problem reduces to one scalar: with a_k^2 = N lambdaH x^M the class costs
 * F_k(x) = n_k / (2N (x^M + 1)) + (M/2) lambdaBar (N lambdaH)^{1/M} x, whose stationarity is
 * g_M(x) = b_k and whose value at x = 0 is the dead class's n_k / (2N). The expressions below use
 * `gRoot(M, b)` (the largest root of g_M(x) = b, src/problems/deep-linear/roots.ts) entrywise over the
 * class vector `nk`; the `reduced` entry re-derives the largest class's x with the mathjs
 * derivative of F, Brent and nerdamer.
 */
import { minOf } from '../src/linalg/vector.ts';
import { deepLinearCe, deepLinearMse } from '../src/instances/deep-linear.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { descendingSpectrum } from '../src/linalg/eigen-descending.ts';
import { diag, frobNorm, matmul, rowGram, transpose } from '../src/linalg/matrix.ts';
import { alignment, gramMatches, isZero, simplexEtfGram, withinClassCollapse, zeroGlobalMean } from '../src/predicates/collapse.ts';
import { entriesEqual } from '../src/predicates/entries.ts';
import { helmertBasis } from '../src/predicates/frames.ts';
import { layerBalance } from '../src/predicates/layer-balance.ts';
import { matrixMismatch, sortedValuesMatch } from '../src/predicates/mismatch.ts';
import { deepLinearClassValues } from '../src/problems/deep-linear/classes.ts';
import { balancedFramePoint, classAxes, equalModes } from '../src/problems/deep-linear/point.ts';
import { dlnCe, dlnMse, type DeepLinearInstance } from '../src/problems/deep-linear/problem.ts';
import { dlnSymbols } from '../src/problems/deep-linear/symbols.ts';
import { deepLinearView, type DeepLinearView } from '../src/problems/deep-linear/view.ts';

const citation =
  'H. Dang, T. Tran, S. Osher, H. Tran-The, N. Ho, T. Nguyen. Neural Collapse in Deep Linear Networks: From Balanced to Imbalanced Data. ICML 2023.';

/** The claimed per-class x_k, a_k^2, live flags from the predicted bScale and thr (perturbed constants flow through), `keep` largest classes. */
const classValues = (i: DeepLinearInstance, p: Predictions, keep: number) => deepLinearClassValues(i, { bScale: p.num('bScale'), thr: p.num('thr'), keep });

/** Layer balance's claimed lambdaH n_k ||h_k||^2 = lambdaH n_k a_k^2 / (a_k^2 + N lambdaH)^2, per class. */
const balanceValues = (i: DeepLinearInstance, a2: readonly number[], N: number) => a2.map((ak, k) => (i.lambdaH * i.n[k] * ak) / (ak + N * i.lambdaH) ** 2);

// --- dang2023dln.mse (and its narrow-layer form): the closed forms. ---

/** Where g_M peaks. */
const xPeak = '((M - 1) / (M + 1))^(1 / M)';
const b = '(bScale ./ nk)';
/** The claimed x_k per class: the largest root of g_M(x) = b_k for live classes, else 0. */
const xk = `(gRoot(M, ${b}) .* (${b} < thr))`;
/** a_k^2 = N lambdaH x_k^M. */
const a2 = `(N * lambdaH * ${xk} .^ M)`;

const msePredictions = {
  lambdaBar: 'prod(lambdaWm)^(1 / M)',
  bScale: 'N * lambdaBar * (N * lambdaH)^(1 / M)',
  thr: '(M - 1)^((M - 1) / M) / M^2',
  liveCount: `sum(${b} < thr)`,
  x1: 'bScale / nmax < thr ? gRoot(M, bScale / nmax) : 0',
  // sum_k min(n_k/(2N), n_k lambdaH / (2 (a_k^2 + N lambdaH)) + (M/2) lambdaBar a_k^{2/M}); the
  // live rule picks the smaller of the two, and a dead class (a_k = 0) gives n_k/(2N).
  optimum: `sum(nk * lambdaH ./ (2 * (${a2} + N * lambdaH)) + (M / 2) * lambdaBar * ${a2} .^ (1 / M))`,
};

/**
 * The largest class's cost F_1(x), written from the problem (not from the predictions). Live:
 * F' is negative at the peak of g_M and positive far out, so [x_peak, 2 x1 + 2] holds exactly
 * one stationary point (the local maximum of F lies below x_peak). Dead: F' > 0 near 0, so the
 * argmin over the sliver [0, 1e-9] is 0 (this decides nothing; the live/dead rule is checked by
 * the optimum against the solver).
 */
const mseReduced = {
  objective: 'nmax / (2 * N * (x^M + 1)) + (M / 2) * lambdaGeo * (N * lambdaH)^(1 / M) * x',
  variable: 'x',
  domain: [`x1 > 0 ? ${xPeak} : 0`, 'x1 > 0 ? 2 * x1 + 2 : 1e-9'] as [string, string],
  matches: 'x1',
};

type DlnCheck = Check<DeepLinearInstance, DeepLinearView>;

const someLive = (_i: DeepLinearInstance, p: Predictions) => p.num('liveCount') > 0;
const nc1: DlnCheck = { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', when: someLive, measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) };
const zeroWhenDead: DlnCheck = {
  name: 'zero solution',
  claim: 'W = H = 0 when every class is dead',
  when: (i, p) => !someLive(i, p),
  measure: (v) => isZero([v.W, v.H], 'W, H'),
};
const balancedLayers = (keepOf: (i: DeepLinearInstance) => number): DlnCheck => ({
  name: 'layer balance',
  claim: 'lambdaW_m s_{m,k}^2 = lambdaH n_k ||h_k||^2 for every layer',
  measure: (v, p, i) => layerBalance(v.layers, i.lambdaW, balanceValues(i, classValues(i, p, keepOf(i)).a2, v.N)),
});

/**
 * At b_k = thr_M the live root is x^M = M - 1: g_M(x) = x^{M-1} / (x^M + 1)^2 = thr_M there, and
 * the live cost F_k(x) = (n_k / 2N) (1 / (x^M + 1) + M thr_M x) equals the dead cost n_k / (2N),
 * so both are optimal. Evaluated with the claim's predicted thr (a moved threshold breaks it).
 */
const thresholdTie: DlnCheck = {
  name: 'tie at the threshold',
  claim: 'at b_k = thr_M, x^M = M - 1 solves g_M(x) = b_k and live and dead cost the same',
  measure: (_v, p, i) => {
    const M = i.depth;
    const thr = p.num('thr');
    const x = (M - 1) ** (1 / M);
    const g = x ** (M - 1) / (x ** M + 1) ** 2;
    const live = 1 / (x ** M + 1) + M * thr * x;
    return {
      deviation: Math.max(Math.abs(g - thr) / thr, Math.abs(live - 1)),
      kind: 'relative',
      detail: `g_M((M-1)^{1/M}) = ${g} vs thr ${thr}; live/dead cost ${live}`,
      sensitivity: 0,
    };
  },
};

function mseChecks(keepOf: (i: DeepLinearInstance) => number): DlnCheck[] {
  return [
    nc1,
    zeroWhenDead,
    {
      name: 'orthogonal frame',
      claim: 'W W^T = diag(a_k^2), W = W_M ... W_1',
      measure: (v, p, i) => gramMatches(v.W, diag(classValues(i, p, keepOf(i)).a2), 'diag(a_k^2)'),
    },
    {
      name: 'class-mean Gram',
      claim: 'H_bar^T H_bar = diag(a_k^2 / (a_k^2 + N lambdaH)^2)',
      measure: (v, p, i) =>
        gramMatches(transpose(v.Hbar), diag(classValues(i, p, keepOf(i)).a2.map((a) => a / (a + v.N * i.lambdaH) ** 2)), 'diag(a_k^2/(a_k^2 + N lambdaH)^2)'),
    },
    {
      name: 'W H_bar',
      claim: 'W H_bar = diag(x_k^M / (x_k^M + 1))',
      measure: (v, p, i) => {
        const t = diag(classValues(i, p, keepOf(i)).x.map((x) => x ** i.depth / (x ** i.depth + 1)));
        return matrixMismatch(matmul(v.W, v.Hbar), t, 'W H_bar - diag(x^M/(x^M+1))', frobNorm(v.W) + frobNorm(v.Hbar), frobNorm(t));
      },
    },
    {
      name: 'W from H_bar',
      claim: 'W = diag(a_k^2 + N lambdaH) H_bar^T',
      measure: (v, p, i) => {
        const a2 = classValues(i, p, keepOf(i)).a2;
        const D = diag(a2.map((a) => a + v.N * i.lambdaH));
        const T = matmul(D, transpose(v.Hbar));
        const claimedW = Math.sqrt(a2.reduce((s, a) => s + a, 0));
        return matrixMismatch(v.W, T, 'W - diag(a^2 + N lambdaH) H_bar^T', 1 + frobNorm(D), claimedW);
      },
    },
    balancedLayers(keepOf),
    thresholdTie,
  ];
}

/**
 * The claimed minimiser: class k (j-th live class) runs through unit direction e_j of every
 * layer with singular values s_{m,k} = sqrt(lambdaBar a_k^{2/M} / lambdaW_m) (balanced layers),
 * the last layer maps e_j to e_k, and h_{k,i} = a_k / (a_k^2 + N lambdaH) e_j.
 */
function constructMse(keepOf: (i: DeepLinearInstance) => number) {
  return (inst: DeepLinearInstance, p: Predictions): Float64Array | { impossible: string } => {
    const { a2, live } = classValues(inst, p, keepOf(inst));
    const liveClasses = live.flatMap((l, k) => (l ? [k] : []));
    const dmin = minOf(inst.widths);
    if (liveClasses.length > dmin)
      return { impossible: `${liveClasses.length} live classes need orthogonal directions in every layer, but the narrowest has d = ${dmin}` };
    const N = inst.n.reduce((s, v) => s + v, 0);
    return balancedFramePoint(inst, classAxes(inst.K, liveClasses), {
      c: liveClasses.map((k) => p.num('lambdaBar') * a2[k] ** (1 / inst.depth)),
      h: liveClasses.map((k) => Math.sqrt(a2[k]) / (a2[k] + N * inst.lambdaH)),
    });
  };
}

export const dang2023dlnMse = defineTheorem<DeepLinearInstance, DeepLinearView>({
  clauses: [
    { text: 'Problem [code]: M linear layers, widths d_m >= K,', assumption: 'wide' },
    { text: 'bias-free unless said: f = (1/(2N)) ||W_M ... W_1 H - Y||^2 + sum_m lambda_{W_m}/2 ||W_m||^2 + lambda_H/2 ||H||^2.', assumption: 'biasFree' },
    { text: 'every global minimiser has NC1 in H;', checkedBy: ['NC1'] },
    { text: 'W := W_M ... W_1 satisfies W W^T = diag(a_k^2) (orthogonal frame, NOT an ETF, even balanced);', checkedBy: ['orthogonal frame'] },
    {
      text: 'M = 1: class k is live iff b_k < 1 (i.e. n_k > N^2 lambda_W lambda_H), x_k = b_k^{-1/2} - 1;',
      checkedBy: ['W H_bar', 'orthogonal frame', 'optimum'],
    },
    {
      text: 'M >= 2: class k is live iff b_k < thr_M, x_k = the largest positive root of g_M(x) = b_k;',
      checkedBy: ['W H_bar', 'orthogonal frame', 'scalar reduction', 'optimum'],
    },
    { text: 'dead classes have w_k = 0 and h_k = 0;', checkedBy: ['orthogonal frame', 'class-mean Gram', 'zero solution'] },
    {
      text: 'at b_k = thr_M both are optimal (x^M = M-1 there).',
      checkedBy: ['tie at the threshold'],
      note: 'the identity at the predicted thr (instances themselves are drawn away from the threshold)',
    },
    { text: 'a_k^2 = N lambda_H x_k^M;', checkedBy: ['orthogonal frame'] },
    { text: 'H_bar^T H_bar = diag(a_k^2 / (a_k^2 + N lambda_H)^2);', checkedBy: ['class-mean Gram'] },
    { text: 'W H_bar = diag(x_k^M / (x_k^M + 1));', checkedBy: ['W H_bar'] },
    { text: 'W = diag(a_k^2 + N lambda_H) H_bar^T;', checkedBy: ['W from H_bar'] },
    { text: 'layers balanced: lambda_{W_m} s_{m,k}^2 = lambda_H n_k ||h_k||^2 for every layer m;', checkedBy: ['layer balance'] },
    {
      text: 'optimal value sum_k min( n_k/(2N), n_k lambda_H / (2 (a_k^2 + N lambda_H)) + (M/2) lambda_bar a_k^{2/M} ).',
      checkedBy: ['optimum', 'claimed minimiser'],
    },
    { text: 'narrow layers (some d_m < K): only the min(d,K) largest classes stay live [derived].', checkedBy: ['dang2023dln.mse-narrow'] },
  ],
  id: 'dang2023dln.mse',
  paper: 'Dang et al. 2023',
  citation,
  section: 'Thms 3.1, 4.1 (bias-free, MSE)',
  statement:
    'Widths d_m >= K, balanced or imbalanced, M layers, per-layer lambdas: every global minimiser has NC1, W W^T = diag(a_k^2) (orthogonal frame), a_k^2 = N lambdaH x_k^M with x_k the largest root of g_M(x) = b_k for live classes (b_k < thr_M), dead classes zero, balanced layers, and the closed-form optimal value.',
  confidence: ['derived', 'code'],
  confidenceNote: "derived from the problem; matches the authors' code",
  kind: 'global-minimiser',
  problem: dlnMse,
  symbols: dlnSymbols,
  assumptions: { biasFree: 'bias == 0', wide: 'dmin >= K' },
  predictions: msePredictions,
  reduced: mseReduced,
  construct: constructMse((i) => i.K),
  view: deepLinearView,
  checks: mseChecks((i) => i.K),
  instances: deepLinearMse(),
  candidates: deepLinearMse({ minWidthOffset: -2, ratioRange: [0.5, 2] }),
  solve: { starts: 6, scales: [1, 2, 0.5] },
  variants: [
    {
      name: 'narrow layers admitted',
      description: 'the same conclusion (every class with b_k < thr_M live) asserted when some layer has d_m < K',
      assumptions: { biasFree: 'bias == 0', wide: 'dmin >= K - 2' },
    },
    {
      name: 'threshold of the one-layer model at every depth',
      description: 'class k live iff b_k < 1 (thr_1) whatever M',
      predictions: { thr: '1' },
    },
  ],
});

// --- Narrow layers: only the min(d, K) largest classes stay live [derived]. ---

const keepNarrow = (i: DeepLinearInstance) => Math.min(i.K, minOf(i.widths));
const narrowMask = '(classIndex < dmin)';
const bSorted = '(bScale ./ nkSorted)';
const xSorted = `(gRoot(M, ${bSorted}) .* (${bSorted} < thr) .* ${narrowMask})`;
const a2Sorted = `(N * lambdaH * ${xSorted} .^ M)`;

export const dang2023dlnMseNarrow = defineTheorem<DeepLinearInstance, DeepLinearView>({
  clauses: [
    { text: 'narrow layers (some d_m < K):', assumption: 'narrow' },
    { text: '(bias-free)', assumption: 'biasFree' },
    {
      text: 'only the min(d,K) largest classes stay live [derived].',
      checkedBy: ['spectrum of W W^T', 'optimum', 'claimed minimiser'],
      note: 'one persistent inconclusive instance (K = 3, n = 1, widths [1, 3, 5]): every start ends at a certified point 0.6% above the claimed optimum',
    },
    { text: '(with the same x_k and threshold; the others are zero; balanced layers)', checkedBy: ['layer balance', 'zero solution', 'NC1'] },
  ],
  id: 'dang2023dln.mse-narrow',
  paper: 'Dang et al. 2023',
  citation,
  section: 'narrow layers (some d_m < K) [derived]',
  statement:
    'Some width d_m < K: every global minimiser keeps only the min(d, K) largest classes live (with the same x_k and threshold), the others are zero; W W^T has spectrum {a_k^2}.',
  confidence: ['derived'],
  kind: 'global-minimiser',
  problem: dlnMse,
  symbols: dlnSymbols,
  assumptions: { biasFree: 'bias == 0', narrow: 'dmin < K' },
  predictions: {
    ...msePredictions,
    liveCount: `sum(${bSorted} < thr .* ${narrowMask})`,
    optimum: `sum(nkSorted * lambdaH ./ (2 * (${a2Sorted} + N * lambdaH)) + (M / 2) * lambdaBar * ${a2Sorted} .^ (1 / M))`,
  },
  reduced: mseReduced,
  construct: constructMse(keepNarrow),
  view: deepLinearView,
  checks: [
    nc1,
    zeroWhenDead,
    {
      // Equal-size classes at the cut make the kept subspace non-unique: compare spectra.
      name: 'spectrum of W W^T',
      claim: 'eig(W W^T) = {a_k^2 : the min(d,K) largest live classes}',
      measure: (v, p, i) => sortedValuesMatch(descendingSpectrum(rowGram(v.W)), classValues(i, p, keepNarrow(i)).a2, 'eig(W W^T)', 2 * frobNorm(v.W)),
    },
    balancedLayers(keepNarrow),
  ],
  instances: deepLinearMse({ narrow: true }),
  candidates: deepLinearMse({ narrow: true, ratioRange: [0.5, 2] }),
  solve: { starts: 6, scales: [1, 2, 0.5] },
  variants: [
    {
      name: 'every class below the threshold live despite a narrow layer',
      description: 'the wide-layer optimum claimed for d_m < K (no class dropped by the width)',
      predictions: { liveCount: `sum(${bSorted} < thr)`, optimum: msePredictions.optimum },
    },
  ],
});

/** The balanced simplex ETF: K - 1 modes on the Helmert basis of 1-perp, lambdaW_m s_m^2 = c, features h (zero when c = h = 0). */
const etfPoint = (inst: DeepLinearInstance, c: number, h: number, b?: readonly number[]) =>
  balancedFramePoint(inst, helmertBasis(inst.K), equalModes(inst.K - 1, c, h), b);

// --- dang2023dln.mse-bias: balanced, unregularised last-layer bias: b = 1/K, simplex ETF. ---

export const dang2023dlnMseBias = defineTheorem<DeepLinearInstance, DeepLinearView>({
  clauses: [
    { text: 'dang2023dln.mse-bias (balanced,', assumption: 'balanced' },
    { text: 'last-layer bias, unregularised)', assumption: 'biasOn' },
    { text: '(widths d_m >= K)', assumption: 'wide' },
    { text: 'b = (1/K) 1,', checkedBy: ['bias'] },
    { text: 'sum_k h_k = 0,', checkedBy: ['zero global mean'] },
    { text: 'W W^T = a^2 C (simplex ETF)', checkedBy: ['simplex ETF', 'NC1'] },
    { text: 'with the same x and threshold.', checkedBy: ['simplex ETF', 'layer balance', 'zero solution', 'optimum', 'scalar reduction'] },
  ],
  id: 'dang2023dln.mse-bias',
  paper: 'Dang et al. 2023',
  citation,
  section: 'Thm 3.1 with bias [derived]',
  statement:
    'Balanced, last-layer bias (unregularised), d_m >= K: every global minimiser has b = (1/K) 1, sum_k h_k = 0, W W^T = a^2 C (simplex ETF) with a^2 = N lambdaH x^M, x and the threshold as without bias; optimum (K-1) min(n/(2N), F(x)).',
  confidence: ['derived'],
  kind: 'global-minimiser',
  problem: dlnMse,
  symbols: dlnSymbols,
  assumptions: { biasOn: 'bias == 1', balanced: 'nmin == nmax', wide: 'dmin >= K' },
  predictions: {
    lambdaBar: 'prod(lambdaWm)^(1 / M)',
    bScale: 'N * lambdaBar * (N * lambdaH)^(1 / M)',
    thr: '(M - 1)^((M - 1) / M) / M^2',
    x1: 'bScale / n < thr ? gRoot(M, bScale / n) : 0',
    aSq: 'N * lambdaH * x1^M',
    biasValue: '1 / K',
    // The K-1 centred modes each cost what one class costs without bias; the mean mode is fitted by b.
    optimum: '(K - 1) * (n * lambdaH / (2 * (aSq + N * lambdaH)) + (M / 2) * lambdaBar * aSq^(1 / M))',
  },
  reduced: mseReduced,
  // The simplex ETF with lambdaW_m s_m^2 = lambdaBar a^{2/M}, h = a / (a^2 + N lambdaH), b = biasValue 1 (only b below the threshold).
  construct: (inst, p) => {
    const aSq = p.num('aSq');
    const N = inst.n.reduce((s, v) => s + v, 0);
    return etfPoint(
      inst,
      p.num('lambdaBar') * aSq ** (1 / inst.depth),
      Math.sqrt(aSq) / (aSq + N * inst.lambdaH),
      inst.n.map(() => p.num('biasValue')),
    );
  },
  view: deepLinearView,
  checks: [
    { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', when: (_i, p) => p.num('aSq') > 0, measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
    { name: 'zero solution', claim: 'W = H = 0 below the threshold', when: (_i, p) => p.num('aSq') === 0, measure: (v) => isZero([v.W, v.H], 'W, H') },
    { name: 'bias', claim: 'b = (1/K) 1', measure: (v, p) => entriesEqual(v.b!, p.num('biasValue')) },
    { name: 'zero global mean', claim: 'sum_k h_k = 0', when: (_i, p) => p.num('aSq') > 0, measure: (v) => zeroGlobalMean(v.Hbar) },
    { name: 'simplex ETF', claim: 'W W^T = a^2 C', measure: (v, p, i) => simplexEtfGram(v.W, (p.num('aSq') * (i.K - 1)) / i.K) },
    {
      name: 'layer balance',
      claim: 'lambdaW_m s_m^2 = lambdaH n ||h_k||^2 K/(K-1) on the K-1 centred modes',
      measure: (v, p, i) => {
        const aSq = p.num('aSq');
        const c = (i.lambdaH * i.n[0] * aSq) / (aSq + v.N * i.lambdaH) ** 2;
        return layerBalance(
          v.layers,
          i.lambdaW,
          Array.from({ length: i.K - 1 }, () => c),
        );
      },
    },
  ],
  instances: deepLinearMse({ imbalanced: false, bias: true }),
  candidates: deepLinearMse({ imbalanced: false, bias: true, ratioRange: [0.5, 2] }),
  solve: { starts: 6, scales: [1, 2, 0.5] },
  variants: [
    {
      name: 'orthogonal frame with bias',
      description: 'the bias-free optimum (K live modes, no bias) claimed for the model with a bias',
      predictions: { optimum: 'K * (n * lambdaH / (2 * (aSq + N * lambdaH)) + (M / 2) * lambdaBar * aSq^(1 / M))' },
    },
  ],
});

// --- dang2023dln.ce: balanced CE through M layers. ---

const cePhi = 'log(1 + (K - 1) * exp(-rho)) + ((M + 1) / 2) * (K - 1) * lambdaT * (rho * sqrt(n))^(2 / (M + 1))';

export const dang2023dlnCe = defineTheorem<DeepLinearInstance, DeepLinearView>({
  clauses: [
    { text: 'dang2023dln.ce (balanced,', assumption: 'balanced' },
    { text: 'bias-free, mean CE, lambda/2 penalties)', assumption: 'biasFree' },
    { text: '(widths d_m >= K)', assumption: 'wide' },
    { text: '[paper, conditions as we read them]: every global minimiser has NC1,', checkedBy: ['NC1'] },
    {
      text: 'W_M ... W_1 forms a simplex ETF',
      checkedBy: ['simplex ETF', 'optimum'],
      note: 'finding: false for M >= 2: certified points below the ETF optimum (K = 4, and K = 3 near the zero threshold)',
    },
    { text: 'aligned with the class means;', checkedBy: ['alignment'] },
    {
      text: 'on that family the problem reduces to min_rho log(1 + (K-1) e^{-rho}) + ((M+1)/2) (K-1) lambda_t (rho sqrt(n))^{2/(M+1)}, lambda_t = (lambda_H prod_m lambda_{W_m})^{1/(M+1)}.',
      checkedBy: ['scalar reduction', 'claimed minimiser', 'layer balance'],
    },
    {
      text: "[derived] W = H = 0 where the ETF does not beat log K (the reduction's minimum at rho = 0).",
      checkedBy: ['zero solution', 'optimum'],
      note: 'finding: false at M = 2: K = 3, n = 1, widths [3, 3], every lambda 0.19 reaches f = 1.0894362254 < log 3 (found and shrunk by ncverify hunt; scipy agrees)',
    },
  ],
  id: 'dang2023dln.ce',
  paper: 'Dang et al. 2023',
  citation,
  section: 'Thm 5.1 (CE, balanced) [conditions as we read them]',
  statement:
    'Balanced, bias-free CE, d_m >= K: every global minimiser has NC1 and W_M ... W_1 a simplex ETF aligned with the class means, with margin rho the minimiser of log(1 + (K-1) e^{-rho}) + ((M+1)/2) (K-1) lambdaT (rho sqrt n)^{2/(M+1)}.',
  confidence: ['paper'],
  confidenceNote: 'conditions as we read them',
  kind: 'global-minimiser',
  problem: dlnCe,
  symbols: dlnSymbols,
  assumptions: { biasFree: 'bias == 0', balanced: 'nmin == nmax', wide: 'dmin >= K' },
  predictions: {
    lambdaT: '(lambdaH * prod(lambdaWm))^(1 / (M + 1))',
    rhoPeak: 'ceMarginPeak(K, M)',
    rho: 'ceMargin(K, M, n, lambdaT)',
    // AM-GM equality: lambdaW_m s_m^2 = lambdaH n h^2 = c on each of the K-1 modes.
    c: 'lambdaT * (rho * sqrt(n))^(2 / (M + 1))',
    sigmaSq: 'c^M / prod(lambdaWm)',
    hSq: 'c / (lambdaH * n)',
    optimum: cePhi,
  },
  reduced: {
    objective: 'log(1 + (K - 1) * exp(-rho)) + ((M + 1) / 2) * (K - 1) * (lambdaH * prod(lambdaWm))^(1 / (M + 1)) * (rho * sqrt(n))^(2 / (M + 1))',
    variable: 'rho',
    domain: ['rho > 0 ? rhoPeak : 0', 'rho > 0 ? 2 * rho + 10 : 1e-9'],
    matches: 'rho',
  },
  // The simplex ETF with lambdaW_m s_m^2 = c and h = sqrt(hSq) (the zero point when c = 0).
  construct: (inst, p) => etfPoint(inst, p.num('c'), Math.sqrt(p.num('hSq'))),
  view: deepLinearView,
  checks: [
    { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', when: (_i, p) => p.num('c') > 0, measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
    { name: 'simplex ETF', claim: 'W W^T = sigma^2 C, W = W_M ... W_1', measure: (v, p, i) => simplexEtfGram(v.W, (p.num('sigmaSq') * (i.K - 1)) / i.K) },
    {
      name: 'alignment',
      claim: 'H_bar^T = (h / sigma) W',
      when: (_i, p) => p.num('c') > 0,
      measure: (v, p) => alignment(v.Hbar, v.W, Math.sqrt(p.num('hSq') / p.num('sigmaSq'))),
    },
    {
      name: 'layer balance',
      claim: 'lambdaW_m s_m^2 = c on the K-1 modes of every layer',
      measure: (v, p, i) =>
        layerBalance(
          v.layers,
          i.lambdaW,
          Array.from({ length: i.K - 1 }, () => p.num('c')),
        ),
    },
    {
      name: 'zero solution',
      claim: 'W = H = 0 when the ETF does not beat log K',
      when: (_i, p) => p.num('c') === 0,
      measure: (v) => isZero([v.W, v.H], 'W, H'),
    },
  ],
  instances: deepLinearCe(),
  candidates: deepLinearCe({ ratioRange: [0.3, 2] }),
  solve: { starts: 6, scales: [1, 2, 0.5] },
  variants: [
    {
      name: 'two-layer exponent at every depth',
      description: 'the penalty (rho sqrt n)^{2/(M+1)} replaced by the M = 1 law rho sqrt n',
      predictions: { c: 'lambdaT * (rho * sqrt(n))^(2 / 2)' },
    },
  ],
});

export default [dang2023dlnMse, dang2023dlnMseNarrow, dang2023dlnMseBias, dang2023dlnCe];
