import { describe, expect, it } from 'vitest';
import { catalogue } from '../../theorems/index.ts';
import { checkInstance, sampleInstances } from '../../src/engine/check.ts';
import { deriveSeed } from '../../src/random.ts';
import { defineTheorem, type Theorem } from '../../src/engine/theorem.ts';
import { InputError } from '../../src/errors.ts';
import { ufmCeObjective, type UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import { norm2 } from '../../src/solvers/lbfgs.ts';
import { ufmCeView } from '../../src/problems/ufm-ce/view.ts';

const theorems = catalogue.theorems;
/** A claim with its solve mode set (the twin keeps every field but the mode). */
const withMode = (thm: Theorem, solveMode: 'full' | 'reduced'): Theorem => defineTheorem({ ...thm, solveMode });

describe('claims solved on the exact class reduction (solveMode: reduced)', () => {
  // Claims about class-level logits only: no NC1 check, so they may solve the K-column problem.
  for (const id of ['hongling2024.cor4', 'hongling2024.thm3']) {
    it(`${id}: the reduced solve and its full-solve twin give the same verdicts and objectives`, () => {
      const thm = catalogue.theorem(id);
      const reduced = withMode(thm, 'reduced');
      const full = withMode(thm, 'full');
      const instances = sampleInstances(thm, 3, 11);
      for (const [i, inst] of instances.entries()) {
        const r = checkInstance(reduced, inst, i, { seed: deriveSeed(11, i), starts: 2 });
        const f = checkInstance(full, inst, i, { seed: deriveSeed(11, i), starts: 2 });
        expect(r.verdict, `${id} instance ${i}: ${r.reason} / ${f.reason}`).toBe(f.verdict);
        if (r.verdict === 'skipped') continue;
        expect(r.solveMode).toBe('reduced');
        expect(f.solveMode).toBeUndefined();
        const fr = r.certificate!.objective;
        const ff = f.certificate!.objective;
        expect(Math.abs(fr - ff)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ff)));
        // The same checks were decided on both.
        expect(r.checks.map((c) => [c.name, c.ok])).toEqual(f.checks.map((c) => [c.name, c.ok]));
      }
    });
  }

  it('hands the view a full, certified point: every class column equal, full gradient at the tolerance', () => {
    const thm = withMode(catalogue.theorem('hongling2024.cor4'), 'reduced');
    const inst = sampleInstances(thm, 1, 5)[0] as UfmCeInstance;
    let seen: Float64Array | null = null;
    const spy = defineTheorem({
      ...thm,
      view: (i: UfmCeInstance, x: Float64Array) => {
        seen = x;
        return thm.view(i, x);
      },
    });
    const res = checkInstance(spy, inst, 0, { seed: 3, starts: 1 });
    expect(res.verdict).toBe('pass');
    const obj = ufmCeObjective(inst);
    expect(seen).not.toBeNull();
    const x = seen as unknown as Float64Array;
    expect(x.length).toBe(obj.size);
    const g = new Float64Array(obj.size);
    const fx = obj.value(x, g);
    expect(norm2(g)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(fx)));
    // NC1 by construction: the within-class spread of H is zero (up to the expansion's rounding).
    const v = ufmCeView(inst, x);
    let spread = 0;
    for (let j = 0; j < v.labels.length; j++) {
      const k = v.labels[j];
      for (let r = 0; r < inst.d; r++) spread = Math.max(spread, Math.abs(v.H.data[r * v.H.cols + j] - v.Hbar.data[r * v.Hbar.cols + k]));
    }
    expect(spread).toBeLessThan(1e-12);
  });

  it('defineTheorem refuses a reduced claim that checks NC1, or whose problem has no exact reduction', () => {
    const nc1Claim = catalogue.theorem('zhu2021.global');
    expect(() => withMode(nc1Claim, 'reduced')).toThrow(InputError);
    expect(() => withMode(nc1Claim, 'reduced')).toThrow(/solveMode: is "reduced" but check "NC1" needs per-sample features/);
    const other = theorems.find((t) => typeof t.problem.exactReduction !== 'function')!;
    expect(() => withMode(other, 'reduced')).toThrow(/has no exact reduction/);
    expect(() => defineTheorem({ ...nc1Claim, solveMode: 'halved' as 'full' })).toThrow(/must be "full" or "reduced"/);
  });
});
