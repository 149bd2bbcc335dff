/**
 * The class-mean geometry after the first pass: class means, the two global means, and one
 * coordinate system that holds every centred class mean of both conventions.
 *
 * Why one space is enough: with c_k = mu_k - mu_G^cm (class-mean convention), the sample-weighted
 * centring is c_k + delta with delta = mu_G^cm - mu_G^sw = sum_k (1/K - n_k/N) mu_k, whose
 * coefficients sum to 0, so delta = sum_k (1/K - n_k/N) c_k lies in S = span{c_k}. Both
 * between-class covariances Sigma_B = (1/K) sum_k (c_k + t delta)(c_k + t delta)^T therefore have
 * their range in S, and tr(Sigma_W Sigma_B^+) = tr(Q^T Sigma_W Q (Q^T Sigma_B Q)^+) for any
 * orthonormal Q whose span contains S. The second pass then needs the scatter only in those
 * r = min(K, d) coordinates: for K <= d an orthonormal basis of range(C^T) from a Householder QR
 * of C^T (d x K; stable, and complete even when C is rank deficient), for K > d the identity.
 * Every class-pair dot product is also taken in these coordinates (isometric on S).
 */
import { householderQr } from '../linalg/householder-qr.ts';
import type { GemmEngine } from './kernels.ts';
import { pad4 } from './kernels.ts';

export interface Geometry {
  readonly K: number;
  readonly d: number;
  /** Dimension of the coordinates: K when K <= d (projected), else d. */
  readonly r: number;
  readonly projected: boolean;
  readonly counts: Float64Array;
  readonly N: number;
  /** Class means, K x d. */
  readonly means: Float64Array;
  /** Sample-weighted global mean (1/N) sum_k n_k mu_k. */
  readonly muSampleWeighted: Float64Array;
  /** Unweighted mean of class means. */
  readonly muClassMean: Float64Array;
  /** Q (d x r, row-major) with span(Q) containing every centred mean; null when r = d (identity). */
  readonly Q: Float64Array | null;
  /** Coordinates of c_k = mu_k - mu_G^cm: K x r. */
  readonly C: Float64Array;
  /** Coordinates of delta = mu_G^cm - mu_G^sw (so sample-weighted centred means are C[k] + delta). */
  readonly delta: Float64Array;
}

/** Class means and the coordinate system from the first pass's sums. */
export function buildGeometry(sums: Float64Array, counts: Float64Array, d: number): Geometry {
  const K = counts.length;
  let N = 0;
  for (let k = 0; k < K; k++) N += counts[k];
  const means = new Float64Array(K * d);
  const muSW = new Float64Array(d);
  const muCM = new Float64Array(d);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < d; j++) {
      const m = sums[k * d + j] / counts[k];
      means[k * d + j] = m;
      muCM[j] += m;
      muSW[j] += sums[k * d + j];
    }
  }
  for (let j = 0; j < d; j++) {
    muCM[j] /= K;
    muSW[j] /= N;
  }
  const Cfull = new Float64Array(K * d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) Cfull[k * d + j] = means[k * d + j] - muCM[j];
  const deltaFull = new Float64Array(d);
  for (let j = 0; j < d; j++) deltaFull[j] = muCM[j] - muSW[j];
  if (K > d) {
    return { K, d, r: d, projected: false, counts, N, means, muSampleWeighted: muSW, muClassMean: muCM, Q: null, C: Cfull, delta: deltaFull };
  }
  // C^T = Q R: coordinates of c_k are column k of R.
  const At = new Float64Array(d * K);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) At[j * K + k] = Cfull[k * d + j];
  const { Q, R } = householderQr(At, d, K);
  const C = new Float64Array(K * K);
  for (let k = 0; k < K; k++) for (let i = 0; i < K; i++) C[k * K + i] = R[i * K + k];
  const delta = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Q[j * K + i] * deltaFull[j];
    delta[i] = s;
  }
  return { K, d, r: K, projected: true, counts, N, means, muSampleWeighted: muSW, muClassMean: muCM, Q, C, delta };
}

/** Coordinates of the centred means of one convention: C[k] + t delta (t = 0 class-mean, 1 sample-weighted). */
export function centredCoords(g: Geometry, sampleWeighted: boolean): Float64Array {
  if (!sampleWeighted) return g.C;
  const { K, r } = g;
  const out = new Float64Array(K * r);
  for (let k = 0; k < K; k++) for (let i = 0; i < r; i++) out[k * r + i] = g.C[k * r + i] + g.delta[i];
  return out;
}

/** (1/K) X^T X for X (K x r) row-major, through the engine: the r x r between-class covariance. */
export function sigmaB(engine: GemmEngine, X: Float64Array, K: number, r: number): Float64Array {
  const r4 = pad4(r);
  const [XT, Xp, S] = engine.reserve([r4 * K, K * r4, r4 * r4]);
  for (let k = 0; k < K; k++)
    for (let i = 0; i < r; i++) {
      XT[i * K + k] = X[k * r + i];
      Xp[k * r4 + i] = X[k * r + i];
    }
  engine.mul(r, r, K, XT, K, Xp, r4, S, r4, false);
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) out[i * r + j] = S[i * r4 + j] / K;
  // Exactly symmetric (the products are, up to the order of the t-sums, which is the same).
  for (let i = 0; i < r; i++) for (let j = 0; j < i; j++) out[i * r + j] = out[j * r + i];
  return out;
}
