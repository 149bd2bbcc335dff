/**
 * Neural-collapse metrics of a feature matrix: every published variant, side by side, exact in
 * float64, streaming.
 *
 * Conventions followed (read from the peers' sources; see README.md, "Features of real networks" for the table):
 *  - Papyan, Han & Donoho 2020 (and the public Colab of Han et al. 2022): Sigma_W = (1/N) sum_i
 *    (h_i - mu_{y_i})(h_i - mu_{y_i})^T; Sigma_B = (1/K) sum_k (mu_k - mu_G)(mu_k - mu_G)^T with
 *    mu_G = mean of the class means (`muG = torch.mean(M, dim=1)`); NC1 = tr(Sigma_W Sigma_B^+)/K
 *    (the Colab reports the trace without the 1/K; we keep the paper's 1/K), Sigma_B^+ there from
 *    scipy svds(Sigma_B, k=K-1) (our `topKMinus1`); equinorm = torch.std/mean (K-1 std);
 *    coherence = mean_{k != l} |cos + 1/(K-1)|; self-duality ||W/||W|| - M/||M|| ||_F^2.
 *  - rhubarbwu/neural-collapse (the Linguistic Collapse authors' toolkit): covariance_ratio 'pinv'
 *    = trace(torch.linalg.pinv(Sigma_B) Sigma_W)/K, torch's default rtol = max(d, d) eps
 *    (our `pinv`); 'svd' = the Han variant; 'quotient' = tr Sigma_W / tr Sigma_B (Tirer et al.
 *    2023); CDNV with `M_diff_norm_sq ** dist_exp` (dist_exp = 1: squared distance, Galanti et
 *    al. 2022); simplex_etf_error and self_duality_error as Frobenius distances of the normalised
 *    (cross-)Gram to (I - 11^T/K)/sqrt(K-1); kernel_stats: mean and population variance over
 *    pairs i < j of log(1/||u_i - u_j||) (GNC2, Liu et al. 2023). Its means accumulator
 *    centres at the unweighted mean of class means by default (weighted=False).
 *  - Linguistic Collapse (rhubarbwu/linguistic-collapse analyze.py at 9e25020): CDNV via
 *    variability_cdnv(V, M, 2), i.e. the squared distance squared (our `distancePower4`);
 *    norms and log-norm variances (torch .var, K-1); UNC3 from per-class cosines of w_k and
 *    mu_k - mu_G.
 * Both global means (sample-weighted and class-mean) are reported for every centred quantity.
 */
import { InputError, describe as describeValue } from '../errors.ts';
import { symmetricEigenQl } from '../linalg/symmetric-ql.ts';
import { inSharedMemory } from '../linalg/team.ts';
import { openRows, parseRowSource, readLabels, readMatrix, type RowReader, type RowSource } from '../io/rows.ts';
import { classSums } from './class-means.ts';
import { buildGeometry, centredCoords, sigmaB, type Geometry } from './geometry.ts';
import { GemmEngine, pad4 } from './kernels.ts';
import { remapLabels, type LabelMap } from './labels.ts';
import { CDNV_HIST, COS_HIST, STAT, TileRunner, emptyPartial, mergePartial, sampledPairs, tileList, type PairContext, type PairPartial } from './pairs.ts';
import { MetricsPool } from './pool.ts';
import { ScatterRunner, type ScatterBlock, type ScatterContext } from './scatter-block.ts';
import type { Moments } from './moments.ts';
import {
  CONVENTIONS,
  CONVENTION_TEXT,
  defined,
  undefinedMetric,
  type ClassifierNc2,
  type Convention,
  type Histogram,
  type Metric,
  type Nc1Metrics,
  type Nc2Metrics,
  type Nc3Metrics,
  type Nc4Metrics,
  type NcMetricsResult,
  type PairStat,
  type PerClass,
} from './types.ts';
import os from 'node:os';

/** A feature matrix: a file argument (`x.npy`, `x.safetensors:NAME`, `x.csv`), a row source, or values in memory. */
export type FeatureInput =
  | string
  | RowSource
  | { readonly data: Float64Array | Float32Array | ArrayLike<number>; readonly rows: number; readonly cols: number }
  | readonly (readonly number[])[];

/** Labels: a file argument or integers in memory. */
export type LabelInput = string | ArrayLike<number>;

/** A classifier W (K_W x d) or bias (K_W): a file argument or values in memory. */
export type MatrixInput = string | { readonly data: ArrayLike<number>; readonly rows: number; readonly cols: number };

