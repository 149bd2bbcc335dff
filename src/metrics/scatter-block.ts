/**
 * Second pass, one block of rows at a time (a worker thread or the main thread runs it; the
 * block boundaries are fixed multiples of `blockRows`, and blocks are combined in block order,
 * so the results do not depend on the thread count):
 *
 *  - z_i = h_i - mu_{y_i} in float64, and s_k += ||z_i||^2 (within-class variance sums, full d);
 *  - q_i = Q^T z_i (r = min(K, d) coordinates, see geometry.ts) and S_W += q_i q_i^T, only the
 *    upper triangle (bands of 64 rows);
 *  - with a classifier: argmax_j (w_j . h_i + b_j) with and without b (first index on ties, as
 *    numpy/torch argmax), and the nearest class mean argmin_k ||h_i - mu_k||^2, computed as
 *    argmin_k ||c_k||^2 - 2 (h_i - mu_G) . c_k in the r coordinates (exact on S, which holds
 *    every c_k: the constant ||h_i - mu_G||^2 drops, and no large ||mu_k||^2 is subtracted).
 */
import { InputError } from '../errors.ts';
import { openRows, type RowReader, type RowSource } from '../io/rows.ts';
import { GemmEngine, pad4 } from './kernels.ts';

/** Everything a block needs besides its rows (plain data, sent once to each worker). */
export interface ScatterContext {
  readonly source: RowSource;
  readonly input: string;
  readonly N: number;
  readonly d: number;
  readonly K: number;
  readonly r: number;
  readonly blockRows: number;
  readonly classOf: Int32Array;
  /** Class means K x d. */
  readonly means: Float64Array;
  /** Q d x r (null: identity, r = d). */
  readonly Q: Float64Array | null;
  /** Centred-mean coordinates (class-mean convention) K x r and mu_G^cm's coordinates offset: q_i + C[y_i] = Q^T (h_i - mu_G^cm). */
  readonly C: Float64Array;
  /** Classifier rows KW x d, bias KW, and the classifier row of each class (its label value). */
  readonly W?: Float64Array;
  readonly KW?: number;
  readonly bias?: Float64Array;
  readonly wRowOf?: Int32Array;
  readonly forceJsKernels?: boolean;
}

/** What one block adds. */
export interface ScatterBlock {
  readonly index: number;
  /** sum over the block's rows of class k of ||h - mu_k||^2. */
  readonly classVar: Float64Array;
  /** Upper triangle (row-major r x r) of sum q q^T. */
  readonly scatter: Float64Array;
  /**
   * With a classifier, per class (5 K counts): [agree with bias, agree without, linear correct
   * with bias, without, nearest-mean correct].
   */
  readonly counts: Int32Array | null;
}

const PANEL = 512;
const BAND = 64;

/** Runs blocks of one context, keeping the engine's persistent buffers between blocks. */
export class ScatterRunner {
  private readonly engine: GemmEngine;
  private reader: RowReader;
  private readonly d4: number;
  private readonly r4: number;
  private readonly K4: number;
  private readonly KW4: number;
  private bufs!: {
    Qb: Float64Array;
    WT: Float64Array;
    CT: Float64Array;
    H: Float64Array;
    Z: Float64Array;
    q: Float64Array;
    qT: Float64Array;
    S: Float64Array;
    L: Float64Array;
    P: Float64Array;
    L2: Float64Array;
  };
  private readonly cNorm: Float64Array;
  private rows: Float64Array;

