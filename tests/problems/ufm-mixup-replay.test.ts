/**
 * Instances as reports write them back: the parsed form of a ufm-mixup instance (mixes as
 * {i, j, lam}) must parse to itself, so that `check --instance counterexample.json` replays it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { fixedMixupInstances, learnableMixupInstances } from '../../src/instances/ufm-mixup.ts';
import { parseUfmMixup } from '../../src/problems/ufm-mixup/index.ts';

describe('ufm-mixup instances round-trip through JSON', () => {
  it('every generated instance parses back to itself', () => {
    const insts = [
      ...fc.sample(fixedMixupInstances({ mixes: 'any' }), { seed: 5, numRuns: 20 }),
      ...fc.sample(learnableMixupInstances({ mixes: 'both' }), { seed: 5, numRuns: 10 }),
    ];
    for (const inst of insts) expect(parseUfmMixup(JSON.parse(JSON.stringify(inst)), 'x')).toEqual(inst);
  });

  it('an object mix is validated field by field', () => {
    const base = { problem: 'ufm-mixup', K: 3, d: 2, s: 1, lambdaH: 0.1 };
    expect(() => parseUfmMixup({ ...base, mixes: [{ i: 0, j: 3, lam: 0.5 }] }, 'f')).toThrow(/f\.mixes\[0\]\.j: names class 3/);
    expect(() => parseUfmMixup({ ...base, mixes: [{ i: 0, j: 1, lam: 2 }] }, 'f')).toThrow(/f\.mixes\[0\]\.lam: lam is a mixing weight/);
    expect(() => parseUfmMixup({ ...base, mixes: [{ i: 0, j: 1 }] }, 'f')).toThrow(InputError);
  });
});
