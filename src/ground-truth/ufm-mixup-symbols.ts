/**
 * The symbols of claims on the ufm-mixup problem (docs/catalogue.md, fisher2024mixup): the instance's
 * sizes and regularisers, counts of its mixes, and the certified optimum of its ground truth
 * (ufm-mixup.ts):
 *
 * - every instance: K, d, lambdaH, M (mixes), sameMixes (i = j), crossMixes (i != j),
 *   fixedClassifier and learnable (which form of the problem it is);
 * - fixed classifier: s, and fstar, the sum of the certified per-mix minima;
 * - learnable classifier: lambdaW, classSymmetric (every ordered pair (i, j), i = j included,
 *   mixed equally often at every lam), and fEtf, the optimum over W a simplex ETF of any norm.
 *
 * The optimum of a form the instance does not have is NaN (no claim's assumptions admit it).
 * Each optimum carries its error bound (MixupOptimum.error) for the objective comparisons.
 */
import type { UfmMixupInstance } from '../problems/ufm-mixup/instance.ts';
import type { Scope } from '../symbolic/expr.ts';
import { withSymbolErrors } from '../symbolic/rounding.ts';
import { etfFamilyOptimum, fixedMixupOptimum } from './ufm-mixup.ts';

/** Whether every ordered pair of classes is mixed equally often at each lam. */
function classSymmetric(K: number, mixes: UfmMixupInstance['mixes']): boolean {
  const byLam = new Map<number, Int32Array>();
  for (const m of mixes) {
    let counts = byLam.get(m.lam);
    if (!counts) byLam.set(m.lam, (counts = new Int32Array(K * K)));
    counts[m.i * K + m.j]++;
  }
  for (const counts of byLam.values()) if (!counts.every((c) => c === counts[0])) return false;
  return true;
}

export function ufmMixupSymbols(inst: UfmMixupInstance): Scope {
  const sameMixes = inst.mixes.filter((m) => m.i === m.j).length;
  const common = {
    K: inst.K,
    d: inst.d,
    lambdaH: inst.lambdaH,
    M: inst.mixes.length,
    sameMixes,
    crossMixes: inst.mixes.length - sameMixes,
    fixedClassifier: inst.classifier === 'fixed-etf',
    learnable: inst.classifier === 'learnable',
  };
  if (inst.classifier === 'fixed-etf') {
    const opt = fixedMixupOptimum(inst);
    return withSymbolErrors({ ...common, s: inst.s, lambdaW: NaN, classSymmetric: false, fstar: opt.objective, fEtf: NaN }, { fstar: opt.error });
  }
  const etf = etfFamilyOptimum(inst);
  return withSymbolErrors(
    { ...common, s: NaN, lambdaW: inst.lambdaW, classSymmetric: classSymmetric(inst.K, inst.mixes), fstar: NaN, fEtf: etf.objective },
    { fEtf: etf.error },
  );
}
