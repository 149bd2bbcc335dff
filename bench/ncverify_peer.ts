/**
 * The ncverify side of `npm run bench`: one job (JSON in argv[2], the same job the scipy peer
 * gets), one JSON line out. Run as its own process so its peak RSS is its own.
 *
 * - mode "full": L-BFGS (+ Newton-CG polish if needed) on the full (W, H, b) problem from x0.
 * - mode "reduced": the exact class reduction (src/problems/ufm-ce/reduction.ts), started from
 *   the projection of x0 onto the NC1 subspace, solved to the same rule (in isometric
 *   coordinates the reduced gradient norm equals the full one), then expanded to the full point,
 *   where the full objective and gradient norm are evaluated and reported. The timing includes
 *   the projection, the expansion and that final full evaluation.
 *
 * The timed solve comes after untimed warm-up solves (see warmUp).
 */
import { readFileSync } from 'node:fs';
import { Rng } from '../src/random.ts';
import { ufmCeObjective, type UfmCeInstance } from '../src/problems/ufm-ce/problem.ts';
import { ufmCeClassReduction } from '../src/problems/ufm-ce/reduction.ts';
import { norm2 } from '../src/solvers/lbfgs.ts';
import { solveToStationarity } from '../src/solvers/to-stationarity.ts';
import { chooseBackend, type Float32Backend } from '../src/backends/tfjs.ts';
import { solveUfmCeFloat32 } from '../src/backends/ufm-ce-float32.ts';
import { setSolveThreads } from '../src/linalg/team.ts';

export interface BenchJob {
  readonly K: number;
  readonly n: number[];
  readonly d: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB: number;
  /** Path of the start point, little-endian float64 in the flat (W, H, b) layout. */
  readonly x0: string;
  readonly tol: number;
  readonly mode: 'full' | 'reduced';
  /** Float32 bulk descent on this tfjs backend before the float64 solve (full mode only). */
  readonly backend?: string;
  /** Threads sharing each evaluation of the full problem (src/linalg/team.ts). @defaultValue 1 */
  readonly threads?: number;
}

export interface PeerResult {
  readonly seconds: number;
  /** User + system CPU time of the solve (less sensitive than wall time to other load on a shared machine). */
  readonly cpuSeconds: number;
  readonly objective: number;
  readonly gradNorm: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly evaluations: number;
  readonly peakRssMb: number;
  readonly message?: string;
}

function instanceOf(job: Pick<BenchJob, 'K' | 'n' | 'd' | 'lambdaW' | 'lambdaH' | 'lambdaB'>): UfmCeInstance {
  return { problem: 'ufm-ce', K: job.K, n: job.n, d: job.d, lambdaW: job.lambdaW, lambdaH: job.lambdaH, lambdaB: job.lambdaB, bias: true };
}

function solveJob(inst: UfmCeInstance, x0: Float64Array, mode: 'full' | 'reduced', tol: number, f32?: Float32Backend): Omit<PeerResult, 'peakRssMb'> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const full = ufmCeObjective(inst, 'full');
  let x: Float64Array;
  let iterations: number;
  let evaluations: number;
  if (mode === 'reduced') {
    const red = ufmCeClassReduction(inst);
    const r = solveToStationarity(red.objective, red.fromFull(x0), { tol });
    x = red.toFull(r.x);
    iterations = r.lbfgsIterations + r.newtonIterations;
    evaluations = r.evaluations;
  } else if (f32) {
    const r = solveUfmCeFloat32(f32, inst, x0, { tol });
    x = r.x;
    iterations = r.bulkIterations + r.lbfgsIterations + r.newtonIterations;
    evaluations = r.evaluations;
  } else {
    const r = solveToStationarity(full, x0, { tol });
    x = r.x;
    iterations = r.lbfgsIterations + r.newtonIterations;
    evaluations = r.evaluations;
  }
  const g = new Float64Array(full.size);
  const f = full.value(x, g);
  const gn = norm2(g);
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return {
    seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    objective: f,
    gradNorm: gn,
    converged: gn <= tol * Math.max(1, Math.abs(f)),
    iterations,
    evaluations,
  };
}

/**
 * Untimed solves before the timed one, so V8's optimising tier has compiled the hot loops (the
 * Python peer runs precompiled numpy; a one-off solve in a fresh process pays ~0.1-0.2 s of JIT
 * warm-up on top of the timed figure). Small jobs warm up on themselves from other random
 * starts; large ones on the smallest bench size, which runs the same code.
 */
function warmUp(job: BenchJob, x0: Float64Array, f32?: Float32Backend): void {
  const small = job.K * job.d * job.n.reduce((a, b) => a + b, 0) < 2e6;
  const inst = small ? instanceOf(job) : instanceOf({ K: 10, n: [40, 40, 40, 40, 40, 4, 4, 4, 4, 4], d: 16, lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 1e-3 });
  const size = small ? x0.length : 10 * 16 + 16 * 220 + 10;
  // V8 tiers a function up after enough calls; small solves need many repetitions for that.
  const t0 = performance.now();
  for (let i = 0; i < 40 && (i < 3 || performance.now() - t0 < 1500); i++) {
    solveJob(inst, new Rng(12345 + i).normalArray(size, 0.5), job.mode, job.tol, f32);
  }
}

const job = JSON.parse(process.argv[2]) as BenchJob;
const buf = readFileSync(job.x0);
// One copy of the start, as the scipy peer's np.fromfile holds: a view where the file's bytes are
// 8-byte aligned (a file this large gets a buffer of its own), else a copy.
const x0 =
  buf.byteOffset % 8 === 0
    ? new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8)
    : new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
const f32 = job.backend ? (await chooseBackend(job.backend)).backend : undefined;
setSolveThreads(job.threads ?? 1);
warmUp(job, x0, f32);
const res = solveJob(instanceOf(job), x0, job.mode, job.tol, f32);
const out: PeerResult = { ...res, peakRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(JSON.stringify(out) + '\n');
