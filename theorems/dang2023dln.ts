/**
 * Dang, Tran, Osher, Tran-The, Ho, Nguyen. "Neural Collapse in Deep Linear Networks: From
 * Balanced to Imbalanced Data." ICML 2023. Catalogue section: dang2023dln (../shared/theorems.md).
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
import { deepLinearCe, deepLinearMse } from '../src/instances/deep-linear.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { symmetricEigen } from '../src/linalg/eigen.ts';
import { colGram, diag, frobNorm, matmul, rowGram, transpose, type Mat } from '../src/linalg/matrix.ts';
import type { Measurement } from '../src/predicates/predicate.ts';
import { gramMatches, isZero, simplexEtfGram, withinClassCollapse, zeroGlobalMean, alignment, fmt } from '../src/predicates/collapse.ts';
import { helmertBasis } from '../src/predicates/frames.ts';
import { dlnCe, dlnMse, deepLinearBlocks, type DeepLinearInstance } from '../src/problems/deep-linear/problem.ts';
import { deepLinearView, type DeepLinearView } from '../src/problems/deep-linear/view.ts';
import type { Scope } from '../src/symbolic/expr.ts';
import { ceMargin, ceMarginPeak, gRoot, largestRootOfG } from '../src/problems/deep-linear/roots.ts';

const citation = 'H. Dang, T. Tran, S. Osher, H. Tran-The, N. Ho, T. Nguyen. Neural Collapse in Deep Linear Networks: From Balanced to Imbalanced Data. ICML 2023.';

/**
 * Symbols: K, M (depth), N, n (common class size, NaN if imbalanced), nmin, nmax, nk (counts),
 * nkSorted (descending), classIndex (0..K-1), lambdaWm (per layer), lambdaGeo (their geometric
 * mean, for the reduced objective only), lambdaH, dmin (narrowest width), bias (0/1), and the
 * root functions gRoot, ceMargin, ceMarginPeak.
 */
export function dlnSymbols(inst: DeepLinearInstance): Scope {
  const N = inst.n.reduce((a, b) => a + b, 0);
  const nmin = Math.min(...inst.n);
  const nmax = Math.max(...inst.n);
  const M = inst.depth;
  const scope = {
    K: inst.K, M, N, n: nmin === nmax ? nmin : Number.NaN, nmin, nmax, nk: [...inst.n],
    nkSorted: [...inst.n].sort((a, b) => b - a), classIndex: inst.n.map((_, k) => k),
    lambdaWm: [...inst.lambdaW], lambdaGeo: inst.lambdaW.reduce((a, b) => a * b, 1) ** (1 / M),
    lambdaH: inst.lambdaH, dmin: Math.min(...inst.widths), bias: inst.bias ? 1 : 0,
    // Functions are legal in a mathjs scope; Scope's value type does not list them.
    gRoot, ceMargin, ceMarginPeak,
  };
  return scope as unknown as Scope;
}

// ------------------------------------------------------------------------------------------
// Per-class claimed values, from the evaluated predictions (so a perturbed constant flows
// through to the constructed minimiser and to every check).
// ------------------------------------------------------------------------------------------

interface ClassValues {
  /** Claimed x_k (0 for dead classes). */
  x: number[];
  /** Claimed a_k^2 = N lambdaH x_k^M. */
  a2: number[];
  live: boolean[];
}

/** Classes ordered by size, largest first (ties by index): the order narrow layers keep them in. */
function bySize(n: readonly number[]): number[] {
  return n.map((_, k) => k).sort((a, b) => n[b] - n[a] || a - b);
}

function classValues(inst: DeepLinearInstance, p: Predictions, keep = inst.K): ClassValues {
  const M = inst.depth;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const kept = new Set(bySize(inst.n).slice(0, keep));
  const bScale = p.num('bScale');
  const thr = p.num('thr');
  const x: number[] = [];
  const a2: number[] = [];
  const live: boolean[] = [];
  inst.n.forEach((nk, k) => {
    const b = bScale / nk;
    const isLive = kept.has(k) && b < thr;
    const xk = isLive ? largestRootOfG(M, b) : 0;
    live.push(isLive && xk > 0);
    x.push(xk);
    a2.push(N * inst.lambdaH * xk ** M);
  });
  return { x, a2, live };
}

