/**
 * `npm run bench [-- --json] [-- --reps N] [-- --sizes K,N,d;K,N,d] [-- --large-reps N]`:
 * ncverify against scipy's L-BFGS-B on the same ufm-ce instances from the same start, under
 * the same stopping rule (bench/README.md):
 *
 *   stop at the first iterate with ||grad f(x)||_2 <= 1e-9 max(1, |f(x)|), f the full objective.
 *
 * Instances: step imbalance with ratio R = 10 (the first floor(K/2) classes have R n_min
 * samples, the rest n_min, n_min chosen so that N is as close as possible to the nominal N),
 * lambdaW = lambdaH = 5e-4, lambdaB = 1e-3, start x0 ~ N(0, 0.5^2) (seeded, written to a file
 * that both peers read). Each repetition runs the three solvers of a size in rotating order
 * (ncverify reduced, scipy, ncverify full), each in its own process so that peak RSS is per
 * solver; the scipy runs serve both rows of the size (scipy always solves the full problem,
 * which is what a user would otherwise run). Times are measured inside each process around the
 * solve only (no interpreter start-up, no imports).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/random.ts';
import { gemmF64x2Available } from '../src/problems/ufm-ce/wasm/gemm-f64x2.ts';
import type { BenchJob, PeerResult } from './ncverify_peer.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

interface Row {
  size: [number, number, number];
  mode: 'reduced' | 'full';
  /**
   * What ran the descent: 'float64 wasm-simd' (the ufm-ce kernels' products and exponentials in
   * WebAssembly SIMD, the rest in JavaScript) or 'float64 js' where wasm SIMD is unavailable, or
   * a tfjs backend for float32 bulk descent then float64 (full rows only).
   */
  backend: string;
  ncverify_s: number;
  scipy_s: number;
  ratio: number;
  objective_ncverify: number;
  objective_scipy: number;
  peak_rss_mb: number;
  /** Extra context (not in the schema, after it): */
  n: number[];
  reps: number;
  objective_rel_diff: number;
  converged_ncverify: boolean;
  converged_scipy: boolean;
  scipy_peak_rss_mb: number;
  iterations_ncverify: number;
  iterations_scipy: number;
  ncverify_runs_s: number[];
  scipy_runs_s: number[];
  /** Median CPU seconds (user + system) of each solve, and their ratio. */
  ncverify_cpu_s: number;
  scipy_cpu_s: number;
  ratio_cpu: number;
  scipy_threads: number;
  /** Threads sharing each evaluation of the full problem in the ncverify process (--threads, default: the cores). */
  threads: number;
  /** scipy's own termination message (the callback's StopIteration when the rule was met). */
  scipy_message: string;
}

const RATIO = 10;
const TOL = 1e-9;
const LAMBDA = { lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 1e-3 };

