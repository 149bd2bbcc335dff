/**
 * Symbol tables of ufm-ce claims that need only the instance (ufmCeSymbols in problem.ts is the
 * base every table extends). Symbols that need a convex ground truth live next to it in
 * src/ground-truth/.
 */
import type { Scope } from '../../symbolic/expr.ts';
import { classClusters } from './clusters.ts';
import type { UfmCeInstance } from './objective.ts';
import { ufmCeSymbols } from './problem.ts';

/**
 * ufmCeSymbols plus the cluster structure: `clusters` (how many distinct counts), `Nj` (the
 * counts N_1 > N_2 > ..., a vector), `kj` (classes per cluster, a vector), and the two-cluster
 * parameters kA, kB, nA, nB (NaN unless there are exactly two clusters).
 */
export function ufmCeClusterSymbols(inst: UfmCeInstance): Scope {
  const { counts, sizes } = classClusters(inst.n);
  const two = counts.length === 2;
  return {
    ...ufmCeSymbols(inst),
    kA: two ? sizes[0] : NaN,
    kB: two ? sizes[1] : NaN,
    nA: two ? counts[0] : NaN,
    nB: two ? counts[1] : NaN,
    clusters: counts.length,
    Nj: counts,
    kj: sizes,
  };
}

/**
 * Classes above the dead threshold of the ReLU feature model (docs/catalogue.md, dang2024relu):
 * class k is live iff n_k > (K/(K-1)) N^2 lambdaW lambdaH.
 */
export function reluLiveClasses(inst: UfmCeInstance): number {
  const N = inst.n.reduce((a, b) => a + b, 0);
  return inst.n.filter((v) => v > (inst.K / (inst.K - 1)) * N * N * inst.lambdaW * inst.lambdaH).length;
}

/** ufmCeSymbols plus `nonnegative` (1 for the ReLU feature model, else 0) and `live` (reluLiveClasses). */
export function ufmCeReluSymbols(inst: UfmCeInstance): Scope {
  return { ...ufmCeSymbols(inst), nonnegative: inst.features === 'nonnegative' ? 1 : 0, live: reluLiveClasses(inst) };
}
