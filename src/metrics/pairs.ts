/**
 * The O(K^2 r) class-pair statistics, exactly in cache-blocked tiles or on sampled pairs.
 *
 * A tile (I, J), I <= J, is the set of pairs (k, l) with k in class block I, l in block J (and
 * k < l when I = J). The dot products of its pairs come from one product of the coordinate
 * blocks (kernels.ts), then every statistic is formed per pair in float64:
 *
 *  - squared distance ||mu_k - mu_l||^2 = a_k + a_l - 2 c_k.c_l; where that cancels (below 1% of
 *    a_k + a_l, i.e. more than 2 digits lost) it is recomputed directly as sum (c_k - c_l)^2;
 *  - CDNV_p = (s_k + s_l) / (2 ||mu_k - mu_l||^p), p = 1, 2, 4 (s = within-class variance);
 *  - per convention, cos(c_k, c_l); |cos + 1/(K-1)|; the log kernel -1/2 log ||u_k - u_l||^2 with
 *    ||u_k - u_l||^2 = 2 - 2 cos, recomputed directly from the unit vectors when cos > 0.99;
 *    and the simplex-ETF term (G_kl/||G||_F - E_kl)^2 of the off-diagonal entries;
 *  - the sample-weighted dot (c_k + delta).(c_l + delta) = g + e_k + e_l + |delta|^2 from the
 *    class-mean one, recomputed directly where those terms exceed 100 times |c_k + delta||c_l + delta|
 *    (the absolute error of the cosine stays ~1e-14);
 *  - with a classifier: cos(w_k, w_l), its coherence and ETF term (W uncentred, as Papyan et al.),
 *    and the cross-structure term (w_k.c_l/||W C^T||_F - E_kl)^2 for k != l in both orders.
 *
 * Each tile's values are reduced to moments by two passes and tiles are merged in index order
 * (moments.ts), so the result is the same for any number of threads.
 */
import { GemmEngine, pad4 } from './kernels.ts';
import { emptyMoments, histAdd, mergeMoments, momentsOf, type HistogramSpec, type Moments } from './moments.ts';
import { Rng } from '../random.ts';

/** Statistic slots (moments) of a tile result. */
export const STAT = {
  cdnv1: 0,
  cdnv2: 1,
  cdnv4: 2,
  cosCM: 3,
  cohCM: 4,
  gncCM: 5,
  etfCM: 6,
  cosSW: 7,
  cohSW: 8,
  gncSW: 9,
  etfSW: 10,
  cosW: 11,
  cohW: 12,
  etfW: 13,
  crossCM: 14,
  crossSW: 15,
} as const;
export const N_STATS = 16;

export const CDNV_HIST: HistogramSpec = { lo: -8, width: 0.1, bins: 160 };
export const COS_HIST: HistogramSpec = { lo: -1, width: 0.02, bins: 100 };

/** Plain data every tile needs (sent once per worker). */
export interface PairContext {
  readonly K: number;
  readonly r: number;
  /** Class-mean-centred coordinates K x r; delta (r): sample-weighted = C[k] + delta. */
  readonly C: Float64Array;
  readonly delta: Float64Array;
  /** Within-class variances s_k (biased); singleton[k] = 1 for n_k = 1 (left out of CDNV). */
  readonly variance: Float64Array;
  readonly singleton: Uint8Array;
  /** ||G||_F of the centred Gram per convention [class-mean, sample-weighted]. */
  readonly gramFro: readonly [number, number];
  /** Classifier rows (K x d, classes' rows, uncentred), their coordinates W Q (K x r), ||W W^T||_F, ||W C^T||_F per convention. */
  readonly W?: Float64Array;
  readonly d?: number;
  readonly Wc?: Float64Array;
  readonly wGramFro?: number;
  readonly crossFro?: readonly [number, number];
  readonly tile: number;
  readonly forceJsKernels?: boolean;
}

/** One tile's (or one batch of sampled pairs') contribution. */
export interface PairPartial {
  readonly moments: Moments[];
  readonly cdnvHist: Float64Array;
  readonly cosHist: [Float64Array, Float64Array];
  /** Pairs with equal class means (CDNV undefined) and one such pair; pairs with equal directions per convention. */
  zeroDistance: number;
  firstZeroDistance: [number, number] | null;
  zeroDirection: [number, number];
  recomputed: number;
}

export function emptyPartial(): PairPartial {
  return {
    moments: Array.from({ length: N_STATS }, emptyMoments),
    cdnvHist: new Float64Array(CDNV_HIST.bins + 2),
    cosHist: [new Float64Array(COS_HIST.bins + 2), new Float64Array(COS_HIST.bins + 2)],
    zeroDistance: 0,
    firstZeroDistance: null,
    zeroDirection: [0, 0],
    recomputed: 0,
  };
}

