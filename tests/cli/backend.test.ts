import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ncverify-backend-'));
const instanceFile = path.join(tmp, 'ufm-ce.json');
writeFileSync(instanceFile, JSON.stringify({ problem: 'ufm-ce', K: 3, n: [4, 4, 4], d: 3, lambdaW: 0.005, lambdaH: 0.01, lambdaB: 0, bias: true }));

describe('--backend on check, solve and run', () => {
  for (const cmd of [
    ['check', 'zhu2021.global', '--instances', '1'],
    ['solve', '--instance', instanceFile],
    ['run', '--suite', 'quick', '--no-mutate', '--out', path.join(tmp, 'x')],
  ]) {
    it(`${cmd[0]}: an unknown backend is exit 2 naming --backend`, async () => {
      const { code, err } = await cli(...cmd, '--backend', 'tpu');
      expect(code).toBe(2);
      expect(err).toMatch(/--backend: unknown backend "tpu"/);
    });
  }

  it('solve --json says the verdict arithmetic and that no float32 phase ran on a small instance', async () => {
    const { code, out } = await cli('solve', '--instance', instanceFile, '--starts', '1', '--backend', 'cpu', '--json');
    expect(code).toBe(0);
    const res = JSON.parse(out);
    expect(res.decidedIn).toBe('float64');
    expect(res.backend).toMatchObject({ requested: 'cpu', backend: 'cpu', precision: 'float32', device: 'cpu', used: false, starts: 0 });
    const none = JSON.parse((await cli('solve', '--instance', instanceFile, '--starts', '1', '--backend', 'none', '--json')).out);
    expect(none.backend).toMatchObject({ requested: 'none', backend: null, used: false });
    expect(none.objective).toBe(res.objective);
  });

  it('run records the float32 setup in the provenance, and the rate of certified instances', async () => {
    const dir = path.join(tmp, 'report');
    const { code, out } = await cli('run', '--suite', 'quick', '--no-mutate', '--out', dir, '--workers', '1', '--backend', 'none');
    expect(code).toBe(0);
    expect(out).toMatch(/backend: decided in float64 \(js-float64\); no float32 phase/);
    expect(out).toMatch(/instances decided by certified solves per minute of checking/);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report.provenance.backend).toEqual({ name: 'js-float64', precision: 'float64', device: 'cpu' });
    expect(report.provenance.bulkDescent).toMatchObject({ requested: 'none', backend: null, used: false, instances: 0, starts: 0 });
    expect(report.totals.certifiedInstances).toBeLessThanOrEqual(report.totals.pass + report.totals.fail);
    expect(report.totals.checkSeconds).toBeGreaterThan(0);
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toMatch(/no float32 phase \(--backend none/);
  });
});
