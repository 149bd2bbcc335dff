/**
 * Thrampoulidis, Kini, Vakilian, Behnia. "Imbalance Trouble: Revisiting Neural-Collapse Geometry."
 * NeurIPS 2022. Catalogue section: seli2022 (../shared/theorems.md).
 *
 * Checked here: the lambda -> 0 limit of ridge-regularised CE without bias, as an asymptotic
 * claim (src/engine/asymptotic.ts): along lambda = 10^-2 ... 10^-32 the certified UFM-Z minimiser
 * (lambdaZ = lambda, the class-level problem; W W^T is proportional to (M M^T)^{1/2},
 * M = Z_bar D^{1/2}, by Hong & Ling's factorisation) is normalised and compared with the SELI
 * classifier Gram (C D C)^{1/2} [derived]. The paper claims convergence; the catalogue observes a
 * rate of about 1/log(1/lambda) [derived]. The SELI reference values (STEP imbalance) are
 * checked in tests/theorems/seli2022.test.ts against the closed form.
 *
 * seli2022.svm: the UF-SVM (src/problems/uf-svm/problem.ts) with d >= K-1. Every solution has
 * W W^T = (Z_hat Z_hat^T)^{1/2}, H^T H = (Z_hat^T Z_hat)^{1/2}, W H = Z_hat (Z_hat = C Y) [paper],
 * and at class level W W^T = (C D C)^{1/2}, H_bar^T H_bar = D^{-1/2} (D^{1/2} C D^{1/2})^{1/2}
 * D^{-1/2}, W h_k = e_k - 1/K [derived]. Optimal value [derived here]: the UF-SVM equals
 * min ||Z||_* under the margin constraints ((||W||^2 + ||H||^2)/2 >= ||W H||_*, with equality at
 * balanced factorisations, d >= rank), whose value at Z_hat is ||C Y||_* = tr((C D C)^{1/2}) =
 * ||C D^{1/2}||_*: the class level weighted by sqrt(n_k), not n_k. The certified convex solve
 * (src/ground-truth/uf-svm-convex.ts) is the independent ground truth for both value and logits.
 *
 * The matrix claims are written with their exponents and scales as scalar predictions
 * (margin, logitOffset, gramPower, featurePower, countExponent, meanGramOuter/Inner), so that
 * `ncverify mutate` perturbs each of them; the claimed minimiser is built from them.
 */
import { ufSvmInstances } from '../src/instances/uf-svm.ts';
import { defineStudy } from '../src/engine/study.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { NumericalError } from '../src/errors.ts';
import { psdSqrt, svd, symmetricEigen } from '../src/linalg/eigen.ts';
import {
  centering, colGram, diag, frobNorm, mat, matmul, matmulNT, matmulTN, rowGram, type Mat,
} from '../src/linalg/matrix.ts';
import { psdPower } from '../src/linalg/psd-power.ts';
import { withinClassCollapse } from '../src/predicates/collapse.ts';
import type { Measurement } from '../src/predicates/predicate.ts';
import { solveUfSvmConvex, type UfSvmConvexSolution } from '../src/ground-truth/uf-svm-convex.ts';
import { ufSvm, ufSvmView, type UfSvmInstance, type UfSvmView } from '../src/problems/uf-svm/problem.ts';
import { solveUfmZ } from '../src/ground-truth/ufm-z.ts';
import type { Scope } from '../src/symbolic/expr.ts';

const citation = 'C. Thrampoulidis, G. R. Kini, V. Vakilian, T. Behnia. Imbalance Trouble: Revisiting Neural-Collapse Geometry. NeurIPS 2022.';

/** SELI classifier Gram (C D C)^{1/2} for class counts n. */
export function seliClassifierGram(n: readonly number[]): Mat {
  const K = n.length;
  const C = centering(K);
  return psdSqrt(matmul(matmul(C, diag(n)), C));
}

function normalised(A: Mat): Mat {
  const f = frobNorm(A);
  return mat(A.rows, A.cols, A.data.map((v) => v / f));
}

