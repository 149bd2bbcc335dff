/**
 * Fang, He, Long, Su. "Exploring Deep Neural Networks via Layer-Peeled Model: Minority Collapse
 * in Imbalanced Training." PNAS 2021. Catalogue section: fang2021 (docs/catalogue.md).
 *
 * Problem (constraint form, no bias, p >= K): min (1/N) sum CE(W h_{k,i}, k) s.t.
 * (1/K) sum ||w_k||^2 <= EW, (1/K) sum_k (1/n_k) sum_i ||h_{k,i}||^2 <= EH
 * (src/problems/layer-peeled/problem.ts: the norm balls by projection onto their spheres). The optimal
 * value of imbalanced instances, `Fc`, comes from the equivalent convex problem over class-level
 * logits (nuclear-norm ball), certified by its Frank-Wolfe gap.
 */
import { balancedLayerPeeled, twoClusterLayerPeeled } from '../src/instances/layer-peeled.ts';
import { defineTheorem, type Check, type Predictions } from '../src/engine/theorem.ts';
import { frobNorm, scale, transpose } from '../src/linalg/matrix.ts';
import { alignment, simplexEtfGram, withinClassCollapse } from '../src/predicates/collapse.ts';
import { simplexEtf } from '../src/predicates/frames.ts';
import { NO_COLLAPSE_SPREAD, collapseMatches } from '../src/predicates/logits.ts';
import { rowsNonZero } from '../src/predicates/norms.ts';
import { minorityClasses } from '../src/problems/ufm-ce/clusters.ts';
import { layerPeeled, type LayerPeeledInstance } from '../src/problems/layer-peeled/problem.ts';
import { layerPeeledPointOf } from '../src/problems/layer-peeled/point.ts';
import { layerPeeledView } from '../src/problems/layer-peeled/view.ts';
import type { UfmCeView } from '../src/problems/ufm-ce/view.ts';
import { layerPeeledConvexSymbols } from '../src/ground-truth/layer-peeled.ts';

const citation = 'C. Fang, H. He, Q. Long, W. J. Su. Exploring Deep Neural Networks via Layer-Peeled Model: Minority Collapse in Imbalanced Training. PNAS 118 (43), 2021.';

// ---------------------------------------------------------------------------------------------
// Balanced: simplex ETF with ||w_k||^2 = EW and h_k = sqrt(EH/EW) w_k.

/** The claimed minimiser: W a simplex ETF with ||w_k||^2 = wNormSq, every h_{k,i} = align w_k. */
function construct(inst: LayerPeeledInstance, p: Predictions): Float64Array | { impossible: string } {
  const { K, d } = inst;
  const normSq = p.num('wNormSq');
  if (!(normSq > 0)) return { impossible: `claimed ||w_k||^2 = ${normSq}` };
  if (d < K - 1) return { impossible: `a simplex ETF of ${K} vectors needs d >= ${K - 1}, got ${d}` };
  const W = simplexEtf(K, d, normSq);
  return layerPeeledPointOf(inst, { W, Hbar: scale(transpose(W), p.num('align')) });
}

const balancedChecks: Check<LayerPeeledInstance, UfmCeView>[] = [
  { name: 'NC1', claim: 'h_{k,i} = h_k', needs: 'samples', measure: (v) => withinClassCollapse(v.H, v.labels, v.Hbar) },
  { name: 'simplex ETF', claim: 'W W^T = EW (K/(K-1)) C', measure: (v, p) => simplexEtfGram(v.W, p.num('wNormSq')) },
  { name: 'alignment', claim: 'h_k = sqrt(EH/EW) w_k', measure: (v, p) => alignment(v.Hbar, v.W, p.num('align')) },
];

export const fang2021Balanced = defineTheorem<LayerPeeledInstance, UfmCeView>({
  id: 'fang2021.balanced',
  paper: 'Fang et al. 2021',
  citation,
  section: 'Thm 3',
  statement: 'balanced, p >= K: the rows of W form a simplex ETF with ||w_k||^2 = EW and h_k = sqrt(EH/EW) w_k; optimum log(1 + (K-1) exp(-K sqrt(EW EH)/(K-1))).',
  confidence: ['paper'],
  kind: 'global-minimiser',
  problem: layerPeeled,
  symbols: layerPeeledConvexSymbols,
  assumptions: { balanced: 'nmin == nmax', dimension: 'd >= K' },
  predictions: {
    wNormSq: 'EW',
    align: 'sqrt(EH / EW)',
    optimum: 'log(1 + (K - 1) * exp(-K * sqrt(EW * EH) / (K - 1)))',
  },
  construct,
  view: layerPeeledView,
  checks: balancedChecks,
  instances: balancedLayerPeeled({ dOffset: [0, 2] }),
  candidates: balancedLayerPeeled({ dOffset: [-2, 2] }),
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

/** The catalogue's configuration at imbalance ratio R. */
const catalogueConfiguration = (R: readonly number[]) => twoClusterLayerPeeled({ kA: 5, kB: 5, nB: 1, R, d: 10, EW: 1, EH: 5 });

export const fang2021Minority = defineTheorem<LayerPeeledInstance, UfmCeView>({
  id: 'fang2021.minority',
  paper: 'Fang et al. 2021',
  citation,
  section: 'Thm 5 (finite-R form derived)',
  statement: 'two clusters, K = 10, k_A = 5, EH = 5, EW = 1, n_B = 1, n_A = R: the minority classifiers coincide (w_k = w_k\') exactly iff R >= 13, to a common non-zero vector (the R -> infinity minority collapse, reached at finite R).',
  confidence: ['paper', 'derived'],
  confidenceNote: 'the finite-R collapse point (R = 13) is observed, the R -> infinity limit is the paper\'s',
  kind: 'global-minimiser',
  problem: layerPeeled,
  symbols: layerPeeledConvexSymbols,
  assumptions: { catalogueConfiguration: 'K == 10 and kA == 5 and kB == 5 and EW == 1 and EH == 5 and nmin == 1', dimension: 'd >= K' },
  predictions: { collapse: 'R >= 13', optimum: 'Fc' },
  view: layerPeeledView,
  checks: [
    {
      name: 'minority collapse iff R >= 13', claim: 'w_k = w_k\' for minority k, k\' iff R >= 13',
      // Classifiers as the columns of W^T; ||W||_F = sqrt(K EW) on the sphere, so the spread is always relative.
      measure: (v, p, inst) => collapseMatches(transpose(v.W), minorityClasses(inst.n), p.bool('collapse'), 4 / Math.max(1e-12, frobNorm(v.W)), 'minority classifiers w_k'),
    },
    {
      name: 'minority classifiers non-zero', claim: 'the common minority classifier is not 0',
      measure: (v, _p, inst) => rowsNonZero(v.W, minorityClasses(inst.n), NO_COLLAPSE_SPREAD, 'w_minority'),
    },
  ],
  instances: catalogueConfiguration([4, 8, 10, 12, 13, 16]),
  candidates: catalogueConfiguration([2, 4, 6, 8, 10, 11, 12, 13, 14, 16, 20]),
  solve: { starts: 2, scales: [1, 0.3] },
  variants: [
    { name: 'collapse already at R = 12', description: 'minority collapse iff R >= 12', predictions: { collapse: 'R >= 12' } },
    { name: 'no collapse at finite R', description: 'the collapse only in the limit: never exact at finite R', predictions: { collapse: 'R < 0' } },
  ],
});

export default [fang2021Balanced, fang2021Minority];