/** Options of {@link ncMetrics}. */
export interface NcMetricsOptions {
  /** Last-layer classifier W, K_W x d (row w_j for label value j): enables NC3, NC4 and the classifier's NC2. */
  readonly classifier?: MatrixInput;
  /** Its bias b (K_W values): NC4 is then reported with and without it. */
  readonly bias?: string | ArrayLike<number>;
  /**
   * Estimate the pairwise statistics from this many uniformly sampled class pairs (with
   * replacement) instead of all K(K-1)/2; the result says so, with standard errors.
   * @defaultValue undefined (exact)
   */
  readonly pairs?: number;
  /** Seed of the pair sample. @defaultValue 1 */
  readonly seed?: number;
  /** Worker threads. Results do not depend on it. @defaultValue one per core, 1 for small inputs */
  readonly workers?: number;
  /**
   * Rows per block of the second pass (the unit of work and of the fixed summation order).
   * @defaultValue 4096
   */
  readonly blockRows?: number;
  /** Classes per pair tile. @defaultValue 128 */
  readonly tile?: number;
  /** Names of the inputs in error messages. @defaultValue the CLI flags */
  readonly names?: { readonly features?: string; readonly labels?: string; readonly classifier?: string; readonly bias?: string };
  /** Progress of each pass: rows (passes 1, 2) or tiles (pairs) done of total. */
  readonly onProgress?: (phase: 'pass1' | 'pass2' | 'pairs', done: number, total: number) => void;
  /** Use the JavaScript kernels even where WebAssembly SIMD exists (tests: same results). */
  readonly forceJsKernels?: boolean;
}

const EPS = 2 ** -52;
const FIGURE_CLASSES = 24;

function toRowSource(f: FeatureInput, input: string): RowSource {
  if (typeof f === 'string') return parseRowSource(f, input);
  if (Array.isArray(f)) {
    const rows = f.length;
    const cols = rows > 0 ? (f[0] as number[]).length : 0;
    const data = new Float64Array(rows * cols);
    (f as number[][]).forEach((row, i) => {
      if (row.length !== cols) throw new InputError(input, `row ${i} has ${row.length} values, row 0 has ${cols}`);
      data.set(row, i * cols);
    });
    return { kind: 'memory', data, rows, cols };
  }
  if ('kind' in (f as RowSource)) return f as RowSource;
  const m = f as { data: ArrayLike<number>; rows: number; cols: number };
  if (m.data.length !== m.rows * m.cols) throw new InputError(input, `${m.data.length} values do not make ${m.rows} x ${m.cols}`);
  const data = m.data instanceof Float64Array ? m.data : Float64Array.from(m.data);
  return { kind: 'memory', data, rows: m.rows, cols: m.cols, dtype: m.data instanceof Float32Array ? 'float32 (memory)' : 'float64 (memory)' };
}

