/**
 * `ncverify hunt` and `ncverify coverage` end to end (through main, small budgets): the --json
 * shape the issue fixes, the fast-check-style text with its replay commands that really replay,
 * the failure map's files, every clause of every claim listed, and bad input named with exit 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';
import { catalogue } from '../../theorems/index.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ncverify-hunt-'));
const aFile = path.join(tmp, 'a-file');
writeFileSync(aFile, 'not a directory');
// util-linux `script` runs a command on a pseudo-terminal (the only way to get a TTY here).
const hasScript = spawnSync('script', ['--version']).status === 0;
const ESC = String.fromCharCode(27);

describe('ncverify hunt', () => {
  it('--json: claim, summary {instances, fail, inconclusive}, counterexamples [{instance, shrunkFrom, kind, objective, claimedOptimum, replay}]; exit 1', async () => {
    const dir = path.join(tmp, 'json');
    const { code, out } = await cli('hunt', 'dang2023dln.ce', '--budget', '20', '--json', '--out', dir);
    expect(code).toBe(1);
    const j = JSON.parse(out);
    expect(j.claim).toBe('dang2023dln.ce');
    for (const k of ['instances', 'fail', 'inconclusive']) expect(typeof j.summary[k]).toBe('number');
    expect(j.summary.fail).toBeGreaterThanOrEqual(1);
    const [c] = j.counterexamples;
    for (const k of ['instance', 'shrunkFrom', 'kind', 'objective', 'claimedOptimum', 'replay']) expect(c, k).toHaveProperty(k);
    expect(c.objective).toBeLessThan(c.claimedOptimum);
    // The replay command replays: it names the saved fixture, and running it gives the fail again.
    const fixture = /--replay (\S+)/.exec(c.replay)![1];
    const again = await cli('hunt', '--replay', path.isAbsolute(fixture) ? fixture : path.resolve(fixture));
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/FAIL/);
    expect(readdirSync(path.join(dir, 'counterexamples'))).toEqual(['dang2023dln.ce-1.json']);
  }, 120_000);

  it('prints a failure as fast-check does: seed and path, the shrunk counterexample, the replay command', async () => {
    const { code, out } = await cli('hunt', 'dang2023dln.ce', '--budget', '20', '--out', path.join(tmp, 'text'));
    expect(code).toBe(1);
    expect(out).toMatch(/\{ seed: 1, path: "\d+(:\d+)*", endOnFailure: true \}/);
    expect(out).toMatch(/Counterexample: \{"problem":"dln-ce"/);
    expect(out).toMatch(/Shrunk \d+ time\(s\)/);
    expect(out).toMatch(/Replay: npx ncverify hunt dang2023dln.ce --replay /);
  }, 120_000);

  it('--drop-assumption says what it showed and never "proved"', async () => {
    const { code, out } = await cli('hunt', 'zhu2021.global', '--drop-assumption', 'dimension', '--budget', '6', '--out', path.join(tmp, 'drop'));
    expect(code).toBe(1);
    expect(out).toMatch(/dimension \(d >= K - 1\) is necessary: a certified counterexample outside it \(impossible\)/);
    const none = await cli('hunt', 'zhu2021.landscape', '--drop-assumption', 'dimension', '--budget', '2', '--out', path.join(tmp, 'drop2'));
    expect(none.code).toBe(0);
    expect(none.out).toMatch(/no counterexample in 2 instances outside it; it may be superfluous \(not proved\)/);
  }, 120_000);

  it('--map writes the map as JSON and HTML and prints the grid', async () => {
    const dir = path.join(tmp, 'map');
    const { code, out } = await cli(
      'hunt',
      'dang2023dln.ce',
      '--map',
      'lambda,depth',
      '--grid',
      '2x2',
      '--at',
      'K=4,nMin=1,widthOffset=0',
      '--range',
      'lambda=0.03:0.6,depth=1:2',
      '--out',
      dir,
    );
    expect(code).toBe(1);
    expect(out).toMatch(/depth \\ lambda/);
    const j = JSON.parse(readFileSync(path.join(dir, 'dang2023dln.ce-map-lambda-depth.json'), 'utf8'));
    expect(j.map.cells).toHaveLength(4);
    const html = readFileSync(path.join(dir, 'dang2023dln.ce-map-lambda-depth.html'), 'utf8');
    expect(html).toMatch(/<svg/);
  }, 120_000);

  it.skipIf(!hasScript)(
    'redraws a progress bar on a TTY (instances, best violation, what is left) and prints only plain lines in a pipe',
    () => {
      const args = ['bin/ncverify.js', 'hunt', 'zhu2021.global', '--budget', '3', '--out', path.join(tmp, 'tty')];
      const env = { ...process.env, CI: '' };
      const tty = spawnSync(
        'script',
        [
          '-qefc',
          args
            .map((a) => `'${a}'`)
            .join(' ')
            .replace(/^/, 'node '),
          '/dev/null',
        ],
        { encoding: 'utf8', env },
      );
      expect(tty.status).toBe(0);
      // The bar is redrawn in place (carriage return, ESC [K: erase the line) after each instance.
      const bar = (rest: string) => new RegExp(`\\r${ESC}\\[K\\[hunt\\] ${rest}`);
      expect(tty.stdout).toMatch(bar('1 instances, 0 fail, 0 inconclusive, best violation (10\\^-?\\d+\\.\\d of a fail|none yet), 2 instances left'));
      expect(tty.stdout).toMatch(bar('2 instances, 0 fail, 0 inconclusive, best violation .*, 1 instances left'));
      const pipe = spawnSync('node', args, { encoding: 'utf8', env });
      expect(pipe.status).toBe(0);
      expect(pipe.stdout + pipe.stderr).not.toMatch(new RegExp(`\\r|${ESC}\\[`));
      expect(pipe.stdout).toMatch(/^edges +#1 /m);
      expect(pipe.stdout).toMatch(/zhu2021.global: 3 instances .*: 0 fail, 0 inconclusive, 3 pass; stopped: budget/);
    },
    120_000,
  );

  it('names bad input and exits 2', async () => {
    for (const [argv, re] of [
      [['hunt'], /name one claim id/],
      [['hunt', 'nope.claim'], /unknown/],
      [['hunt', 'zhu2021.global', '--budget', '0'], /--budget/],
      [['hunt', 'zhu2021.global', '--budget', '10001'], /--budget: at most 10000/],
      [['hunt', 'zhu2021.global', '--seed', String(2 ** 32)], /--seed: must be below 2\^32/],
      [['hunt', 'zhu2021.global', '--budget', '1', '--out', aFile], /--out: .*a-file is an existing file/],
      [['hunt', 'zhu2021.global', '--minutes', '-1'], /--minutes/],
      [['hunt', 'zhu2021.global', '--budget', '3', '--minutes', '1'], /--budget/],
      [['hunt', 'zhu2021.global', '--drop-assumption', 'nope'], /--drop-assumption.*no assumption "nope"/],
      [['hunt', 'zhu2021.global', '--map', 'K'], /--map/],
      [['hunt', 'zhu2021.global', '--map', 'K,t', '--grid', '0x3'], /--grid/],
      [['hunt', 'zhu2021.global', '--grid', '3x3'], /--grid.*only with --map/],
      [['hunt', 'hongling2024.thm5'], /asymptotic claim.*ncverify threshold/],
      [['hunt', '--replay', path.join(tmp, 'missing.json')], /missing.json/],
    ] as const) {
      const { code, err } = await cli(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(err, argv.join(' ')).toMatch(re);
    }
    const bad = path.join(tmp, 'bad-fixture.json');
    writeFileSync(bad, JSON.stringify({ claim: 'zhu2021.global', instance: { problem: 'ufm-ce', K: 1 }, seed: 1 }));
    const r = await cli('hunt', '--replay', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-fixture.json.instance.K/);
  });
});

describe('ncverify coverage', () => {
  it('lists every clause of every catalogue claim, with what checks it or why not', async () => {
    const { code, out } = await cli('coverage', '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Array<{
      claim: string;
      declared: boolean;
      clauses: Array<{ text: string; status: string; checkedBy?: string[]; unchecked?: string }>;
    }>;
    expect(rows.map((r) => r.claim)).toEqual(catalogue.entries.map((c) => c.id));
    for (const r of rows) {
      expect(r.declared, r.claim).toBe(true);
      expect(r.clauses.length, r.claim).toBeGreaterThan(0);
      for (const c of r.clauses) if (c.status === 'unchecked') expect(c.unchecked!.length).toBeGreaterThan(10);
    }
    const text = await cli('coverage', 'hongling2024.thm3');
    expect(text.out).toMatch(/hongling2024.thm3 .*unchecked.*\[NOT ALL CHECKED\]/);
    expect(text.out).toMatch(/scalar xi/);
    expect((await cli('coverage', 'nope.x')).code).toBe(2);
  });
});
