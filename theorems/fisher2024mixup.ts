/**
 * Fisher, Meng, Papyan. "Pushing Boundaries: Mixup's Influence on Neural Collapse." ICLR 2024.
 * Catalogue section: fisher2024mixup (docs/catalogue.md).
 *
 * Setting [derived from the paper's qualitative claims]: W a fixed simplex ETF (||w_k|| = s,
 * w_k.w_l = -s^2/(K-1)); for a mixed example of classes i, j with weight lam the feature solves
 *   min_h lam CE(W h, i) + (1 - lam) CE(W h, j) + lambdaH/2 ||h||^2,
 * strictly convex, so h* is unique. The ufm-mixup problem sums these over a list of mixes, and
 * its optimum `fstar` is the sum of the per-mix minima, each certified by Newton's method and
 * strong convexity (src/ground-truth/ufm-mixup.ts), independent of the closed form. Symbols:
 * src/ground-truth/ufm-mixup-symbols.ts.
 *
 * Claims: same-class mixes give h* parallel to w_i, independent of lam; cross-class h* lies in
 * span{w_i, w_j}; at lam = 1/2 it lies on the i/j decision boundary; the closed form; as
 * lambdaH -> 0, z_i - z_j -> log(lam/(1-lam)) (an asymptotic study). And the question of issue
 * 14, as a conjecture: with W learnable too, does the optimum pick the ETF the paper fixes?
 */
import { defineStudy } from '../src/engine/study.ts';
import { defineTheorem, type Predictions } from '../src/engine/theorem.ts';
import { ufmMixupSymbols } from '../src/ground-truth/ufm-mixup-symbols.ts';
import { fixedMixupInstances, learnableMixupInstances } from '../src/instances/ufm-mixup.ts';
import { decisionSides, equiangularRows, featuresMatch, lamScaling, parallelToOwnClass, spanDistance } from '../src/predicates/mixup-sets.ts';
import { mixupClosedFormPoint } from '../src/problems/ufm-mixup/closed-form-point.ts';
import { mixupLogOddsPoint, ufmMixup, ufmMixupView, type UfmMixupInstance, type UfmMixupView } from '../src/problems/ufm-mixup/index.ts';
import { mixupLogOddsPointAgainst } from '../src/problems/ufm-mixup/log-odds-limit.ts';

const citation = "Q. Fisher, H. Meng, V. Papyan. Pushing Boundaries: Mixup's Influence on Neural Collapse. ICLR 2024.";

/** What the fixed-classifier claims share: the paper, the problem with its symbols and view. */
const fixedEtf = {
  paper: 'Fisher et al. 2024',
  citation,
  kind: 'global-minimiser',
  problem: ufmMixup,
  symbols: ufmMixupSymbols,
  view: ufmMixupView,
  confidence: ['derived'],
  confidenceNote: "the fixed-ETF setting is the catalogue's, derived from the paper's qualitative claims",
} as const;

const fixedClassifier = 'fixedClassifier';

export const mixupSameClass = defineTheorem<UfmMixupInstance, UfmMixupView>({
  id: 'fisher2024mixup.same-class',
  clauses: [
    {
      text: 'Setting: W a fixed simplex ETF (||w_k|| = s, w_k.w_l = -s^2/(K-1)); the feature of a mix (i, j, lam) solves min_h lam CE(W h, i) + (1 - lam) CE(W h, j) + lambda_H/2 ||h||^2 (strictly convex: unique h*).',
      assumption: 'fixedClassifier',
    },
    { text: 'Same-class mixes (i = j)', assumption: 'sameClass' },
    { text: 'give h* parallel to w_i,', checkedBy: ['parallel to w_i', 'optimum'] },
    { text: 'independent of lam.', checkedBy: ['independent of lam'] },
  ],
  ...fixedEtf,
  section: 'fixed ETF classifier, same-class mixes',
  statement: 'i = j: h* = t w_i with t > 0, the same for every lam (lam CE(z, i) + (1 - lam) CE(z, i) = CE(z, i)).',
  assumptions: { fixedClassifier, sameClass: 'crossMixes == 0' },
  predictions: { optimum: 'fstar', lamExponent: '0' },
  checks: [
    { name: 'parallel to w_i', claim: 'h*(i, i, lam) = t w_i, t > 0', measure: (v) => parallelToOwnClass(v.mixes, v.W) },
    {
      name: 'independent of lam',
      claim: "h*(i, i, lam) = (lam / lam')^lamExponent h*(i, i, lam')",
      measure: (v, p) => lamScaling(v.mixes, p.num('lamExponent')),
    },
  ],
  instances: fixedMixupInstances({ mixes: 'same-class' }),
  candidates: fixedMixupInstances({ mixes: 'same-or-any' }),
  variants: [
    {
      name: 'cross-class mixes as the same',
      description: 'parallel to w_i and independent of lam asserted for every mix, cross-class ones too',
      assumptions: { fixedClassifier, sameClass: 'true' },
    },
    { name: 'features proportional to lam', description: 'h*(i, i, lam) = lam h*(i, i, 1)', predictions: { lamExponent: '1' } },
  ],
});

