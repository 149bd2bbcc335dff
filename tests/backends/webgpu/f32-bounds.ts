/**
 * Float32 error bounds for the ufm-ce value and gradient as the WGSL kernels compute them
 * (src/backends/webgpu/kernels.ts's dispatch plan), derived from the sizes with the standard
 * model fl(a op b) = (a op b)(1 + e), |e| <= u = 2^-24, and gamma(n) = n u / (1 - n u) for a
 * sum of n rounded terms (Higham, Accuracy and Stability of Numerical Algorithms, 3.1). Computed
 * here in float64 from the float32 point, independently of the code under test.
 *
 * Per stage (first order in u; the 1 + 1e-2 factor at the end covers the neglected products
 * of two error terms, each below (n u)^2 <= 1e-6 for the sizes tested):
 *  - logits: |dZ_kj| <= gamma(d + 1) (sum_t |W_kt H_tj| + |b_k|) =: eZ_kj; delta_j = max_k eZ_kj.
 *    lse is 1-Lipschitz in the max norm, so ce_j moves by <= 2 delta_j and each softmax
 *    probability by a factor within exp(+-2 delta_j).
 *  - ce pass: a_k = fl(z_k - m) (error u|z_k - m|), e_k = exp(a_k) with relative error expErr(a),
 *    s = sum e_k (gamma(K - 1)); so s has relative error sigma <= max_k theta_k + gamma(K - 1),
 *    theta_k = u|z_k - m| + expErr(a_k); log s adds logErr(s) + sigma / (1 - sigma); the two
 *    subtractions u(|lse| + |ce|). G_kj = (e_k / s - [k = y]) / N: p_k (theta_k + sigma + divErr)
 *    + u |p_k - [k = y]|, then / N and the rounded 1/N (2u).
 *  - t_j = ce_j / N + lambdaH/2 ||h_j||^2 (h2 with gamma(d), the coefficients 2u each, the sum u),
 *    summed by a 128-wide tree (7 levels), a strided per-thread sum of ceil(P/128) terms and a
 *    second tree: gamma(14 + ceil(P/128)) sum |t_j|. The W and b penalties likewise.
 *  - products: dW with gamma(N) sum_j |G_kj| |H_tj| plus sum_j eG_kj |H_tj|; dH with gamma(K)
 *    and the same propagation through W; db with gamma(ceil(N/128) + 7); the ridge terms
 *    gamma(2) lambda |x|, the final add u |g|.
 *
 * `expErr`, `logErr` and `divErr` are what differs between the Math.fround model (correctly
 * rounded double results rounded once to float32) and WGSL on a GPU (exp within 3 + 2|x| ULP,
 * log within 2^-21 absolute on [0.5, 2] or 3 ULP elsewhere, division within 2.5 ULP; an f32
 * ULP is at most 2^-23 |x| = 2u |x|). Float32 denormals may be flushed to zero on GPUs: an
 * absolute 2^-120 per entry covers that.
 */
export interface Float32Accuracy {
  /** Relative error of exp(a) for a <= 0. */
  readonly expErr: (a: number) => number;
  /** Absolute error of log(s) for s >= 1. */
  readonly logErr: (s: number) => number;
  /** Relative error of a division. */
  readonly divErr: number;
}

export const U = 2 ** -24;

/** Math.fround(Math.exp(a)) etc.: one float32 rounding of a (nearly) correctly rounded double. */
export const FROUND_ACCURACY: Float32Accuracy = {
  expErr: () => U * (1 + 2 ** -20),
  logErr: (s) => U * (1 + 2 ** -20) * Math.log(s),
  divErr: U,
};

/** What the WGSL spec allows (section "Floating Point Accuracy"). */
export const WGSL_ACCURACY: Float32Accuracy = {
  expErr: (a) => 2 * U * (3 + 2 * Math.abs(a)),
  logErr: (s) => 2 ** -21 + 2 * U * 3 * Math.log(s),
  divErr: 2 * U * 2.5,
};

const gamma = (n: number): number => (n * U) / (1 - n * U);
const TINY = 2 ** -120;

export interface UfmCeCase {
  readonly K: number;
  readonly d: number;
  readonly n: readonly number[];
  readonly bias: boolean;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB: number;
}

