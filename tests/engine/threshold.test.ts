import { describe, expect, it } from 'vitest';
import { locateSwitch, type ThresholdSweep } from '../../src/engine/threshold.ts';

/** A synthetic study whose true switch is at `truth` while it predicts `claimed`. */
function study(truth: number, claimed: number): ThresholdSweep<number> {
  return {
    parameter: 't',
    property: 'P',
    configurations: [0],
    describe: () => 'synthetic',
    predicted: () => claimed,
    bracket: () => [0.5 * claimed, 1.5 * claimed],
    probe: (_c, t) => ({ holds: t > truth, certified: true, measure: t - truth }),
  };
}

describe('threshold bisection', () => {
  it('agrees when the prediction is the true switch', () => {
    const r = locateSwitch(study(2, 2), 0, { relTol: 1e-8 });
    expect(r.outcome).toBe('agree');
    expect(Math.abs(r.measured - 2)).toBeLessThan(2e-8);
  });
  it('disagrees when the prediction is off by more than the resolution', () => {
    const r = locateSwitch(study(2.01, 2), 0, { relTol: 1e-6 });
    expect(r.outcome).toBe('disagree');
    expect(r.measured).toBeCloseTo(2.01, 5);
  });
  it('reports no switch when the property does not change across the bracket', () => {
    expect(locateSwitch(study(10, 2), 0).outcome).toBe('no-switch');
  });
});
