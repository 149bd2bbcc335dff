/**
 * Issue 10, "Crashes, hangs, resources" (3/3): --timeout stops cleanly with what was decided
 * (exit 4), also a user measure in an infinite loop; errors from worker threads keep their class.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bin, cli, tmpDir } from './helpers.ts';

const dir = tmpDir();

describe('--timeout: a budget that stops cleanly with what was decided', () => {
  it('an infinite loop in a user measure is stopped at the deadline (its worker thread is terminated): exit 4, instances not decided', () => {
    const t0 = performance.now();
    const r = bin(['check', '--theorems', 'tests/robustness/fixtures/hang.ts', '--instances', '2', '--workers', '1', '--timeout', '3']);
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/#0 .*INCONCLUSIVE not decided: the --timeout budget of 3 s ran out while this instance was being checked/);
    expect(r.out).toMatch(/#1 .*INCONCLUSIVE not decided: the --timeout budget of 3 s ran out before this instance was checked/);
    expect(r.out).toMatch(/stopped: the --timeout budget of 3 s ran out; 2 instances not decided/);
    // Start-up (tsx, the catalogue, one worker) plus the 3 s budget: far from a hang.
    expect(performance.now() - t0).toBeLessThan(60_000);
  });

  it('run --timeout writes the report of what it decided, marks it stopped, and exits 4', async () => {
    const out = `${dir}/stopped`;
    const r = await cli('run', '--suite', 'quick', '--timeout', '4', '--out', out, '--workers', '1');
    expect(r.code).toBe(4);
    const report = JSON.parse(readFileSync(`${out}/report.json`, 'utf8'));
    expect(report.stopped.reason).toBe('timeout');
    expect(report.stopped.budgetSeconds).toBe(4);
    const undecided = report.claims
      .flatMap((c: { results: Array<{ stoppedBy?: string }> }) => c.results)
      .filter((x: { stoppedBy?: string }) => x.stoppedBy === 'timeout');
    expect(undecided.length).toBe(report.stopped.undecidedInstances);
    expect(report.stopped.undecidedInstances + report.stopped.variantsNotRun + report.stopped.studiesNotRun.length).toBeGreaterThan(0);
    expect(readFileSync(`${out}/report.md`, 'utf8')).toMatch(/Stopped by `--timeout` \(4 s\)/);
    expect(r.out).toMatch(/stopped: the --timeout budget of 4 s ran out/);
  }, 120_000);
});

describe('worker threads carry the error type back', () => {
  it.each(['1', '2'])('a throwing user measure is exit 2 naming the claim and the check (--workers %s)', async (workers) => {
    const r = await cli('check', '--theorems', 'tests/robustness/fixtures/claims.ts', 'robust.throws', '--instances', '2', '--workers', workers);
    expect(r.code).toBe(2);
    expect(r.err).toBe('ncverify: robust.throws: check "explodes".measure: threw TypeError: planted fault in a user measure');
  });

  it('an InputError raised in a worker (a malformed instance of a user generator) is exit 2, as on the main thread', async () => {
    const r = await cli(
      'check',
      '--theorems',
      'tests/robustness/fixtures/claims.ts',
      'robust.bad-generator',
      '--instances',
      '2',
      '--workers',
      '2',
      '--timeout',
      '60',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/robust\.bad-generator\.instances\[0\]\.lambdaW: must be > 0/);
  });
});
