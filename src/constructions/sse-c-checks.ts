/**
 * The claims of docs/catalogue.md, fedloge2024, as measurements (src/predicates/predicate.ts) of a
 * K x d classifier W (rows w_k, one per class): the dense ETF is an exact simplex ETF up to
 * scale; sparsification zeroes exactly floor(sparsity d K) entries and they stay zero through
 * the refinement; column (class) norms reach the target; nearest angles against the simplex's
 * arccos(-1/(K-1)); GLA-FR rows of norm gamma in the original directions.
 *
 * As in packing-checks.ts these are exact objects: the tolerance is the floor alone, and the
 * sensitivities are per unit perturbation of W.
 */
import { maxOf, minOf } from '../linalg/vector.ts';
import { InputError } from '../errors.ts';
import { type Mat } from '../linalg/matrix.ts';
import type { Measurement } from '../predicates/predicate.ts';

/** A simplex ETF built in closed form from a Householder Q is exact to rounding (K, d <= 1e3). */
export const DENSE_ETF_TOLERANCE = 1e-12;

/**
 * Stated tolerances of the refinement ("towards column norm 0.1 and large nearest angles" has no
 * number in the paper or the code): class norms within 2% of the target, and the mean nearest
 * angle within 2 degrees of the dense ETF's. At the authors' setting (K = 100, d = 512,
 * sparsity 0.6) their 10000 Adam steps reach 0.4% and 0.28 degrees. Where d is close to K
 * (d = K = 10: 6.4 degrees) or the entries are large (d < 10: Adam's ~lr per step cannot move
 * them to norm 0.1 in 10000 steps) the refinement misses these, and the checks say so.
 */
export const SSE_C_NORM_TOLERANCE = 0.02;
export const SSE_C_ANGLE_GAP_TOLERANCE = 2;

/**
 * W W^T / s = (K/(K-1)) (I - J/K) with s the mean squared row norm ("up to scale"). Deviation:
 * relative Frobenius error.
 */
export function checkDenseSimplexEtf(W: Mat): Measurement {
  const K = W.rows;
  if (K < 2) throw new InputError('K', `a simplex needs K >= 2, got ${K}`);
  const G = rowGramOf(W);
  let s = 0;
  for (let k = 0; k < K; k++) s += G[k * K + k];
  s /= K;
  let err = 0;
  let ref = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      const target = k === l ? 1 : -1 / (K - 1);
      err += (G[k * K + l] / s - target) ** 2;
      ref += target * target;
    }
  }
  return {
    deviation: Math.sqrt(err / ref),
    kind: 'relative',
    detail: `||W W^T / ${s.toPrecision(6)} - (K/(K-1)) C||_F / ||.||_F (K=${K})`,
    sensitivity: 4 / Math.sqrt(s),
  };
}

/**
 * The zero pattern: `mask` marks the entries zeroed by the sparsification (row-major over W).
 * Deviation (absolute, a count): the masked entries of W that are not exactly zero, plus
 * |zeros of W - expected| and |marked entries - expected|. 0 iff exactly `expected` zeros,
 * all of them where they were put.
 */
export function checkZeroPattern(W: Mat, mask: Uint8Array, expected: number): Measurement {
  if (mask.length !== W.rows * W.cols) throw new InputError('mask', `has ${mask.length} entries for a ${W.rows}x${W.cols} W`);
  let moved = 0;
  let zeros = 0;
  let marked = 0;
  for (let j = 0; j < mask.length; j++) {
    if (W.data[j] === 0) zeros++;
    if (mask[j]) {
      marked++;
      if (W.data[j] !== 0) moved++;
    }
  }
  return {
    deviation: moved + Math.abs(zeros - expected) + Math.abs(marked - expected),
    kind: 'absolute',
    detail: `${zeros} exact zeros (expected ${expected}), ${marked} zeroed by the sparsification, ${moved} of them no longer zero`,
    sensitivity: 0,
  };
}

/** Row (class) norms of W against `target`: max_k | ||w_k|| - target | / target. */
export function checkRowNorms(W: Mat, target: number): Measurement {
  let worst = 0;
  let lo = Infinity;
  let hi = 0;
  for (let k = 0; k < W.rows; k++) {
    let s = 0;
    for (let i = 0; i < W.cols; i++) s += W.data[k * W.cols + i] ** 2;
    const n = Math.sqrt(s);
    lo = Math.min(lo, n);
    hi = Math.max(hi, n);
    worst = Math.max(worst, Math.abs(n - target));
  }
  return {
    deviation: worst / target,
    kind: 'relative',
    detail: `class norms in [${lo.toPrecision(6)}, ${hi.toPrecision(6)}], target ${target}`,
    sensitivity: 1 / target,
  };
}

export interface NearestAngleStats {
  readonly K: number;
  /** Per class, the angle (degrees) to its nearest other class vector. */
  readonly nearest: Float64Array;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** arccos(-1/(K-1)) in degrees: every angle of the simplex ETF, the largest possible minimum (Rankin). */
  readonly etfAngle: number;
  /** etfAngle - mean nearest angle (degrees). */
  readonly gap: number;
  /** Mean and variance of all pairwise angles (degrees), as the authors' test_etf prints. */
  readonly pairMean: number;
  readonly pairVariance: number;
}

