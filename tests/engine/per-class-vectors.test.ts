import { describe, expect, it } from 'vitest';
import { checkInstance } from '../../src/engine/check.ts';
import { evaluateExprs } from '../../src/symbolic/expr.ts';
import type { UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import { reluLiveClasses } from '../../src/problems/ufm-ce/symbols.ts';
import { dang2024Relu } from '../../theorems/dang2024relu.ts';
import { hongLingClusters } from '../../theorems/hongling2024.ts';

// Per-class and per-cluster predictions are vectors, so neither claim stops at four classes or
// clusters (they once spelled out 1..4): both are checked here beyond that.
describe('vector-valued per-class predictions beyond four', () => {
  it('hongling2024.clusters on five clusters: the flags follow N lambdaZ > sqrt(N_j), and a shifted threshold fails', () => {
    // N = 130, N lambdaZ = 2: above sqrt(3) and sqrt(1), below sqrt(6), sqrt(15), sqrt(40).
    const n = [40, 40, 15, 15, 6, 6, 3, 3, 1, 1];
    const lambdaZ = 2 / 130;
    const inst: UfmCeInstance = { problem: 'ufm-ce', K: 10, n, d: 10, lambdaW: lambdaZ * 2, lambdaH: lambdaZ / 2, lambdaB: 0.1, bias: true };
    const p = evaluateExprs(hongLingClusters.predictions, hongLingClusters.symbols(inst), 'test');
    expect(p.collapse).toEqual([false, false, false, true, true]);
    const r = checkInstance(hongLingClusters, inst, 0, { seed: 1 });
    expect(r.verdict, r.reason).toBe('pass');
    // Thresholds N_j without the square root: only the n = 1 cluster is claimed to collapse, but n = 3 does too.
    const wrong = { ...hongLingClusters, predictions: { ...hongLingClusters.predictions, collapse: 'N * lambdaZ > Nj' } };
    expect(checkInstance(wrong, inst, 0, { seed: 1 }).verdict).toBe('fail');
  });

  it('dang2024relu.global with K = 5 classes', () => {
    // (K/(K-1)) N^2 lambdaW lambdaH = (5/4) 22^2 lambdaZ^2 = 1.5 at lambdaZ^2 = 1.5 / 605: n_k = 1 dead, the rest live.
    const lambdaZ = Math.sqrt(1.5 / 605);
    const inst: UfmCeInstance = {
      problem: 'ufm-ce',
      K: 5,
      n: [8, 6, 4, 3, 1],
      d: 4,
      lambdaW: lambdaZ,
      lambdaH: lambdaZ,
      lambdaB: 0,
      bias: false,
      features: 'nonnegative',
    };
    expect(reluLiveClasses(inst)).toBe(4);
    const p = evaluateExprs(dang2024Relu.predictions, dang2024Relu.symbols(inst), 'test');
    expect(p.dead).toEqual([false, false, false, false, true]);
    const r = checkInstance(dang2024Relu, inst, 0, { seed: 1 });
    expect(r.verdict, r.reason).toBe('pass');
  });
});
