/**
 * Issue 10, "Silent acceptance" and the engine side of user claims ("Wrong verdicts", 5): each
 * fixture asserts the exit code and message, or the verdict.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../../src/engine/check.ts';
import { artefactualFail } from '../../src/engine/mutate.ts';
import type { Theorem } from '../../src/engine/theorem.ts';
import { zhu2021Global } from '../../theorems/zhu2021.ts';
import { cli, tmpDir, writeFile } from './helpers.ts';

const dir = tmpDir();
const vae = JSON.parse(readFileSync('tests/fixtures/instances/vae.json', 'utf8'));

describe('silent acceptance', () => {
  it('an unknown field inside the VAE data object is refused by name', async () => {
    const file = writeFile(dir, 'vae-typo.json', { ...vae, data: { ...vae.data, corelation: 0.5 } });
    const r = await cli('solve', '--instance', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /vae-typo\.json\.data\.corelation: unknown field for a generated data set \(known: seed, samples, dx, dy, correlation, noise, xScales\)/,
    );
  });

  it('a blank CSV cell is refused (Number("") is 0: it was a silent zero sample)', async () => {
    const csv = writeFile(dir, 'data.csv', 'x1,x2\n1,2\n3,\n5,6\n');
    const file = writeFile(dir, 'vae-csv.json', { ...vae, data: { path: csv } });
    const r = await cli('solve', '--instance', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/data\.csv row 3 column 2: is blank: every cell needs a number/);
  });

  it('duplicate JSON keys in an instance file are refused with the key and its line', async () => {
    const file = writeFile(dir, 'dup.json', '{"problem":"ufm-ce","K":3,"n":[2,2,2],"d":3,\n"lambdaW":0.01,\n"lambdaW":-1,"lambdaH":0.01}');
    const r = await cli('solve', '--instance', file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`ncverify: ${file}.lambdaW: appears twice in one object (line 3): give each key once (JSON readers disagree on which value wins)`);
  });

  it('a seed outside [0, 2^32) is refused, not reduced: the flag and a data set seed', async () => {
    const flag = await cli('solve', '--instance', 'tests/fixtures/instances/ufm-ce.json', '--seed', '4294967297');
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/--seed: must be below 2\^32/);
    const file = writeFile(dir, 'vae-seed.json', { ...vae, data: { ...vae.data, seed: 2 ** 32 + 5 } });
    const r = await cli('solve', '--instance', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/vae-seed\.json\.data\.seed: must be below 2\^32/);
  });

  it('a JSON instance file with a byte-order mark is accepted (and solves as without it)', async () => {
    const text = readFileSync('tests/fixtures/instances/ufm-ce.json', 'utf8');
    const file = writeFile(dir, 'bom.json', '\ufeff' + text);
    const a = await cli('solve', '--instance', file, '--starts', '1', '--json');
    const b = await cli('solve', '--instance', 'tests/fixtures/instances/ufm-ce.json', '--starts', '1', '--json');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out).objective).toBe(JSON.parse(b.out).objective);
  });
});

describe('user claims: measurements that cannot be compared are inconclusive, naming the check', () => {
  const ids = ['nan', 'infinity', 'negative', 'number', 'string', 'nan-sensitivity'];
  const why: Record<string, RegExp> = {
    nan: /deviation is NaN/,
    infinity: /deviation is Infinity/,
    negative: /deviation is negative \(-1\)/,
    number: /returned [\d.e+-]+, not a measurement/,
    string: /returned "close enough", not a measurement/,
    'nan-sensitivity': /sensitivity is NaN/,
  };
  it.each(ids)('robust.%s: never fail, never pass', async (id) => {
    const r = await cli('check', '--theorems', 'tests/robustness/fixtures/claims.ts', `robust.${id}`, '--instances', '2', '--workers', '1', '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.summary).toEqual({ pass: 0, fail: 0, inconclusive: 2, skipped: 0 });
    for (const x of res.results) {
      expect(x.reason).toContain(`etf-${id} (start `);
      expect(x.reason).toMatch(why[id]);
    }
  });

  it('the same claim with an honest measurement passes (the fixtures are true claims)', async () => {
    const r = await cli('check', '--theorems', 'tests/fixtures/my-claims.ts', 'mine.means-etf', '--instances', '2', '--workers', '1', '--json');
    expect(JSON.parse(r.out).summary.pass).toBe(2);
  });

  it('a user generator handing out lambdaW < 0 is exit 2 naming the field, not a fail', async () => {
    const r = await cli('check', '--theorems', 'tests/robustness/fixtures/claims.ts', 'robust.bad-generator', '--instances', '1', '--workers', '1');
    expect(r.code).toBe(2);
    expect(r.err).toBe('ncverify: robust.bad-generator.instances[0].lambdaW: must be > 0 (the regulariser keeps minimisers bounded), got -0.01');
  });

  it('a user claim reusing a built-in id is refused (the Catalogue), whatever --workers', async () => {
    const file = 'tests/robustness/fixtures/clash.ts';
    for (const w of ['1', '2']) {
      const r = await cli('check', '--theorems', file, 'zhu2021.global', '--instances', '2', '--workers', w);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/defines "zhu2021\.global", which is already a claim of the catalogue: give it another id/);
    }
  });
});

describe('mutate does not count an artefactual fail', () => {
  // The claim with one closed form defined only where d >= K - 1 (as the ETF norm is), and a
  // planted variant that weakens the dimension assumption: outside the claim's assumptions its
  // closed form is not a real number, which refutes nothing.
  const original: Theorem = { ...zhu2021Global, predictions: { ...zhu2021Global.predictions, room: 'sqrt(d - K + 1)' } };
  const weakened: Theorem = { ...original, assumptions: { balanced: 'nmin == nmax' } };
  const inst = (d: number) => ({ problem: 'ufm-ce' as const, K: 4, n: [2, 2, 2, 2], d, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: false });

  it('outside the original assumptions, a NaN closed form of the variant is an artefact', () => {
    const r = checkInstance(weakened, inst(2), 0, { seed: 1 });
    expect(r.verdict).toBe('fail');
    expect(r.counterexample?.kind).toBe('inconsistent');
    expect(artefactualFail(original, weakened, inst(2), r)).toMatch(
      /closed form "room" is not a real number on an instance outside zhu2021\.global's assumptions/,
    );
  });

  it('inside them, a NaN closed form that the mutation caused counts (the true one is a real number there)', () => {
    const broken: Theorem = { ...original, predictions: { ...original.predictions, room: 'sqrt(d - K - 10)' } };
    const r = checkInstance(broken, inst(5), 0, { seed: 1 });
    expect(r.verdict).toBe('fail');
    expect(artefactualFail(original, broken, inst(5), r)).toBeNull();
  });

  it('where the unmutated claim is not real either, the same fail would refute the claim itself: an artefact', () => {
    const both: Theorem = { ...original, predictions: { ...original.predictions, room: 'sqrt(d - K - 10)', other: 'sqrt(-1)' } };
    const base: Theorem = { ...original, predictions: { ...original.predictions, other: 'sqrt(-1)' } };
    const r = checkInstance(both, inst(5), 0, { seed: 1 });
    expect(artefactualFail(base, both, inst(5), r)).toMatch(/the unmutated claim's closed form "other" is not a real number there either/);
  });

  it('a fail from the objective outside the assumptions still counts (the zhu2021 ETF claimed for d = K - 2 cannot exist)', () => {
    const variant: Theorem = { ...zhu2021Global, assumptions: { balanced: 'nmin == nmax', dimension: 'd >= K - 2' } };
    const x = fc.sample(fc.constant(inst(2)), 1)[0];
    const r = checkInstance(variant, x, 0, { seed: 1 });
    expect(r.verdict).toBe('fail');
    expect(r.counterexample?.kind).toBe('impossible');
    expect(artefactualFail(zhu2021Global as Theorem, variant, x, r)).toBeNull();
  });
});
