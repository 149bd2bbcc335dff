import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.ts';
import { checkClaim } from '../../src/engine/check.ts';
import { reportToJson } from '../../src/report/report.ts';
import { zhu2021Landscape } from '../../theorems/zhu2021.ts';
import { sampleReport } from './sample-report.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ncverify-report-'));
const file = path.join(dir, 'report.json');
writeFileSync(file, reportToJson(sampleReport()));

describe('ncverify report', () => {
  it('renders each format from report.json to stdout', async () => {
    const junit = await cli('report', file, '--format', 'junit');
    expect(junit.code).toBe(0);
    expect(XMLValidator.validate(junit.out)).toBe(true);
    const md = await cli('report', file, '--format', 'md');
    expect(md.out).toMatch(/^# ncverify report — suite `sample`/);
    const html = await cli('report', file, '--format', 'html');
    expect(html.out).toMatch(/^<!doctype html>/);
  });

  it('without --format rewrites every format and the counterexample files next to the report', async () => {
    const { code } = await cli('report', file);
    expect(code).toBe(0);
    for (const f of ['report.md', 'index.html', 'junit.xml']) expect(existsSync(path.join(dir, f))).toBe(true);
    const cx = JSON.parse(readFileSync(path.join(dir, 'counterexamples', 'zhu2021.global-wrong-0.json'), 'utf8'));
    expect(cx).toEqual({ problem: 'ufm-ce', K: 4, n: [2, 2, 2, 2], d: 2, lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0, bias: false });
  });

  it('rejects a bad format and a file that is not a report, naming them (exit 2)', async () => {
    const bad = await cli('report', file, '--format', 'pdf');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format: expected one of html, md, junit, json/);
    const notReport = path.join(dir, 'other.json');
    writeFileSync(notReport, JSON.stringify({ schema: 'something/else' }));
    const nr = await cli('report', notReport, '--format', 'md');
    expect(nr.code).toBe(2);
    expect(nr.err).toContain(`${notReport}.schema: expected "ncverify/report@1"`);
    expect((await cli('run', '--shard', '3/2')).err).toMatch(/--shard: expected 1 <= i <= n/);
  });
});

describe('replay commands', () => {
  it('check --instance FILE --seed S --index I repeats instance I of a run exactly (same solver starts)', async () => {
    const run = checkClaim(zhu2021Landscape, { instances: 2, seed: 9 });
    const target = run.results[1];
    const inst = path.join(dir, 'instance-1.json');
    writeFileSync(inst, JSON.stringify(target.instance));
    const { code, out } = await cli('check', 'zhu2021.landscape', '--instance', inst, '--seed', '9', '--index', '1', '--json');
    expect(code).toBe(0);
    const replay = JSON.parse(out).results[0];
    expect(replay.index).toBe(1);
    expect(replay.verdict).toBe(target.verdict);
    expect(replay.starts.map((s: { objective: number }) => s.objective)).toEqual(target.starts.map((s) => s.objective));
  });
});