/** Nearest-angle statistics of the rows of W (zero rows refused). */
export function nearestAngles(W: Mat): NearestAngleStats {
  const K = W.rows;
  if (K < 2) throw new InputError('K', `needs K >= 2 classes, got ${K}`);
  const G = rowGramOf(W);
  const n = Float64Array.from({ length: K }, (_, k) => Math.sqrt(G[k * K + k]));
  for (let k = 0; k < K; k++) if (n[k] === 0) throw new InputError('W', `class ${k} is the zero vector: it has no angle`);
  const nearest = new Float64Array(K);
  let pairSum = 0;
  let pairSq = 0;
  for (let k = 0; k < K; k++) {
    let cmax = -Infinity;
    for (let l = 0; l < K; l++) {
      if (l === k) continue;
      const c = Math.min(1, Math.max(-1, G[k * K + l] / (n[k] * n[l])));
      cmax = Math.max(cmax, c);
      const a = (Math.acos(c) * 180) / Math.PI;
      pairSum += a;
      pairSq += a * a;
    }
    nearest[k] = (Math.acos(cmax) * 180) / Math.PI;
  }
  const pairs = K * (K - 1);
  const mean = nearest.reduce((a, b) => a + b, 0) / K;
  const etfAngle = (Math.acos(-1 / (K - 1)) * 180) / Math.PI;
  const pairMean = pairSum / pairs;
  return {
    K,
    nearest,
    mean,
    min: minOf(nearest),
    max: maxOf(nearest),
    etfAngle,
    gap: etfAngle - mean,
    pairMean,
    pairVariance: pairSq / pairs - pairMean * pairMean,
  };
}

/**
 * The refinement keeps the nearest angles within `toleranceDegrees` of the dense ETF's:
 * deviation (absolute, degrees) = max(0, etfAngle - mean nearest angle).
 */
export function checkNearestAngleGap(stats: NearestAngleStats, toleranceDegrees: number): Measurement {
  return {
    deviation: Math.max(0, stats.gap),
    kind: 'absolute',
    detail: `mean nearest angle ${stats.mean.toFixed(4)} deg (min ${stats.min.toFixed(4)}, max ${stats.max.toFixed(4)}) vs ETF ${stats.etfAngle.toFixed(4)} deg: gap ${stats.gap.toFixed(4)} deg, stated tolerance ${toleranceDegrees} deg`,
    sensitivity: 0,
  };
}

/**
 * Rankin's bound: K unit vectors (any d) have a pair at angle <= arccos(-1/(K-1)). Deviation
 * (relative): max(0, smallest nearest angle - etfAngle) / etfAngle, 0 for every real set; the
 * guard against angle statistics computed wrongly.
 */
export function checkRankinBound(stats: NearestAngleStats): Measurement {
  return {
    deviation: Math.max(0, stats.min - stats.etfAngle) / stats.etfAngle,
    kind: 'relative',
    detail: `smallest angle ${stats.min.toFixed(6)} deg <= ETF ${stats.etfAngle.toFixed(6)} deg`,
    sensitivity: 0,
  };
}

/**
 * GLA-FR: `realigned` has rows of norm gamma pointing along the rows of `W`. Deviation
 * (relative): the larger of max_k | ||r_k|| - gamma | / gamma and max_k (1 - cos(r_k, w_k)).
 */
export function checkRealignment(W: Mat, realigned: Mat, gamma: number): Measurement {
  if (W.rows !== realigned.rows || W.cols !== realigned.cols)
    throw new InputError('realigned', `is ${realigned.rows}x${realigned.cols}, W is ${W.rows}x${W.cols}`);
  let normDev = 0;
  let dirDev = 0;
  for (let k = 0; k < W.rows; k++) {
    let rr = 0;
    let ww = 0;
    let rw = 0;
    for (let i = 0; i < W.cols; i++) {
      const r = realigned.data[k * W.cols + i];
      const w = W.data[k * W.cols + i];
      rr += r * r;
      ww += w * w;
      rw += r * w;
    }
    normDev = Math.max(normDev, Math.abs(Math.sqrt(rr) - gamma) / gamma);
    dirDev = Math.max(dirDev, 1 - rw / Math.sqrt(rr * ww));
  }
  return {
    deviation: Math.max(normDev, dirDev),
    kind: 'relative',
    detail: `row norms within ${normDev.toExponential(2)} of gamma = ${gamma}, directions within 1 - cos = ${dirDev.toExponential(2)}`,
    sensitivity: 2 / gamma,
  };
}

function rowGramOf(W: Mat): Float64Array {
  const { rows: K, cols: d } = W;
  const G = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += W.data[k * d + i] * W.data[l * d + i];
      G[k * K + l] = s;
      G[l * K + k] = s;
    }
  }
  return G;
}