export interface SeliConfig {
  readonly kA: number;
  readonly kB: number;
  readonly R: number;
}

/**
 * The normalised classifier Gram of the certified ridge-CE (UFM-Z, no bias) minimiser at
 * lambdaZ = lambda, STEP counts (R majority, 1 minority), against a normalised target Gram.
 */
function ridgeGramDeviation(c: SeliConfig, lambda: number, target: (n: readonly number[]) => Mat) {
  const n = [...Array<number>(c.kA).fill(c.R), ...Array<number>(c.kB).fill(1)];
  const K = n.length;
  const s = solveUfmZ({ problem: 'ufm-z', K, n, lambdaZ: lambda, lambdaB: 0, bias: false });
  const M = mat(K, K);
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) M.data[i * K + k] = s.Zbar.data[i * K + k] * Math.sqrt(n[k]);
  const G = normalised(psdSqrt(matmulNT(M, M)));
  const S = normalised(target(n));
  let dev = 0;
  for (let i = 0; i < K * K; i++) dev += (G.data[i] - S.data[i]) ** 2;
  return { t: lambda, rate: 1 / Math.log(1 / lambda), deviation: Math.sqrt(dev), certified: s.certified };
}

/** Ridge CE (no bias) classifier Gram -> SELI as lambda -> 0, STEP imbalance n = R (majority), 1 (minority). */
export const seliRidgeLimit = defineStudy<SeliConfig>({
  id: 'seli2022.ridge-limit',
  paper: 'Thrampoulidis et al. 2022',
  citation,
  section: 'Thm 2 (ridge-regularised CE converges to SELI)',
  statement: 'ridge-regularised CE without bias: the normalised classifier Gram of the minimiser converges to the SELI Gram (C D C)^{1/2} as lambda -> 0 (observed rate about 1/log(1/lambda)).',
  confidence: ['paper', 'derived'],
  confidenceNote: 'the convergence is the paper\'s; the 1/log(1/lambda) rate is observed',
  kind: 'asymptotic',
  parameter: 'lambda',
  rate: '1/log(1/lambda)',
  claimedExponent: 1,
  deviation: '|| W W^T / ||W W^T||_F - (C D C)^{1/2} / ||.||_F ||_F',
  configurations: [{ kA: 5, kB: 5, R: 10 }, { kA: 5, kB: 5, R: 100 }, { kA: 3, kB: 2, R: 5 }, { kA: 2, kB: 4, R: 20 }],
  describe: (c) => `STEP k_A=${c.kA} k_B=${c.kB} R=${c.R}`,
  sequence: () => [1e-2, 1e-4, 1e-8, 1e-16, 1e-32],
  evaluate: (c, lambda) => ridgeGramDeviation(c, lambda, seliClassifierGram),
  variants: [
    {
      name: 'the simplex ETF as the limit',
      description: 'the normalised classifier Gram converges to the balanced simplex-ETF Gram C instead of SELI',
      evaluate: (c, lambda) => ridgeGramDeviation(c, lambda, (n) => centering(n.length)),
    },
  ],
});


// ---------------------------------------------------------------------------------------------
// seli2022.svm: the UF-SVM geometry.


// The convex solve is deterministic in the counts; the engine and mutate ask for it repeatedly.
const convexCache = new Map<string, UfSvmConvexSolution>();

/** The certified class-level convex UF-SVM solution for counts n (throws if it cannot be certified). */
export function ufSvmConvexSolution(n: readonly number[]): UfSvmConvexSolution {
  const key = n.join(',');
  let s = convexCache.get(key);
  if (!s) {
    s = solveUfSvmConvex(n);
    // An uncertified ground truth would decide nothing; it is an error of the harness, not a verdict.
    if (!s.certified) throw new NumericalError('solveUfSvmConvex', `duality gap ${s.gap.toExponential(3)} not certified for n = [${key}]`);
    if (convexCache.size > 2000) convexCache.clear();
    convexCache.set(key, s);
  }
  return s;
}

