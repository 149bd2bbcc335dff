/**
 * Thrampoulidis, Kini, Vakilian, Behnia. "Imbalance Trouble: Revisiting Neural-Collapse Geometry."
 * NeurIPS 2022. Catalogue section: seli2022 (docs/catalogue.md).
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
import { certifiedUfSvmConvex } from '../src/ground-truth/uf-svm-convex.ts';
import { solveUfmZ } from '../src/ground-truth/ufm-z.ts';
import { classLabels, expandClassColumns } from '../src/linalg/class-columns.ts';
import { psdSqrt } from '../src/linalg/eigen.ts';
import { centering, colGram, diag, eye, frobNorm, mat, matmul, matmulNT, matmulTN, rowGram, scale, sub, type Mat } from '../src/linalg/matrix.ts';
import { psdPower } from '../src/linalg/psd-power.ts';
import { withinClassCollapse } from '../src/predicates/collapse.ts';
import { matrixMismatch, mismatch } from '../src/predicates/mismatch.ts';
import { ufSvmPointFromLogits } from '../src/problems/uf-svm/point.ts';
import { ufSvm, type UfSvmInstance } from '../src/problems/uf-svm/problem.ts';
import { ufSvmSymbols } from '../src/problems/uf-svm/symbols.ts';
import { ufSvmLogitsView, type UfSvmLogitsView } from '../src/problems/uf-svm/view.ts';

const citation = 'C. Thrampoulidis, G. R. Kini, V. Vakilian, T. Behnia. Imbalance Trouble: Revisiting Neural-Collapse Geometry. NeurIPS 2022.';

/** SELI classifier Gram (C D C)^{1/2} for class counts n. */
export function seliClassifierGram(n: readonly number[]): Mat {
  const K = n.length;
  const C = centering(K);
  return psdSqrt(matmul(matmul(C, diag(n)), C));
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
  const s = solveUfmZ({ problem: 'ufm-z', K: n.length, n, lambdaZ: lambda, lambdaB: 0, bias: false });
  // W W^T is proportional to (M M^T)^{1/2}, M = Z_bar D^{1/2} (module comment).
  const M = matmul(s.Zbar, diag(n.map(Math.sqrt)));
  const G = psdSqrt(matmulNT(M, M));
  const S = target(n);
  const deviation = frobNorm(sub(scale(G, 1 / frobNorm(G)), scale(S, 1 / frobNorm(S))));
  return { t: lambda, rate: 1 / Math.log(1 / lambda), deviation, certified: s.certified };
}