export const mixupSpan = defineTheorem<UfmMixupInstance, UfmMixupView>({
  id: 'fisher2024mixup.span',
  clauses: [
    { text: 'Setting: W a fixed simplex ETF; h* the unique minimiser of the mixed, ridge-regularised CE.', assumption: 'fixedClassifier' },
    { text: 'Cross-class h* lies in span{w_i, w_j}.', checkedBy: ['in span{w_i, w_j}', 'optimum'], note: 'checked on every mix, same-class ones too' },
  ],
  ...fixedEtf,
  section: 'fixed ETF classifier, cross-class mixes',
  statement: 'every mix (i, j, lam): h* lies in span{w_i, w_j} (a line when i = j or K = 2).',
  assumptions: { fixedClassifier },
  predictions: { optimum: 'fstar', spanDistance: '0' },
  checks: [
    {
      name: 'in span{w_i, w_j}',
      claim: 'dist(h*, span{w_i, w_j}) / max(||h*||, 1) = spanDistance',
      measure: (v, p) => spanDistance(v.mixes, v.W, p.num('spanDistance')),
    },
  ],
  instances: fixedMixupInstances({ mixes: 'cross-class' }),
  candidates: fixedMixupInstances({ mixes: 'any' }),
});

export const mixupBoundary = defineTheorem<UfmMixupInstance, UfmMixupView>({
  id: 'fisher2024mixup.boundary',
  clauses: [
    { text: 'Setting: W a fixed simplex ETF; h* the unique minimiser of the mixed, ridge-regularised CE.', assumption: 'fixedClassifier' },
    {
      text: 'At lam = 1/2 it lies on the i/j decision boundary (z_i = z_j).',
      checkedBy: ['decision boundary', 'optimum'],
      note: 'and, derived, z_i - z_j has the sign of lam - 1/2 elsewhere',
    },
  ],
  ...fixedEtf,
  confidenceNote:
    "the fixed-ETF setting is the catalogue's; the side off the boundary is derived (z_i - z_j increases with lam: the objective is a lam-free strictly convex F(h) minus lam (w_i - w_j).h)",
  section: 'fixed ETF classifier, lam = 1/2',
  statement: 'i != j: at lam = 1/2, h* lies on the i/j decision boundary (z_i = z_j); at any other lam, z_i - z_j has the sign of lam - 1/2.',
  assumptions: { fixedClassifier },
  predictions: { optimum: 'fstar', boundaryLam: '1/2' },
  checks: [
    {
      name: 'decision boundary',
      claim: 'z_i = z_j at lam = boundaryLam, sign(z_i - z_j) = sign(lam - boundaryLam) elsewhere',
      measure: (v, p) => decisionSides(v.mixes, v.W, p.num('boundaryLam')),
    },
  ],
  instances: fixedMixupInstances({ mixes: 'boundary' }),
  variants: [{ name: 'boundary at lam = 0.7', description: 'z_i = z_j claimed at lam = 0.7', predictions: { boundaryLam: '0.7' } }],
});

/** The closed form with the constants the claim predicts, solved on every mix (src/problems/ufm-mixup/closed-form-point.ts). */
const closedForm = (inst: UfmMixupInstance, p: Predictions) =>
  mixupClosedFormPoint(inst, { c: p.num('c'), hScale: p.num('hScale'), otherClasses: p.num('otherClasses') });