// ------------------------------------------------------------------------------------------
// Measurements.
// ------------------------------------------------------------------------------------------

/**
 * ||A - T||_F / ref, with ref the norm the claim predicts for the target (absolute when it
 * predicts 0: a measured near-zero target must not turn rounding noise into a relative error).
 * `sensitivity` bounds the change of ||A - T|| per unit move of the point.
 */
function matrixMatches(A: Mat, T: Mat, label: string, sensitivity: number, ref: number): Measurement {
  let s = 0;
  for (let i = 0; i < A.data.length; i++) s += (A.data[i] - T.data[i]) ** 2;
  const diff = Math.sqrt(s);
  return ref > 0
    ? { deviation: diff / ref, kind: 'relative', detail: `||${label}||_F / ${fmt(ref)}`, sensitivity: sensitivity / ref }
    : { deviation: diff, kind: 'absolute', detail: `||${label}||_F (claimed 0)`, sensitivity };
}

/** Descending eigenvalues of a symmetric matrix. */
function spectrum(S: Mat): number[] {
  return Array.from(symmetricEigen(S).values).sort((a, b) => b - a);
}

/**
 * Sorted spectra agree: max_i |measured_i - claimed_i| / max(claimed), the claimed list padded
 * with zeros (and the measured one truncated) to a common length.
 */
function spectrumMatches(measured: number[], claimed: number[], what: string, slope: number): Measurement {
  const c = [...claimed].sort((a, b) => b - a);
  const len = Math.max(measured.length, c.length);
  let worst = 0;
  for (let i = 0; i < len; i++) worst = Math.max(worst, Math.abs((measured[i] ?? 0) - (c[i] ?? 0)));
  const ref = Math.max(...c, 0);
  return ref > 0
    ? { deviation: worst / ref, kind: 'relative', detail: `max_i |${what}_i - claimed_i| / max claimed (claimed ${c.map(fmt).join(', ')})`, sensitivity: slope / ref }
    : { deviation: worst, kind: 'absolute', detail: `max_i |${what}_i| (all claimed 0)`, sensitivity: slope };
}

/**
 * Layer balance: for every layer, the squared singular values of W_m times lambdaW_m equal the
 * claimed lambdaH n_k ||h_k||^2 = lambdaH n_k a_k^2 / (a_k^2 + N lambdaH)^2 (all k).
 */
function layerBalance(v: DeepLinearView, inst: DeepLinearInstance, claimed: number[]): Measurement {
  let worst: Measurement = { deviation: 0, kind: 'absolute', sensitivity: 0 };
  v.layers.forEach((W, m) => {
    const s = spectrum(colGram(W)).map((e) => inst.lambdaW[m] * e);
    const r = spectrumMatches(s, claimed, `lambdaW_${m + 1} s_${m + 1}^2`, 2 * inst.lambdaW[m] * frobNorm(W));
    if (r.deviation > worst.deviation || worst.sensitivity === 0) worst = { ...r, detail: `layer ${m + 1}: ${r.detail}` };
  });
  return worst;
}

// ------------------------------------------------------------------------------------------
// dang2023dln.mse (and its narrow-layer form): the closed forms.
// ------------------------------------------------------------------------------------------

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

const someLive = (_i: DeepLinearInstance, p: Predictions) => p.num('liveCount') > 0;

