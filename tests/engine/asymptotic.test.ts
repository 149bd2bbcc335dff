import { describe, expect, it } from 'vitest';
import { checkAsymptotic, logLogSlope, type AsymptoticSweep } from '../../src/engine/asymptotic.ts';
import { runStudyVariants } from '../../src/engine/studies.ts';
import { seliClassifierGram, seliRidgeLimit } from '../../theorems/seli2022.ts';
import { thm5Asymptotic } from '../../theorems/hongling2024.ts';

const synthetic = (dev: (x: number) => number): AsymptoticSweep<number> => ({
  parameter: 't',
  rate: '1/t',
  claimedExponent: 1,
  deviation: 'd',
  configurations: [0],
  describe: () => 's',
  sequence: () => [10, 100, 1000, 1e4],
  evaluate: (_c, t) => ({ t, rate: 1 / t, deviation: dev(1 / t), certified: true }),
});

describe('asymptotic claims', () => {
  it('fits the exponent of a power law', () => {
    expect(logLogSlope([1, 2, 4, 8], [3, 12, 48, 192])).toBeCloseTo(2, 12);
  });
  it('passes a shrinking deviation and fails one that levels off', () => {
    expect(
      checkAsymptotic(
        synthetic((x) => 3 * x),
        0,
      ).verdict,
    ).toBe('pass');
    const stuck = checkAsymptotic(
      synthetic((x) => 0.2 + 0 * x),
      0,
    );
    expect(stuck.verdict).toBe('fail');
  });
});

describe('seli2022', () => {
  it('reproduces the catalogue SELI reference values (STEP, k_A = k_B = 5, n = R / 1)', () => {
    // docs/catalogue.md: R=10: 2.672, 0.033; R=100: 5.766, 0.338; R=1e4: 11.06, 0.873.
    for (const [R, ratio, cos, digits] of [
      [10, 2.672, 0.033, 3],
      [100, 5.766, 0.338, 3],
      [1e4, 11.06, 0.873, 2],
    ] as const) {
      const G = seliClassifierGram([...Array(5).fill(R), ...Array(5).fill(1)]);
      expect(G.data[0] / G.data[99]).toBeCloseTo(ratio, digits);
      expect(G.data[56] / Math.sqrt(G.data[55] * G.data[66])).toBeCloseTo(cos, 3);
    }
  });
  it('ridge CE converges to SELI as lambda -> 0 on every configuration', () => {
    for (const c of seliRidgeLimit.configurations) expect(checkAsymptotic(seliRidgeLimit, c).verdict).toBe('pass');
  });
  it('rejects its planted wrong limit: the simplex ETF Gram instead of SELI', () => {
    expect(runStudyVariants(seliRidgeLimit).map((v) => [v.name, v.rejected])).toEqual([['the simplex ETF as the limit', true]]);
  });
});

describe('hongling2024.thm5', () => {
  it('imbalance fades: the normalised logits approach the ETF as N grows', () => {
    for (const c of thm5Asymptotic.configurations) expect(checkAsymptotic(thm5Asymptotic, c).verdict).toBe('pass');
  });
  it('rejects its planted wrong limit: N lambdaZ growing with N (sqrt(n_B) crossed, the minority collapses)', () => {
    // lambda = N lambdaZ must stay fixed below sqrt(n_B); letting lambdaZ be fixed instead crosses
    // every threshold as N grows, and the logits go to 0, not to an ETF.
    expect(runStudyVariants(thm5Asymptotic).map((v) => [v.name, v.rejected])).toEqual([['N lambdaZ growing with N', true]]);
  });
});
