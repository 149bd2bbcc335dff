import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.ts';
import { InputError } from '../../src/errors.ts';
import { BACKEND_NAMES, chooseBackend } from '../../src/backends/tfjs.ts';
import { float32ValueAndGradient, solveUfmCeFloat32 } from '../../src/backends/ufm-ce-float32.ts';
import { ufmCeObjective, type UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import { solveToStationarity } from '../../src/solvers/to-stationarity.ts';

const inst: UfmCeInstance = { problem: 'ufm-ce', K: 4, n: [30, 30, 3, 3], d: 5, lambdaW: 5e-3, lambdaH: 5e-3, lambdaB: 1e-2, bias: true };

describe('float32 backends', () => {
  it('takes the first loadable backend in the documented order and says why earlier ones were skipped', async () => {
    const { backend, skipped } = await chooseBackend();
    const pos = BACKEND_NAMES.indexOf(backend.name);
    expect(skipped.map((s) => s.name)).toEqual(BACKEND_NAMES.slice(0, pos));
    for (const s of skipped) expect(s.reason.length).toBeGreaterThan(0);
    expect(backend.precision).toBe('float32');
  });

  it('rejects an unknown --backend, and a missing native one with an install hint', async () => {
    await expect(chooseBackend('tpu')).rejects.toThrow(InputError);
    await expect(chooseBackend('tpu')).rejects.toThrow(/--backend: unknown backend "tpu"/);
    const { skipped } = await chooseBackend();
    if (skipped.some((s) => s.name === 'tfjs-node-gpu')) {
      await expect(chooseBackend('tfjs-node-gpu')).rejects.toThrow(/npm install @tensorflow\/tfjs-node-gpu/);
    }
  });

  for (const name of ['wasm', 'cpu'] as const) {
    it(`${name}: the hand-written float32 value and gradient match float64 to float32 precision`, async () => {
      const { backend } = await chooseBackend(name);
      const fg32 = float32ValueAndGradient(backend, inst);
      const obj = ufmCeObjective(inst);
      const x = new Rng(4).normalArray(obj.size, 0.5);
      const g32 = new Float64Array(obj.size);
      const g64 = new Float64Array(obj.size);
      const f32 = fg32(x, g32);
      const f64 = obj.value(x, g64);
      expect(Math.abs(f32 - f64) / Math.abs(f64)).toBeLessThan(1e-5);
      let err = 0;
      let scale = 0;
      for (let i = 0; i < obj.size; i++) {
        err = Math.max(err, Math.abs(g32[i] - g64[i]));
        scale = Math.max(scale, Math.abs(g64[i]));
      }
      expect(err / scale).toBeLessThan(1e-5);
    });
  }

  it('float32 bulk descent then float64 reaches the float64 rule and the same optimum', async () => {
    const { backend } = await chooseBackend('wasm');
    const x0 = new Rng(8).normalArray(ufmCeObjective(inst).size, 0.5);
    const r = solveUfmCeFloat32(backend, inst, x0, { tol: 1e-10 });
    const ref = solveToStationarity(ufmCeObjective(inst), x0, { tol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.backend).toBe('wasm');
    expect(r.bulkIterations).toBeGreaterThan(0);
    expect(Math.abs(r.f - ref.f)).toBeLessThanOrEqual(1e-9 * Math.abs(ref.f));
  });
});