function readMatrixInput(m: MatrixInput, input: string): { rows: number; cols: number; data: Float64Array } {
  if (typeof m === 'string') return readMatrix(m, input);
  if (m.data.length !== m.rows * m.cols) throw new InputError(input, `${m.data.length} values do not make ${m.rows} x ${m.cols}`);
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

function defaultWorkers(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

const momentMean = (m: Moments): number => m[1];
const momentStd = (m: Moments): number => Math.sqrt(m[2] / m[0]);
const momentSe = (m: Moments): number => (m[0] > 1 ? Math.sqrt(m[2] / (m[0] - 1) / m[0]) : NaN);

/**
 * All the metrics of issue 12 for features (N x d) with labels (N integers).
 *
 * Syntax:
 *   const r = await ncMetrics('features.npy', 'labels.npy', { classifier: 'W.npy' });
 *   r.nc1.classMean.pinv  // { defined: true, value } or { defined: false, reason }
 * See also: README.md ("Features of real networks"), `ncverify metrics`.
 */
export async function ncMetrics(features: FeatureInput, labels: LabelInput, options: NcMetricsOptions = {}): Promise<NcMetricsResult> {
  const t0 = performance.now();
  const names = { features: '--features', labels: '--labels', classifier: '--classifier', bias: '--bias', ...options.names };
  const blockRows = options.blockRows ?? 4096;
  const tile = pad4(options.tile ?? 128);
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new InputError('blockRows', `expected a positive integer, got ${describeValue(blockRows)}`);
  if (options.pairs !== undefined && (!Number.isInteger(options.pairs) || options.pairs < 1))
    throw new InputError('--pairs', `expected a positive integer, got ${describeValue(options.pairs)}`);

  let source = toRowSource(features, names.features);
  const reader: RowReader = openRows(source, names.features);
  let map: LabelMap;
  let W: { rows: number; cols: number; data: Float64Array } | undefined;
  let bias: Float64Array | undefined;
  const { rows: N, cols: d } = reader;
  const featureDtype = reader.dtype;
  let labelDtype: string;
  let sums: Float64Array;
  let pool: MetricsPool | null = null;
  let threads: number;
  try {
    if (d === 0) throw new InputError(names.features, `has shape (${N}, 0): d = 0, no feature dimensions`);
    if (N === 0) throw new InputError(names.features, 'has no rows (N = 0)');
    const read = typeof labels === 'string' ? readLabels(labels, names.labels) : { values: labels, dtype: 'memory' };
    labelDtype = read.dtype;
    const labelValues = read.values;
    if (labelValues.length !== N) throw new InputError(names.labels, `has ${labelValues.length} labels for ${N} feature rows`);
    map = remapLabels(labelValues, names.labels);
    if (map.K < 2) throw new InputError(names.labels, `has one class (label ${map.labelOf[0]}); the metrics compare classes, K >= 2`);
    if (options.classifier !== undefined) {
      W = readMatrixInput(options.classifier, names.classifier);
      if (W.cols !== d) {
        throw new InputError(
          names.classifier,
          `is ${W.rows} x ${W.cols} but the features have d = ${d}${W.rows === d ? ' (is W transposed? it must be K x d)' : ''}`,
        );
      }
      // More classifier rows than samples: most rows cannot have a sample, which is almost always
      // a transposed or wrong file; a classifier for a subsample of a large vocabulary should be
      // cut to the rows of the labels present first.
      if (W.rows > N)
        throw new InputError(
          names.classifier,
          `has K = ${W.rows} rows but there are only N = ${N} samples (K > N): is it transposed, or the wrong file? (for a subsample of a large vocabulary, keep the rows of the labels present)`,
        );
      const bad = map.labelOf.find((v) => v < 0 || v >= W!.rows);
      if (bad !== undefined)
        throw new InputError(names.labels, `label ${bad} has no row in ${names.classifier} (rows 0..${W.rows - 1}): with a classifier, labels index its rows`);
      for (let i = 0; i < W.data.length; i++)
        if (!Number.isFinite(W.data[i])) throw new InputError(names.classifier, `row ${Math.floor(i / d)}, column ${i % d} is ${W.data[i]}`);
    }
    if (options.bias !== undefined) {
      if (!W) throw new InputError(names.bias, 'needs --classifier (a bias without weights)');
      const b =
        typeof options.bias === 'string' ? readMatrix(options.bias, names.bias) : { rows: options.bias.length, cols: 1, data: Float64Array.from(options.bias) };
      if (b.data.length !== W.rows) throw new InputError(names.bias, `has ${b.data.length} values for ${W.rows} classifier rows`);
      for (let i = 0; i < b.data.length; i++) if (!Number.isFinite(b.data[i])) throw new InputError(names.bias, `value ${i} is ${b.data[i]}`);
      bias = b.data;
    }
    // Threads pay ~0.3-1 s to start (tsx in each), so below ~1e9 multiply-adds one thread is
    // faster. They are started before the first pass (which runs on this thread) so that they
    // boot while it reads.
    const K0 = map.K;
    const r0 = Math.min(K0, d);
    const work =
      N * d * (K0 <= d ? r0 : 0) + (N * r0 * r0) / 2 + (W ? N * (W.rows * d + K0 * r0) : 0) + (options.pairs ? 0 : (K0 * K0 * (r0 + (W ? d + 2 * r0 : 0))) / 2);
    threads = Math.max(1, Math.min(options.workers ?? (work < 1e9 ? 1 : defaultWorkers()), Math.ceil(N / blockRows) + tileList(K0, tile).length));
    if (threads > 1) pool = new MetricsPool(threads);
    sums = classSums(reader, map.classOf, map.K, blockRows, names.features, (done) => options.onProgress?.('pass1', done, N));
  } catch (e) {
    await pool?.close();
    throw e;
  } finally {
    reader.close();
  }
  const t1 = performance.now();
  const K = map.K;
  const geo = buildGeometry(sums, map.counts, d);
  const r = geo.r;
  const wRowOf = W ? Int32Array.from(map.labelOf) : undefined;
  const blocks = Math.ceil(N / blockRows);

  try {
    // ---- Pass 2: scatter, within-class variances, decisions.
    if (pool && source.kind === 'memory') source = { ...source, data: inSharedMemory(source.data) };
    const sctx: ScatterContext = {
      source,
      input: names.features,
      N,
      d,
      K,
      r,
      blockRows,
      classOf: pool ? inSharedMemory(map.classOf) : map.classOf,
      means: geo.means,
      Q: geo.Q,
      C: geo.C,
      ...(W ? { W: W.data, KW: W.rows, wRowOf, ...(bias ? { bias } : {}) } : {}),
      forceJsKernels: options.forceJsKernels,
    };
    const classVar = new Float64Array(K);
    const scatter = new Float64Array(r * r);
    const counts = W ? new Int32Array(5 * K) : null;
    let rowsDone = 0;
    const consume = (_i: number, b: ScatterBlock) => {
      for (let k = 0; k < K; k++) classVar[k] += b.classVar[k];
      for (let i = 0; i < r; i++) for (let j = i; j < r; j++) scatter[i * r + j] += b.scatter[i * r + j];
      if (counts && b.counts) for (let k = 0; k < counts.length; k++) counts[k] += b.counts[k];
      rowsDone = Math.min(N, rowsDone + blockRows);
      options.onProgress?.('pass2', rowsDone, N);
    };
    let kernels: 'wasm-simd' | 'js';
    if (pool) {
      await pool.init({ type: 'scatter-init', ctx: sctx });
      await pool.run<ScatterBlock>(blocks, (id) => ({ type: 'scatter', id, index: id }), consume);
      kernels = GemmEngine.create(options.forceJsKernels).backend;
    } else {
      const runner = new ScatterRunner(sctx);
      try {
        for (let i = 0; i < blocks; i++) consume(i, runner.run(i));
      } finally {
        runner.close();
      }
      kernels = GemmEngine.create(options.forceJsKernels).backend;
    }
    const t2 = performance.now();
    const SW = new Float64Array(r * r);
    for (let i = 0; i < r; i++)
      for (let j = i; j < r; j++) {
        SW[i * r + j] = scatter[i * r + j] / N;
        SW[j * r + i] = SW[i * r + j];
      }
    let trSW = 0;
    for (let k = 0; k < K; k++) trSW += classVar[k];
    trSW /= N;
    const variance = new Float64Array(K);
    const singleton = new Uint8Array(K);
    for (let k = 0; k < K; k++) {
      variance[k] = classVar[k] / map.counts[k];
      singleton[k] = map.counts[k] === 1 ? 1 : 0;
    }

    // ---- NC1 per convention.
    const engine = GemmEngine.create(options.forceJsKernels);
    const coords: Record<Convention, Float64Array> = { classMean: centredCoords(geo, false), sampleWeighted: centredCoords(geo, true) };
    const nc1 = {} as Record<Convention, Nc1Metrics>;
    const gramFro = {} as Record<Convention, number>;
    for (const conv of CONVENTIONS) {
      const SB = sigmaB(engine, coords[conv], K, r);
      let fro = 0;
      for (let i = 0; i < r * r; i++) fro += SB[i] * SB[i];
      gramFro[conv] = K * Math.sqrt(fro);
      nc1[conv] = nc1Variants(SB, SW, trSW, r, K, d);
    }

    // ---- Classifier rows of the classes, and their coordinates.
    let Wcls: Float64Array | undefined;
    let Wc: Float64Array | undefined;
    let wGramFro = 0;
    const crossFro = {} as Record<Convention, number>;
    if (W) {
      Wcls = new Float64Array(K * d);
      for (let k = 0; k < K; k++) Wcls.set(W.data.subarray(wRowOf![k] * d, wRowOf![k] * d + d), k * d);
      Wc = geo.Q ? project(engine, Wcls, geo.Q, K, d, r) : Wcls;
      // ||W W^T||_F = ||W^T W||_F (d x d), and ||W C^T||_F^2 = sum_l c_l^T (Wc^T Wc) c_l (each term >= 0: no cancellation).
      wGramFro = K * Math.sqrt(frobSq(sigmaB(engine, Wcls, K, d)));
      const A = sigmaB(engine, Wc, K, r);
      for (const conv of CONVENTIONS) {
        // sum_l c_l^T A c_l with T = X A through the engine (X: K x r centred coordinates).
        const X = coords[conv];
        const T = project(engine, X, A, K, r, r);
        let s = 0;
        for (let i = 0; i < K * r; i++) s += X[i] * T[i];
        crossFro[conv] = Math.sqrt(K * s);
      }
    }

    // ---- Pairs.
    const pctx: PairContext = {
      K,
      r,
      C: geo.C,
      delta: geo.delta,
      variance,
      singleton,
      gramFro: [gramFro.classMean, gramFro.sampleWeighted],
      ...(W ? { W: Wcls, d, Wc, wGramFro, crossFro: [crossFro.classMean, crossFro.sampleWeighted] as const } : {}),
      tile,
      forceJsKernels: options.forceJsKernels,
    };
    let partial: PairPartial;
    if (options.pairs !== undefined) {
      partial = sampledPairs(pctx, options.pairs, options.seed ?? 1);
      options.onProgress?.('pairs', 1, 1);
    } else {
      const tiles = tileList(K, tile);
      partial = emptyPartial();
      const consumeTile = (i: number, p: PairPartial) => {
        mergePartial(partial, p);
        options.onProgress?.('pairs', i + 1, tiles.length);
      };
      if (pool) {
        const shareCtx: PairContext = { ...pctx, C: inSharedMemory(pctx.C), ...(W ? { W: inSharedMemory(Wcls!), Wc: inSharedMemory(Wc!) } : {}) };
        await pool.init({ type: 'pairs-init', ctx: shareCtx });
        await pool.run<PairPartial>(tiles.length, (id) => ({ type: 'tile', id, I: tiles[id][0], J: tiles[id][1] }), consumeTile);
      } else {
        const runner = new TileRunner(pctx);
        tiles.forEach(([I, J], i) => consumeTile(i, runner.run(I, J)));
      }
    }
    const t3 = performance.now();
    return assemble({
      map,
      geo,
      N,
      d,
      K,
      r,
      trSW,
      variance,
      singleton,
      nc1,
      partial,
      W: Wcls,
      Wc,
      gramFro,
      wGramFro,
      crossFro,
      counts,
      hasBias: bias !== undefined,
      KW: W?.rows,
      sampled: options.pairs !== undefined ? { samples: options.pairs, seed: options.seed ?? 1 } : null,
      run: {
        workers: threads,
        blockRows,
        kernels,
        featureDtype,
        labelDtype,
        scatterDimension: r,
        projected: geo.projected,
        seconds: { pass1: (t1 - t0) / 1000, pass2: (t2 - t1) / 1000, pairs: (t3 - t2) / 1000, total: (performance.now() - t0) / 1000 },
      },
    });
  } finally {
    await pool?.close();
  }
}

function frobSq(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}

/** X Q for X (K x d) and Q (d x r). */
function project(engine: GemmEngine, X: Float64Array, Q: Float64Array, K: number, d: number, r: number): Float64Array {
  const r4 = pad4(r),
    d4 = pad4(d);
  const [A, B, C] = engine.reserve([pad4(K) * d4, d * r4, pad4(K) * r4]);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) A[k * d4 + j] = X[k * d + j];
  for (let j = 0; j < d; j++) for (let i = 0; i < r; i++) B[j * r4 + i] = Q[j * r + i];
  engine.mul(K, r, d, A, d4, B, r4, C, r4, false);
  const out = new Float64Array(K * r);
  for (let k = 0; k < K; k++) for (let i = 0; i < r; i++) out[k * r + i] = C[k * r4 + i];
  return out;
}

/**
 * NC1 variants from Sigma_B and Sigma_W in the same r coordinates. The pseudo-inverse keeps
 * eigenvalues above rtol * lambda_max: torch.linalg.pinv's default rtol = max(d, d) eps (the
 * rhubarbwu toolkit's 'pinv'; d is the feature dimension, as torch sees the d x d matrix) and
 * numpy.linalg.pinv's default rcond = 1e-15. The eigen-decomposition is backward stable
 * (symmetric-ql.ts), so eigenvalues below ~r eps lambda_max are rounding noise: both cutoffs
 * sit at or above that level.
 */
function nc1Variants(SB: Float64Array, SW: Float64Array, trSW: number, r: number, K: number, d: number): Nc1Metrics {
  const { values, vectors } = symmetricEigenQl(SB, r);
  const desc = Array.from(values)
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0]);
  const lambdaMax = Math.max(0, desc[0]?.[0] ?? 0);
  let trSB = 0;
  for (let i = 0; i < r; i++) trSB += SB[i * r + i];
  // u_i^T Sigma_W u_i for every eigenvector.
  const quad = new Float64Array(r);
  for (let c = 0; c < r; c++) {
    let s = 0;
    for (let i = 0; i < r; i++) {
      let t = 0;
      for (let j = 0; j < r; j++) t += SW[i * r + j] * vectors[j * r + c];
      s += vectors[i * r + c] * t;
    }
    quad[c] = s;
  }
  const cut = (rtol: number, who: string) => {
    const cutoff = rtol * lambdaMax;
    return { rtol, cutoff, rank: desc.filter(([v]) => v > cutoff).length, convention: who };
  };
  const torchCutoff = cut(d * EPS, 'torch.linalg.pinv default rtol = max(d, d) * eps (neural_collapse covariance_ratio "pinv")');
  const numpyCutoff = cut(1e-15, 'numpy.linalg.pinv default rcond = 1e-15');
  const pinvWith = (c: { cutoff: number; rank: number }): Metric => {
    if (lambdaMax === 0) return undefinedMetric('Sigma_B = 0: all class means coincide');
    let s = 0;
    for (const [v, i] of desc) if (v > c.cutoff) s += quad[i] / v;
    return defined(s / K);
  };
  let top: Metric;
  if (K - 1 > d) top = undefinedMetric(`K - 1 = ${K - 1} > d = ${d}: Sigma_B (d x d) has no K - 1 eigenpairs to invert (scipy svds(Sigma_B, k=K-1) fails)`);
  else if (lambdaMax === 0) top = undefinedMetric('Sigma_B = 0: all class means coincide');
  else {
    const kth = desc[K - 2][0];
    if (!(kth > torchCutoff.cutoff)) {
      top = undefinedMetric(
        `the (K-1)-th eigenvalue of Sigma_B is ${kth.toExponential(3)}, at or below the rank cutoff ${torchCutoff.cutoff.toExponential(3)} (numerical rank ${torchCutoff.rank} < K - 1 = ${K - 1}): inverting it divides by rounding noise`,
      );
    } else {
      let s = 0;
      for (let t = 0; t < K - 1; t++) s += quad[desc[t][1]] / desc[t][0];
      top = defined(s / K);
    }
  }
  return {
    pinv: pinvWith(torchCutoff),
    pinvNumpyCutoff: pinvWith(numpyCutoff),
    topKMinus1: top,
    traceQuotient: trSB > 0 ? defined(trSW / trSB) : undefinedMetric('tr(Sigma_B) = 0: all class means coincide'),
    sigmaB: { trace: trSB, lambdaMax, topEigenvalues: desc.slice(0, 64).map(([v]) => v), torchCutoff, numpyCutoff },
  };
}