/** Bounds on |f32 result - exact| for f and each gradient entry, at the float32 point x. */
export function ufmCeFloat32Bounds(c: UfmCeCase, x: Float32Array, acc: Float32Accuracy): { f: number; g: Float64Array } {
  const { K, d, bias, lambdaW, lambdaH, lambdaB } = c;
  const N = c.n.reduce((a, b) => a + b, 0);
  const offH = K * d;
  const offB = offH + d * N;
  const size = offB + (bias ? K : 0);
  const W = (k: number, t: number) => x[k * d + t];
  const H = (t: number, j: number) => x[offH + t * N + j];
  const b = (k: number) => (bias ? x[offB + k] : 0);
  const label = new Int32Array(N);
  for (let k = 0, j = 0; k < K; k++) for (let s = 0; s < c.n[k]; s++) label[j++] = k;

  const G = new Float64Array(K * N);
  const eG = new Float64Array(K * N);
  let fBound = 0;
  let sumAbsT = 0;
  const z = new Float64Array(K);
  const eZ = new Float64Array(K);
  for (let j = 0; j < N; j++) {
    let delta = 0;
    for (let k = 0; k < K; k++) {
      let v = b(k);
      let a = Math.abs(b(k));
      for (let t = 0; t < d; t++) {
        v += W(k, t) * H(t, j);
        a += Math.abs(W(k, t) * H(t, j));
      }
      z[k] = v;
      eZ[k] = gamma(d + 1) * a;
      delta = Math.max(delta, eZ[k]);
    }
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, z[k]);
    let s = 0;
    let thetaMax = 0;
    const theta = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const a = z[k] - m;
      s += Math.exp(a);
      theta[k] = U * Math.abs(a) + acc.expErr(a);
      thetaMax = Math.max(thetaMax, theta[k]);
    }
    const sigma = thetaMax + gamma(K - 1);
    const lse = Math.log(s) + m;
    const ce = lse - z[label[j]];
    const ceErr = 2 * delta + acc.logErr(s) + sigma / (1 - sigma) + U * (Math.abs(lse) + Math.abs(ce));
    let h2 = 0;
    for (let t = 0; t < d; t++) h2 += H(t, j) ** 2;
    const tj = ce / N + 0.5 * lambdaH * h2;
    sumAbsT += Math.abs(tj);
    fBound += (ceErr / N) * (1 + 2 * U) + (Math.abs(ce) / N) * gamma(2) + 0.5 * lambdaH * h2 * gamma(d + 3) + U * Math.abs(tj);
    const grow = Math.expm1(2 * delta);
    for (let k = 0; k < K; k++) {
      const p = Math.exp(z[k] - m) / s;
      const r = p - (k === label[j] ? 1 : 0);
      G[k * N + j] = r / N;
      const pMax = p * (1 + grow);
      eG[k * N + j] = (grow * p + pMax * (theta[k] + sigma + acc.divErr) + U * Math.abs(r)) / N + 2 * U * Math.abs(r / N) + TINY;
    }
  }
  const P = Math.ceil(N / 128);
  fBound += gamma(14 + P) * sumAbsT;
  let w2 = 0;
  for (let i = 0; i < offH; i++) w2 += x[i] * x[i];
  let b2 = 0;
  for (let k = 0; k < K; k++) b2 += b(k) ** 2;
  fBound += 0.5 * lambdaW * w2 * gamma(Math.ceil(offH / 128) + 10) + 0.5 * lambdaB * b2 * gamma(Math.ceil(K / 128) + 10);
  // f itself: the two final additions.
  let f = sumAbsT + 0.5 * lambdaW * w2 + 0.5 * lambdaB * b2;
  fBound += 2 * U * f;

  const g = new Float64Array(size);
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < d; t++) {
      let absSum = 0;
      let prop = 0;
      let val = lambdaW * W(k, t);
      for (let j = 0; j < N; j++) {
        const h = Math.abs(H(t, j));
        absSum += (Math.abs(G[k * N + j]) + eG[k * N + j]) * h;
        prop += eG[k * N + j] * h;
        val += G[k * N + j] * H(t, j);
      }
      g[k * d + t] = prop + gamma(N) * absSum + gamma(2) * lambdaW * Math.abs(W(k, t)) + U * Math.abs(val) + TINY;
    }
  }
  for (let t = 0; t < d; t++) {
    for (let j = 0; j < N; j++) {
      let absSum = 0;
      let prop = 0;
      let val = lambdaH * H(t, j);
      for (let k = 0; k < K; k++) {
        const w = Math.abs(W(k, t));
        absSum += (Math.abs(G[k * N + j]) + eG[k * N + j]) * w;
        prop += eG[k * N + j] * w;
        val += W(k, t) * G[k * N + j];
      }
      g[offH + t * N + j] = prop + gamma(K) * absSum + gamma(2) * lambdaH * Math.abs(H(t, j)) + U * Math.abs(val) + TINY;
    }
  }
  if (bias) {
    for (let k = 0; k < K; k++) {
      let absSum = 0;
      let prop = 0;
      let val = lambdaB * b(k);
      for (let j = 0; j < N; j++) {
        absSum += Math.abs(G[k * N + j]) + eG[k * N + j];
        prop += eG[k * N + j];
        val += G[k * N + j];
      }
      g[offB + k] = prop + gamma(Math.ceil(N / 128) + 7) * absSum + gamma(2) * lambdaB * Math.abs(b(k)) + U * Math.abs(val) + TINY;
    }
  }
  const second = 1 + 1e-2;
  for (let i = 0; i < size; i++) g[i] *= second;
  f = fBound * second;
  return { f, g };
}
