/**
 * Fang, He, Long, Su. "Exploring Deep Neural Networks via Layer-Peeled Model: Minority Collapse
 * in Imbalanced Training." PNAS 2021. Catalogue section: fang2021 (../shared/theorems.md).
 *
 * Problem (constraint form, no bias, p >= K): min (1/N) sum CE(W h_{k,i}, k) s.t.
 * (1/K) sum ||w_k||^2 <= EW, (1/K) sum_k (1/n_k) sum_i ||h_{k,i}||^2 <= EH
 * (src/problems/layer-peeled/problem.ts: the norm balls by projection onto their spheres). The optimal
 * value of imbalanced instances, `Fc`, comes from the equivalent convex problem over class-level
 * logits (nuclear-norm ball), certified by its Frank-Wolfe gap.
 */
import fc from 'fast-check';
import { logUniform } from '../src/instances/ufm-ce.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { frobNorm, mat, rowNorms, type Mat } from '../src/linalg/matrix.ts';
import { alignment, simplexEtfGram, withinClassCollapse } from '../src/predicates/collapse.ts';
import { simplexEtf } from '../src/predicates/frames.ts';
import type { Measurement } from '../src/predicates/predicate.ts';
import { NO_COLLAPSE_SPREAD } from '../src/predicates/logits.ts';
import { layerPeeled, layerPeeledPoint, type LayerPeeledInstance } from '../src/problems/layer-peeled/problem.ts';
import { layerPeeledGroundTruth } from '../src/ground-truth/layer-peeled.ts';
import type { Scope } from '../src/symbolic/expr.ts';

const citation = 'C. Fang, H. He, Q. Long, W. J. Su. Exploring Deep Neural Networks via Layer-Peeled Model: Minority Collapse in Imbalanced Training. PNAS 118 (43), 2021.';

/** K, d, N, n (common size or NaN), nmin, nmax, EW, EH, R = nmax / nmin, kA, kB, Fc (certified convex optimum, NaN if not certified). */
function symbols(inst: LayerPeeledInstance): Scope {
  const N = inst.n.reduce((a, b) => a + b, 0);
  const nmin = Math.min(...inst.n);
  const nmax = Math.max(...inst.n);
  const c = layerPeeledGroundTruth(inst);
  return {
    K: inst.K, d: inst.d, N, n: nmin === nmax ? nmin : NaN, nmin, nmax, EW: inst.EW, EH: inst.EH, R: nmax / nmin,
    kA: inst.n.filter((v) => v === nmax).length, kB: inst.n.filter((v) => v === nmin).length,
    clusters: new Set(inst.n).size, Fc: c.certified ? c.objective : NaN,
  };
}

interface LpView {
  readonly K: number;
  readonly W: Mat;
  readonly H: Mat;
  readonly Hbar: Mat;
  readonly labels: Int32Array;
}

function view(inst: LayerPeeledInstance, x: Float64Array): LpView {
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const y = layerPeeledPoint(inst, x);
  const W = mat(K, d, y.slice(0, K * d));
  const H = mat(d, N, y.slice(K * d));
  const labels = new Int32Array(N);
  const Hbar = new Float64Array(d * K);
  for (let k = 0, j = 0; k < K; k++) for (let i = 0; i < inst.n[k]; i++, j++) {
    labels[j] = k;
    for (let r = 0; r < d; r++) Hbar[r * K + k] += H.data[r * N + j] / inst.n[k];
  }
  return { K, W, H, Hbar: mat(d, K, Hbar), labels };
}

// ---------------------------------------------------------------------------------------------
// Balanced: simplex ETF with ||w_k||^2 = EW and h_k = sqrt(EH/EW) w_k.

