import { afterAll, describe, expect, it } from 'vitest';
import { BULK_MIN_WORK, bulkApplies, bulkDescentRecord, bulkWork, prepareBulkDescent } from '../../src/backends/bulk-descent.ts';
import { chooseBackend, parseBackendFlag } from '../../src/backends/tfjs.ts';
import { catalogue } from '../../theorems/index.ts';
import { checkInstance } from '../../src/engine/check.ts';
import { InputError } from '../../src/errors.ts';
import { checkClaimParallel } from '../../src/parallel/check-parallel.ts';
import { CheckPool } from '../../src/parallel/pool.ts';
import type { UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';

const small: UfmCeInstance = { problem: 'ufm-ce', K: 4, n: [6, 6, 2, 2], d: 5, lambdaW: 5e-3, lambdaH: 5e-3, lambdaB: 1e-2, bias: true };

describe('--backend values', () => {
  it('maps the short names, the package names and none/float64', () => {
    expect(parseBackendFlag(undefined)).toEqual({ kind: 'auto' });
    expect(parseBackendFlag('auto')).toEqual({ kind: 'auto' });
    expect(parseBackendFlag('gpu')).toEqual({ kind: 'forced', name: 'tfjs-node-gpu' });
    expect(parseBackendFlag('tfjs-node-gpu')).toEqual({ kind: 'forced', name: 'tfjs-node-gpu' });
    expect(parseBackendFlag('node')).toEqual({ kind: 'forced', name: 'tfjs-node' });
    expect(parseBackendFlag('wasm')).toEqual({ kind: 'forced', name: 'wasm' });
    expect(parseBackendFlag('cpu')).toEqual({ kind: 'forced', name: 'cpu' });
    expect(parseBackendFlag('none')).toEqual({ kind: 'none' });
    expect(parseBackendFlag('float64')).toEqual({ kind: 'none' });
    expect(parseBackendFlag('webgpu')).toEqual({ kind: 'forced', name: 'webgpu' });
  });

  it('rejects anything else with an InputError naming --backend', () => {
    expect(() => parseBackendFlag('cuda')).toThrow(InputError);
    expect(() => parseBackendFlag('cuda')).toThrow(/--backend: unknown backend "cuda" \(known: auto, webgpu, gpu, node, wasm, cpu, none/);
  });
});

describe('where the float32 phase runs', () => {
  it('only on free-feature ufm-ce instances with K N d at or above the threshold', () => {
    expect(bulkWork(small)).toBe(4 * 5 * 16);
    expect(bulkApplies(small)).toBe(false);
    expect(bulkApplies(small, 320)).toBe(true);
    expect(bulkApplies(small, 321)).toBe(false);
    const N = Math.ceil(BULK_MIN_WORK / (10 * 100));
    const large: UfmCeInstance = { ...small, K: 10, d: 100, n: [N - 9, 1, 1, 1, 1, 1, 1, 1, 1, 1] };
    expect(bulkApplies(large)).toBe(true);
    const relu: UfmCeInstance = { ...small, features: 'nonnegative' };
    expect(bulkApplies(relu, 0)).toBe(false);
    expect(bulkApplies({ problem: 'linear-vae' }, 0)).toBe(false);
  });

  it('auto loads nothing when no instance needs it; none never loads; a forced backend always loads', async () => {
    const auto = await prepareBulkDescent({ kind: 'auto' }, false);
    expect(auto.bulk).toBeNull();
    expect(auto.note).toMatch(/no instance reaches the float32 threshold/);
    expect((await prepareBulkDescent({ kind: 'none' }, true)).bulk).toBeNull();
    const forced = await prepareBulkDescent({ kind: 'forced', name: 'cpu' }, false);
    expect(forced.bulk?.backend.name).toBe('cpu');
    const needed = await prepareBulkDescent({ kind: 'auto' }, true);
    expect(needed.bulk?.backend.precision).toBe('float32');
  });

  it('a forced backend that cannot load is an InputError naming --backend', async () => {
    const { skipped } = await chooseBackend();
    if (!skipped.some((s) => s.name === 'tfjs-node-gpu')) return; // tfjs-node-gpu is installed here: nothing to refuse.
    await expect(prepareBulkDescent({ kind: 'forced', name: 'tfjs-node-gpu' }, false)).rejects.toThrow(/--backend: "tfjs-node-gpu" cannot be loaded/);
  });

  it('records what was asked, what loaded and how many starts used it', async () => {
    const setup = await prepareBulkDescent({ kind: 'forced', name: 'cpu' }, false, 100);
    const rec = bulkDescentRecord(setup, [{ starts: [{ bulkDescent: { backend: 'cpu', iterations: 3 } }, {}] }, { starts: [{}, {}] }]);
    expect(rec).toEqual({ requested: 'cpu', backend: 'cpu', precision: 'float32', device: 'cpu', minWork: 100, used: true, instances: 1, starts: 1 });
    const none = bulkDescentRecord({ requested: 'none', bulk: null, note: 'n' }, [{ starts: [{}] }]);
    expect(none).toMatchObject({ backend: null, precision: null, used: false, starts: 0, note: 'n' });
  });
});

describe('float32 bulk descent in the engine (threshold lowered so a small instance takes it)', () => {
  const thm = catalogue.theorem('zhu2021.global');
  // Balanced, as zhu2021.global assumes.
  const balanced: UfmCeInstance = { ...small, n: [5, 5, 5, 5] };
  const pool = new CheckPool(2);
  afterAll(() => pool.close());

  for (const name of ['wasm', 'cpu'] as const) {
    it(`${name}: same verdict and optimum as float64 alone, and the same result twice (deterministic per seed)`, async () => {
      const { backend } = await chooseBackend(name);
      const bulk = { backend, minWork: 0 };
      const a = checkInstance(thm, balanced, 0, { seed: 5, starts: 2, bulk });
      const b = checkInstance(thm, balanced, 0, { seed: 5, starts: 2, bulk });
      const plain = checkInstance(thm, balanced, 0, { seed: 5, starts: 2 });
      expect(plain.verdict).toBe('pass');
      expect(a.starts.every((s) => s.bulkDescent?.backend === name && s.bulkDescent.iterations > 0)).toBe(true);
      expect(plain.starts.every((s) => s.bulkDescent === undefined)).toBe(true);
      expect(b.starts.map((s) => s.objective)).toEqual(a.starts.map((s) => s.objective));
      expect(b.certificate?.objective).toBe(a.certificate?.objective);
      expect(a.verdict).toBe(plain.verdict);
      expect(Math.abs(a.certificate!.objective - plain.certificate!.objective)).toBeLessThanOrEqual(1e-10 * Math.abs(plain.certificate!.objective));
    });
  }

  it('gives the same results on 1 and 2 worker threads (each worker loads the named backend)', async () => {
    const { backend } = await chooseBackend('wasm');
    const bulk = { backend, minWork: 0 };
    const one = await checkClaimParallel(thm, { instances: 2, seed: 4, workers: 1, bulk });
    const two = await checkClaimParallel(thm, { instances: 2, seed: 4, pool, bulk });
    const fp = (r: typeof one) => r.results.map((x) => ({ verdict: x.verdict, starts: x.starts.map((s) => [s.objective, s.bulkDescent?.backend]) }));
    expect(fp(two)).toEqual(fp(one));
    expect(one.results.some((r) => r.verdict !== 'skipped' && r.starts.some((s) => s.bulkDescent))).toBe(true);
  });
});