/** Merges b into a (a's pairs first). */
export function mergePartial(a: PairPartial, b: PairPartial): void {
  for (let s = 0; s < N_STATS; s++) mergeMoments(a.moments[s], b.moments[s]);
  for (let i = 0; i < a.cdnvHist.length; i++) a.cdnvHist[i] += b.cdnvHist[i];
  for (let c = 0; c < 2; c++) for (let i = 0; i < a.cosHist[c].length; i++) a.cosHist[c][i] += b.cosHist[c][i];
  a.zeroDistance += b.zeroDistance;
  if (a.firstZeroDistance === null) a.firstZeroDistance = b.firstZeroDistance;
  a.zeroDirection[0] += b.zeroDirection[0];
  a.zeroDirection[1] += b.zeroDirection[1];
  a.recomputed += b.recomputed;
}

/**
 * Per-pair values of each statistic, turned into moments (two-pass) at `flush`. Capacity: 2 values
 * per statistic per pair for `pairs` pairs (the cross term has two per pair), so no push checks.
 */
class Collector {
  readonly vals: Float64Array[];
  readonly len = new Int32Array(N_STATS);
  constructor(
    readonly pairs: number,
    readonly out: PairPartial,
  ) {
    this.vals = Array.from({ length: N_STATS }, () => new Float64Array(2 * pairs));
  }
  flush(): void {
    for (let s = 0; s < N_STATS; s++) {
      if (this.len[s] > 0) mergeMoments(this.out.moments[s], momentsOf(this.vals[s], this.len[s]));
      this.len[s] = 0;
    }
  }
}

/** Per-class quantities derived once from the context. */
interface Derived {
  aCM: Float64Array;
  aSW: Float64Array;
  e: Float64Array;
  dd: number;
  /** sqrt of aCM / aSW. */
  sCM: Float64Array;
  sSW: Float64Array;
  wNorm?: Float64Array;
  ew?: Float64Array;
  eOff: number;
  inv: number;
}

function derive(ctx: PairContext): Derived {
  const { K, r, C, delta } = ctx;
  const aCM = new Float64Array(K);
  const aSW = new Float64Array(K);
  const e = new Float64Array(K);
  let dd = 0;
  for (let i = 0; i < r; i++) dd += delta[i] * delta[i];
  for (let k = 0; k < K; k++) {
    let a = 0,
      b = 0,
      c = 0;
    for (let i = 0; i < r; i++) {
      const x = C[k * r + i];
      const y = x + delta[i];
      a += x * x;
      b += y * y;
      c += x * delta[i];
    }
    aCM[k] = a;
    aSW[k] = b;
    e[k] = c;
  }
  const out: Derived = { aCM, aSW, e, dd, sCM: aCM.map(Math.sqrt), sSW: aSW.map(Math.sqrt), eOff: -1 / (K * Math.sqrt(K - 1)), inv: 1 / (K - 1) };
  if (ctx.W && ctx.Wc && ctx.d !== undefined) {
    const d = ctx.d;
    const wNorm = new Float64Array(K);
    const ew = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ctx.W[k * d + j] * ctx.W[k * d + j];
      wNorm[k] = Math.sqrt(s);
      let t = 0;
      for (let i = 0; i < r; i++) t += ctx.Wc[k * r + i] * delta[i];
      ew[k] = t;
    }
    out.wNorm = wNorm;
    out.ew = ew;
  }
  return out;
}

/** Squared distance between unit vectors (C[k] + sh delta)/nk and (C[l] + sh delta)/nl, directly. */
function unitDist2(C: Float64Array, delta: Float64Array, r: number, k: number, l: number, nk: number, nl: number, sh: number): number {
  const ia = 1 / nk,
    ib = 1 / nl;
  let s = 0;
  for (let i = 0; i < r; i++) {
    const q = (C[k * r + i] + sh * delta[i]) * ia - (C[l * r + i] + sh * delta[i]) * ib;
    s += q * q;
  }
  return s;
}

/** The class-mean-convention and sample-weighted statistics of one pair for one convention. */
function convention(
  col: Collector,
  p: PairPartial,
  t: number,
  base: number,
  dot: number,
  nk: number,
  nl: number,
  gramFro: number,
  D: Derived,
  ctx: PairContext,
  k: number,
  l: number,
): void {
  if (nk === 0 || nl === 0) return; // reported as undefined by the caller (a zero centred mean)
  const { vals, len } = col;
  const cos = dot / (nk * nl);
  vals[base][len[base]++] = cos;
  vals[base + 1][len[base + 1]++] = Math.abs(cos + D.inv);
  histAdd(COS_HIST, p.cosHist[t], cos);
  const u2 = cos > 0.99 ? unitDist2(ctx.C, ctx.delta, ctx.r, k, l, nk, nl, t) : 2 - 2 * cos;
  if (cos > 0.99) p.recomputed++;
  if (u2 > 0) vals[base + 2][len[base + 2]++] = -0.5 * Math.log(u2);
  else p.zeroDirection[t]++;
  const e = dot / gramFro - D.eOff;
  vals[base + 3][len[base + 3]++] = e * e;
}