function construct(inst: LayerPeeledInstance, p: Predictions): Float64Array | { impossible: string } {
  const { K, d } = inst;
  const normSq = p.num('wNormSq');
  if (!(normSq > 0)) return { impossible: `claimed ||w_k||^2 = ${normSq}` };
  if (d < K - 1) return { impossible: `a simplex ETF of ${K} vectors needs d >= ${K - 1}, got ${d}` };
  const W = simplexEtf(K, d, normSq);
  const N = inst.n.reduce((a, b) => a + b, 0);
  const c = p.num('align');
  // The parametrisation rescales V and G onto the spheres, so (W, c W) is the point itself when
  // it lies on them; a claim off the spheres is moved onto them and then misses the optimum.
  const x = new Float64Array(K * d + d * N);
  x.set(W.data, 0);
  for (let k = 0, col = 0; k < K; k++) for (let i = 0; i < inst.n[k]; i++, col++) for (let r = 0; r < d; r++) x[K * d + r * N + col] = c * W.data[k * d + r];
  return x;
}

function balancedInstances(dMin: number): fc.Arbitrary<LayerPeeledInstance> {
  return fc.record({ K: fc.integer({ min: 2, max: 6 }), n: fc.integer({ min: 1, max: 5 }), off: fc.integer({ min: dMin, max: 2 }), EW: logUniform(0.2, 5), EH: logUniform(0.2, 5) })
    .map(({ K, n, off, EW, EH }) => ({ problem: 'layer-peeled' as const, K, n: Array<number>(K).fill(n), d: Math.max(1, K + off), EW, EH }));
}

