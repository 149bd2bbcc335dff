/**
 * `npm run bench:metrics`: ncverify's metrics against a numpy peer written from the same formulas
 * (bench/metrics_peer.py; Python only here), on the same generated files, in the same run.
 *
 *   A: N = 2e5, K = 100, d = 512, float32, with classifier and bias (scatter- and NC4-heavy)
 *   B: N = 1e5, K = 1e4, d = 256, float32, features and labels only (pair-heavy: 5e7 class pairs)
 *   E: N = 1e6, K = 1e4, d = 512, float32 (2 GB, generated into a temp dir and deleted after):
 *      ncverify end to end, time and peak RSS (goal < 2 GiB)
 *
 * Each run is its own process (bench/metrics-run.ts, the peer script); times are measured inside
 * the process around the computation (no interpreter start-up), medians over --reps. Both get the
 * same threads: ncverify --workers T, numpy OPENBLAS_NUM_THREADS=T (T = --threads, default the
 * cores). Every metric both report is compared (goal: same values to 1e-10 relative).
 *
 * usage: npm run bench:metrics -- [--reps R] [--threads T] [--only A,B,E] [--quick] [--e2e-classifier] [--e2e-rows N] [--json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NpyWriter } from '../src/io/npy.ts';

interface Workload {
  readonly id: string;
  readonly N: number;
  readonly K: number;
  readonly d: number;
  readonly classifier: boolean;
  readonly peer: boolean;
  readonly goal?: number;
}

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};
const quick = argv.includes('--quick');
const reps = Number(opt('--reps') ?? (quick ? 1 : 3));
const threads = Number(opt('--threads') ?? os.availableParallelism());
const only = (opt('--only') ?? 'A,B,E').split(',');
const e2eClassifier = argv.includes('--e2e-classifier');
/** Rows of the end-to-end run E (default 1e6): a smaller E with --e2e-classifier measures the NC4 rate. */
const e2eRows = opt('--e2e-rows') !== undefined ? Number(opt('--e2e-rows')) : undefined;
const asJson = argv.includes('--json');
const repo = path.resolve(import.meta.dirname, '..');

const WORKLOADS: Workload[] = quick
  ? [
      { id: 'A', N: 20000, K: 100, d: 128, classifier: true, peer: true, goal: 1 },
      { id: 'B', N: 20000, K: 2000, d: 64, classifier: false, peer: true, goal: 1 },
      { id: 'E', N: 100000, K: 2000, d: 128, classifier: e2eClassifier, peer: false },
    ]
  : [
      { id: 'A', N: 200000, K: 100, d: 512, classifier: true, peer: true, goal: 1 },
      { id: 'B', N: 100000, K: 10000, d: 256, classifier: false, peer: true, goal: 1 },
      { id: 'E', N: e2eRows ?? 1000000, K: 10000, d: 512, classifier: e2eClassifier, peer: false },
    ];

