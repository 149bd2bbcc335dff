/**
 * Issue 10, "Crashes, hangs, resources": one fixture per class, each asserting the exit code and
 * the message. Exit codes: 2 bad input (naming it), 3 internal error (one line, no stack trace
 * unless --debug, also after the wasm backend has loaded), 4 stopped by --timeout.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { checkInstanceMemory, DEFAULT_MEMORY_LIMIT, estimateInstanceMemory } from '../../src/problems/memory.ts';
import { parseInstance } from '../../src/problems/registry.ts';
import { ufmCeSymbols } from '../../src/problems/ufm-ce/problem.ts';
import { coreCount } from '../../src/cli/limits.ts';
import { STACK_LINE, bin, cli, root, tmpDir, writeFile } from './helpers.ts';

const dir = tmpDir();

describe('internal errors: exit 3, one line, no stack trace', () => {
  it('a fault inside a command (its output writer throws) is exit 3 with one line naming it and a crash log', async () => {
    const err: string[] = [];
    const code = await main(['list'], () => {
      throw new TypeError('planted fault in the output');
    }, (l) => err.push(l));
    expect(code).toBe(3);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^ncverify: internal error: TypeError: planted fault in the output \(at tests\/robustness\/crashes\.test\.ts:\d+\); please report it to .*ncverify-crash-\d+-\d+\.log; --debug prints the stack trace$/);
    const log = /(\/\S+ncverify-crash-\S+\.log)/.exec(err[0])![1];
    expect(readFileSync(log, 'utf8')).toMatch(/command: ncverify list[\s\S]*TypeError: planted fault in the output\n\s+at /);
  });

  it('--debug adds the stack trace', async () => {
    const err: string[] = [];
    const code = await main(['list', '--debug'], () => {
      throw new RangeError('planted');
    }, (l) => err.push(l));
    expect(code).toBe(3);
    expect(err.join('\n')).toMatch(STACK_LINE);
  });

  it('the bin: a broken problem in a theorem file is exit 3, one line, not 1 and not a stack trace', () => {
    const r = bin(['check', '--theorems', 'tests/robustness/fixtures/crash.ts', '--instances', '1', '--workers', '1']);
    expect(r.code).toBe(3);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ncverify: internal error: TypeError: planted fault: this objective is broken \(at tests\/robustness\/fixtures\/crash\.ts:\d+\)/);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it('the bin after the wasm backend has loaded: still exit 3 and one line (was 7 and 39 KB of minified source)', () => {
    const r = bin(['check', '--theorems', 'tests/robustness/fixtures/crash.ts', '--instances', '2', '--workers', '2', '--backend', 'wasm']);
    expect(r.code).toBe(3);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err.length).toBeLessThan(1000);
  });

  it('a closed output pipe (ncverify list | head -1) ends quietly: exit 0, nothing on stderr', () => {
    // bash for PIPESTATUS: the exit status of ncverify itself, not of head.
    const r = spawnSync('bash', ['-c', 'node bin/ncverify.js list | head -1 >/dev/null; echo "status=${PIPESTATUS[0]}"'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout).toMatch(/status=0/);
    expect(r.stderr).toBe('');
  });
});

describe('size limits: the memory an instance needs, before anything is allocated', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['d = 1e9', { problem: 'ufm-ce', K: 3, n: [2, 2, 2], d: 1e9, lambdaW: 0.01, lambdaH: 0.01 }, '.d'],
    ['n_k = 1e308', { problem: 'ufm-ce', K: 2, n: [1e308, 2], d: 3, lambdaW: 0.01, lambdaH: 0.01 }, '.n[0]'],
    ['depth = 1e308', { problem: 'dln-mse', K: 3, n: [2, 2, 2], depth: 1e308, d: 4, lambdaW: 0.01, lambdaH: 0.01 }, '.depth'],
    ['K = 1e6', { problem: 'ufm-ce', K: 1e6, n: new Array(1e6).fill(1), d: 1e3, lambdaW: 0.01, lambdaH: 0.01 }, '.K'],
    ['a latent size of 1e9', { problem: 'vae', beta: 1, etaEnc: 1, etaDec: 1, latent: 1e9, data: { seed: 1, samples: 20, dx: 3, dy: 0 } }, '.latent'],
    ['1e10 VAE samples', { problem: 'cvae', beta: 1, etaEnc: 1, etaDec: 1, latent: 2, data: { seed: 1, samples: 1e10, dx: 3, dy: 2, correlation: 0.5 } }, '.data.samples'],
    ['a UF-SVM with 1e5 samples (dense active-constraint Jacobian)', { problem: 'uf-svm', K: 10, n: new Array(10).fill(1e4), d: 10 }, '.n[0]'],
  ];
  it.each(cases)('%s is exit 2 naming the field and the estimate (solve)', async (_what, inst, field) => {
    const file = writeFile(dir, `big-${field.replace(/\W/g, '')}.json`, inst);
    const t0 = performance.now();
    const r = await cli('solve', '--instance', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}${field}: `);
    expect(r.err).toMatch(/needs (about [\d.e+]+ \S+|more memory than any machine has) .*more than the memory limit of 4\.0 GiB; raise the limit on purpose with --max-memory/);
    // Refused from the fields, before any allocation (a solve would take minutes or crash).
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('--max-memory sets the limit: a 16M limit refuses an instance the default accepts', async () => {
    const inst = { problem: 'ufm-ce', K: 4, n: [40, 40, 40, 40], d: 40, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: false };
    // 4*40 + 40*160 = 6560 variables; 8 bytes x 6560 x (300 + 64) = 19.1 MB, counted here independently of the estimator.
    expect(estimateInstanceMemory(inst)!.bytes).toBeGreaterThanOrEqual(8 * 6560 * 364);
    const file = writeFile(dir, 'medium.json', inst);
    const refused = await cli('solve', '--instance', file, '--starts', '1', '--max-memory', '16M');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/medium\.json\.(d|n\[0\]): .*more than the memory limit of 16 MiB/);
    const accepted = await cli('solve', '--instance', file, '--starts', '1', '--json');
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.out).gradNorm).toBeLessThan(1e-8);
  });

  it('the default limit is 4 GiB and the estimate counts the Lanczos basis (so 1e6 variables are refused)', () => {
    expect(DEFAULT_MEMORY_LIMIT).toBe(4 * 1024 ** 3);
    const inst = { problem: 'ufm-ce', K: 10, n: new Array(10).fill(1000), d: 100, lambdaW: 0.01, lambdaH: 0.01 };
    // 10*100 + 100*10000 + 10 = 1 001 010 variables x 364 vectors x 8 bytes = 2.9 GB: inside 4 GiB.
    expect(() => checkInstanceMemory(inst, 'x')).not.toThrow();
    // N = 10 000 samples is the largest factor of the variables: the class size is named.
    expect(() => checkInstanceMemory({ ...inst, d: 150 }, 'x')).toThrow(/x\.n\[0\]: n\[0\] = 1000: this instance needs about 4\.\d GiB/);
  });

  it('every example instance and every built-in arbitrary is within the default limit (nothing of the suite is refused)', () => {
    for (const name of ['ufm-ce', 'dln-ce', 'dln-mse', 'cvae', 'vae', 'hvae', 'layer-peeled', 'uf-svm']) {
      const raw = JSON.parse(readFileSync(`tests/fixtures/instances/${name}.json`, 'utf8'));
      expect(() => parseInstance(raw, name)).not.toThrow();
    }
  });
});

describe('bounds on flags', () => {
  const cores = coreCount();
  it.each([
    [['check', 'zhu2021.global', '--instances', '1000000000'], /--instances: at most 10000 per claim/],
    [['check', 'zhu2021.global', '--instances', '10001'], /--instances: at most 10000 per claim/],
    [['solve', '--instance', 'tests/fixtures/instances/ufm-ce.json', '--starts', '1000000'], /--starts: at most 64 \(each start is a full certified solve\), got 1000000/],
    [['check', 'zhu2021.global', '--workers', '1000'], /--workers: at most 256 threads, got 1000/],
    [['check', 'zhu2021.global', '--workers', String(cores + 1)], new RegExp(`--workers: ${cores + 1} threads on ${cores} cores?: at most ${cores} .*--force-workers`)],
    [['run', '--workers', '1000', '--force-workers'], /--workers: at most 256 threads/],
    [['check', 'zhu2021.global', '--seed', String(2 ** 32)], /--seed: must be below 2\^32/],
    [['check', 'zhu2021.global', '--seed', ''], /--seed: expected an integer >= 0, got ""/],
    [['check', 'zhu2021.global', '--timeout', 'soon'], /--timeout: expected a time budget/],
    [['check', 'zhu2021.global', '--timeout', '0'], /--timeout: expected a time budget/],
    [['solve', '--instance', 'tests/fixtures/instances/ufm-ce.json', '--max-memory', 'lots'], /--max-memory: expected a size/],
  ])('%j is exit 2 naming the flag', async (argv, message) => {
    const r = await cli(...(argv));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('--force-workers allows more threads than cores (and the verdicts do not change)', async () => {
    const r = await cli('check', 'zhu2021.global', '--instances', '2', '--workers', String(cores + 1), '--force-workers', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).summary.pass).toBe(2);
  });
});

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
    const undecided = report.claims.flatMap((c: { results: Array<{ stoppedBy?: string }> }) => c.results).filter((x: { stoppedBy?: string }) => x.stoppedBy === 'timeout');
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
    const r = await cli('check', '--theorems', 'tests/robustness/fixtures/claims.ts', 'robust.bad-generator', '--instances', '2', '--workers', '2', '--timeout', '60');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/robust\.bad-generator\.instances\[0\]\.lambdaW: must be > 0/);
  });
});

describe('no argument spreading of data (the fixture of the class: a very long class list)', () => {
  it('the ufm-ce symbols of 200 000 classes (Math.min(...n) overflowed the stack)', () => {
    const n = new Array(200_000).fill(1);
    n[7] = 3;
    const s = ufmCeSymbols({ problem: 'ufm-ce', K: n.length, n, d: 1, lambdaW: 1, lambdaH: 1, lambdaB: 0, bias: false });
    expect([s.nmin, s.nmax, s.N]).toEqual([1, 3, 200_002]);
  });
});
