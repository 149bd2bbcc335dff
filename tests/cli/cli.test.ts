import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ncverify-cli-'));
function writeJson(name: string, value: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}
const example = { problem: 'ufm-ce', K: 4, n: [5, 5, 5, 5], d: 6, lambdaW: 0.005, lambdaH: 0.01, lambdaB: 0, bias: true };

describe('ncverify CLI', () => {
  it('list --json gives id, paper and statement of every claim', async () => {
    const { code, out } = await cli('list', '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Array<{ id: string; paper: string; statement: string }>;
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(['zhu2021.global', 'zhu2021.landscape']));
    for (const r of rows) expect(r.paper.length * r.statement.length).toBeGreaterThan(0);
  });

  it('check --json has the documented fields and exit code 0 without a fail', async () => {
    const { code, out } = await cli('check', 'zhu2021.global', '--instances', '2', '--seed', '7', '--json');
    expect(code).toBe(0);
    const res = JSON.parse(out);
    expect(res.claim).toBe('zhu2021.global');
    expect(res.results).toHaveLength(2);
    expect(['pass', 'fail', 'inconclusive', 'skipped']).toContain(res.results[0].verdict);
    expect(res.results[0].instance.problem).toBe('ufm-ce');
    expect(res.summary.pass + res.summary.fail + res.summary.inconclusive + res.summary.skipped).toBe(2);
  });

  it('check prints one line per instance and a summary', async () => {
    const { out } = await cli('check', 'zhu2021.global', '--instances', '2', '--seed', '7');
    expect(out).toMatch(/#0 .*(PASS|FAIL|INCONCLUSIVE|SKIPPED)/);
    expect(out).toMatch(/zhu2021\.global: \d+ pass, \d+ fail, \d+ inconclusive, \d+ skipped/);
  });

  it('solve --json reports objective, gradient norm, min Hessian eigenvalue and Grams', async () => {
    const { code, out } = await cli('solve', '--instance', writeJson('ok.json', example), '--json');
    expect(code).toBe(0);
    const s = JSON.parse(out);
    expect(s.gradNorm).toBeLessThan(1e-9);
    expect(Number.isFinite(s.objective) && Number.isFinite(s.minHessianEig)).toBe(true);
    expect(s.classMeanGram).toHaveLength(4);
    expect(s.WWt).toHaveLength(4);
  });

  it('a user theorem module with a false claim exits 1 with fails', async () => {
    const { code, out } = await cli('check', '--theorems', 'tests/fixtures/my-claims.ts', '--instances', '2', '--seed', '2');
    expect(code).toBe(1);
    expect(out).toMatch(/mine\.means-etf: 2 pass/);
    expect(out).toMatch(/mine\.orthogonal-classifiers: 0 pass, 2 fail/);
  });

  const badInputs: Array<[string, string[], RegExp]> = [
    ['an unknown claim id', ['check', 'zhu2099.global'], /claim id "zhu2099.global": unknown; known: zhu2021\.global/],
    ['a missing instance file', ['solve', '--instance', '/nonexistent/inst.json'], /\/nonexistent\/inst\.json: cannot be read/],
    ['malformed JSON', ['solve', '--instance', writeJson('bad.json', '{"problem": ')], /bad\.json: is not valid JSON/],
    ['a negative lambda', ['solve', '--instance', writeJson('neg.json', { ...example, lambdaW: -1 })], /neg\.json\.lambdaW: must be > 0/],
    [
      'an unknown problem',
      ['solve', '--instance', writeJson('prob.json', { ...example, problem: 'ufm-xyz' })],
      /prob\.json\.problem: unknown problem "ufm-xyz"/,
    ],
    ['a bad flag', ['check', 'zhu2021.global', '--instances', 'many'], /--instances: expected an integer >= 1/],
    ['an unknown command', ['frobnicate'], /command "frobnicate": unknown/],
    ['a theorem file that exports no claim', ['check', '--theorems', writeJson('empty.ts', 'export const x = 1;')], /exports no claim/],
  ];
  for (const [what, argv, msg] of badInputs) {
    it(`exits 2 on ${what}, naming it`, async () => {
      const { code, err } = await cli(...argv);
      expect(code).toBe(2);
      expect(err).toMatch(msg);
    });
  }

  it('the installed bin runs (npx ncverify list)', () => {
    const r = spawnSync(process.execPath, ['bin/ncverify.js', 'list'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/zhu2021\.global/);
  });

  it('run --suite quick writes report.json and report.md with provenance', async () => {
    const dir = path.join(tmp, 'report');
    const { code } = await cli('run', '--suite', 'quick', '--out', dir, '--no-mutate');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report.schema).toMatch(/^ncverify\/report@/);
    expect(report.provenance.seed).toBe(1);
    expect(report.provenance.commit).toMatch(/^[0-9a-f]{40}$|unknown/);
    expect(report.provenance.packages.mathjs).toBeTruthy();
    expect(report.provenance.backend.precision).toBe('float64');
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toMatch(/# ncverify report/);
  });
});