export const mixupClosedForm = defineTheorem<UfmMixupInstance, UfmMixupView>({
  id: 'fisher2024mixup.closed-form',
  clauses: [
    { text: 'Setting: W a fixed simplex ETF; h* the unique minimiser of the mixed, ridge-regularised CE.', assumption: 'fixedClassifier' },
    {
      text: 'Closed form: with c = s^2 K / ((K-1) lambda_H), h* = ((K-1)/(s^2 K)) (a w_i + b w_j), a = c(lam - p_i + p_o), b = c(1 - lam - p_j + p_o), p_i = e^a/Dn, p_j = e^b/Dn, p_o = 1/Dn, Dn = e^a + e^b + K - 2.',
      checkedBy: ['closed form', 'claimed minimiser', 'optimum'],
    },
  ],
  ...fixedEtf,
  section: 'fixed ETF classifier, closed form',
  statement:
    'h* = ((K-1)/(s^2 K)) (a w_i + b w_j), a = c (lam - p_i + p_o), b = c (1 - lam - p_j + p_o), p_i = e^a/Dn, p_j = e^b/Dn, p_o = 1/Dn, Dn = e^a + e^b + K - 2, c = s^2 K/((K-1) lambdaH); a same-class mix is the form at lam = 1 (b = 0).',
  confidenceNote:
    'the closed form is derived in the catalogue (stationarity restricted to span{w_i, w_j}); its fixed point is solved by bracketed roots and Newton and substituted back',
  assumptions: { fixedClassifier },
  predictions: {
    optimum: 'fstar',
    c: 's^2 * K / ((K - 1) * lambdaH)',
    hScale: '(K - 1) / (s^2 * K)',
    otherClasses: 'K - 2',
  },
  construct: (inst, p) => {
    const r = closedForm(inst, p);
    return 'impossible' in r ? r : r.x;
  },
  checks: [
    {
      name: 'closed form',
      claim: 'h* = hScale (a w_i + b w_j), (a, b) the fixed point of the form',
      measure: (v, p, inst) => {
        const r = closedForm(inst, p);
        return 'impossible' in r ? { deviation: NaN, kind: 'relative', detail: r.impossible, sensitivity: 0 } : featuresMatch(v.mixes, r.features);
      },
    },
  ],
  instances: fixedMixupInstances({ mixes: 'any' }),
  variants: [
    { name: 'no feature scale', description: 'h* = a w_i + b w_j (hScale = 1)', predictions: { hScale: '1' } },
    { name: 'Dn without the other classes', description: 'Dn = e^a + e^b, as if K = 2', predictions: { otherClasses: '0' } },
    { name: 'c without K/(K-1)', description: 'c = s^2 / lambdaH', predictions: { c: 's^2 / lambdaH' } },
  ],
});

interface LogOddsConfig {
  readonly K: number;
  readonly s: number;
  readonly lam: number;
}

export const mixupLogOdds = defineStudy<LogOddsConfig>({
  id: 'fisher2024mixup.log-odds',
  clauses: [
    {
      text: 'As lambda_H -> 0, z_i - z_j -> log(lam/(1-lam)).',
      checkedBy: ['fisher2024mixup.log-odds'],
      note: 'along lambdaH = 1e-3 .. 1e-6 in four configurations',
    },
    {
      text: '[derived] observed rate lambda_H log(1/lambda_H).',
      checkedBy: ['fisher2024mixup.log-odds'],
      note: 'fitted exponents reported; a finite sequence cannot refute a rate',
    },
  ],
  paper: 'Fisher et al. 2024',
  citation,
  section: 'fixed ETF classifier, lambdaH -> 0',
  statement: 'i != j: as lambdaH -> 0, z_i - z_j -> log(lam/(1-lam)) (observed rate lambdaH log(1/lambdaH)).',
  confidence: ['derived'],
  confidenceNote: "the limit is the catalogue's; the rate lambdaH log(1/lambdaH) (p_o ~ lambdaH log(1/lambdaH)/(K s^2)) is derived and observed",
  kind: 'asymptotic',
  parameter: 'lambdaH',
  rate: 'lambdaH log(1/lambdaH)',
  claimedExponent: 1,
  deviation: '|z_i - z_j - log(lam/(1-lam))|',
  configurations: [
    { K: 4, s: 1, lam: 0.7 },
    { K: 3, s: 2, lam: 0.2 },
    { K: 6, s: 0.7, lam: 0.9 },
    { K: 2, s: 1, lam: 0.6 },
  ],
  describe: (c) => `K=${c.K} s=${c.s} lam=${c.lam}`,
  // From 1e-3 down: above it z_i - z_j crosses the limit (the deviation is not yet monotone).
  sequence: () => [1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6],
  evaluate: (c, lambdaH) => mixupLogOddsPoint(c, lambdaH),
  variants: [
    {
      name: 'a limit 3% off',
      description: 'z_i - z_j -> 1.03 log(lam/(1-lam))',
      evaluate: (c, lambdaH) => mixupLogOddsPointAgainst(c, lambdaH, (lam) => 1.03 * Math.log(lam / (1 - lam))),
    },
    {
      name: 'the odds instead of the log-odds',
      description: 'z_i - z_j -> lam/(1-lam)',
      evaluate: (c, lambdaH) => mixupLogOddsPointAgainst(c, lambdaH, (lam) => lam / (1 - lam)),
    },
  ],
});

