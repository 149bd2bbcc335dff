/**
 * The WebGPU device check (bench/gpu-check.sh runs its bundle on a lent GPU machine; `npx tsx
 * bench/gpu-bench.ts` runs it from a checkout). For each size (K, N, d) (step imbalance R = 10
 * and the lambdas of `npm run bench`, seeded start x0 ~ N(0, 0.5^2)) it prints:
 *
 *  - the adapter (or "no adapter" and exit code 3, before any measurement);
 *  - time per objective+gradient evaluation at x0: WebGPU float32 (as the engine calls it:
 *    float64 in and out, conversions and transfers included; and the worker's own share),
 *    tfjs-backend-wasm float32 (the default float32 path on CPU), ncverify float64 wasm-simd;
 *  - the float32 objective at x0 against the float64 one (relative difference);
 *  - the float32 descent on the GPU to the hand-over (relative gradient 1e-3, as
 *    src/backends/bulk-descent.ts), its time and iterations;
 *  - where K N d <= --solve-max-work: end to end, GPU float32 then the float64 solve to
 *    ||g|| <= 1e-9 max(1, |f|), against the float64 CPU solve from the same x0, and the agreement
 *    of the two objectives; above it, the optimality gap of the hand-over point against the
 *    exact class reduction's optimum (cheap: K columns), so the large size gets a CPU reference too;
 *  - with --threshold SIZES: one engine start (solveMultistart, 1 start, as `ncverify check`) with
 *    and without the float32 phase on WebGPU per size: the data to set the GPU's bulk threshold.
 *
 * Flags: --sizes 'K,N,d;...' (default '100,10000,128;100,100000,128'), --evals E (timed
 * evaluations per path, default 5), --solve-max-work W (default 2e8), --threshold 'K,N,d;...'
 * (default none), --max-bulk-iterations I (default 2000), --dawn-flag F (repeatable; e.g.
 * backend=opengl) with --compat and --allow-software, to try it on Mesa llvmpipe. --json: one
 * JSON line per result instead of text.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { runWebGpuWorker } from '../src/backends/webgpu/worker.ts';
import type { UfmCeInstance } from '../src/problems/ufm-ce/problem.ts';

declare const __NCVERIFY_BUNDLE__: boolean | undefined;
const BUNDLED = typeof __NCVERIFY_BUNDLE__ !== 'undefined' && __NCVERIFY_BUNDLE__;
const WORKER_MARK = 'ncverify-webgpu-worker';

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_MARK) {
  // The bundle is one file: it is its own WebGPU worker.
  runWebGpuWorker();
} else {
  await main();
}

async function main(): Promise<void> {
  const { loadWebGpuBackend, WebGpuUnavailable } = await import('../src/backends/webgpu/backend.ts');
  const { describeAdapter } = await import('../src/backends/webgpu/detect.ts');
  const { chooseBackend } = await import('../src/backends/tfjs.ts');
  const { float32ValueAndGradient, solveUfmCeFloat32 } = await import('../src/backends/ufm-ce-float32.ts');
  const { ufmCeObjective } = await import('../src/problems/ufm-ce/problem.ts');
  const { ufmCeClassReduction } = await import('../src/problems/ufm-ce/reduction.ts');
  const { ufmCe } = await import('../src/problems/ufm-ce/problem.ts');
  const { lbfgs, norm2 } = await import('../src/solvers/lbfgs.ts');
  const { solveToStationarity } = await import('../src/solvers/to-stationarity.ts');
  const { solveMultistart } = await import('../src/solvers/multistart.ts');
  const { Rng } = await import('../src/random.ts');

  const argv = process.argv.slice(2);
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const all = (name: string): string[] => argv.flatMap((a, i) => (a === name && argv[i + 1] !== undefined ? [argv[i + 1]] : []));
  const parseSizes = (s: string): Array<[number, number, number]> =>
    s
      .split(';')
      .filter((t) => t.trim())
      .map((t) => t.split(',').map(Number) as [number, number, number]);
  const sizes = parseSizes(get('--sizes') ?? '100,10000,128;100,100000,128');
  const thresholdSizes = parseSizes(get('--threshold') ?? '');
  const evals = Number(get('--evals') ?? 5);
  const solveMaxWork = Number(get('--solve-max-work') ?? 2e8);
  const maxBulkIterations = Number(get('--max-bulk-iterations') ?? 2000);
  const json = argv.includes('--json');
  const emit = (row: Record<string, unknown>, text: string): void => {
    process.stdout.write(json ? JSON.stringify(row) + '\n' : text + '\n');
  };
  const HAND_OVER = 1e-3;

  const t0 = performance.now();
  let backend: Awaited<ReturnType<typeof loadWebGpuBackend>>;
  try {
    backend = await loadWebGpuBackend({
      flags: all('--dawn-flag'),
      featureLevel: argv.includes('--compat') ? 'compatibility' : 'core',
      allowSoftware: argv.includes('--allow-software'),
      ...(BUNDLED ? { worker: { url: new URL(import.meta.url), workerData: { role: WORKER_MARK } } } : {}),
    });
  } catch (e) {
    const reason = e instanceof WebGpuUnavailable ? `${e.kind}: ${e.message}` : e instanceof Error ? e.message : String(e);
    emit({ kind: 'adapter', found: false, reason }, `no adapter: ${reason}`);
    process.exitCode = 3;
    return;
  }
  emit(
    { kind: 'adapter', found: true, adapter: backend.adapter, seconds: (performance.now() - t0) / 1000 },
    `adapter: ${describeAdapter(backend.adapter)} (found in ${((performance.now() - t0) / 1000).toFixed(2)} s)`,
  );

  function stepCounts(K: number, N: number, R: number): number[] {
    const major = Math.floor(K / 2);
    const nMin = Math.max(1, Math.round(N / (major * R + (K - major))));
    return Array.from({ length: K }, (_, k) => (k < major ? R * nMin : nMin));
  }
  const instance = (K: number, N: number, d: number): UfmCeInstance => ({
    problem: 'ufm-ce',
    K,
    n: stepCounts(K, N, 10),
    d,
    lambdaW: 5e-4,
    lambdaH: 5e-4,
    lambdaB: 1e-3,
    bias: true,
  });
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];
  /** Median ms of `evals` calls after one untimed call. */
  const timeEvals = (
    fg: (x: Float64Array, g: Float64Array) => number,
    x: Float64Array,
    g: Float64Array,
    extra?: () => number,
  ): { ms: number; extraMs?: number; f: number } => {
    const f = fg(x, g);
    const ms: number[] = [];
    const ex: number[] = [];
    for (let i = 0; i < evals; i++) {
      const s = performance.now();
      fg(x, g);
      ms.push(performance.now() - s);
      if (extra) ex.push(extra());
    }
    return { ms: median(ms), ...(extra ? { extraMs: median(ex) } : {}), f };
  };
  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));
  const wasm = (await chooseBackend('wasm')).backend;

  for (const [K, Nn, d] of sizes) {
    const inst = instance(K, Nn, d);
    const N = inst.n.reduce((a, b) => a + b, 0);
    const work = K * N * d;
    const full = ufmCeObjective(inst);
    const x0 = new Rng(1).normalArray(full.size, 0.5);
    const g = new Float64Array(full.size);
    const gpuFg = backend.valueAndGradient(inst);
    const gpu = timeEvals(gpuFg, x0, g, () => gpuFg.lastDeviceMs());
    const wasmFg = float32ValueAndGradient(wasm, inst);
    const w32 = timeEvals(wasmFg, x0, g);
    const f64 = timeEvals((x, gg) => full.value(x, gg), x0, g);
    emit(
      {
        kind: 'evaluation',
        size: [K, N, d],
        work,
        gpu_ms: gpu.ms,
        gpu_worker_ms: gpu.extraMs,
        wasm_f32_ms: w32.ms,
        f64_wasm_simd_ms: f64.ms,
        f_gpu: gpu.f,
        f_wasm_f32: w32.f,
        f_f64: f64.f,
        rel_gpu_vs_f64: rel(gpu.f, f64.f),
      },
      `(${K}, ${N}, ${d}) K N d = ${work.toExponential(2)}: one value+gradient: webgpu f32 ${gpu.ms.toFixed(2)} ms (worker ${gpu.extraMs!.toFixed(2)} ms), ` +
        `tfjs wasm f32 ${w32.ms.toFixed(2)} ms, float64 wasm-simd ${f64.ms.toFixed(2)} ms; f at x0: gpu ${gpu.f} vs float64 ${f64.f} (rel ${rel(gpu.f, f64.f).toExponential(1)})`,
    );

    // The float32 descent alone, as the engine runs it (bulk-descent.ts's options).
    let s = performance.now();
    const bulk = lbfgs(gpuFg, x0, { gtol: HAND_OVER, relative: true, maxIterations: maxBulkIterations, fNoise: 1e-6 });
    const bulkSeconds = (performance.now() - s) / 1000;
    gpuFg.release();
    const fAt = full.value(bulk.x, g);
    const gAt = norm2(g) / Math.max(1, Math.abs(fAt));
    emit(
      {
        kind: 'float32-descent',
        size: [K, N, d],
        seconds: bulkSeconds,
        iterations: bulk.iterations,
        evaluations: bulk.evaluations,
        stop: bulk.reason,
        f64_at_handover: fAt,
        rel_grad_at_handover: gAt,
      },
      `  float32 descent on webgpu: ${bulk.iterations} its (${bulk.evaluations} evals, stop ${bulk.reason}) in ${bulkSeconds.toFixed(2)} s; float64 f there ${fAt}, rel |g| ${gAt.toExponential(1)}`,
    );

    if (work <= solveMaxWork) {
      s = performance.now();
      const viaGpu = solveUfmCeFloat32(backend, inst, x0, { tol: 1e-9 });
      const gpuSolve = (performance.now() - s) / 1000;
      s = performance.now();
      const cpu = solveToStationarity(full, x0, { tol: 1e-9 });
      const cpuSolve = (performance.now() - s) / 1000;
      emit(
        {
          kind: 'solve',
          size: [K, N, d],
          gpu_then_f64_s: gpuSolve,
          cpu_f64_s: cpuSolve,
          ratio: gpuSolve / cpuSolve,
          f_gpu_path: viaGpu.f,
          f_cpu: cpu.f,
          rel_diff: rel(viaGpu.f, cpu.f),
          converged: [viaGpu.converged, cpu.converged],
          bulk_iterations: viaGpu.bulkIterations,
        },
        `  end to end to 1e-9: webgpu f32 + float64 ${gpuSolve.toFixed(2)} s vs float64 CPU ${cpuSolve.toFixed(2)} s (ratio ${(gpuSolve / cpuSolve).toFixed(3)}); ` +
          `objectives ${viaGpu.f} vs ${cpu.f} (rel ${rel(viaGpu.f, cpu.f).toExponential(1)}), converged ${viaGpu.converged}/${cpu.converged}`,
      );
    } else {
      s = performance.now();
      const red = ufmCeClassReduction(inst);
      const r = solveToStationarity(red.objective, red.fromFull(x0), { tol: 1e-12 });
      const redSeconds = (performance.now() - s) / 1000;
      emit(
        { kind: 'reference', size: [K, N, d], reduced_optimum: r.f, reduced_s: redSeconds, gap_at_handover: (fAt - r.f) / Math.abs(r.f) },
        `  CPU reference (exact class reduction, ${redSeconds.toFixed(2)} s): optimum ${r.f}; hand-over point's relative gap ${((fAt - r.f) / Math.abs(r.f)).toExponential(2)} (end-to-end solve skipped: K N d > ${solveMaxWork.toExponential(0)})`,
      );
    }
  }

  for (const [K, Nn, d] of thresholdSizes) {
    const inst = instance(K, Nn, d);
    const N = inst.n.reduce((a, b) => a + b, 0);
    const run = (withBulk: boolean): { seconds: number; f: number } => {
      const s = performance.now();
      const [r] = solveMultistart(ufmCe, inst, {
        starts: 1,
        seed: 3,
        objective: ufmCeObjective(inst),
        preDescent: withBulk
          ? (x0) => {
              const fg = backend.valueAndGradient(inst);
              try {
                const b = lbfgs(fg, x0, { gtol: HAND_OVER, relative: true, maxIterations: 100000, fNoise: 1e-6 });
                return { x: b.x, by: 'webgpu', iterations: b.iterations };
              } finally {
                fg.release();
              }
            }
          : undefined,
      });
      return { seconds: (performance.now() - s) / 1000, f: r.f };
    };
    run(false);
    const a = run(false);
    const b = run(true);
    emit(
      {
        kind: 'threshold',
        size: [K, N, d],
        work: K * N * d,
        float64_s: a.seconds,
        webgpu_then_float64_s: b.seconds,
        ratio: b.seconds / a.seconds,
        f: [a.f, b.f],
      },
      `threshold (${K}, ${N}, ${d}) K N d = ${(K * N * d).toExponential(2)}: engine start float64 ${a.seconds.toFixed(2)} s, webgpu f32 then float64 ${b.seconds.toFixed(2)} s (ratio ${(b.seconds / a.seconds).toFixed(3)})`,
    );
  }
  await backend.close();
}