function mseChecks(keepOf: (i: DeepLinearInstance) => number): Check<DeepLinearInstance, DeepLinearView>[] {
  return [
    { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', when: someLive, measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
    { name: 'zero solution', claim: 'W = H = 0 when every class is dead', when: (i, p) => !someLive(i, p), measure: (v) => isZero([v.W, v.H], 'W, H') },
    {
      name: 'orthogonal frame', claim: 'W W^T = diag(a_k^2), W = W_M ... W_1',
      measure: (v, p, i) => gramMatches(v.W, diag(classValues(i, p, keepOf(i)).a2), 'diag(a_k^2)'),
    },
    {
      name: 'class-mean Gram', claim: 'H_bar^T H_bar = diag(a_k^2 / (a_k^2 + N lambdaH)^2)',
      measure: (v, p, i) => {
        const N = v.N;
        const t = classValues(i, p, keepOf(i)).a2.map((a) => a / (a + N * i.lambdaH) ** 2);
        return gramMatches(transpose(v.Hbar), diag(t), 'diag(a_k^2/(a_k^2 + N lambdaH)^2)');
      },
    },
    {
      name: 'W H_bar', claim: 'W H_bar = diag(x_k^M / (x_k^M + 1))',
      measure: (v, p, i) => {
        const t = diag(classValues(i, p, keepOf(i)).x.map((x) => x ** i.depth / (x ** i.depth + 1)));
        return matrixMatches(matmul(v.W, v.Hbar), t, 'W H_bar - diag(x^M/(x^M+1))', frobNorm(v.W) + frobNorm(v.Hbar), frobNorm(t));
      },
    },
    {
      name: 'W from H_bar', claim: 'W = diag(a_k^2 + N lambdaH) H_bar^T',
      measure: (v, p, i) => {
        const a2 = classValues(i, p, keepOf(i)).a2;
        const D = diag(a2.map((a) => a + v.N * i.lambdaH));
        const T = matmul(D, transpose(v.Hbar));
        const claimedW = Math.sqrt(a2.reduce((s, a) => s + a, 0));
        return matrixMatches(v.W, T, 'W - diag(a^2 + N lambdaH) H_bar^T', 1 + frobNorm(D), claimedW);
      },
    },
    {
      name: 'layer balance', claim: 'lambdaW_m s_{m,k}^2 = lambdaH n_k ||h_k||^2 for every layer',
      measure: (v, p, i) => {
        const a = classValues(i, p, keepOf(i)).a2;
        return layerBalance(v, i, a.map((ak, k) => (i.lambdaH * i.n[k] * ak) / (ak + v.N * i.lambdaH) ** 2));
      },
    },
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
    const liveCount = live.filter(Boolean).length;
    const dmin = Math.min(...inst.widths);
    if (liveCount > dmin) return { impossible: `${liveCount} live classes need orthogonal directions in every layer, but the narrowest has d = ${dmin}` };
    const blocks = deepLinearBlocks(inst);
    const M = inst.depth;
    const N = inst.n.reduce((s, v) => s + v, 0);
    const lambdaBar = p.num('lambdaBar');
    const x = new Float64Array(blocks.reduce((s, bl) => s + bl.rows * bl.cols, 0));
    const labelsStart: number[] = [];
    inst.n.reduce((off, nk, k) => { labelsStart[k] = off; return off + nk; }, 0);
    let j = 0;
    for (let k = 0; k < inst.K; k++) {
      if (!live[k]) continue;
      const c = lambdaBar * a2[k] ** (1 / M);
      for (let m = 0; m < M; m++) {
        const bl = blocks[m];
        const row = m === M - 1 ? k : j;
        x[bl.offset + row * bl.cols + j] = Math.sqrt(c / inst.lambdaW[m]);
      }
      const h = Math.sqrt(a2[k]) / (a2[k] + N * inst.lambdaH);
      const hb = blocks[M];
      for (let i = 0; i < inst.n[k]; i++) x[hb.offset + j * hb.cols + labelsStart[k] + i] = h;
      j++;
    }
    return x;
  };
}

export const dang2023dlnMse = defineTheorem<DeepLinearInstance, DeepLinearView>({
  id: 'dang2023dln.mse',
  paper: 'Dang et al. 2023',
  citation,
  section: 'Thms 3.1, 4.1 (bias-free, MSE)',
  statement: 'Widths d_m >= K, balanced or imbalanced, M layers, per-layer lambdas: every global minimiser has NC1, W W^T = diag(a_k^2) (orthogonal frame), a_k^2 = N lambdaH x_k^M with x_k the largest root of g_M(x) = b_k for live classes (b_k < thr_M), dead classes zero, balanced layers, and the closed-form optimal value.',
  confidence: ['derived', 'code'],
  confidenceNote: 'derived from the problem; matches the authors\' code',
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

// ------------------------------------------------------------------------------------------
// Narrow layers: only the min(d, K) largest classes stay live [derived].
// ------------------------------------------------------------------------------------------

const keepNarrow = (i: DeepLinearInstance) => Math.min(i.K, ...i.widths);
const narrowMask = '(classIndex < dmin)';
const bSorted = '(bScale ./ nkSorted)';
const xSorted = `(gRoot(M, ${bSorted}) .* (${bSorted} < thr) .* ${narrowMask})`;
const a2Sorted = `(N * lambdaH * ${xSorted} .^ M)`;

export const dang2023dlnMseNarrow = defineTheorem<DeepLinearInstance, DeepLinearView>({
  id: 'dang2023dln.mse-narrow',
  paper: 'Dang et al. 2023',
  citation,
  section: 'narrow layers (some d_m < K) [derived]',
  statement: 'Some width d_m < K: every global minimiser keeps only the min(d, K) largest classes live (with the same x_k and threshold), the others are zero; W W^T has spectrum {a_k^2}.',
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
    { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', when: someLive, measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
    { name: 'zero solution', claim: 'W = H = 0 when every class is dead', when: (i, p) => !someLive(i, p), measure: (v) => isZero([v.W, v.H], 'W, H') },
    {
      // Equal-size classes at the cut make the kept subspace non-unique: compare spectra.
      name: 'spectrum of W W^T', claim: 'eig(W W^T) = {a_k^2 : the min(d,K) largest live classes}',
      measure: (v, p, i) => spectrumMatches(spectrum(rowGram(v.W)), classValues(i, p, keepNarrow(i)).a2, 'eig(W W^T)', 2 * frobNorm(v.W)),
    },
    {
      name: 'layer balance', claim: 'lambdaW_m s_{m,k}^2 = lambdaH n_k ||h_k||^2 for every layer',
      measure: (v, p, i) => {
        const a = classValues(i, p, keepNarrow(i)).a2;
        return layerBalance(v, i, a.map((ak, k) => (i.lambdaH * i.n[k] * ak) / (ak + v.N * i.lambdaH) ** 2));
      },
    },
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

// ------------------------------------------------------------------------------------------
// dang2023dln.mse-bias: balanced, unregularised last-layer bias: b = 1/K, simplex ETF.
// ------------------------------------------------------------------------------------------

export const dang2023dlnMseBias = defineTheorem<DeepLinearInstance, DeepLinearView>({
  id: 'dang2023dln.mse-bias',
  paper: 'Dang et al. 2023',
  citation,
  section: 'Thm 3.1 with bias [derived]',
  statement: 'Balanced, last-layer bias (unregularised), d_m >= K: every global minimiser has b = (1/K) 1, sum_k h_k = 0, W W^T = a^2 C (simplex ETF) with a^2 = N lambdaH x^M, x and the threshold as without bias; optimum (K-1) min(n/(2N), F(x)).',
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
  construct: (inst, p) => {
    const { K, depth: M } = inst;
    const N = inst.n.reduce((s, v) => s + v, 0);
    const aSq = p.num('aSq');
    const blocks = deepLinearBlocks(inst);
    const x = new Float64Array(blocks.reduce((s, bl) => s + bl.rows * bl.cols, 0));
    for (let k = 0; k < K; k++) x[blocks[M + 1].offset + k] = p.num('biasValue');
    if (aSq === 0) return x;
    placeBalancedEtf(inst, x, p.num('lambdaBar') * aSq ** (1 / M), Math.sqrt(aSq) / (aSq + N * inst.lambdaH));
    return x;
  },
  view: deepLinearView,
  checks: [
    { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', when: (_i, p) => p.num('aSq') > 0, measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
    { name: 'zero solution', claim: 'W = H = 0 below the threshold', when: (_i, p) => p.num('aSq') === 0, measure: (v) => isZero([v.W, v.H], 'W, H') },
    { name: 'bias', claim: 'b = (1/K) 1', measure: (v, p) => biasEquals(v.b!, p.num('biasValue')) },
    { name: 'zero global mean', claim: 'sum_k h_k = 0', when: (_i, p) => p.num('aSq') > 0, measure: (v) => zeroGlobalMean(v.Hbar) },
    { name: 'simplex ETF', claim: 'W W^T = a^2 C', measure: (v, p, i) => simplexEtfGram(v.W, (p.num('aSq') * (i.K - 1)) / i.K) },
    {
      name: 'layer balance', claim: 'lambdaW_m s_m^2 = lambdaH n ||h_k||^2 K/(K-1) on the K-1 centred modes',
      measure: (v, p, i) => {
        const aSq = p.num('aSq');
        const c = (i.lambdaH * i.n[0] * aSq) / (aSq + v.N * i.lambdaH) ** 2;
        return layerBalance(v, i, Array.from({ length: i.K - 1 }, () => c));
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

function biasEquals(b: Float64Array, value: number): Measurement {
  let worst = 0;
  for (const v of b) worst = Math.max(worst, Math.abs(v - value));
  return { deviation: worst, kind: 'absolute', detail: `max_k |b_k - ${fmt(value)}|`, sensitivity: 1 };
}

/**
 * Writes the balanced ETF point of a deep linear model into x: layer m is sqrt(c / lambdaW_m)
 * times the identity on the first K-1 coordinates (the last layer maps them onto the Helmert
 * basis U of 1-perp, so W_M ... W_1 is proportional to U), and every feature of class k is
 * h times row k of U.
 */
function placeBalancedEtf(inst: DeepLinearInstance, x: Float64Array, c: number, h: number): void {
  const { K, depth: M } = inst;
  const blocks = deepLinearBlocks(inst);
  const U = helmertBasis(K);
  for (let j = 0; j < K - 1; j++) {
    for (let m = 0; m < M; m++) {
      const bl = blocks[m];
      const s = Math.sqrt(c / inst.lambdaW[m]);
      if (m === M - 1) for (let k = 0; k < K; k++) x[bl.offset + k * bl.cols + j] = s * U.data[k * (K - 1) + j];
      else x[bl.offset + j * bl.cols + j] = s;
    }
    const hb = blocks[M];
    let col = 0;
    for (let k = 0; k < K; k++) for (let i = 0; i < inst.n[k]; i++, col++) x[hb.offset + j * hb.cols + col] = h * U.data[k * (K - 1) + j];
  }
}

// ------------------------------------------------------------------------------------------
// dang2023dln.ce: balanced CE through M layers.
// ------------------------------------------------------------------------------------------

const cePhi = 'log(1 + (K - 1) * exp(-rho)) + ((M + 1) / 2) * (K - 1) * lambdaT * (rho * sqrt(n))^(2 / (M + 1))';

export const dang2023dlnCe = defineTheorem<DeepLinearInstance, DeepLinearView>({
  id: 'dang2023dln.ce',
  paper: 'Dang et al. 2023',
  citation,
  section: 'Thm 5.1 (CE, balanced) [conditions as we read them]',
  statement: 'Balanced, bias-free CE, d_m >= K: every global minimiser has NC1 and W_M ... W_1 a simplex ETF aligned with the class means, with margin rho the minimiser of log(1 + (K-1) e^{-rho}) + ((M+1)/2) (K-1) lambdaT (rho sqrt n)^{2/(M+1)}.',
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
  construct: (inst, p) => {
    const c = p.num('c');
    const blocks = deepLinearBlocks(inst);
    const x = new Float64Array(blocks.reduce((s, bl) => s + bl.rows * bl.cols, 0));
    if (c === 0) return x;
    placeBalancedEtf(inst, x, c, Math.sqrt(p.num('hSq')));
    return x;
  },
  view: deepLinearView,
  checks: [
    { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', when: (_i, p) => p.num('c') > 0, measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
    { name: 'simplex ETF', claim: 'W W^T = sigma^2 C, W = W_M ... W_1', measure: (v, p, i) => simplexEtfGram(v.W, (p.num('sigmaSq') * (i.K - 1)) / i.K) },
    {
      name: 'alignment', claim: 'H_bar^T = (h / sigma) W', when: (_i, p) => p.num('c') > 0,
      measure: (v, p) => alignment(v.Hbar, v.W, Math.sqrt(p.num('hSq') / p.num('sigmaSq'))),
    },
    {
      name: 'layer balance', claim: 'lambdaW_m s_m^2 = c on the K-1 modes of every layer',
      measure: (v, p, i) => layerBalance(v, i, Array.from({ length: i.K - 1 }, () => p.num('c'))),
    },
    { name: 'zero solution', claim: 'W = H = 0 when the ETF does not beat log K', when: (_i, p) => p.num('c') === 0, measure: (v) => isZero([v.W, v.H], 'W, H') },
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