/** The statistics of one pair k < l from its dot products (class-mean g; classifier omega, x_kl, x_lk). */
function pairStats(ctx: PairContext, D: Derived, col: Collector, k: number, l: number, g: number, omega: number, xkl: number, xlk: number): void {
  const { r, C, delta, variance, singleton, gramFro } = ctx;
  const p = col.out;
  const { vals, len } = col;
  const ak = D.aCM[k],
    al = D.aCM[l];
  let dist2 = ak + al - 2 * g;
  if (dist2 < 0.01 * (ak + al)) {
    let s = 0;
    for (let i = 0; i < r; i++) {
      const t = C[k * r + i] - C[l * r + i];
      s += t * t;
    }
    dist2 = s;
    p.recomputed++;
  }
  if (dist2 === 0) {
    p.zeroDistance++;
    if (p.firstZeroDistance === null) p.firstZeroDistance = [k, l];
  } else if (!singleton[k] && !singleton[l]) {
    const v = (variance[k] + variance[l]) / 2;
    const c2 = v / dist2;
    vals[STAT.cdnv1][len[STAT.cdnv1]++] = v / Math.sqrt(dist2);
    vals[STAT.cdnv2][len[STAT.cdnv2]++] = c2;
    vals[STAT.cdnv4][len[STAT.cdnv4]++] = c2 / dist2;
    if (c2 > 0) histAdd(CDNV_HIST, p.cdnvHist, Math.log10(c2));
    else p.cdnvHist[0]++;
  }
  convention(col, p, 0, STAT.cosCM, g, D.sCM[k], D.sCM[l], gramFro[0], D, ctx, k, l);
  const nk = D.sSW[k],
    nl = D.sSW[l];
  let dot = g + D.e[k] + D.e[l] + D.dd;
  if (Math.abs(g) + Math.abs(D.e[k]) + Math.abs(D.e[l]) + D.dd > 100 * nk * nl) {
    let s = 0;
    for (let i = 0; i < r; i++) s += (C[k * r + i] + delta[i]) * (C[l * r + i] + delta[i]);
    dot = s;
    p.recomputed++;
  }
  convention(col, p, 1, STAT.cosSW, dot, nk, nl, gramFro[1], D, ctx, k, l);
  if (D.wNorm) {
    const wk = D.wNorm[k],
      wl = D.wNorm[l];
    if (wk > 0 && wl > 0) {
      const cw = omega / (wk * wl);
      vals[STAT.cosW][len[STAT.cosW]++] = cw;
      vals[STAT.cohW][len[STAT.cohW]++] = Math.abs(cw + D.inv);
    }
    const ew = omega / ctx.wGramFro! - D.eOff;
    vals[STAT.etfW][len[STAT.etfW]++] = ew * ew;
    const xf = ctx.crossFro!;
    const c0 = xkl / xf[0] - D.eOff,
      c1 = xlk / xf[0] - D.eOff;
    vals[STAT.crossCM][len[STAT.crossCM]++] = c0 * c0;
    vals[STAT.crossCM][len[STAT.crossCM]++] = c1 * c1;
    const s0 = (xkl + D.ew![k]) / xf[1] - D.eOff,
      s1 = (xlk + D.ew![l]) / xf[1] - D.eOff;
    vals[STAT.crossSW][len[STAT.crossSW]++] = s0 * s0;
    vals[STAT.crossSW][len[STAT.crossSW]++] = s1 * s1;
  }
}

/** Computes tiles of one context; keeps the coordinate blocks in the engine's memory. */
export class TileRunner {
  private readonly engine: GemmEngine;
  private readonly D: Derived;
  private readonly T4: number;
  private readonly r4: number;
  private readonly K4: number;
  private readonly d4: number;
  private b: {
    CP: Float64Array;
    CT: Float64Array;
    WP: Float64Array;
    WT: Float64Array;
    WcP: Float64Array;
    G: Float64Array;
    Om: Float64Array;
    X1: Float64Array;
    X2: Float64Array;
  };

