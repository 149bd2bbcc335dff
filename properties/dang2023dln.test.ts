/**
 * Properties of the Dang et al. 2023 claims: on random in-assumption instances (depth 1..3,
 * balanced and imbalanced, per-layer lambdas, classes straddling thr_M) the check never says
 * `fail` and decides most instances; every planted wrong variant is rejected by `mutate`.
 * dang2023dln.ce is a documented finding: at depths 2 and 3 (K = 4) certified points below the
 * simplex-ETF optimum exist (tests/fixtures/counterexamples/dang2023dln-ce-depth*.json), so its
 * property is stated for M = 1 only, where it is Zhu et al.'s theorem.
 * A failure prints fast-check's replay line.
 */
import fc from 'fast-check';
import type { InstanceBase } from '../src/problems/problem.ts';
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../src/engine/check.ts';
import { runMutations } from '../src/engine/mutate.ts';
import type { Theorem } from '../src/engine/theorem.ts';
import { deepLinearCe } from '../src/instances/deep-linear.ts';
import { dang2023dlnCe, dang2023dlnMse, dang2023dlnMseBias, dang2023dlnMseNarrow } from '../theorems/dang2023dln.ts';

function holds(thm: Theorem, instances: fc.Arbitrary<InstanceBase>, runs: number, seed: number): void {
  const verdicts: string[] = [];
  fc.assert(
    fc.property(instances, (inst) => {
      const r = checkInstance(thm, inst, 0, { seed: 5 });
      verdicts.push(r.verdict);
      if (r.verdict === 'fail' || r.verdict === 'skipped') throw new Error(`${r.verdict}: ${r.reason}`);
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  expect(verdicts.filter((v) => v === 'pass').length).toBeGreaterThanOrEqual(Math.ceil(0.6 * runs));
}

describe('dang2023dln properties', () => {
  it('dang2023dln.mse holds on random in-assumption instances', () => holds(dang2023dlnMse, dang2023dlnMse.instances, 8, 2023));
  it('dang2023dln.mse-narrow holds on random narrow instances', () => holds(dang2023dlnMseNarrow, dang2023dlnMseNarrow.instances, 5, 2023));
  it('dang2023dln.mse-bias holds on random balanced instances with bias', () => holds(dang2023dlnMseBias, dang2023dlnMseBias.instances, 5, 2023));
  it('dang2023dln.ce holds on random balanced one-layer instances', () => holds(dang2023dlnCe, deepLinearCe({ maxDepth: 1 }), 5, 2023));

  for (const thm of [dang2023dlnMse, dang2023dlnMseNarrow, dang2023dlnMseBias, dang2023dlnCe]) {
    it(`${thm.id}: every planted wrong variant gets a fail`, () => {
      // The CLI's pool (400 candidates, 4 per variant): the thr_M perturbations need a class within
      // 3% of the threshold on the right side, which a smaller pool may not hold.
      const res = runMutations(thm, { seed: 1 });
      expect(res.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`)).toEqual([]);
      expect(res.total).toBeGreaterThanOrEqual(8);
    });
  }
});