function sumOf(v: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < v.length; i++) t += v[i];
  return t;
}

/**
 * Symbols: K, d, N, nmin, nmax; nuclearSeli = ||C D^{1/2}||_* (= ||Z_hat||_*, by SVD: the
 * square root of C D C's rounding-level zero eigenvalue would be sqrt(eps)); nuclearCD =
 * ||C D||_* (the n_k-weighted alternative, for a planted variant).
 */
export function ufSvmSymbols(inst: UfSvmInstance): Scope {
  const { K, n } = inst;
  const C = centering(K);
  return {
    K, d: inst.d, N: sumOf(n), nmin: Math.min(...n), nmax: Math.max(...n),
    nuclearSeli: sumOf(svd(matmul(C, diag(n.map(Math.sqrt)))).s),
    nuclearCD: sumOf(svd(matmul(C, diag(n))).s),
  };
}

const svmAssumptions = { dimension: 'd >= K - 1' };

/**
 * W H = margin Z_hat with Z_hat's column i = e_{y_i} - (logitOffset / K) 1; W W^T =
 * (Z Z^T)^{gramPower}, H^T H = (Z^T Z)^{featurePower}; at class level W W^T = margin
 * (C D^{countExponent} C)^{gramPower} and H_bar^T H_bar = margin D^{meanGramOuter}
 * (D^{meanGramInner} C D^{meanGramInner})^{featurePower} D^{meanGramOuter}.
 */
const svmPredictions = {
  margin: '1',
  logitOffset: '1',
  gramPower: '1/2',
  featurePower: '1/2',
  countExponent: '1',
  meanGramOuter: '-1/2',
  meanGramInner: '1/2',
  optimum: 'margin * nuclearSeli',
};

/** K x K class-level claimed logits margin (I - (logitOffset / K) J). */
function claimedClassLogits(K: number, p: Predictions): Mat {
  const m = p.num('margin');
  const off = p.num('logitOffset');
  const Z = mat(K, K);
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) Z.data[i * K + k] = m * ((i === k ? 1 : 0) - off / K);
  return Z;
}

/** The claimed sample-level logits margin Z_hat (K x N). */
function claimedLogits(inst: UfSvmInstance, labels: Int32Array, p: Predictions): Mat {
  const Zc = claimedClassLogits(inst.K, p);
  const N = labels.length;
  const Z = mat(inst.K, N);
  for (let i = 0; i < inst.K; i++) for (let j = 0; j < N; j++) Z.data[i * N + j] = Zc.data[i * inst.K + labels[j]];
  return Z;
}

function powDiag(n: readonly number[], e: number): Mat {
  return diag(n.map((v) => v ** e));
}

interface SvmView extends UfSvmView {
  /** W H (K x N). */
  readonly Z: Mat;
  /** ||W||_F + ||H||_F: how fast W H moves per unit step. */
  readonly scale: number;
}

function svmView(inst: UfSvmInstance, x: Float64Array): SvmView {
  const v = ufSvmView(inst, x);
  return { ...v, Z: matmul(v.W, v.H), scale: frobNorm(v.W) + frobNorm(v.H) };
}

/** ||A - B||_F / ||B||_F with a sensitivity of `slope` / ||B||_F. */
function matches(A: Mat, B: Mat, label: string, slope: number): Measurement {
  let s = 0;
  for (let i = 0; i < A.data.length; i++) s += (A.data[i] - B.data[i]) ** 2;
  const b = frobNorm(B);
  return b > 0
    ? { deviation: Math.sqrt(s) / b, kind: 'relative', detail: `||${label}||_F / ||.||_F`, sensitivity: slope / b }
    : { deviation: Math.sqrt(s), kind: 'absolute', detail: `||${label}||_F (claimed 0)`, sensitivity: slope };
}