const balancedChecks: Check<LayerPeeledInstance, LpView>[] = [
  { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
  { name: 'simplex ETF', claim: 'W W^T = EW (K/(K-1)) C', measure: (v, p) => simplexEtfGram(v.W, p.num('wNormSq')) },
  { name: 'alignment', claim: 'h_k = sqrt(EH/EW) w_k', measure: (v, p) => alignment(v.Hbar, v.W, p.num('align')) },
];

export const fang2021Balanced = defineTheorem<LayerPeeledInstance, LpView>({
  id: 'fang2021.balanced',
  paper: 'Fang et al. 2021',
  citation,
  section: 'Thm 3',
  statement: 'balanced, p >= K: the rows of W form a simplex ETF with ||w_k||^2 = EW and h_k = sqrt(EH/EW) w_k; optimum log(1 + (K-1) exp(-K sqrt(EW EH)/(K-1))).',
  confidence: ['paper'],
  kind: 'global-minimiser',
  problem: layerPeeled,
  symbols,
  assumptions: { balanced: 'nmin == nmax', dimension: 'd >= K' },
  predictions: {
    wNormSq: 'EW',
    align: 'sqrt(EH / EW)',
    optimum: 'log(1 + (K - 1) * exp(-K * sqrt(EW * EH) / (K - 1)))',
  },
  construct,
  view,
  checks: balancedChecks,
  instances: balancedInstances(0),
  candidates: balancedInstances(-2),
  variants: [
    { name: 'ETF norm sqrt(EW)', description: '||w_k||^2 = sqrt(EW) instead of EW', predictions: { wNormSq: 'sqrt(EW)' } },
    { name: 'alignment inverted', description: 'h_k = sqrt(EW/EH) w_k', predictions: { align: 'sqrt(EW / EH)' } },
    { name: 'ETF claimed for d = K-2', description: 'the same structure one dimension below the simplex ETF\'s rank', assumptions: { balanced: 'nmin == nmax', dimension: 'd >= K - 2' } },
  ],
});

// ---------------------------------------------------------------------------------------------
// Minority collapse: the catalogue's configuration K = 10, k_A = 5, EH = 5, EW = 1, n_B = 1,
// n_A = R. The paper's claim is the limit R -> infinity; the catalogue observes [derived] that
// the collapse is exact from R = 13 on (mean minority cosine 0.52 at R = 10, 0.94 at R = 12).

/** Largest ||w_k - w_k'|| over minority pairs, relative to ||W||_F. */
function minorityClassifierSpread(v: LpView, inst: LayerPeeledInstance): number {
  const nB = Math.min(...inst.n);
  const minority = inst.n.flatMap((c, k) => (c === nB ? [k] : []));
  const d = v.W.cols;
  let mx = 0;
  for (let a = 0; a < minority.length; a++) for (let b = a + 1; b < minority.length; b++) {
    let s = 0;
    for (let r = 0; r < d; r++) s += (v.W.data[minority[a] * d + r] - v.W.data[minority[b] * d + r]) ** 2;
    mx = Math.max(mx, Math.sqrt(s));
  }
  return mx / frobNorm(v.W);
}

function minorityCollapse(v: LpView, p: Predictions, inst: LayerPeeledInstance): Measurement {
  const spread = minorityClassifierSpread(v, inst);
  const sensitivity = 4 / Math.max(1e-12, frobNorm(v.W));
  return p.bool('collapse')
    ? { deviation: spread, kind: 'relative', detail: 'max ||w_k - w_k\'|| / ||W||_F over minority pairs (collapse claimed)', sensitivity }
    : { deviation: Math.max(0, NO_COLLAPSE_SPREAD - spread), kind: 'absolute', detail: `max(0, ${NO_COLLAPSE_SPREAD} - spread), spread ${spread.toPrecision(3)} (no collapse claimed)`, sensitivity };
}

function minorityInstances(Rs: readonly number[]): fc.Arbitrary<LayerPeeledInstance> {
  return fc.constantFrom(...Rs).map((R) => ({ problem: 'layer-peeled' as const, K: 10, n: [...Array<number>(5).fill(R), ...Array<number>(5).fill(1)], d: 10, EW: 1, EH: 5 }));
}

export const fang2021Minority = defineTheorem<LayerPeeledInstance, LpView>({
  id: 'fang2021.minority',
  paper: 'Fang et al. 2021',
  citation,
  section: 'Thm 5 (finite-R form derived)',
  statement: 'two clusters, K = 10, k_A = 5, EH = 5, EW = 1, n_B = 1, n_A = R: the minority classifiers coincide (w_k = w_k\') exactly iff R >= 13, to a common non-zero vector (the R -> infinity minority collapse, reached at finite R).',
  confidence: ['paper', 'derived'],
  confidenceNote: 'the finite-R collapse point (R = 13) is observed, the R -> infinity limit is the paper\'s',
  kind: 'global-minimiser',
  problem: layerPeeled,
  symbols,
  assumptions: { catalogueConfiguration: 'K == 10 and kA == 5 and kB == 5 and EW == 1 and EH == 5 and nmin == 1', dimension: 'd >= K' },
  predictions: { collapse: 'R >= 13', optimum: 'Fc' },
  view,
  checks: [
    { name: 'minority collapse iff R >= 13', claim: 'w_k = w_k\' for minority k, k\' iff R >= 13', measure: minorityCollapse },
    {
      name: 'minority classifiers non-zero', claim: 'the common minority classifier is not 0',
      measure: (v, _p, inst) => {
        const norms = rowNorms(v.W);
        const nB = Math.min(...inst.n);
        const minNorm = Math.min(...inst.n.flatMap((c, k) => (c === nB ? [norms[k]] : [])));
        const rel = minNorm / frobNorm(v.W);
        return { deviation: Math.max(0, NO_COLLAPSE_SPREAD - rel), kind: 'absolute', detail: `max(0, ${NO_COLLAPSE_SPREAD} - min ||w_minority|| / ||W||_F), that ratio ${rel.toPrecision(3)}`, sensitivity: 2 / frobNorm(v.W) };
      },
    },
  ],
  instances: minorityInstances([4, 8, 10, 12, 13, 16]),
  candidates: minorityInstances([2, 4, 6, 8, 10, 11, 12, 13, 14, 16, 20]),
  solve: { starts: 2, scales: [1, 0.3] },
  variants: [
    { name: 'collapse already at R = 12', description: 'minority collapse iff R >= 12', predictions: { collapse: 'R >= 12' } },
    { name: 'no collapse at finite R', description: 'the collapse only in the limit: never exact at finite R', predictions: { collapse: 'R < 0' } },
  ],
});

export default [fang2021Balanced, fang2021Minority];