interface AssembleInput {
  map: LabelMap;
  geo: Geometry;
  N: number;
  d: number;
  K: number;
  r: number;
  trSW: number;
  variance: Float64Array;
  singleton: Uint8Array;
  nc1: Record<Convention, Nc1Metrics>;
  partial: PairPartial;
  W?: Float64Array;
  Wc?: Float64Array;
  gramFro: Record<Convention, number>;
  wGramFro: number;
  crossFro: Record<Convention, number>;
  counts: Int32Array | null;
  hasBias: boolean;
  KW?: number;
  sampled: { samples: number; seed: number } | null;
  run: NcMetricsResult['run'];
}

function assemble(a: AssembleInput): NcMetricsResult {
  const { map, geo, N, d, K, partial, sampled } = a;
  const lab = (k: number) => `class ${k} (label ${map.labelOf[k]})`;
  const m = partial.moments;
  const sampledInfo = (s: number) => (sampled ? { pairs: m[s][0], standardError: momentSe(m[s]) } : undefined);
  const pairStat = (s: number, why: string | null): PairStat => {
    if (why !== null) return { mean: undefinedMetric(why), std: undefinedMetric(why), pairs: m[s][0] };
    if (m[s][0] === 0) return { mean: undefinedMetric('no pairs'), std: undefinedMetric('no pairs'), pairs: 0 };
    return { mean: defined(momentMean(m[s]), sampledInfo(s)), std: defined(momentStd(m[s])), pairs: m[s][0] };
  };
  const meanOf = (s: number, why: string | null): Metric => pairStat(s, why).mean;
  /** sqrt(diag + total over ordered off-diagonal pairs), the total from the mean over the pairs seen. */
  const etf = (s: number, diag: number, why: string | null): Metric => {
    if (why !== null) return undefinedMetric(why);
    const ordered = K * (K - 1);
    const mean = momentMean(m[s]);
    const total = diag + ordered * (m[s][0] > 0 ? mean : 0);
    const value = Math.sqrt(Math.max(0, total));
    if (!sampled) return defined(value);
    return defined(value, { pairs: m[s][0], standardError: (ordered * momentSe(m[s])) / (2 * value) });
  };
  const Ed = (1 - 1 / K) / Math.sqrt(K - 1);

  // Centred means in full d, per convention.
  const full: Record<Convention, Float64Array> = { classMean: new Float64Array(K * d), sampleWeighted: new Float64Array(K * d) };
  const norms: Record<Convention, Float64Array> = { classMean: new Float64Array(K), sampleWeighted: new Float64Array(K) };
  for (const conv of CONVENTIONS) {
    const mu = conv === 'classMean' ? geo.muClassMean : geo.muSampleWeighted;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const c = geo.means[k * d + j] - mu[j];
        full[conv][k * d + j] = c;
        s += c * c;
      }
      norms[conv][k] = Math.sqrt(s);
    }
  }
  const zeroNorm = (conv: Convention): string | null => {
    // The pair code tests the coordinates' norms; a centred mean of norm 0 has no direction.
    const X = conv === 'classMean' ? geo.C : null;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let i = 0; i < a.r; i++) {
        const v = X ? X[k * a.r + i] : geo.C[k * a.r + i] + geo.delta[i];
        s += v * v;
      }
      if (s === 0) return `${lab(k)} has mu_k = mu_G (${conv}): its centred mean has no direction`;
    }
    return null;
  };

  const nc2 = {} as Record<Convention, Nc2Metrics>;
  for (const conv of CONVENTIONS) {
    const t = conv === 'classMean' ? 0 : 1;
    const base = t === 0 ? STAT.cosCM : STAT.cosSW;
    const zn = zeroNorm(conv);
    const nrm = Array.from(norms[conv]);
    let diag = 0;
    for (let k = 0; k < K; k++) {
      const e = (nrm[k] * nrm[k]) / a.gramFro[conv] - Ed;
      diag += e * e;
    }
    const gncWhy = zn ?? (partial.zeroDirection[t] > 0 ? `${partial.zeroDirection[t]} pair(s) of classes have the same centred direction: log(1/0)` : null);
    nc2[conv] = {
      equinormCov: cov(nrm, 'the centred means all have norm 0'),
      logNormVariance: nrm.some((v) => v === 0)
        ? undefinedMetric(`${lab(nrm.findIndex((v) => v === 0))} has norm 0: log 0`)
        : defined(sampleVariance(nrm.map(Math.log))),
      coherence: meanOf(base + 1, zn),
      cosine: pairStat(base, zn),
      etfError: a.gramFro[conv] > 0 ? etf(base + 3, diag, zn) : undefinedMetric('the centred class-mean Gram is 0'),
      gnc2LogKernel: pairStat(base + 2, gncWhy),
    };
  }

  const nonSingleton = K - a.singleton.reduce((s, v) => s + v, 0);
  const cdnvWhy =
    nonSingleton < 2
      ? 'fewer than two classes have two or more samples'
      : partial.zeroDistance > 0
        ? `${partial.zeroDistance} pair(s) of classes have equal means (distance 0), e.g. ${lab(partial.firstZeroDistance![0])} and ${lab(partial.firstZeroDistance![1])}`
        : null;
  const histogram = (spec: { lo: number; width: number; bins: number }, counts: Float64Array, label: string): Histogram => ({
    lo: spec.lo,
    width: spec.width,
    counts: Array.from(counts.subarray(1, spec.bins + 1)),
    below: counts[0],
    above: counts[spec.bins + 1],
    label,
  });

  let classifier: ClassifierNc2 | undefined;
  let nc3: Record<Convention, Nc3Metrics> | undefined;
  const wNorm = new Float64Array(K);
  if (a.W) {
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a.W[k * d + j] ** 2;
      wNorm[k] = Math.sqrt(s);
    }
    let diagW = 0;
    for (let k = 0; k < K; k++) diagW += ((wNorm[k] * wNorm[k]) / a.wGramFro - Ed) ** 2;
    const zw = wNorm.findIndex((v) => v === 0);
    classifier = {
      equinormCov: cov(Array.from(wNorm), 'every classifier row is 0'),
      coherence: meanOf(STAT.cohW, zw >= 0 ? `classifier row of ${lab(zw)} is 0` : null),
      cosine: pairStat(STAT.cosW, zw >= 0 ? `classifier row of ${lab(zw)} is 0` : null),
      etfError: a.wGramFro > 0 ? etf(STAT.etfW, diagW, null) : undefinedMetric('W = 0'),
    };
    nc3 = {} as Record<Convention, Nc3Metrics>;
    let wFro = 0;
    for (let i = 0; i < K * d; i++) wFro += a.W[i] * a.W[i];
    wFro = Math.sqrt(wFro);
    for (const conv of CONVENTIONS) {
      const C = full[conv];
      let cFro = 0;
      for (let i = 0; i < K * d; i++) cFro += C[i] * C[i];
      cFro = Math.sqrt(cFro);
      let sd = 0;
      for (let i = 0; i < K * d; i++) sd += (a.W[i] / wFro - C[i] / cFro) ** 2;
      // Cross-structure diagonal: w_k . c_k in coordinates (c_k in span(Q)).
      const X = conv === 'classMean' ? geo.C : null;
      let diagX = 0;
      for (let k = 0; k < K; k++) {
        let x = 0;
        for (let i = 0; i < a.r; i++) x += a.Wc![k * a.r + i] * (X ? X[k * a.r + i] : geo.C[k * a.r + i] + geo.delta[i]);
        diagX += (x / a.crossFro[conv] - Ed) ** 2;
      }
      const cosWC: number[] = [];
      let distSum = 0;
      let zeroAt = -1;
      for (let k = 0; k < K; k++) {
        const nk = norms[conv][k];
        if (nk === 0 || wNorm[k] === 0) {
          zeroAt = k;
          continue;
        }
        let dot = 0,
          dist = 0;
        for (let j = 0; j < d; j++) {
          const w = a.W[k * d + j],
            c = C[k * d + j];
          dot += w * c;
          dist += (w / wNorm[k] - c / nk) ** 2;
        }
        cosWC.push(dot / (wNorm[k] * nk));
        distSum += Math.sqrt(dist);
      }
      const zWhy = zeroAt >= 0 ? `${lab(zeroAt)} has a zero classifier row or centred mean` : null;
      const cm = cosWC.reduce((s, v) => s + v, 0) / cosWC.length;
      const cv = sampleVariance(cosWC);
      nc3[conv] = {
        selfDuality: cFro > 0 && wFro > 0 ? defined(sd) : undefinedMetric('W = 0 or every centred mean is 0'),
        crossStructureError: a.crossFro[conv] > 0 ? etf(conv === 'classMean' ? STAT.crossCM : STAT.crossSW, diagX, null) : undefinedMetric('W M^T = 0'),
        unc3CosineMean: zWhy ? undefinedMetric(zWhy) : defined(cm),
        unc3CosineVariance: zWhy ? undefinedMetric(zWhy) : defined(cv),
        unc3CosineCov: zWhy ? undefinedMetric(zWhy) : cm === 0 ? undefinedMetric('mean cosine 0') : defined(Math.sqrt(cv) / cm),
        normalisedDistanceMean: zWhy ? undefinedMetric(zWhy) : defined(distSum / K),
      };
    }
  }

  let nc4: NcMetricsResult['nc4'];
  if (a.counts) {
    const c = a.counts;
    const rule = (agreeOff: number, correctOff: number): Nc4Metrics => {
      let agree = 0,
        correct = 0,
        classAvg = 0;
      for (let k = 0; k < K; k++) {
        agree += c[agreeOff + k];
        correct += c[correctOff + k];
        classAvg += c[agreeOff + k] / map.counts[k];
      }
      return { agreement: defined(agree / N), classAveragedAgreement: defined(classAvg / K), accuracy: defined(correct / N) };
    };
    let ncc = 0;
    for (let k = 0; k < K; k++) ncc += c[4 * K + k];
    nc4 = {
      ...(a.hasBias ? { withBias: rule(0, 2 * K) } : {}),
      withoutBias: rule(K, 3 * K),
      nccAccuracy: defined(ncc / N),
      classifierRows: a.KW!,
      rowsWithoutSamples: a.KW! - K,
    };
  }

  const perClass: PerClass[] = [];
  for (let k = 0; k < K; k++) {
    const row: PerClass = {
      class: k,
      label: map.labelOf[k],
      n: map.counts[k],
      variance: a.singleton[k] ? null : a.variance[k],
      centredNorm: { sampleWeighted: norms.sampleWeighted[k], classMean: norms.classMean[k] },
      ...(a.W
        ? {
            wNorm: wNorm[k],
            cosWToCentredMean: Object.fromEntries(
              CONVENTIONS.map((conv) => {
                const nk = norms[conv][k];
                if (nk === 0 || wNorm[k] === 0) return [conv, null];
                let dot = 0;
                for (let j = 0; j < d; j++) dot += a.W![k * d + j] * full[conv][k * d + j];
                return [conv, dot / (wNorm[k] * nk)];
              }),
            ) as Record<Convention, number | null>,
          }
        : {}),
    };
    perClass.push(row);
  }

  // Figures: the most frequent classes (ties: lower class first).
  const order = Array.from({ length: K }, (_, k) => k)
    .sort((x, y) => map.counts[y] - map.counts[x] || x - y)
    .slice(0, FIGURE_CLASSES)
    .sort((x, y) => x - y);
  const cosMat = (X: Float64Array, nrm: (k: number) => number) =>
    order.map((k) =>
      order.map((l) => {
        const nk = nrm(k),
          nl = nrm(l);
        if (nk === 0 || nl === 0) return 0;
        let s = 0;
        for (let j = 0; j < d; j++) s += X[k * d + j] * X[l * d + j];
        return s / (nk * nl);
      }),
    );
  let cdnvMatrix: (number | null)[][] | undefined;
  if (K <= 64) {
    cdnvMatrix = [];
    for (let k = 0; k < K; k++) {
      const row: (number | null)[] = [];
      for (let l = 0; l < K; l++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (geo.means[k * d + j] - geo.means[l * d + j]) ** 2;
        row.push(k === l || s === 0 || a.singleton[k] || a.singleton[l] ? null : (a.variance[k] + a.variance[l]) / (2 * s));
      }
      cdnvMatrix.push(row);
    }
  }
  return {
    N,
    d,
    K,
    conventions: CONVENTION_TEXT,
    traceSigmaW: a.trSW,
    nc1: a.nc1,
    cdnv: {
      distancePower1: pairStat(STAT.cdnv1, cdnvWhy),
      distancePower2: pairStat(STAT.cdnv2, cdnvWhy),
      distancePower4: pairStat(STAT.cdnv4, cdnvWhy),
      singletonClassesExcluded: K - nonSingleton,
      histogram: histogram(CDNV_HIST, partial.cdnvHist, 'log10 CDNV (distance power 2) over class pairs'),
    },
    nc2,
    ...(classifier ? { classifier } : {}),
    ...(nc3 ? { nc3 } : {}),
    ...(nc4 ? { nc4 } : {}),
    perClass,
    pairs: sampled ? { mode: 'sampled', samples: sampled.samples, seed: sampled.seed } : { mode: 'exact' },
    figures: {
      classes: order,
      meanCosines: {
        sampleWeighted: cosMat(full.sampleWeighted, (k) => norms.sampleWeighted[k]),
        classMean: cosMat(full.classMean, (k) => norms.classMean[k]),
      },
      ...(a.W ? { wCosines: cosMat(a.W, (k) => wNorm[k]) } : {}),
      ...(cdnvMatrix ? { cdnvMatrix } : {}),
      cosineHistogram: {
        classMean: histogram(COS_HIST, partial.cosHist[0], 'cosine of centred class means (class-mean mu_G)'),
        sampleWeighted: histogram(COS_HIST, partial.cosHist[1], 'cosine of centred class means (sample-weighted mu_G)'),
      },
    },
    run: a.run,
  };
}

/** Variance with K - 1 (torch.var / torch.std default). */
function sampleVariance(v: readonly number[]): number {
  const n = v.length;
  if (n < 2) return NaN;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  return v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
}

/** std (K - 1) / mean, as Papyan/Han's torch.std(norms)/torch.mean(norms). */
function cov(v: readonly number[], zeroWhy: string): Metric {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  if (mean === 0) return undefinedMetric(zeroWhy);
  return defined(Math.sqrt(sampleVariance(v)) / mean);
}
