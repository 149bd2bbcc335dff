/**
 * `node --cpu-prof bin/run-ts.js bench/profile-solve.ts K N d [mode]`: one bench solve (the
 * instance and start of `npm run bench`, seed 1) after one warm-up, for CPU profiles.
 */
import { Rng } from '../src/random.ts';
import { ufmCeObjective } from '../src/problems/ufm-ce/problem.ts';
import { ufmCeClassReduction } from '../src/problems/ufm-ce/reduction.ts';
import { solveToStationarity } from '../src/solvers/to-stationarity.ts';

/** The bench's step imbalance (bench/bench.ts, which runs on import). */
function stepCounts(K: number, N: number, R: number): number[] {
  const major = Math.floor(K / 2);
  const nMin = Math.max(1, Math.round(N / (major * R + (K - major))));
  return Array.from({ length: K }, (_, k) => (k < major ? R * nMin : nMin));
}

const [K, Nnom, d] = process.argv.slice(2, 5).map(Number);
const mode = process.argv[5] === 'reduced' ? 'reduced' : 'full';
const n = stepCounts(K, Nnom, 10);
const inst = { problem: 'ufm-ce' as const, K, n, d, lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 1e-3, bias: true };
const N = n.reduce((a, b) => a + b, 0);
const x0 = new Rng(1).normalArray(K * d + d * N + K, 0.5);
function solve(): string {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let r;
  if (mode === 'reduced') {
    const red = ufmCeClassReduction(inst);
    r = solveToStationarity(red.objective, red.fromFull(x0), { tol: 1e-9 });
  } else {
    r = solveToStationarity(ufmCeObjective(inst, 'full'), x0, { tol: 1e-9 });
  }
  const c = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  return `wall ${wall.toFixed(4)} s cpu ${((c.user + c.system) / 1e6).toFixed(4)} s f ${r.f} its ${r.lbfgsIterations}+${r.newtonIterations}`;
}
const reps = Number(process.argv[6] ?? 2);
for (let r = 0; r < reps; r++) process.stdout.write(`solve ${r}: ${solve()}\n`);