/** Step imbalance: floor(K/2) majority classes with R n_min samples, the rest with n_min. */
export function stepCounts(K: number, N: number, R: number): number[] {
  const major = Math.floor(K / 2);
  const nMin = Math.max(1, Math.round(N / (major * R + (K - major))));
  return Array.from({ length: K }, (_, k) => (k < major ? R * nMin : nMin));
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function runPeer(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): PeerResult {
  const out = execFileSync(cmd, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = out.trim().split('\n').pop()!;
  return JSON.parse(line) as PeerResult;
}

interface Options {
  json: boolean;
  reps: number;
  largeReps: number;
  hugeReps: number;
  sizes: Array<[number, number, number]>;
  seed: number;
  scipyThreads: number;
  threads: number;
  backend: string;
  /** The `ncverify run` row: its suite, or null with --no-run. */
  runSuite: string | null;
  /** Where that run writes its report (a temporary folder, removed, by default). */
  runOut: string | null;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (get('--sizes') ?? '10,200,16;20,2000,32;100,10000,128;100,100000,256')
    .split(';')
    .map((s) => s.split(',').map(Number) as [number, number, number]);
  return {
    json: argv.includes('--json'),
    reps: Number(get('--reps') ?? 5),
    largeReps: Number(get('--large-reps') ?? 3),
    // K N d >= 1e9 (scipy needs ~10 minutes per solve there): one repetition unless asked.
    hugeReps: Number(get('--huge-reps') ?? 1),
    sizes,
    seed: Number(get('--seed') ?? 1),
    scipyThreads: Number(get('--scipy-threads') ?? 1),
    threads: Number(get('--threads') ?? os.availableParallelism()),
    // A float32 bulk-descent row per size on this tfjs backend ('none' to skip).
    backend: get('--backend') ?? 'wasm',
    runSuite: argv.includes('--no-run') ? null : (get('--run-suite') ?? 'default'),
    runOut: get('--run-out') ?? null,
  };
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  // The peers run the same Node, so they find the same kernels as this process.
  const float64 = gemmF64x2Available() ? 'float64 wasm-simd' : 'float64 js';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ncverify-bench-'));
  const rows: Row[] = [];
  let runRow: RunRow | null = null;
  // One BLAS thread by default, like ncverify's single-threaded solve. On a shared, busy 2-core
  // machine two OpenBLAS threads spin-wait for each other: one evaluation at (20, 2000, 32) took
  // 196 ms with two threads against 3.2 ms with one, which would flatter ncverify.
  const t = String(opts.scipyThreads);
  const pyEnv = { ...process.env, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const log = (s: string): void => void process.stderr.write(s + '\n');
  try {
    for (const [K, Nnom, d] of opts.sizes) {
      const n = stepCounts(K, Nnom, RATIO);
      const N = n.reduce((a, b) => a + b, 0);
      const size = K * d + d * N + K;
      const x0File = path.join(dir, `x0-${K}-${N}-${d}.f64`);
      const x0 = new Rng(opts.seed).normalArray(size, 0.5);
      writeFileSync(x0File, Buffer.from(x0.buffer));
      const base = { K, n, d, ...LAMBDA, x0: x0File, tol: TOL };
      const reps = K * N * d >= 1e9 ? opts.hugeReps : K * N * d >= 5e7 ? opts.largeReps : opts.reps;
      type Solver = 'reduced' | 'full' | 'full-f32' | 'scipy';
      const runs: Record<Solver, PeerResult[]> = { reduced: [], full: [], 'full-f32': [], scipy: [] };
      const order: Solver[] = opts.backend === 'none' ? ['reduced', 'scipy', 'full'] : ['reduced', 'scipy', 'full', 'full-f32'];
      for (let r = 0; r < reps; r++) {
        for (let s = 0; s < order.length; s++) {
          const which = order[(s + r) % order.length];
          const job: BenchJob =
            which === 'full-f32'
              ? { ...base, mode: 'full', backend: opts.backend, threads: opts.threads }
              : { ...base, mode: which === 'reduced' ? 'reduced' : 'full', threads: which === 'full' ? opts.threads : 1 };
          const res =
            which === 'scipy'
              ? runPeer('python3', [path.join(here, 'scipy_peer.py'), JSON.stringify(base)], pyEnv)
              : runPeer(process.execPath, [path.join(root, 'bin/run-ts.js'), path.join(here, 'ncverify_peer.ts'), JSON.stringify(job)]);
          runs[which].push(res);
          log(
            `(${K}, ${N}, ${d}) rep ${r + 1}/${reps} ${which.padEnd(7)} ${res.seconds.toFixed(3)} s (cpu ${res.cpuSeconds.toFixed(3)} s)  f=${res.objective}  |g|=${res.gradNorm.toExponential(2)}${res.converged ? '' : '  NOT CONVERGED'}`,
          );
        }
      }
      const sp = runs.scipy;
      for (const which of order.filter((w) => w !== 'scipy')) {
        const nc = runs[which];
        const mode = which === 'reduced' ? 'reduced' : 'full';
        const backend = which === 'full-f32' ? `${opts.backend} float32 + ${float64}` : float64;
        const ncS = median(nc.map((x) => x.seconds));
        const spS = median(sp.map((x) => x.seconds));
        const fNc = nc[0].objective;
        const fSp = sp[0].objective;
        rows.push({
          size: [K, Nnom, d],
          mode,
          backend,
          ncverify_s: ncS,
          scipy_s: spS,
          ratio: ncS / spS,
          objective_ncverify: fNc,
          objective_scipy: fSp,
          peak_rss_mb: Math.max(...nc.map((x) => x.peakRssMb)),
          n,
          reps,
          objective_rel_diff: Math.abs(fNc - fSp) / Math.abs(fSp),
          converged_ncverify: nc.every((x) => x.converged),
          converged_scipy: sp.every((x) => x.converged),
          scipy_peak_rss_mb: Math.max(...sp.map((x) => x.peakRssMb)),
          iterations_ncverify: median(nc.map((x) => x.iterations)),
          iterations_scipy: median(sp.map((x) => x.iterations)),
          ncverify_runs_s: nc.map((x) => x.seconds),
          scipy_runs_s: sp.map((x) => x.seconds),
          ncverify_cpu_s: median(nc.map((x) => x.cpuSeconds)),
          scipy_cpu_s: median(sp.map((x) => x.cpuSeconds)),
          ratio_cpu: median(nc.map((x) => x.cpuSeconds)) / median(sp.map((x) => x.cpuSeconds)),
          scipy_threads: opts.scipyThreads,
          threads: which === 'reduced' ? 1 : opts.threads,
          scipy_message: sp.map((x) => x.message ?? '').join(' | '),
        });
      }
    }
    if (opts.runSuite !== null) runRow = timeRun(opts.runSuite, opts.runOut ?? path.join(dir, 'run'), opts.seed, log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (opts.json) {
    for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
    if (runRow) process.stdout.write(JSON.stringify(runRow) + '\n');
    return;
  }
  const goal = (r: Row): string => {
    const limit = r.mode === 'reduced' ? 0.1 : 0.5;
    const same = r.objective_rel_diff <= 1e-9;
    return `${r.ratio <= limit ? 'met' : 'NOT met'} (<= ${limit})${same ? '' : ', OBJECTIVES DIFFER'}`;
  };
  const lines = [
    '| (K, N, d) | N actual | mode | descent | reps | ncverify s | scipy s | ratio | goal | ncverify cpu s | scipy cpu s | cpu ratio | objective ncverify | objective scipy | rel. diff | peak RSS MB (ncverify / scipy) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| (${r.size.join(', ')}) | ${r.n.reduce((a, b) => a + b, 0)} | ${r.mode} | ${r.backend} | ${r.reps} | ${r.ncverify_s.toFixed(3)} | ${r.scipy_s.toFixed(3)} | ${r.ratio.toFixed(3)} | ${goal(r)} | ${r.ncverify_cpu_s.toFixed(3)} | ${r.scipy_cpu_s.toFixed(3)} | ${r.ratio_cpu.toFixed(3)} | ${r.objective_ncverify.toPrecision(15)} | ${r.objective_scipy.toPrecision(15)} | ${r.objective_rel_diff.toExponential(1)} | ${r.peak_rss_mb.toFixed(0)} / ${r.scipy_peak_rss_mb.toFixed(0)} |`,
    ),
  ];
  if (runRow) {
    lines.push(
      '',
      '| suite | workers | wall s | CPU s | instances | certified | certified per minute of wall time | pass / fail / inconclusive | load average |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    const r = runRow;
    lines.push(
      `| ${r.suite} | ${r.workers} | ${r.wall_s.toFixed(1)} | ${r.cpu_s.toFixed(1)} | ${r.instances} | ${r.certified} | ${r.certified_per_minute.toFixed(1)} | ${r.pass} / ${r.fail} / ${r.inconclusive} | ${r.load_average.map((x) => x.toFixed(1)).join(', ')} |`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

/** The `ncverify run` row: the whole harness's speed, not one solve's. */
interface RunRow {
  kind: 'run';
  suite: string;
  /** Threads spreading instances (the CLI's default: one per core). */
  workers: number;
  /** Wall time of the whole process (start-up, every claim, mutations, the report), and its CPU time with its threads'. */
  wall_s: number;
  cpu_s: number;
  instances: number;
  /** Instances decided by certified solves, and how many per minute of the run's wall time. */
  certified: number;
  certified_per_minute: number;
  pass: number;
  fail: number;
  inconclusive: number;
  /** The machine's 1-, 5- and 15-minute load averages when the run ended (shared machine). */
  load_average: number[];
}

function timeRun(suite: string, out: string, seed: number, log: (s: string) => void): RunRow {
  const t0 = performance.now();
  // The run exits 1 when a claim fails (dang2023dln.ce does, a real finding): not an error here.
  // Through bash, whose `times` prints the CPU time of its finished children (the run and its
  // worker threads) as its last line on stderr.
  const script = 'node "$@"; rc=$?; times >&2; exit $rc';
  const res = spawnSync('bash', ['-c', script, 'bash', path.join(root, 'bin/ncverify.js'), 'run', '--suite', suite, '--seed', String(seed), '--out', out], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wall = (performance.now() - t0) / 1000;
  const errLines = res.stderr.trimEnd().split('\n');
  const times = errLines.pop() ?? '';
  if (errLines.length > 1) log(errLines.slice(0, -1).join('\n'));
  if (res.status !== 0 && res.status !== 1) throw new Error(`ncverify run exited with ${String(res.status)}: ${res.stderr.slice(-2000)}`);
  const seconds = (m: string): number => {
    const [, min, sec] = /^(\d+)m([\d.]+)s$/.exec(m) ?? [];
    return Number(min) * 60 + Number(sec);
  };
  const [user, sys] = times.split(/\s+/);
  const cpu = seconds(user) + seconds(sys);
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
    totals: { pass: number; fail: number; inconclusive: number; instances: number; certifiedInstances: number };
  };
  const t = report.totals;
  const row: RunRow = {
    kind: 'run',
    suite,
    workers: os.availableParallelism(),
    wall_s: wall,
    cpu_s: cpu,
    instances: t.instances,
    certified: t.certifiedInstances,
    certified_per_minute: t.certifiedInstances / (wall / 60),
    pass: t.pass,
    fail: t.fail,
    inconclusive: t.inconclusive,
    load_average: os.loadavg(),
  };
  log(`ncverify run --suite ${suite}: ${wall.toFixed(1)} s, ${row.certified_per_minute.toFixed(1)} certified instances per minute`);
  return row;
}

main();
