/**
 * The WGSL kernels executed on a real WebGPU adapter: a hardware one if this machine has it,
 * else Mesa's llvmpipe through Dawn's OpenGL backend (compatibility level), which runs the same
 * WGSL on the CPU where the Mesa EGL/GL packages are installed (libegl1, libegl-mesa0,
 * libgl1-mesa-dri; docs/webgpu.md). Without either, every test here is skipped, saying why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadWebGpuBackend, type WebGpuBackend } from '../../../src/backends/webgpu/backend.ts';
import { describeAdapter } from '../../../src/backends/webgpu/detect.ts';
import { solveUfmCeFloat32 } from '../../../src/backends/ufm-ce-float32.ts';
import { catalogue } from '../../../theorems/index.ts';
import { checkInstance } from '../../../src/engine/check.ts';
import { ufmCeObjective, type UfmCeInstance } from '../../../src/problems/ufm-ce/problem.ts';
import { solveToStationarity } from '../../../src/solvers/to-stationarity.ts';
import { Rng } from '../../../src/random.ts';
import { F32_CASES } from './cases.ts';
import { WGSL_ACCURACY, ufmCeFloat32Bounds } from './f32-bounds.ts';

async function findBackend(): Promise<{ backend: WebGpuBackend | null; why: string }> {
  const reasons: string[] = [];
  for (const options of [{}, { flags: ['backend=opengl'], featureLevel: 'compatibility' as const, allowSoftware: true }]) {
    try {
      return { backend: await loadWebGpuBackend(options), why: '' };
    } catch (e) {
      reasons.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { backend: null, why: `skipped for lack of a WebGPU adapter: hardware: ${reasons[0]}; software OpenGL (Mesa llvmpipe): ${reasons[1]}` };
}

/** The first two sizes of the float32 model's test, the two this device test has always executed. */
const CASES = F32_CASES.slice(0, 2);

describe('WGSL kernels on a WebGPU adapter', async () => {
  const { backend, why } = await findBackend();
  afterAll(async () => backend?.close());
  const on = backend ? ` (on ${describeAdapter(backend.adapter)})` : '';

  for (const { name, inst, scale } of CASES) {
    it(`${name}: f and every gradient entry within the float32 bound that WGSL's exp/log/division accuracy allows${on}`, (ctx) => {
      if (!backend) ctx.skip(why);
      const obj = ufmCeObjective(inst);
      const x32 = Float32Array.from(new Rng(11).normalArray(obj.size, scale));
      const x = Float64Array.from(x32);
      const fg = backend!.valueAndGradient(inst);
      const g = new Float64Array(obj.size);
      const f = fg(x, g);
      fg.release();
      const g64 = new Float64Array(obj.size);
      const f64 = obj.value(x, g64);
      const bound = ufmCeFloat32Bounds(inst, x32, WGSL_ACCURACY);
      expect(Math.abs(f - f64)).toBeLessThanOrEqual(bound.f);
      let worst = 0;
      for (let i = 0; i < obj.size; i++) {
        const r = Math.abs(g[i] - g64[i]) / bound.g[i];
        worst = Number.isNaN(r) ? Infinity : Math.max(worst, r);
      }
      expect(worst).toBeLessThanOrEqual(1);
    });
  }

  it(`a released function refuses to run, and the same point gives the same numbers twice${on}`, (ctx) => {
    if (!backend) ctx.skip(why);
    const inst = CASES[0].inst;
    const x = new Rng(2).normalArray(ufmCeObjective(inst).size, 0.5);
    const fg = backend!.valueAndGradient(inst);
    const g1 = new Float64Array(x.length);
    const g2 = new Float64Array(x.length);
    expect(fg(x, g1)).toBe(fg(x, g2));
    expect(g2).toEqual(g1);
    fg.release();
    expect(() => fg(x, g1)).toThrow(/used after release/);
  });

  it(`float32 descent on the GPU, then float64, reaches the float64 optimum${on}`, (ctx) => {
    if (!backend) ctx.skip(why);
    const inst: UfmCeInstance = { problem: 'ufm-ce', K: 4, n: [30, 30, 3, 3], d: 5, lambdaW: 5e-3, lambdaH: 5e-3, lambdaB: 1e-2, bias: true };
    const x0 = new Rng(8).normalArray(ufmCeObjective(inst).size, 0.5);
    const r = solveUfmCeFloat32(backend!, inst, x0, { tol: 1e-10 });
    const ref = solveToStationarity(ufmCeObjective(inst), x0, { tol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.backend).toBe('webgpu');
    expect(r.bulkIterations).toBeGreaterThan(0);
    expect(Math.abs(r.f - ref.f)).toBeLessThanOrEqual(1e-9 * Math.abs(ref.f));
  });

  it(`in the engine: same verdict and optimum as float64 alone, deterministic per seed${on}`, (ctx) => {
    if (!backend) ctx.skip(why);
    const thm = catalogue.theorem('zhu2021.global');
    const balanced: UfmCeInstance = { problem: 'ufm-ce', K: 4, n: [5, 5, 5, 5], d: 5, lambdaW: 5e-3, lambdaH: 5e-3, lambdaB: 1e-2, bias: true };
    const bulk = { backend: backend!, minWork: 0 };
    const a = checkInstance(thm, balanced, 0, { seed: 5, starts: 2, bulk });
    const b = checkInstance(thm, balanced, 0, { seed: 5, starts: 2, bulk });
    const plain = checkInstance(thm, balanced, 0, { seed: 5, starts: 2 });
    expect(plain.verdict).toBe('pass');
    expect(a.verdict).toBe(plain.verdict);
    expect(a.starts.every((s) => s.bulkDescent?.backend === 'webgpu' && s.bulkDescent.iterations > 0)).toBe(true);
    expect(b.starts.map((s) => s.objective)).toEqual(a.starts.map((s) => s.objective));
    expect(Math.abs(a.certificate!.objective - plain.certificate!.objective)).toBeLessThanOrEqual(1e-10 * Math.abs(plain.certificate!.objective));
  });
});
