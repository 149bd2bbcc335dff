/**
 * `ncverify construct ebv|sse-c` end to end: outputs, --out / --check round trips through .npy,
 * JSON fields, exit 1 on a failed claim, and exit 2 naming the flag on bad input.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { readNpy, writeNpy } from '../../src/io/npy.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(path.join(tmpdir(), 'ncverify-construct-'));

describe('ncverify construct ebv', () => {
  it('official: writes the vectors, reports the measurement and the Welch check', async () => {
    const file = path.join(dir, 'official.npy');
    const r = await run(['construct', 'ebv', '--N', '30', '--d', '10', '--method', 'official', '--alpha', '0.4', '--seed', '2', '--out', file, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ construction: 'ebv', method: 'official', N: 30, d: 10, stop: 'threshold', alpha: 0.4 });
    expect(j.measurement.maxAbsCos).toBeLessThanOrEqual(0.4001);
    expect(j.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([['welch-chain', true]]);
    const a = readNpy(file);
    expect(a.shape).toEqual([30, 10]);
    // --check measures the file the same way.
    const c = await run(['construct', 'ebv', '--check', file, '--json']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.out).measurement.maxAbsCos).toBe(j.measurement.maxAbsCos);
  });

  it('best (N <= d): exactly orthonormal, text output', async () => {
    const r = await run(['construct', 'ebv', '--N', '12', '--d', '12']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/exactly orthonormal/);
    expect(r.out).toMatch(/PASS {2}orthonormal/);
  });

  it('--check --columns reads the vectors from the columns (a d x K classifier)', async () => {
    const file = path.join(dir, 'cols.npy');
    // Columns e1, e2, (e1 + e2)/sqrt(2) in R^2: max|cos| = 1/sqrt(2), Welch(3, 2) = 1/2.
    const s = Math.SQRT1_2;
    writeNpy(file, [1, 0, s, 0, 1, s], [2, 3]);
    const r = await run(['construct', 'ebv', '--check', file, '--columns', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.measurement).toMatchObject({ N: 3, d: 2 });
    expect(j.measurement.maxAbsCos).toBeCloseTo(s, 15);
    expect(j.measurement.ratioToBound).toBeCloseTo(2 * s, 14);
  });

  it('an alpha below the packing bound exits 2 naming --alpha, the bound and why', async () => {
    const r = await run(['construct', 'ebv', '--N', '1000', '--d', '500', '--alpha', '0.002', '--method', 'official']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^ncverify: --alpha: 0\.002 is below the welch bound 0\.0316386 /);
    expect(r.err).toMatch(/can never hold/);
    // Without --alpha, official runs the authors' default 0.002, refused the same way.
    const def = await run(['construct', 'ebv', '--N', '40', '--d', '10', '--method', 'official']);
    expect(def.code).toBe(2);
    expect(def.err).toMatch(/--alpha: 0\.002 is below the welch bound/);
    const o = await run(['construct', 'ebv', '--N', '10', '--d', '2', '--alpha', '0.6']);
    expect(o.code).toBe(2);
    expect(o.err).toMatch(/--alpha: 0\.6 is below the orthoplex bound 0\.707107/);
  });

  it('bad input exits 2 naming the flag', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--N', '0', '--d', '3'], /--N: expected an integer >= 1/],
      [['--N', '3', '--d', '0'], /--d: expected an integer >= 1/],
      [['--N', '2.5', '--d', '3'], /--N:/],
      [['--d', '3'], /--N: is required/],
      [['--N', '3'], /--d: is required/],
      [['--N', '3', '--d', '3', '--method', 'fast'], /--method: expected official or best/],
      [['--N', '3', '--d', '3', '--alpha', 'abc'], /--alpha: expected a finite number/],
      [['--N', '3', '--d', '3', '--alpha=-0.1'], /--alpha: expected a finite number >= 0/],
      [['--check', path.join(dir, 'missing.npy')], /missing\.npy/],
      [['--check', path.join(dir, 'official.npy'), '--N', '3'], /--N: --check FILE measures/],
      [['--N', '3', '--d', '3', '--bogus'], /ncverify construct ebv:/],
    ];
    for (const [args, re] of cases) {
      const r = await run(['construct', 'ebv', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(re);
    }
    const w = await run(['construct', 'simplex']);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/ebv or sse-c/);
  });

  it('a file with a zero vector exits 2 naming the file and the row', async () => {
    const file = path.join(dir, 'zero.npy');
    writeNpy(file, [1, 0, 0, 0], [2, 2]);
    const r = await run(['construct', 'ebv', '--check', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/zero\.npy: row 1 is the zero vector/);
  });
});

describe('ncverify construct sse-c', () => {
  it('checks every property and writes W (K x d) and the GLA-FR rows', async () => {
    const W = path.join(dir, 'W.npy');
    const R = path.join(dir, 'R.npy');
    const r = await run(['construct', 'sse-c', '--K', '10', '--d', '32', '--seed', '2', '--out', W, '--out-realigned', R, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ construction: 'sse-c', K: 10, d: 32, sparsity: 0.6, zeroCount: 192, steps: 10000, gamma: 1.7, normTarget: 0.1 });
    expect(j.checks.map((c: { name: string }) => c.name)).toEqual([
      'dense-etf',
      'zero-count',
      'zeros-stay-zero',
      'column-norms',
      'nearest-angle-gap',
      'rankin',
      'gla-fr',
    ]);
    expect(j.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const w = readNpy(W);
    expect(w.shape).toEqual([10, 32]);
    expect(Array.from(w.data as Float64Array).filter((v) => v === 0).length).toBe(192);
    expect(readNpy(R).shape).toEqual([10, 32]);
  });

  it('exits 1 where the refinement misses a stated tolerance (d = 4: the norms do not reach 0.1)', async () => {
    const r = await run(['construct', 'sse-c', '--K', '3', '--d', '4', '--sparsity', '0.5']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}column-norms/);
  });

  it('bad input exits 2 naming the flag', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--K', '10', '--d', '5'], /--K: must be <= d = 5/],
      [['--K', '1', '--d', '5'], /--K: expected an integer >= 2/],
      [['--K', '3', '--d', '5', '--sparsity', '1'], /--sparsity: expected a number in \[0, 1\)/],
      [['--K', '3', '--d', '5', '--sparsity=-0.2'], /--sparsity:/],
      [['--K', '3'], /--d: is required/],
      [['--d', '3'], /--K: is required/],
    ];
    for (const [args, re] of cases) {
      const r = await run(['construct', 'sse-c', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(re);
    }
  });
});