const svmChecks: Check<UfSvmInstance, SvmView>[] = [
  { name: 'NC1', claim: 'h_i = h_{y_i}', needs: 'samples', measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
  {
    name: 'logits W H = Z_hat', claim: 'W H = C Y [paper]',
    measure: (v, p, i) => matches(v.Z, claimedLogits(i, v.labels, p), 'W H - Z_hat', v.scale),
  },
  {
    name: 'classifier Gram (Z Z^T)^{1/2}', claim: 'W W^T = (Z_hat Z_hat^T)^{1/2} [paper]',
    measure: (v, p, i) => {
      const Z = claimedLogits(i, v.labels, p);
      return matches(rowGram(v.W), psdPower(matmulNT(Z, Z), p.num('gramPower')), 'W W^T - (Z_hat Z_hat^T)^{1/2}', 2 * frobNorm(v.W));
    },
  },
  {
    name: 'feature Gram (Z^T Z)^{1/2}', claim: 'H^T H = (Z_hat^T Z_hat)^{1/2} [paper]',
    measure: (v, p, i) => {
      const Z = claimedLogits(i, v.labels, p);
      return matches(colGram(v.H), psdPower(matmulTN(Z, Z), p.num('featurePower')), 'H^T H - (Z_hat^T Z_hat)^{1/2}', 2 * frobNorm(v.H));
    },
  },
  {
    name: 'classifier Gram (C D C)^{1/2}', claim: 'W W^T = (C D C)^{1/2} [derived]',
    measure: (v, p, i) => {
      const C = centering(i.K);
      const target = psdPower(matmul(matmul(C, powDiag(i.n, p.num('countExponent'))), C), p.num('gramPower'));
      const m = p.num('margin');
      return matches(rowGram(v.W), mat(i.K, i.K, target.data.map((t) => m * t)), 'W W^T - (C D C)^{1/2}', 2 * frobNorm(v.W));
    },
  },
  {
    name: 'class-mean Gram', claim: 'H_bar^T H_bar = D^{-1/2} (D^{1/2} C D^{1/2})^{1/2} D^{-1/2} [derived]',
    measure: (v, p, i) => {
      const C = centering(i.K);
      const inner = powDiag(i.n, p.num('meanGramInner'));
      const outer = powDiag(i.n, p.num('meanGramOuter'));
      const target = matmul(matmul(outer, psdPower(matmul(matmul(inner, C), inner), p.num('featurePower'))), outer);
      const m = p.num('margin');
      return matches(matmulTN(v.Hbar, v.Hbar), mat(i.K, i.K, target.data.map((t) => m * t)), 'H_bar^T H_bar - D^{-1/2} (D^{1/2} C D^{1/2})^{1/2} D^{-1/2}', 2 * frobNorm(v.H));
    },
  },
  {
    name: 'class logits', claim: 'W h_k = e_k - 1/K [derived]',
    measure: (v, p, i) => matches(matmul(v.W, v.Hbar), claimedClassLogits(i.K, p), 'W H_bar - (I - J/K)', v.scale),
  },
  {
    name: 'optimum = certified convex optimum', claim: 'min UF-SVM = min ||Z||_* s.t. margins (duality gap certified)',
    measure: (_v, p, i) => {
      const s = ufSvmConvexSolution(i.n);
      const claimed = p.num('optimum');
      return { deviation: Math.abs(claimed - s.objective) / s.objective, kind: 'relative', detail: `|optimum - ${s.objective}| / ${s.objective} (convex gap ${s.gap.toExponential(1)})`, sensitivity: 0 };
    },
  },
  {
    name: 'logits = convex minimiser', claim: 'W H_bar = Z_bar* of the convex problem (cross-check)',
    measure: (v, _p, i) => matches(matmul(v.W, v.Hbar), ufSvmConvexSolution(i.n).Zbar, 'W H_bar - Z_bar*', v.scale),
  },
];

/**
 * The claimed minimiser from the predictions: Z = margin Z_hat = U S V^T (from the eigen-
 * decomposition of Z Z^T, K x K), W = U S^{gramPower}, H = S^{featurePower - 1} U^T Z
 * (= S^{featurePower} V^T), padded with zero coordinates up to d. Impossible when rank Z > d.
 */
function svmConstruct(inst: UfSvmInstance, p: Predictions): Float64Array | { impossible: string } {
  const { K, d } = inst;
  const N = sumOf(inst.n);
  const labels = new Int32Array(N);
  for (let k = 0, j = 0; k < K; k++) for (let t = 0; t < inst.n[k]; t++) labels[j++] = k;
  const Z = claimedLogits(inst, labels, p);
  const { values, vectors } = symmetricEigen(matmulNT(Z, Z));
  let big = 0;
  for (const v of values) big = Math.max(big, Math.abs(v));
  const keep: number[] = [];
  for (let q = 0; q < K; q++) if (values[q] > K * 1e-14 * big) keep.push(q);
  if (keep.length > d) return { impossible: `W H = Z_hat has rank ${keep.length} > d = ${d}, so no W in R^{${K}x${d}}, H in R^{${d}xN} has it` };
  const x = new Float64Array(K * d + d * N);
  const gp = p.num('gramPower');
  const fp = p.num('featurePower');
  keep.forEach((q, r) => {
    const sv = Math.sqrt(values[q]);
    for (let k = 0; k < K; k++) x[k * d + r] = vectors.data[k * K + q] * sv ** gp;
    // Row r of H: s^{fp - 1} u_q^T Z.
    for (let j = 0; j < N; j++) {
      let t = 0;
      for (let k = 0; k < K; k++) t += vectors.data[k * K + q] * Z.data[k * N + j];
      x[K * d + r * N + j] = sv ** (fp - 1) * t;
    }
  });
  return x;
}

export const seli2022Svm = defineTheorem<UfSvmInstance, SvmView>({
  id: 'seli2022.svm',
  paper: 'Thrampoulidis et al. 2022',
  citation,
  section: 'Thm 1 (UF-SVM), SELI geometry',
  statement: 'd >= K-1: every UF-SVM solution has W H = Z_hat = C Y, W W^T = (Z_hat Z_hat^T)^{1/2}, H^T H = (Z_hat^T Z_hat)^{1/2}; at class level W W^T = (C D C)^{1/2}, H_bar^T H_bar = D^{-1/2} (D^{1/2} C D^{1/2})^{1/2} D^{-1/2}, W h_k = e_k - 1/K; optimal value ||C D^{1/2}||_*.',
  confidence: ['paper', 'derived'],
  confidenceNote: 'the class-level forms and the optimal value are derived',
  kind: 'global-minimiser',
  problem: ufSvm,
  symbols: ufSvmSymbols,
  assumptions: svmAssumptions,
  predictions: svmPredictions,
  construct: svmConstruct,
  view: svmView,
  checks: svmChecks,
  instances: ufSvmInstances(),
  candidates: ufSvmInstances({ dOffset: [-2, 2] }),
  variants: [
    {
      name: 'SELI claimed for d = K-2',
      description: 'the same conclusion asserted one dimension below the assumption d >= K-1',
      assumptions: { dimension: 'd >= K - 2' },
    },
    {
      name: 'SELI with D instead of D^{1/2}',
      description: 'class-mean Gram D^{-1/2} (D C D)^{1/2} D^{-1/2}',
      predictions: { meanGramInner: '1' },
    },
    {
      name: 'ETF claimed under imbalance',
      description: 'W W^T proportional to C (D^0 in place of D)',
      predictions: { countExponent: '0' },
    },
    {
      name: 'margin 1.03',
      description: 'W H = 1.03 Z_hat, optimum 1.03 ||Z_hat||_*',
      predictions: { margin: '1.03' },
    },
    {
      name: 'optimum weighted by n_k instead of sqrt(n_k)',
      description: 'optimum = ||C D||_*',
      predictions: { optimum: 'margin * nuclearCD' },
    },
    {
      name: 'no square root in the classifier Gram',
      description: 'W W^T = Z_hat Z_hat^T',
      predictions: { gramPower: '1' },
    },
  ],
});

export default [seli2022Svm, seliRidgeLimit];
