/**
 * `huntClaim` against the "done" criteria, with small budgets: from its default seed it
 * finds and shrinks a certified counterexample of dang2023dln.ce; it finds none for
 * zhu2021.global; dropping `dimension` from zhu2021.global gives a counterexample outside
 * d >= K - 1; every search stops at its budget; and an instance whose solve does not certify
 * counts as inconclusive, never as a counterexample.
 */
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../../src/engine/check.ts';
import type { Theorem } from '../../src/engine/theorem.ts';
import { huntClaim } from '../../src/hunt/hunt.ts';
import { huntCheckOptions } from '../../src/hunt/starts.ts';
import type { DeepLinearInstance } from '../../src/problems/deep-linear/problem.ts';
import type { UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import type { InstanceBase } from '../../src/problems/problem.ts';
import { dang2023dlnCe } from '../../theorems/dang2023dln.ts';
import { zhu2021Global } from '../../theorems/zhu2021.ts';

describe('ncverify hunt', () => {
  it('finds and shrinks a certified counterexample of dang2023dln.ce from its default seed', () => {
    const r = huntClaim(dang2023dlnCe, { instances: 40 });
    expect(r.stoppedBy).toBe('counterexample');
    const [c] = r.counterexamples;
    expect(c.kind).toBe('below-optimum');
    expect(c.objective!).toBeLessThan(c.claimedOptimum!);
    const shrunk = c.instance as DeepLinearInstance;
    const from = c.shrunkFrom as DeepLinearInstance;
    expect(shrunk.depth).toBeGreaterThanOrEqual(2);
    expect(c.shrink.steps.length).toBeGreaterThan(0);
    expect(shrunk.n.reduce((a, b) => a + b, 0) + shrunk.widths.reduce((a, b) => a + b, 0)).toBeLessThan(
      from.n.reduce((a, b) => a + b, 0) + from.widths.reduce((a, b) => a + b, 0),
    );
    // Lambdas rounded to two or three significant digits.
    for (const l of [...shrunk.lambdaW, shrunk.lambdaH]) expect(Number(l.toPrecision(3))).toBe(l);
    // The fixture replays: the same verdict from its seed with the starts it names.
    const fx = c.fixture;
    expect(fx).toMatchObject({ claim: 'dang2023dln.ce', expect: 'fail', instance: shrunk });
    const replay = checkInstance(dang2023dlnCe, fx.instance, 0, fx.starts === 'hunt' ? huntCheckOptions(dang2023dlnCe, fx.seed) : { seed: fx.seed });
    expect(replay.verdict).toBe('fail');
    expect(c.certificate?.stationarity).toBe('second-order');
  }, 120_000);

  it('finds no counterexample of zhu2021.global in the same kind of budget', () => {
    const r = huntClaim(zhu2021Global, { instances: 20 });
    expect(r.counterexamples).toEqual([]);
    expect(r.summary.instances).toBe(20);
    expect(r.summary.fail).toBe(0);
    expect(r.stoppedBy).toBe('budget');
    // The edges were tried first, including both sides of the zero threshold.
    expect(r.phases.edges).toBeGreaterThan(10);
  }, 120_000);

  it('shows d >= K - 1 necessary for zhu2021.global by a certified counterexample outside it', () => {
    const r = huntClaim(zhu2021Global, { instances: 10, dropAssumption: 'dimension' });
    const [c] = r.counterexamples;
    expect(c.droppedAssumption).toBe('dimension');
    const i = c.instance as UfmCeInstance;
    expect(i.d).toBeLessThan(i.K - 1);
    // The claimed ETF has rank K - 1 > d: no W in R^{K x d} has its Gram (decided before any solve, exactly).
    expect(c.kind).toBe('impossible');
    expect(c.reason).toMatch(/rank \d+ > d = \d+/);
    expect(c.fixture.dropAssumption).toBe('dimension');
  }, 60_000);

  it('stops at its budget: a number of instances, or a time (a fake clock here)', () => {
    const byCount = huntClaim(zhu2021Global, { instances: 3, phases: ['random'] });
    expect(byCount.summary.instances).toBe(3);
    let ms = 0;
    // Every clock read advances 100 ms: a 2 s budget allows a bounded number of solves.
    const byTime = huntClaim(zhu2021Global, { seconds: 2, now: () => (ms += 100), phases: ['edges', 'adaptive'] });
    expect(byTime.stoppedBy).toBe('budget');
    expect(byTime.summary.instances).toBeGreaterThan(0);
    expect(byTime.summary.instances).toBeLessThan(20);
  }, 60_000);

  it('counts an uncertified solve as inconclusive, never as a counterexample', () => {
    // The claim with a wrong Hessian: every start converges, but the certificate sees negative
    // curvature (the Hessian-vector product is negated), so no point is certified second-order.
    const broken: Theorem = {
      ...zhu2021Global,
      id: 'zhu2021.global-uncertifiable',
      problem: {
        ...zhu2021Global.problem,
        objective: (inst: InstanceBase) => {
          const obj = zhu2021Global.problem.objective(inst as UfmCeInstance);
          return {
            ...obj,
            value: obj.value.bind(obj),
            hessVec: (x, v, out) => {
              obj.hessVec(x, v, out);
              for (let k = 0; k < out.length; k++) out[k] = -out[k];
            },
          };
        },
      },
      construct: undefined,
    };
    const r = huntClaim(broken, { instances: 3, phases: ['edges'] });
    expect(r.summary.instances).toBe(3);
    expect(r.summary.inconclusive).toBe(3);
    expect(r.counterexamples).toEqual([]);
  }, 60_000);
});
