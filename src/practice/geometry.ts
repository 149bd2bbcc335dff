/**
 * The last-layer geometry compared between a trained network and a claim's certified UFM
 * solution, from two K x K Grams: G = M M^T of the class means m_k (uncentred) and W W^T of
 * the classifier rows. Both sides go through the same functions, so a measured and a predicted
 * geometry differ only by their inputs.
 *
 * Every quantity is scale-free (a claim's solution has the scale its lambdas give; a network's
 * also depends on its backbone, its decay and its training time):
 *  - `meanGram`: the Gram of the centred means c_k = m_k - (1/K) sum_l m_l (the class-mean
 *    global mean of Papyan et al.'s code), P G P with P = I - 11^T/K, divided by its Frobenius
 *    norm;
 *  - `uncentredMeanGram`: M M^T / ||M M^T||_F, the uncentred means (where the ReLU model's
 *    orthogonal class means show; for a geometry with zero global mean it equals `meanGram`);
 *  - `wGram`: W W^T / ||W W^T||_F (uncentred, as the claims state W W^T);
 *  - `meanNormRatios`, `wNormRatios`: ||c_k|| / mean_l ||c_l|| and ||w_k|| / mean_l ||w_l||;
 *  - `minorityCosine`: mean cos(w_k, w_l) over pairs of minority classes, the minority-collapse
 *    pattern (Fang et al. 2021; Hong & Ling's Cor 4: 1 when the minority classifiers collapse);
 *  - `uncentredMeanCosine`: mean cos(m_k, m_l) over pairs of uncentred means (0: the orthogonal
 *    ReLU class means of Dang et al. 2024).
 * The balanced simplex ETF (`etfGeometry`) is the contrast: (I - 11^T/K)/sqrt(K-1) for both
 * normalised Grams, every ratio 1, every cosine -1/(K-1) (its class means have zero global mean,
 * so centred and uncentred cosines agree).
 */
import { maxOf, minOf } from '../linalg/vector.ts';

export interface Geometry {
  readonly K: number;
  readonly meanGram: number[][];
  readonly uncentredMeanGram: number[][];
  readonly wGram: number[][] | null;
  readonly meanNormRatios: number[];
  readonly wNormRatios: number[] | null;
  /** Classes the minority pattern is measured on (see `minorityClasses`). */
  readonly minority: number[];
  readonly minorityCosine: number | null;
  readonly uncentredMeanCosine: number;
  /** Unnormalised scale: ||W||_F^2 and the mean of ||m_k||^2 (reported, never compared). */
  readonly scale: { readonly wFrobeniusSq: number | null; readonly meanClassMeanSq: number };
}

/**
 * The minority classes of counts n: those with n_k <= sqrt(n_min n_max) (the minority cluster of
 * a step profile; the lower half, geometrically, of a long tail); none when balanced.
 */
export function minorityClasses(n: readonly number[]): number[] {
  const lo = minOf(n),
    hi = maxOf(n);
  if (lo === hi) return [];
  const cut = Math.sqrt(lo * hi);
  return n.flatMap((c, k) => (c <= cut ? [k] : []));
}

function frob(A: number[][]): number {
  let s = 0;
  for (const r of A) for (const v of r) s += v * v;
  return Math.sqrt(s);
}

function normalise(A: number[][]): number[][] {
  const f = frob(A);
  return A.map((r) => r.map((v) => (f > 0 ? v / f : 0)));
}

function centre(G: number[][]): number[][] {
  const K = G.length;
  const row = G.map((r) => r.reduce((a, b) => a + b, 0) / K);
  const all = row.reduce((a, b) => a + b, 0) / K;
  // (P G P)_{kl} = G_kl - rowmean_k - colmean_l + mean (G symmetric).
  return G.map((r, k) => r.map((v, l) => v - row[k] - row[l] + all));
}

function ratios(diag: number[]): number[] {
  const norms = diag.map((v) => Math.sqrt(Math.max(0, v)));
  const mean = norms.reduce((a, b) => a + b, 0) / norms.length;
  return norms.map((v) => (mean > 0 ? v / mean : 0));
}

function meanPairCosine(G: number[][], classes: readonly number[]): number | null {
  let s = 0,
    c = 0;
  for (let i = 0; i < classes.length; i++) {
    for (let j = i + 1; j < classes.length; j++) {
      const k = classes[i],
        l = classes[j];
      const den = Math.sqrt(G[k][k] * G[l][l]);
      s += den > 0 ? G[k][l] / den : 0;
      c++;
    }
  }
  return c > 0 ? s / c : null;
}

/** The geometry of class means with Gram `meanGram` (M M^T) and a classifier with Gram `wGram` (W W^T), for class counts n. */
export function geometryFromGrams(meanGram: number[][], wGram: number[][] | null, n: readonly number[]): Geometry {
  const K = meanGram.length;
  const minority = minorityClasses(n);
  const all = Array.from({ length: K }, (_, k) => k);
  const C = centre(meanGram);
  return {
    K,
    meanGram: normalise(C),
    uncentredMeanGram: normalise(meanGram),
    wGram: wGram ? normalise(wGram) : null,
    meanNormRatios: ratios(C.map((r, k) => r[k])),
    wNormRatios: wGram ? ratios(wGram.map((r, k) => r[k])) : null,
    minority,
    minorityCosine: wGram && minority.length >= 2 ? meanPairCosine(wGram, minority) : null,
    uncentredMeanCosine: meanPairCosine(meanGram, all) ?? 0,
    scale: { wFrobeniusSq: wGram ? wGram.reduce((a, r, k) => a + r[k], 0) : null, meanClassMeanSq: meanGram.reduce((a, r, k) => a + r[k], 0) / K },
  };
}

