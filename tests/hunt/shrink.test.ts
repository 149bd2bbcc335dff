/**
 * The shrinker: from a large failing instance it reaches a smaller failing one, every step
 * re-certified (re-solved and judged by the engine), and a step that would change the verdict
 * is recorded but not taken. First on the real dang2023dln.ce finding, every taken step checked
 * again here independently; then the greedy rule itself with a scripted verdict function.
 */
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../../src/engine/check.ts';
import type { InstanceResult } from '../../src/engine/verdict.ts';
import { huntCheck } from '../../src/hunt/hunt.ts';
import { regionOf } from '../../src/hunt/region.ts';
import { shrinkCounterexample } from '../../src/hunt/shrink.ts';
import { instanceSeed } from '../../src/hunt/seeds.ts';
import { huntCheckOptions } from '../../src/hunt/starts.ts';
import { spaceFor } from '../../src/instances/spaces.ts';
import type { InstanceSpace } from '../../src/instances/space.ts';
import type { DeepLinearInstance } from '../../src/problems/deep-linear/problem.ts';
import type { InstanceBase } from '../../src/problems/problem.ts';
import { dang2023dlnCe } from '../../theorems/dang2023dln.ts';

/** The finding's instance of tests/fixtures/counterexamples/dang2023dln-ce-depth3-low-rank.json, made larger: wider layers and more samples. */
const large: DeepLinearInstance = {
  problem: 'dln-ce',
  K: 4,
  n: [4, 4, 4, 4],
  depth: 3,
  widths: [6, 5, 6],
  lambdaW: [0.11131618363230157, 0.09580436061200645, 0.024342345561057445],
  lambdaH: 0.028128152153688288,
  bias: false,
};

describe('shrinking a counterexample', () => {
  it('shrinks the large dang2023dln.ce fail to a smaller one; every taken step fails again when re-checked', () => {
    const region = regionOf(dang2023dlnCe);
    const check = huntCheck(dang2023dlnCe, region, 1);
    const start = check(large);
    expect(start.verdict, start.reason).toBe('fail');
    const s = shrinkCounterexample(spaceFor('dln-ce')!, { instance: large, result: start }, { check, contains: region.contains, maxChecks: 40 });
    const small = s.instance as DeepLinearInstance;
    expect(s.steps.length).toBeGreaterThan(0);
    const sizeOf = (i: DeepLinearInstance) => i.K + i.n.reduce((a, b) => a + b, 0) + i.depth + i.widths.reduce((a, b) => a + b, 0);
    expect(sizeOf(small)).toBeLessThan(sizeOf(large));
    // Independently of the shrinker: the shrunk instance, solved with the hunt's starts and seed, fails below the optimum.
    const again = checkInstance(dang2023dlnCe, small, 0, huntCheckOptions(dang2023dlnCe, instanceSeed(1, small)));
    expect(again.verdict).toBe('fail');
    expect(again.counterexample!.kind).toBe('below-optimum');
    expect(again.counterexample!.objective!).toBeLessThan(again.predictions.optimum as number);
    // Every attempt that was solved and not a below-optimum fail was not taken.
    for (const a of s.attempts) expect(a.taken).toBe(a.verdict === 'fail' && a.kind === 'below-optimum');
    // K = 3 here passes (the ETF is optimal for three classes far from the zero threshold): a step that changes the verdict, not taken.
    expect(s.attempts.some((a) => a.step.startsWith('K 4 -> 3') && a.verdict === 'pass' && !a.taken)).toBe(true);
    expect(s.checks).toBeLessThanOrEqual(40);
  }, 120_000);

  it('takes the first candidate that still fails with the same kind, restarts from it, and stops at the smallest', () => {
    // A one-parameter space: instance {k}, candidates k-1, k-2, k-3 in that order; verdicts scripted by k.
    type I = InstanceBase & { k: number };
    const space: InstanceSpace = {
      problem: 'toy',
      parameters: [],
      seeds: [],
      build: () => null,
      shrink: (i) =>
        [1, 2, 3]
          .filter((d) => (i as I).k - d >= 1)
          .map((d) => ({ step: `k ${(i as I).k} -> ${(i as I).k - d}`, instance: { problem: 'toy', k: (i as I).k - d } })),
    };
    // 9 fails; 8 passes (a verdict change); 7 fails; 6 is inconclusive; 5 fails with another kind; 4 fails; 3, 2, 1 pass.
    const verdictOf = (k: number): Partial<InstanceResult> =>
      [9, 7, 4].includes(k)
        ? { verdict: 'fail', counterexample: { kind: 'below-optimum', message: '' } }
        : k === 5
          ? { verdict: 'fail', counterexample: { kind: 'structure', message: '' } }
          : k === 6
            ? { verdict: 'inconclusive' }
            : { verdict: 'pass' };
    const solved: number[] = [];
    const check = (i: InstanceBase) => {
      solved.push((i as I).k);
      return verdictOf((i as I).k) as InstanceResult;
    };
    const start = { instance: { problem: 'toy', k: 9 } as I, result: verdictOf(9) as InstanceResult };
    const s = shrinkCounterexample(space, start, { check, contains: () => true });
    expect((s.instance as I).k).toBe(4);
    expect(s.steps).toEqual(['k 9 -> 7', 'k 7 -> 4']);
    expect(s.path).toBe('1:2');
    expect(s.attempts.map((a) => [a.step, a.verdict, a.taken])).toEqual([
      ['k 9 -> 8', 'pass', false],
      ['k 9 -> 7', 'fail', true],
      ['k 7 -> 6', 'inconclusive', false],
      ['k 7 -> 5', 'fail', false],
      ['k 7 -> 4', 'fail', true],
      ['k 4 -> 3', 'pass', false],
      ['k 4 -> 2', 'pass', false],
      ['k 4 -> 1', 'pass', false],
    ]);
    expect(solved).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(s.stoppedBy).toBe('smallest');

    // Bounded: with 3 re-checks it stops after them, at the last instance that still failed.
    const bounded = shrinkCounterexample(space, start, { check, contains: () => true, maxChecks: 3 });
    expect((bounded.instance as I).k).toBe(7);
    expect(bounded.stoppedBy).toBe('checks');
    // Outside the region: recorded, never solved.
    const outside = shrinkCounterexample(space, start, { check, contains: (i) => (i as I).k !== 7 });
    expect(outside.attempts[1]).toMatchObject({ step: 'k 9 -> 7', verdict: 'outside', taken: false });
    expect((outside.instance as I).k).toBe(9);
  });
});
