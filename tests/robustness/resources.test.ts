/**
 * Issue 10, "Crashes, hangs, resources" (2/3): size limits (the memory estimate, --max-memory),
 * bounds on the flags, and a class list too long for a spread; exit 2 naming the field or flag.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkInstanceMemory, DEFAULT_MEMORY_LIMIT, estimateInstanceMemory } from '../../src/problems/memory.ts';
import { parseInstance } from '../../src/problems/registry.ts';
import { ufmCeSymbols } from '../../src/problems/ufm-ce/problem.ts';
import { coreCount } from '../../src/cli/limits.ts';
import { cli, tmpDir, writeFile } from './helpers.ts';

const dir = tmpDir();

describe('size limits: the memory an instance needs, before anything is allocated', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['d = 1e9', { problem: 'ufm-ce', K: 3, n: [2, 2, 2], d: 1e9, lambdaW: 0.01, lambdaH: 0.01 }, '.d'],
    ['n_k = 1e308', { problem: 'ufm-ce', K: 2, n: [1e308, 2], d: 3, lambdaW: 0.01, lambdaH: 0.01 }, '.n[0]'],
    ['depth = 1e308', { problem: 'dln-mse', K: 3, n: [2, 2, 2], depth: 1e308, d: 4, lambdaW: 0.01, lambdaH: 0.01 }, '.depth'],
    ['K = 1e6', { problem: 'ufm-ce', K: 1e6, n: new Array(1e6).fill(1), d: 1e3, lambdaW: 0.01, lambdaH: 0.01 }, '.K'],
    ['a latent size of 1e9', { problem: 'vae', beta: 1, etaEnc: 1, etaDec: 1, latent: 1e9, data: { seed: 1, samples: 20, dx: 3, dy: 0 } }, '.latent'],
    [
      '1e10 VAE samples',
      { problem: 'cvae', beta: 1, etaEnc: 1, etaDec: 1, latent: 2, data: { seed: 1, samples: 1e10, dx: 3, dy: 2, correlation: 0.5 } },
      '.data.samples',
    ],
    ['a UF-SVM with 1e5 samples (dense active-constraint Jacobian)', { problem: 'uf-svm', K: 10, n: new Array(10).fill(1e4), d: 10 }, '.n[0]'],
  ];
  it.each(cases)('%s is exit 2 naming the field and the estimate (solve)', async (_what, inst, field) => {
    const file = writeFile(dir, `big-${field.replace(/\W/g, '')}.json`, inst);
    const t0 = performance.now();
    const r = await cli('solve', '--instance', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}${field}: `);
    expect(r.err).toMatch(
      /needs (about [\d.e+]+ \S+|more memory than any machine has) .*more than the memory limit of 4\.0 GiB; raise the limit on purpose with --max-memory/,
    );
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
    [
      ['solve', '--instance', 'tests/fixtures/instances/ufm-ce.json', '--starts', '1000000'],
      /--starts: at most 64 \(each start is a full certified solve\), got 1000000/,
    ],
    [['check', 'zhu2021.global', '--workers', '1000'], /--workers: at most 256 threads, got 1000/],
    [
      ['check', 'zhu2021.global', '--workers', String(cores + 1)],
      new RegExp(`--workers: ${cores + 1} threads on ${cores} cores?: at most ${cores} .*--force-workers`),
    ],
    [['run', '--workers', '1000', '--force-workers'], /--workers: at most 256 threads/],
    [['check', 'zhu2021.global', '--seed', String(2 ** 32)], /--seed: must be below 2\^32/],
    [['check', 'zhu2021.global', '--seed', ''], /--seed: expected an integer >= 0, got ""/],
    [['check', 'zhu2021.global', '--timeout', 'soon'], /--timeout: expected a time budget/],
    [['check', 'zhu2021.global', '--timeout', '0'], /--timeout: expected a time budget/],
    [['solve', '--instance', 'tests/fixtures/instances/ufm-ce.json', '--max-memory', 'lots'], /--max-memory: expected a size/],
  ])('%j is exit 2 naming the flag', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('--force-workers allows more threads than cores (and the verdicts do not change)', async () => {
    const r = await cli('check', 'zhu2021.global', '--instances', '2', '--workers', String(cores + 1), '--force-workers', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).summary.pass).toBe(2);
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