/** Ridge CE (no bias) classifier Gram -> SELI as lambda -> 0, STEP imbalance n = R (majority), 1 (minority). */
export const seliRidgeLimit = defineStudy<SeliConfig>({
  clauses: [
    { text: 'ridge-regularised CE (no bias) minimisers, normalised, converge to SELI as lambda -> 0 [paper];', checkedBy: ['seli2022.ridge-limit'] },
    {
      text: 'observed rate is slow, about 1/log(1/lambda) [derived].',
      checkedBy: ['seli2022.ridge-limit'],
      note: 'fitted exponents are reported, not a verdict',
    },
  ],
  id: 'seli2022.ridge-limit',
  paper: 'Thrampoulidis et al. 2022',
  citation,
  section: 'Thm 2 (ridge-regularised CE converges to SELI)',
  statement:
    'ridge-regularised CE without bias: the normalised classifier Gram of the minimiser converges to the SELI Gram (C D C)^{1/2} as lambda -> 0 (observed rate about 1/log(1/lambda)).',
  confidence: ['paper', 'derived'],
  confidenceNote: "the convergence is the paper's; the 1/log(1/lambda) rate is observed",
  kind: 'asymptotic',
  parameter: 'lambda',
  rate: '1/log(1/lambda)',
  claimedExponent: 1,
  deviation: '|| W W^T / ||W W^T||_F - (C D C)^{1/2} / ||.||_F ||_F',
  configurations: [
    { kA: 5, kB: 5, R: 10 },
    { kA: 5, kB: 5, R: 100 },
    { kA: 3, kB: 2, R: 5 },
    { kA: 2, kB: 4, R: 20 },
  ],
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

// --- seli2022.svm: the UF-SVM geometry. ---

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
  // The catalogue's reference values [derived], STEP k_A = k_B = 5, n = R (majority) and 1 (minority):
  // ||w_maj||^2 / ||w_min||^2 and cos(w_min, w_min') at R = 10, 100, 1e4.
  refRatio10: '2.672',
  refCos10: '0.033',
  refRatio100: '5.766',
  refCos100: '0.338',
  refRatio1e4: '11.06',
  refCos1e4: '0.873',
};

/** The reference configurations and half a unit of the last digit the catalogue prints for each value. */
const REFERENCE = [
  { R: 10, ratio: 'refRatio10', cos: 'refCos10', ratioHalfUnit: 5e-4, cosHalfUnit: 5e-4 },
  { R: 100, ratio: 'refRatio100', cos: 'refCos100', ratioHalfUnit: 5e-4, cosHalfUnit: 5e-4 },
  { R: 1e4, ratio: 'refRatio1e4', cos: 'refCos1e4', ratioHalfUnit: 5e-3, cosHalfUnit: 5e-4 },
];

const referenceGrams = new Map<number, Mat>();
/** W W^T = (Z_bar D Z_bar^T)^{1/2} of the certified convex UF-SVM solution at STEP 5/5 with ratio R (memoised). */
function referenceGram(R: number): Mat {
  let G = referenceGrams.get(R);
  if (!G) {
    const n = [...Array<number>(5).fill(R), ...Array<number>(5).fill(1)];
    const s = certifiedUfSvmConvex(n);
    const M = matmul(s.Zbar, diag(n.map(Math.sqrt)));
    G = psdSqrt(matmulNT(M, M));
    referenceGrams.set(R, G);
  }
  return G;
}

/**
 * The reference values against the certified convex solutions (not against the closed form
 * they were derived from): the largest excess of |measured - printed| over half a unit of the
 * printed last digit. Independent of the instance being checked (computed once).
 */
function referenceValuesMatch(p: Predictions) {
  let worst = 0;
  const parts: string[] = [];
  for (const r of REFERENCE) {
    const G = referenceGram(r.R);
    const K = G.rows;
    const ratio = G.data[0] / G.data[(K - 1) * K + K - 1];
    const cos = G.data[(K - 2) * K + K - 1] / Math.sqrt(G.data[(K - 2) * K + K - 2] * G.data[(K - 1) * K + K - 1]);
    worst = Math.max(worst, Math.abs(ratio - p.num(r.ratio)) - r.ratioHalfUnit, Math.abs(cos - p.num(r.cos)) - r.cosHalfUnit);
    parts.push(`R=${r.R}: ${ratio.toPrecision(5)}, ${cos.toPrecision(4)}`);
  }
  return {
    deviation: Math.max(0, worst),
    kind: 'absolute' as const,
    detail: `convex solutions ${parts.join('; ')} against the printed values beyond their rounding`,
    sensitivity: 0,
  };
}

/** The claimed class-level logits W h_k: margin (I - (logitOffset / K) J), K x K. */
function classLogits(K: number, p: Predictions): Mat {
  const J = mat(K, K, new Float64Array(K * K).fill(p.num('logitOffset') / K));
  return scale(sub(eye(K), J), p.num('margin'));
}

/** The claimed sample logits margin Z_hat (K x N): every sample carries its class's column. */
const sampleLogits = (i: UfSvmInstance, labels: Int32Array, p: Predictions) => expandClassColumns(classLogits(i.K, p), labels);

const powDiag = (n: readonly number[], e: number) => diag(n.map((v) => v ** e));

/** margin (C D^{countExponent} C)^{gramPower}. */
function classifierGram(i: UfSvmInstance, p: Predictions): Mat {
  const C = centering(i.K);
  return scale(psdPower(matmul(matmul(C, powDiag(i.n, p.num('countExponent'))), C), p.num('gramPower')), p.num('margin'));
}

/** margin D^{meanGramOuter} (D^{meanGramInner} C D^{meanGramInner})^{featurePower} D^{meanGramOuter}. */
function classMeanGram(i: UfSvmInstance, p: Predictions): Mat {
  const C = centering(i.K);
  const inner = powDiag(i.n, p.num('meanGramInner'));
  const outer = powDiag(i.n, p.num('meanGramOuter'));
  return scale(matmul(matmul(outer, psdPower(matmul(matmul(inner, C), inner), p.num('featurePower'))), outer), p.num('margin'));
}

const svmChecks: Check<UfSvmInstance, UfSvmLogitsView>[] = [
  { name: 'NC1', claim: 'h_i = h_{y_i}', needs: 'samples', measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
  {
    name: 'logits W H = Z_hat',
    claim: 'W H = C Y [paper]',
    measure: (v, p, i) => matrixMismatch(v.Z, sampleLogits(i, v.labels, p), 'W H - Z_hat', v.scale),
  },
  {
    name: 'classifier Gram (Z Z^T)^{1/2}',
    claim: 'W W^T = (Z_hat Z_hat^T)^{1/2} [paper]',
    measure: (v, p, i) => {
      const Z = sampleLogits(i, v.labels, p);
      return matrixMismatch(rowGram(v.W), psdPower(matmulNT(Z, Z), p.num('gramPower')), 'W W^T - (Z_hat Z_hat^T)^{1/2}', 2 * frobNorm(v.W));
    },
  },
  {
    name: 'feature Gram (Z^T Z)^{1/2}',
    claim: 'H^T H = (Z_hat^T Z_hat)^{1/2} [paper]',
    measure: (v, p, i) => {
      const Z = sampleLogits(i, v.labels, p);
      return matrixMismatch(colGram(v.H), psdPower(matmulTN(Z, Z), p.num('featurePower')), 'H^T H - (Z_hat^T Z_hat)^{1/2}', 2 * frobNorm(v.H));
    },
  },
  {
    name: 'classifier Gram (C D C)^{1/2}',
    claim: 'W W^T = (C D C)^{1/2} [derived]',
    measure: (v, p, i) => matrixMismatch(rowGram(v.W), classifierGram(i, p), 'W W^T - (C D C)^{1/2}', 2 * frobNorm(v.W)),
  },
  {
    name: 'class-mean Gram',
    claim: 'H_bar^T H_bar = D^{-1/2} (D^{1/2} C D^{1/2})^{1/2} D^{-1/2} [derived]',
    measure: (v, p, i) =>
      matrixMismatch(matmulTN(v.Hbar, v.Hbar), classMeanGram(i, p), 'H_bar^T H_bar - D^{-1/2} (D^{1/2} C D^{1/2})^{1/2} D^{-1/2}', 2 * frobNorm(v.H)),
  },
  {
    name: 'class logits',
    claim: 'W h_k = e_k - 1/K [derived]',
    measure: (v, p, i) => matrixMismatch(matmul(v.W, v.Hbar), classLogits(i.K, p), 'W H_bar - (I - J/K)', v.scale),
  },
  {
    name: 'optimum = certified convex optimum',
    claim: 'min UF-SVM = min ||Z||_* s.t. margins (duality gap certified)',
    measure: (_v, p, i) => {
      const s = certifiedUfSvmConvex(i.n);
      // The convex value is the reference (never 0: every margin constraint is active), exact up to its gap.
      return mismatch(
        Math.abs(p.num('optimum') - s.objective),
        s.objective,
        { diff: `|optimum - ${s.objective}|`, ref: `${s.objective} (convex gap ${s.gap.toExponential(1)})` },
        0,
      );
    },
  },
  {
    name: 'reference values (STEP 5/5)',
    claim: "R=10: ||w_maj||^2/||w_min||^2 = 2.672, cos(w_min, w_min') = 0.033; R=100: 5.766, 0.338; R=1e4: 11.06, 0.873 [derived]",
    measure: (_v, p) => referenceValuesMatch(p),
  },
  {
    name: 'logits = convex minimiser',
    claim: 'W H_bar = Z_bar* of the convex problem (cross-check)',
    measure: (v, _p, i) => matrixMismatch(matmul(v.W, v.Hbar), certifiedUfSvmConvex(i.n).Zbar, 'W H_bar - Z_bar*', v.scale),
  },
];

/**
 * The claimed minimiser: the factorisation of the claimed logits margin Z_hat with W W^T =
 * (Z Z^T)^{gramPower} and H^T H = (Z^T Z)^{featurePower}; impossible when rank Z_hat > d.
 */
const svmConstruct = (inst: UfSvmInstance, p: Predictions) =>
  ufSvmPointFromLogits(inst, sampleLogits(inst, classLabels(inst.n), p), { gramPower: p.num('gramPower'), featurePower: p.num('featurePower') });

export const seli2022Svm = defineTheorem<UfSvmInstance, UfSvmLogitsView>({
  clauses: [
    {
      text: 'UF-SVM: min 1/2 ||W||^2 + 1/2 ||H||^2 s.t. (w_{y_i} - w_c)^T h_i >= 1 for all i, c != y_i.',
      checkedBy: ['optimum = certified convex optimum', 'optimum'],
      note: 'solved by an augmented Lagrangian and certified by its KKT conditions',
    },
    { text: 'SEL matrix Z_hat = C Y (column i is e_{y_i} - 1/K).', checkedBy: ['logits W H = Z_hat'] },
    { text: 'With d >= K-1 [paper]:', assumption: 'dimension' },
    { text: 'every UF-SVM solution has W W^T = (Z_hat Z_hat^T)^{1/2},', checkedBy: ['classifier Gram (Z Z^T)^{1/2}'] },
    { text: 'H^T H = (Z_hat^T Z_hat)^{1/2},', checkedBy: ['feature Gram (Z^T Z)^{1/2}'] },
    { text: 'W H = Z_hat;', checkedBy: ['logits W H = Z_hat', 'logits = convex minimiser'] },
    { text: 'at class level [derived]: W W^T = (C D C)^{1/2};', checkedBy: ['classifier Gram (C D C)^{1/2}'] },
    { text: 'class-mean Gram = D^{-1/2} (D^{1/2} C D^{1/2})^{1/2} D^{-1/2};', checkedBy: ['class-mean Gram'] },
    { text: 'W h_k = e_k - 1/K.', checkedBy: ['class logits', 'NC1'] },
    { text: 'ridge-regularised CE (no bias) minimisers, normalised, converge to SELI as lambda -> 0 [paper];', checkedBy: ['seli2022.ridge-limit'] },
    {
      text: 'observed rate is slow, about 1/log(1/lambda) [derived].',
      checkedBy: ['seli2022.ridge-limit'],
      note: 'fitted exponents reported; a finite sequence cannot refute a rate',
    },
    {
      text: "Reference values [derived], STEP imbalance k_A = k_B = 5, n = R for majority, 1 for minority: R=10: ||w_maj||^2/||w_min||^2 = 2.672, cos(w_min, w_min') = 0.033; R=100: 5.766, 0.338; R=1e4: 11.06, 0.873.",
      checkedBy: ['reference values (STEP 5/5)'],
      note: 'against certified convex UF-SVM solutions: 2.6721, 0.03337; 5.7662, 0.3380; 11.062, 0.8730',
    },
  ],
  id: 'seli2022.svm',
  paper: 'Thrampoulidis et al. 2022',
  citation,
  section: 'Thm 1 (UF-SVM), SELI geometry',
  statement:
    'd >= K-1: every UF-SVM solution has W H = Z_hat = C Y, W W^T = (Z_hat Z_hat^T)^{1/2}, H^T H = (Z_hat^T Z_hat)^{1/2}; at class level W W^T = (C D C)^{1/2}, H_bar^T H_bar = D^{-1/2} (D^{1/2} C D^{1/2})^{1/2} D^{-1/2}, W h_k = e_k - 1/K; optimal value ||C D^{1/2}||_*.',
  confidence: ['paper', 'derived'],
  confidenceNote: 'the class-level forms and the optimal value are derived',
  kind: 'global-minimiser',
  problem: ufSvm,
  symbols: ufSvmSymbols,
  assumptions: svmAssumptions,
  predictions: svmPredictions,
  construct: svmConstruct,
  view: ufSvmLogitsView,
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