  constructor(private readonly ctx: PairContext) {
    this.engine = GemmEngine.create(ctx.forceJsKernels);
    this.D = derive(ctx);
    const { K, r, tile } = ctx;
    const d = ctx.d ?? 0;
    const hasW = ctx.W !== undefined;
    this.T4 = pad4(tile);
    this.r4 = pad4(r);
    this.K4 = pad4(K);
    this.d4 = pad4(d);
    const [CP, CT, WP, WT, WcP, G, Om, X1, X2] = this.engine.reserve([
      this.K4 * this.r4,
      this.r4 * this.K4,
      hasW ? this.K4 * this.d4 : 0,
      hasW ? this.d4 * this.K4 : 0,
      hasW ? this.K4 * this.r4 : 0,
      this.T4 * this.T4,
      hasW ? this.T4 * this.T4 : 0,
      hasW ? this.T4 * this.T4 : 0,
      hasW ? this.T4 * this.T4 : 0,
    ]);
    for (let k = 0; k < K; k++)
      for (let i = 0; i < r; i++) {
        CP[k * this.r4 + i] = ctx.C[k * r + i];
        CT[i * this.K4 + k] = ctx.C[k * r + i];
      }
    if (hasW) {
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < d; j++) {
          WP[k * this.d4 + j] = ctx.W[k * d + j];
          WT[j * this.K4 + k] = ctx.W[k * d + j];
        }
        for (let i = 0; i < r; i++) WcP[k * this.r4 + i] = ctx.Wc![k * r + i];
      }
    }
    this.b = { CP, CT, WP, WT, WcP, G, Om, X1, X2 };
  }

  /** Statistics of tile (I, J), I <= J. */
  run(I: number, J: number): PairPartial {
    const { K, r, tile } = this.ctx;
    const d = this.ctx.d ?? 0;
    const { T4, r4, K4, d4, b } = this;
    const i0 = I * tile,
      j0 = J * tile;
    const ni = Math.min(tile, K - i0),
      nj = Math.min(tile, K - j0);
    const hasW = this.ctx.W !== undefined;
    this.engine.mul(ni, nj, r, b.CP.subarray(i0 * r4), r4, b.CT.subarray(j0), K4, b.G, T4, false);
    if (hasW) {
      this.engine.mul(ni, nj, d, b.WP.subarray(i0 * d4), d4, b.WT.subarray(j0), K4, b.Om, T4, false);
      this.engine.mul(ni, nj, r, b.WcP.subarray(i0 * r4), r4, b.CT.subarray(j0), K4, b.X1, T4, false);
      // X2[l][k] = w_l . c_k for l in J, k in I.
      this.engine.mul(nj, ni, r, b.WcP.subarray(j0 * r4), r4, b.CT.subarray(i0), K4, b.X2, T4, false);
    }
    const out = emptyPartial();
    const col = new Collector(T4 * T4, out);
    for (let a = 0; a < ni; a++) {
      const k = i0 + a;
      for (let c = I === J ? a + 1 : 0; c < nj; c++) {
        const l = j0 + c;
        pairStats(this.ctx, this.D, col, k, l, b.G[a * T4 + c], hasW ? b.Om[a * T4 + c] : 0, hasW ? b.X1[a * T4 + c] : 0, hasW ? b.X2[c * T4 + a] : 0);
      }
    }
    col.flush();
    return out;
  }
}

/** Tiles (I, J), I <= J, in the order their partials are merged. */
export function tileList(K: number, tile: number): Array<[number, number]> {
  const nt = Math.ceil(K / tile);
  const out: Array<[number, number]> = [];
  for (let I = 0; I < nt; I++) for (let J = I; J < nt; J++) out.push([I, J]);
  return out;
}

/**
 * Statistics over `samples` class pairs k < l drawn uniformly with replacement (seeded): the
 * same per-pair formulas, dots computed directly. Standard errors come from the moments.
 */
export function sampledPairs(ctx: PairContext, samples: number, seed: number): PairPartial {
  const D = derive(ctx);
  const rng = new Rng(seed);
  const { K, r, C } = ctx;
  const d = ctx.d ?? 0;
  const out = emptyPartial();
  const col = new Collector(16384, out);
  for (let s = 0; s < samples; s++) {
    if (s > 0 && s % 16384 === 0) col.flush();
    let k = Math.floor(rng.uniform() * K);
    let l = Math.floor(rng.uniform() * (K - 1));
    if (l >= k) l++;
    if (l < k) [k, l] = [l, k];
    let g = 0;
    for (let i = 0; i < r; i++) g += C[k * r + i] * C[l * r + i];
    let omega = 0,
      xkl = 0,
      xlk = 0;
    if (ctx.W && ctx.Wc) {
      for (let j = 0; j < d; j++) omega += ctx.W[k * d + j] * ctx.W[l * d + j];
      for (let i = 0; i < r; i++) {
        xkl += ctx.Wc[k * r + i] * C[l * r + i];
        xlk += ctx.Wc[l * r + i] * C[k * r + i];
      }
    }
    pairStats(ctx, D, col, k, l, g, omega, xkl, xlk);
  }
  col.flush();
  return out;
}