const learnable = 'learnable';
const dimension = 'd >= K - 1';

export const mixupLearnable = defineTheorem<UfmMixupInstance, UfmMixupView>({
  id: 'fisher2024mixup.learnable',
  clauses: [
    { text: '[derived] W learnable too, every ordered pair of classes mixed equally often at every lam', assumption: 'classSymmetric' },
    { text: '(the full UFM under the mixup loss, d >= K - 1)', assumption: 'dimension' },
    { text: 'the optimum has a simplex-ETF W (its value is the optimum over W a simplex ETF of any norm)', checkedBy: ['simplex ETF', 'optimum'] },
    { text: 'and every mixed feature in span{w_i, w_j}.', checkedBy: ['in span{w_i, w_j}'] },
    {
      text: 'Not so for a random mixup batch.',
      unchecked:
        "a negative statement: it is shown by the planted variant 'the ETF for a random mixup batch' being rejected in the mutation run, which is no check of this claim",
    },
  ],
  paper: 'Fisher et al. 2024',
  citation,
  section: 'learnable classifier (issue 14)',
  status: 'conjecture',
  statement:
    'W learnable too (the full UFM under the mixup loss), every ordered pair of classes mixed equally often at every lam: the optimum has a simplex-ETF W (its value is the optimum over W a simplex ETF of any norm) and every mixed feature in span{w_i, w_j}. Not so for a random mixup batch (planted variant).',
  confidence: ['derived'],
  confidenceNote:
    "the question of issue 14; what the harness finds: true for the class-symmetric mixing set; for the mixup batch of a balanced set (random partners, unequal pair counts) certified optima lie below every ETF classifier, so the paper's fixed ETF is what the optimum picks only for the symmetric (expected) mixing distribution",
  kind: 'global-minimiser',
  problem: ufmMixup,
  symbols: ufmMixupSymbols,
  view: ufmMixupView,
  assumptions: { learnable, classSymmetric: 'classSymmetric', dimension },
  predictions: { optimum: 'fEtf', etfCosine: '-1 / (K - 1)' },
  checks: [
    { name: 'simplex ETF', claim: 'W W^T / s = (1 - etfCosine) I + etfCosine J', measure: (v, p) => equiangularRows(v.W, p.num('etfCosine')) },
    { name: 'in span{w_i, w_j}', claim: 'h*(i, j, lam) in span{w_i, w_j} of the learned W', measure: (v) => spanDistance(v.mixes, v.W, 0) },
  ],
  instances: learnableMixupInstances({ mixes: 'all-pairs' }),
  candidates: learnableMixupInstances({ mixes: 'both' }),
  variants: [
    {
      name: 'the ETF for a random mixup batch',
      description: 'the same asserted for the mixup batch of a balanced set (each sample mixed with a random partner)',
      assumptions: { learnable, dimension },
    },
    { name: 'orthogonal classifiers', description: 'W W^T proportional to I', predictions: { etfCosine: '0' } },
  ],
});

export default [mixupSameClass, mixupSpan, mixupBoundary, mixupClosedForm, mixupLogOdds, mixupLearnable];