  constructor(private readonly ctx: ScatterContext) {
    this.engine = GemmEngine.create(ctx.forceJsKernels);
    this.reader = openRows(ctx.source, ctx.input);
    const { d, r, K, blockRows } = ctx;
    this.d4 = pad4(d);
    this.r4 = ctx.Q ? pad4(r) : this.d4;
    this.K4 = pad4(K);
    this.KW4 = pad4(ctx.KW ?? 0);
    const R4 = pad4(blockRows);
    const hasW = ctx.W !== undefined;
    const panel = Math.min(PANEL, Math.max(this.KW4, this.K4));
    const [Qb, WT, CT, H, Z, q, qT, S, L, P, L2] = this.engine.reserve([
      ctx.Q ? d * this.r4 : 0,
      hasW ? d * this.KW4 : 0,
      hasW ? r * this.K4 : 0,
      R4 * this.d4,
      R4 * this.d4,
      ctx.Q ? R4 * this.r4 : 0,
      this.r4 * blockRows,
      this.r4 * this.r4,
      hasW ? R4 * panel : 0,
      hasW ? R4 * this.r4 : 0,
      hasW ? R4 * panel : 0,
    ]);
    if (ctx.Q) for (let j = 0; j < d; j++) for (let i = 0; i < r; i++) Qb[j * this.r4 + i] = ctx.Q[j * r + i];
    if (hasW) {
      const KW = ctx.KW!;
      for (let k = 0; k < KW; k++) for (let j = 0; j < d; j++) WT[j * this.KW4 + k] = ctx.W[k * d + j];
      for (let k = 0; k < K; k++) for (let i = 0; i < r; i++) CT[i * this.K4 + k] = ctx.C[k * r + i];
    }
    this.bufs = { Qb, WT, CT, H, Z, q: ctx.Q ? q : Z, qT, S, L, P, L2 };
    this.cNorm = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let i = 0; i < r; i++) s += ctx.C[k * r + i] * ctx.C[k * r + i];
      this.cNorm[k] = s;
    }
    this.rows = new Float64Array(blockRows * d);
  }

  run(index: number): ScatterBlock {
    const { d, r, K, blockRows, N, classOf, means } = this.ctx;
    const start = index * blockRows;
    const R = Math.min(blockRows, N - start);
    if (R <= 0) throw new RangeError(`ScatterRunner: block ${index} is past the end`);
    const { d4, r4 } = this;
    const b = this.bufs;
    const x = this.reader.read(start, R, this.rows);
    const classVar = new Float64Array(K);
    for (let i = 0; i < R; i++) {
      const y = classOf[start + i];
      const src = i * d;
      const dst = i * d4;
      const mu = y * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const h = x[src + j];
        // The first pass checked finiteness; a file that changed since would break every sum.
        if (h - h !== 0) throw new InputError(this.ctx.input, `row ${start + i}, column ${j} is ${h} (the file changed between passes?)`);
        const z = h - means[mu + j];
        b.H[dst + j] = h;
        b.Z[dst + j] = z;
        s += z * z;
      }
      classVar[y] += s;
    }
    // Rows past R in the block buffers keep stale values from an earlier block; zero them so
    // they add nothing to the scatter (they only ever reach pad rows of the products otherwise).
    for (let i = R; i < pad4(R); i++) {
      b.H.fill(0, i * d4, (i + 1) * d4);
      b.Z.fill(0, i * d4, (i + 1) * d4);
    }
    if (this.ctx.Q) this.engine.mul(R, r, d, b.Z, d4, b.Qb, r4, b.q, r4, false);
    // q^T (r x R), then the upper triangle of q^T q in bands of BAND rows.
    for (let i = 0; i < R; i++) for (let c = 0; c < r; c++) b.qT[c * R + i] = b.q[i * r4 + c];
    for (let rb = 0; rb < r; rb += BAND) {
      const rows = Math.min(BAND, r - rb);
      this.engine.mul(rows, r - rb, R, b.qT.subarray(rb * R), R, b.q.subarray(rb), r4, b.S.subarray(rb * r4 + rb), r4, false);
    }
    const scatter = new Float64Array(r * r);
    for (let i = 0; i < r; i++) for (let j = i; j < r; j++) scatter[i * r + j] = b.S[i * r4 + j];
    let counts: Int32Array | null = null;
    if (this.ctx.W) counts = this.decisions(start, R);
    return { index, classVar, scatter, counts };
  }

  private decisions(start: number, R: number): Int32Array {
    const { d, r, K, classOf, C } = this.ctx;
    const KW = this.ctx.KW!;
    const bias = this.ctx.bias;
    const wRowOf = this.ctx.wRowOf!;
    const { d4, r4, KW4, K4 } = this;
    const b = this.bufs;
    const bestB = new Float64Array(R).fill(-Infinity);
    const bestN = new Float64Array(R).fill(-Infinity);
    const argB = new Int32Array(R).fill(-1);
    const argN = new Int32Array(R).fill(-1);
    const panel = Math.min(PANEL, Math.max(KW4, K4));
    for (let c0 = 0; c0 < KW; c0 += panel) {
      const nc = Math.min(panel, KW - c0);
      this.engine.mul(R, nc, d, b.H, d4, b.WT.subarray(c0), KW4, b.L, panel, false);
      for (let i = 0; i < R; i++) {
        const row = i * panel;
        let vb = bestB[i],
          ab = argB[i],
          vn = bestN[i],
          an = argN[i];
        for (let c = 0; c < nc; c++) {
          const v = b.L[row + c];
          if (v > vn) {
            vn = v;
            an = c0 + c;
          }
          const w = bias ? v + bias[c0 + c] : v;
          if (w > vb) {
            vb = w;
            ab = c0 + c;
          }
        }
        bestB[i] = vb;
        argB[i] = ab;
        bestN[i] = vn;
        argN[i] = an;
      }
    }
    // Coordinates of h_i - mu_G^cm: q_i + C[y_i].
    for (let i = 0; i < R; i++) {
      const y = classOf[start + i];
      for (let c = 0; c < r; c++) b.P[i * r4 + c] = b.q[i * r4 + c] + C[y * r + c];
    }
    const bestS = new Float64Array(R).fill(Infinity);
    const argS = new Int32Array(R).fill(-1);
    for (let c0 = 0; c0 < K; c0 += panel) {
      const nc = Math.min(panel, K - c0);
      this.engine.mul(R, nc, r, b.P, r4, b.CT.subarray(c0), K4, b.L2, panel, false);
      for (let i = 0; i < R; i++) {
        const row = i * panel;
        let v = bestS[i],
          a = argS[i];
        for (let c = 0; c < nc; c++) {
          const s = this.cNorm[c0 + c] - 2 * b.L2[row + c];
          if (s < v) {
            v = s;
            a = c0 + c;
          }
        }
        bestS[i] = v;
        argS[i] = a;
      }
    }
    const counts = new Int32Array(5 * K);
    for (let i = 0; i < R; i++) {
      const y = classOf[start + i];
      const nccRow = wRowOf[argS[i]];
      if (argB[i] === nccRow) counts[y]++;
      if (argN[i] === nccRow) counts[K + y]++;
      if (argB[i] === wRowOf[y]) counts[2 * K + y]++;
      if (argN[i] === wRowOf[y]) counts[3 * K + y]++;
      if (argS[i] === y) counts[4 * K + y]++;
    }
    return counts;
  }

  close(): void {
    this.reader.close();
  }
}