/** The balanced simplex ETF's geometry for K classes (minority classes as for counts n). */
export function etfGeometry(K: number, n: readonly number[]): Geometry {
  const E = Array.from({ length: K }, (_, k) => Array.from({ length: K }, (_, l) => ((k === l ? 1 : 0) - 1 / K) / Math.sqrt(K - 1)));
  const minority = minorityClasses(n);
  return {
    K,
    meanGram: E,
    uncentredMeanGram: E,
    wGram: E,
    meanNormRatios: new Array<number>(K).fill(1),
    wNormRatios: new Array<number>(K).fill(1),
    minority,
    minorityCosine: minority.length >= 2 ? -1 / (K - 1) : null,
    uncentredMeanCosine: -1 / (K - 1),
    scale: { wFrobeniusSq: null, meanClassMeanSq: NaN },
  };
}

/** M M^T of the class means (float64) of features (N x d, row-major) with labels 0..K-1. */
export function classMeanGram(features: ArrayLike<number>, labels: ArrayLike<number>, N: number, d: number, K: number): number[][] {
  const sums = new Float64Array(K * d);
  const counts = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    const k = labels[i];
    counts[k]++;
    for (let j = 0; j < d; j++) sums[k * d + j] += features[i * d + j];
  }
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) sums[k * d + j] /= counts[k];
  return rowGram(sums, K, d);
}

/** X X^T of a K x d row-major matrix, in float64. */
export function rowGram(X: ArrayLike<number>, K: number, d: number): number[][] {
  return Array.from({ length: K }, (_, k) =>
    Array.from({ length: K }, (_, l) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[k * d + j] * X[l * d + j];
      return s;
    }),
  );
}

/** One compared quantity: distance of the measured value to the prediction and to the ETF. */
export interface QuantityDistance {
  readonly quantity: 'meanGram' | 'uncentredMeanGram' | 'wGram' | 'meanNormRatios' | 'wNormRatios' | 'minorityCosine' | 'uncentredMeanCosine';
  /** How the distance is measured. */
  readonly distance: string;
  readonly toPrediction: number;
  readonly toEtf: number;
}

const fro = (A: number[][], B: number[][]) => Math.sqrt(A.reduce((s, r, i) => s + r.reduce((t, v, j) => t + (v - B[i][j]) ** 2, 0), 0));
const rms = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);

/** Distances of `measured` to `predicted` and to `etf`, for every quantity all three define. */
export function distances(measured: Geometry, predicted: Geometry, etf: Geometry): QuantityDistance[] {
  const out: QuantityDistance[] = [];
  out.push({
    quantity: 'meanGram',
    distance: 'Frobenius',
    toPrediction: fro(measured.meanGram, predicted.meanGram),
    toEtf: fro(measured.meanGram, etf.meanGram),
  });
  out.push({
    quantity: 'uncentredMeanGram',
    distance: 'Frobenius',
    toPrediction: fro(measured.uncentredMeanGram, predicted.uncentredMeanGram),
    toEtf: fro(measured.uncentredMeanGram, etf.uncentredMeanGram),
  });
  if (measured.wGram && predicted.wGram)
    out.push({ quantity: 'wGram', distance: 'Frobenius', toPrediction: fro(measured.wGram, predicted.wGram), toEtf: fro(measured.wGram, etf.wGram!) });
  out.push({
    quantity: 'meanNormRatios',
    distance: 'RMS over classes',
    toPrediction: rms(measured.meanNormRatios, predicted.meanNormRatios),
    toEtf: rms(measured.meanNormRatios, etf.meanNormRatios),
  });
  if (measured.wNormRatios && predicted.wNormRatios)
    out.push({
      quantity: 'wNormRatios',
      distance: 'RMS over classes',
      toPrediction: rms(measured.wNormRatios, predicted.wNormRatios),
      toEtf: rms(measured.wNormRatios, etf.wNormRatios!),
    });
  if (measured.minorityCosine !== null && predicted.minorityCosine !== null && etf.minorityCosine !== null) {
    out.push({
      quantity: 'minorityCosine',
      distance: 'absolute difference',
      toPrediction: Math.abs(measured.minorityCosine - predicted.minorityCosine),
      toEtf: Math.abs(measured.minorityCosine - etf.minorityCosine),
    });
  }
  out.push({
    quantity: 'uncentredMeanCosine',
    distance: 'absolute difference',
    toPrediction: Math.abs(measured.uncentredMeanCosine - predicted.uncentredMeanCosine),
    toEtf: Math.abs(measured.uncentredMeanCosine - etf.uncentredMeanCosine),
  });
  return out;
}

/**
 * The headline distance: the mean of the normalised-Gram distances (centred and uncentred class
 * means, and W when both sides have one), each in [0, 2].
 */
export function headline(ds: readonly QuantityDistance[], to: 'toPrediction' | 'toEtf'): number {
  const g = ds.filter((q) => q.quantity === 'meanGram' || q.quantity === 'uncentredMeanGram' || q.quantity === 'wGram');
  return g.reduce((s, q) => s + q[to], 0) / g.length;
}