/** Marsaglia's xorshift128 and Box-Muller: fast, seeded, good enough for synthetic features. */
class FastRng {
  private spare: number | null = null;
  private readonly state: Uint32Array;
  constructor(seed: number) {
    this.state = new Uint32Array([Math.imul(seed, 2654435761) >>> 0 || 1, 362436069, 521288629, 88675123]);
  }
  uniform(): number {
    const s = this.state;
    let t = s[3];
    const u = s[0];
    s[3] = s[2];
    s[2] = s[1];
    s[1] = u;
    t ^= t << 11;
    t ^= t >>> 8;
    s[0] = t ^ u ^ (u >>> 19);
    return (s[0] >>> 0) / 4294967296 + 1 / 8589934592;
  }
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    const u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/**
 * Features: class means mu_k = 1 + 2 z_k (so mu_G is far from 0, as for ReLU features) plus noise
 * whose scale grows with k; imbalanced classes (Zipf-like, every class with at least 2 samples);
 * labels int64. Classifier W = mu_k - mean + noise (float32), bias N(0, 1).
 */
function generate(dir: string, w: Workload): { features: string; labels: string; W?: string; b?: string; bytes: number } {
  const rng = new FastRng(w.N + w.K + w.d);
  const { N, K, d } = w;
  const means = new Float32Array(K * d);
  for (let i = 0; i < K * d; i++) means[i] = 1 + 2 * rng.normal();
  const labels = new Float64Array(N);
  // Zipf weights 1/(k+1)^0.8, after 2 samples per class.
  const cdf = new Float64Array(K);
  let acc = 0;
  for (let k = 0; k < K; k++) cdf[k] = acc += 1 / (k + 1) ** 0.8;
  for (let i = 0; i < N; i++) {
    if (i < 2 * K) labels[i] = i % K;
    else {
      const u = rng.uniform() * acc;
      let lo = 0,
        hi = K - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      labels[i] = lo;
    }
  }
  const features = path.join(dir, 'features.npy');
  const fw = new NpyWriter(features, [N, d], '<f4');
  const chunk = 8192;
  const buf = new Float32Array(chunk * d);
  for (let s = 0; s < N; s += chunk) {
    const R = Math.min(chunk, N - s);
    for (let i = 0; i < R; i++) {
      const k = labels[s + i];
      const scale = 1 + (k % 7) * 0.1;
      for (let j = 0; j < d; j++) buf[i * d + j] = means[k * d + j] + scale * rng.normal();
    }
    fw.write(R === chunk ? buf : buf.subarray(0, R * d));
  }
  fw.close();
  const labelsFile = path.join(dir, 'labels.npy');
  const lw = new NpyWriter(labelsFile, [N], '<i8');
  lw.write(labels);
  lw.close();
  const out: { features: string; labels: string; W?: string; b?: string; bytes: number } = { features, labels: labelsFile, bytes: statSync(features).size };
  if (w.classifier) {
    const W = new Float32Array(K * d);
    for (let i = 0; i < K * d; i++) W[i] = means[i] - 1 + 0.5 * rng.normal();
    out.W = path.join(dir, 'W.npy');
    const ww = new NpyWriter(out.W, [K, d], '<f4');
    ww.write(W);
    ww.close();
    out.b = path.join(dir, 'b.npy');
    const bw = new NpyWriter(out.b, [K], '<f4');
    bw.write(Float32Array.from({ length: K }, () => rng.normal()));
    bw.close();
  }
  return out;
}

interface Measured {
  seconds: number;
  cpuSeconds?: number;
  maxRssMiB: number;
  values: Map<string, number>;
}

/** The JSON both sides print, walked without trusting its shape: `at(x, 'a', 'b')` is x.a.b or undefined. */
type Json = unknown;
function at(x: Json, ...keys: string[]): Json {
  let v = x;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}
const numAt = (x: Json, ...keys: string[]): number => {
  const v = at(x, ...keys);
  if (typeof v !== 'number') throw new Error(`bench: expected a number at ${keys.join('.')}`);
  return v;
};

function ncverifyRun(files: ReturnType<typeof generate>): Measured & { raw: Json } {
  const args = ['bin/run-ts.js', 'bench/metrics-run.ts', files.features, files.labels, ...(files.W ? [files.W, files.b!] : []), '--workers', String(threads)];
  const out = execFileSync('node', args, { cwd: repo, maxBuffer: 1 << 30 }).toString();
  const j: Json = JSON.parse(out);
  const cpu = at(j, 'cpuSeconds');
  return {
    seconds: numAt(j, 'seconds'),
    cpuSeconds: typeof cpu === 'number' ? cpu : undefined,
    maxRssMiB: numAt(j, 'maxRssMiB'),
    values: ncverifyValues(at(j, 'result')),
    raw: at(j, 'result'),
  };
}

function peerRun(files: ReturnType<typeof generate>): Measured {
  const r = spawnSync('python3', ['bench/metrics_peer.py', files.features, files.labels, ...(files.W ? [files.W, files.b!] : [])], {
    cwd: repo,
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`numpy peer failed: ${r.stderr.toString()}`);
  const j: Json = JSON.parse(r.stdout.toString());
  return { seconds: numAt(j, 'seconds', 'total'), maxRssMiB: numAt(j, 'maxRssMiB'), values: peerValues(j) };
}

const CONV = ['sampleWeighted', 'classMean'] as const;

function ncverifyValues(r: Json): Map<string, number> {
  const m = new Map<string, number>();
  // ncverify reports undefined metrics as { defined: false, why }, defined ones as { defined: true, value }.
  const put = (k: string, x: Json) => {
    if (typeof x === 'number') m.set(k, x);
    else if (at(x, 'defined') === true) {
      const v = at(x, 'value');
      if (typeof v === 'number') m.set(k, v);
    }
  };
  put('traceSigmaW', at(r, 'traceSigmaW'));
  for (const c of CONV) {
    for (const k of ['pinv', 'pinvNumpyCutoff', 'topKMinus1', 'traceQuotient']) put(`nc1.${c}.${k}`, at(r, 'nc1', c, k));
    const n2 = at(r, 'nc2', c);
    put(`nc2.${c}.equinormCov`, at(n2, 'equinormCov'));
    put(`nc2.${c}.logNormVariance`, at(n2, 'logNormVariance'));
    put(`nc2.${c}.coherence`, at(n2, 'coherence'));
    put(`nc2.${c}.cosineMean`, at(n2, 'cosine', 'mean'));
    put(`nc2.${c}.cosineStd`, at(n2, 'cosine', 'std'));
    put(`nc2.${c}.etfError`, at(n2, 'etfError'));
    put(`nc2.${c}.gnc2Mean`, at(n2, 'gnc2LogKernel', 'mean'));
    const sd = at(n2, 'gnc2LogKernel', 'std');
    if (at(sd, 'defined') === true) m.set(`nc2.${c}.gnc2Variance`, numAt(sd, 'value') ** 2);
    if (at(r, 'nc3') !== undefined)
      for (const k of ['selfDuality', 'crossStructureError', 'unc3CosineMean', 'unc3CosineVariance', 'normalisedDistanceMean'])
        put(`nc3.${c}.${k}`, at(r, 'nc3', c, k));
  }
  for (const p of [1, 2, 4]) {
    put(`cdnv${p}.mean`, at(r, 'cdnv', `distancePower${p}`, 'mean'));
    put(`cdnv${p}.std`, at(r, 'cdnv', `distancePower${p}`, 'std'));
  }
  if (at(r, 'classifier') !== undefined) for (const k of ['equinormCov', 'coherence', 'etfError']) put(`classifier.${k}`, at(r, 'classifier', k));
  if (at(r, 'nc4') !== undefined) {
    for (const rule of ['withBias', 'withoutBias'])
      for (const k of ['agreement', 'classAveragedAgreement', 'accuracy']) put(`nc4.${rule}.${k}`, at(r, 'nc4', rule, k));
    put('nc4.nccAccuracy', at(r, 'nc4', 'nccAccuracy'));
  }
  return m;
}

function peerValues(p: Json): Map<string, number> {
  const m = new Map<string, number>();
  const put = (k: string, x: Json) => {
    if (typeof x === 'number') m.set(k, x);
  };
  put('traceSigmaW', at(p, 'traceSigmaW'));
  for (const c of CONV) {
    for (const k of ['pinv', 'pinvNumpyCutoff', 'topKMinus1', 'traceQuotient']) put(`nc1.${c}.${k}`, at(p, 'nc1', c, k));
    for (const k of ['equinormCov', 'logNormVariance', 'coherence', 'cosineMean', 'cosineStd', 'etfError', 'gnc2Mean', 'gnc2Variance'])
      put(`nc2.${c}.${k}`, at(p, 'nc2', c, k));
    const n3 = at(p, 'nc3', c);
    if (n3 !== null && typeof n3 === 'object') for (const k of Object.keys(n3)) put(`nc3.${c}.${k}`, at(n3, k));
  }
  for (const q of [1, 2, 4]) {
    put(`cdnv${q}.mean`, at(p, 'cdnv', `distancePower${q}`, 'mean'));
    put(`cdnv${q}.std`, at(p, 'cdnv', `distancePower${q}`, 'std'));
  }
  if (at(p, 'classifier') !== undefined) for (const k of ['equinormCov', 'coherence', 'etfError']) put(`classifier.${k}`, at(p, 'classifier', k));
  if (at(p, 'nc4') !== undefined) {
    for (const rule of ['withBias', 'withoutBias'])
      for (const k of ['agreement', 'classAveragedAgreement', 'accuracy']) put(`nc4.${rule}.${k}`, at(p, 'nc4', rule, k));
    put('nc4.nccAccuracy', at(p, 'nc4', 'nccAccuracy'));
  }
  return m;
}

/** Largest relative difference over the metrics both report, and which. */
function compare(a: Map<string, number>, b: Map<string, number>): { worst: number; at: string; compared: number; missing: string[] } {
  let worst = 0;
  let at = '';
  let compared = 0;
  const missing: string[] = [];
  for (const [k, v] of b) {
    const u = a.get(k);
    if (u === undefined) {
      missing.push(k);
      continue;
    }
    compared++;
    const e = u === v ? 0 : Math.abs(u - v) / Math.max(Math.abs(u), Math.abs(v));
    if (e > worst) {
      worst = e;
      at = k;
    }
  }
  return { worst, at, compared, missing };
}

const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor((v.length - 1) / 2)];

const rows: Record<string, unknown>[] = [];
for (const w of WORKLOADS.filter((x) => only.includes(x.id))) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ncverify-bench-metrics-${w.id}-`));
  try {
    const tg = performance.now();
    const files = generate(dir, w);
    const genSeconds = (performance.now() - tg) / 1000;
    const nv: ReturnType<typeof ncverifyRun>[] = [];
    const np: Measured[] = [];
    for (let r = 0; r < (w.peer ? reps : 1); r++) {
      // Alternate the order so neither always runs on a warm page cache first.
      if (r % 2 === 0) {
        nv.push(ncverifyRun(files));
        if (w.peer) np.push(peerRun(files));
      } else {
        if (w.peer) np.push(peerRun(files));
        nv.push(ncverifyRun(files));
      }
    }
    const ns = median(nv.map((x) => x.seconds));
    const row: Record<string, unknown> = {
      workload: w.id,
      N: w.N,
      K: w.K,
      d: w.d,
      classifier: w.classifier,
      fileGB: files.bytes / 1e9,
      generateSeconds: genSeconds,
      reps: nv.length,
      threads,
      ncverifySeconds: ns,
      ncverifyCpuSeconds: median(nv.map((x) => x.cpuSeconds!)),
      ncverifyMaxRssMiB: Math.max(...nv.map((x) => x.maxRssMiB)),
      ncverifyPhases: at(nv[0].raw, 'run', 'seconds'),
      kernels: at(nv[0].raw, 'run', 'kernels'),
      pairs: (w.K * (w.K - 1)) / 2,
    };
    if (w.peer) {
      const ps = median(np.map((x) => x.seconds));
      const c = compare(nv[0].values, np[0].values);
      Object.assign(row, {
        numpySeconds: ps,
        numpyMaxRssMiB: Math.max(...np.map((x) => x.maxRssMiB)),
        ratio: ns / ps,
        goal: w.goal,
        met: ns / ps <= w.goal!,
        compared: c.compared,
        worstRelDiff: c.worst,
        worstAt: c.at,
        valuesGoalMet: c.worst <= 1e-10,
        missingInNcverify: c.missing,
      });
    } else {
      Object.assign(row, { rssGoalMiB: 2048, rssMet: (row.ncverifyMaxRssMiB as number) < 2048 });
    }
    rows.push(row);
    if (asJson) console.log(JSON.stringify(row));
    else console.error(`${w.id} done: ${JSON.stringify(row)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!asJson) {
  const f = (x: unknown, dig = 2) => (typeof x === 'number' ? x.toFixed(dig) : typeof x === 'string' ? x : '');
  const s = (x: unknown) => (typeof x === 'number' || typeof x === 'string' ? String(x) : '');
  console.log(
    '| workload | N | K | d | classifier | ncverify s | numpy s | ratio | goal | values: worst rel. diff (n) | ncverify peak RSS MiB | numpy peak RSS MiB |',
  );
  console.log('|---|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|');
  for (const r of rows) {
    const goal = r.goal !== undefined ? `${r.met ? 'met' : '**not met**'} (<= ${s(r.goal)})` : `RSS ${r.rssMet ? 'met' : '**not met**'} (< 2 GiB)`;
    console.log(
      `| ${s(r.workload)} | ${s(r.N)} | ${s(r.K)} | ${s(r.d)} | ${r.classifier ? 'yes' : 'no'} | ${f(r.ncverifySeconds)} | ${f(r.numpySeconds)} | ${f(r.ratio, 3)} | ${goal} | ${r.worstRelDiff !== undefined ? `${(r.worstRelDiff as number).toExponential(1)} (${s(r.compared)})` : ''} | ${f(r.ncverifyMaxRssMiB, 0)} | ${f(r.numpyMaxRssMiB, 0)} |`,
    );
  }
}
