/**
 * `npx tsx bench/bulk-threshold.ts [--backend wasm] [--sizes K,N,d;...] [--reps R]`: where the
 * float32 bulk phase starts paying in the engine (src/backends/bulk-descent.ts). For each size
 * (step imbalance R = 10, the bench's lambdas), one engine start (`solveMultistart`, 1 start: L-BFGS
 * to 1e-8, Newton-CG polish to 1e-11, as `ncverify check` runs it) from the same seeded start,
 * with and without the float32 phase, alternating, `reps` times; prints the median seconds of
 * each and their ratio (< 1: float32 pays), one JSON line per size. Warm-up solves first.
 */
import { chooseBackend } from '../src/backends/tfjs.ts';
import { bulkDescentFrom } from '../src/backends/bulk-descent.ts';
import { ufmCe, ufmCeObjective, type UfmCeInstance } from '../src/problems/ufm-ce/problem.ts';
import { solveMultistart, type SolveOptions } from '../src/solvers/multistart.ts';

const argv = process.argv.slice(2);
const get = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const sizes = (get('--sizes') ?? '10,200,16;20,2000,32;40,4000,64;60,6000,96').split(';').map((s) => s.split(',').map(Number) as [number, number, number]);
const reps = Number(get('--reps') ?? 3);
const { backend } = await chooseBackend(get('--backend') ?? 'wasm');

/** bench.ts's step imbalance (not imported: bench.ts runs its benchmark when loaded). */
function stepCounts(K: number, N: number, R: number): number[] {
  const major = Math.floor(K / 2);
  const nMin = Math.max(1, Math.round(N / (major * R + (K - major))));
  return Array.from({ length: K }, (_, k) => (k < major ? R * nMin : nMin));
}

function instance(K: number, N: number, d: number): UfmCeInstance {
  return { problem: 'ufm-ce', K, n: stepCounts(K, N, 10), d, lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 1e-3, bias: true };
}

function timeOne(inst: UfmCeInstance, withBulk: boolean): { seconds: number; f: number; gradNorm: number; bulkIterations: number; iterations: number } {
  const t0 = performance.now();
  const opts: SolveOptions = {
    starts: 1,
    seed: 3,
    objective: ufmCeObjective(inst),
    preDescent: withBulk
      ? (x0) => {
          const r = bulkDescentFrom({ backend, minWork: 0 }, inst, x0);
          return r && { x: r.x, by: backend.name, iterations: r.iterations };
        }
      : undefined,
  };
  const [r] = solveMultistart(ufmCe, inst, opts);
  return { seconds: (performance.now() - t0) / 1000, f: r.f, gradNorm: r.gradNorm, bulkIterations: r.preDescent?.iterations ?? 0, iterations: r.iterations };
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];

// Warm-up: JIT of the float64 kernels and of the tfjs path.
for (let i = 0; i < 3; i++) {
  timeOne(instance(10, 200, 16), false);
  timeOne(instance(10, 200, 16), true);
}
for (const [K, N, d] of sizes) {
  const inst = instance(K, N, d);
  const f64: number[] = [];
  const f32: number[] = [];
  let last64 = timeOne(inst, false);
  let last32 = timeOne(inst, true);
  for (let r = 0; r < reps; r++) {
    // Alternate the order so drifting load on a shared machine hits both alike.
    if (r % 2 === 0) {
      last64 = timeOne(inst, false);
      last32 = timeOne(inst, true);
    } else {
      last32 = timeOne(inst, true);
      last64 = timeOne(inst, false);
    }
    f64.push(last64.seconds);
    f32.push(last32.seconds);
  }
  const work = K * d * inst.n.reduce((a, b) => a + b, 0);
  process.stdout.write(
    JSON.stringify({
      size: [K, N, d],
      work,
      backend: backend.name,
      float64_s: median(f64),
      float32_then_float64_s: median(f32),
      ratio: median(f32) / median(f64),
      f64_runs: f64,
      f32_runs: f32,
      objective_f64: last64.f,
      objective_f32: last32.f,
      iterations_f64: last64.iterations,
      iterations_after_f32: last32.iterations,
      bulk_iterations: last32.bulkIterations,
    }) + '\n',
  );
}
