/**
 * FedLoGe's static sparse ETF classifier SSE-C and its GLA-FR realignment (docs/catalogue.md,
 * fedloge2024 [code]). Followed: util/etf_methods.py of github.com/ZackZikaiXiao/FedLoGe at
 * HEAD (commit 4ad77a1 "adjust norm", the version fedloge.py calls with beta = 0.6), and
 * globaltest_calibra in util/update_baseline.py for GLA-FR:
 *
 *   P, _ = np.linalg.qr(np.random.random((d, K)))            # uniform [0, 1) entries, thin QR
 *   M = sqrt(K / (K - 1)) P (I - J / K)                        # d x K, columns = class vectors
 *   zero int(beta d K) entries chosen without replacement     # flat index of the d x K array
 *   Adam(lr = 1e-4) for 10000 steps on the entries, gradient multiplied by mask = (M != 0):
 *     loss = sum_k (||m_k|| - 0.1)^2 - mean_k arccos(clamp(max_{l != k} cos(m_k, m_l), -0.99999, 0.99999))
 *   GLA-FR: w_k <- 1.7 w_k / ||w_k|| for the rows of the (K x d) global head.
 *
 * (Their comment says "row norms" but torch.norm(..., dim=0) of the d x K matrix is the column
 * norms, i.e. one norm per class; the older versions targeted norm 1 with lr 0.01.) Zeros stay
 * exactly zero: a coordinate whose gradient is always 0 keeps Adam's moments at 0, and its update
 * 0 / (0 + eps) is 0. Their float32 on CUDA becomes float64; torch's max over a row returns one
 * maximal index (the first here), and the gradient of the angle term flows only through it.
 * The classifier is returned as the K x d matrix W = M^T (rows w_k, their g_head.weight).
 */
import { InputError, describe } from '../errors.ts';
import { mat, type Mat } from '../linalg/matrix.ts';
import { Rng } from '../random.ts';
import { denseProducts } from './dense-products.ts';
import { orthonormalColumns } from './orthonormal.ts';

export interface SseCOptions {
  /** Classes, >= 2. */
  readonly K: number;
  /** Feature dimension, >= K (P needs K orthonormal columns in R^d). */
  readonly d: number;
  /** Their beta: the fraction of the d K entries set to zero, in [0, 1). @defaultValue 0.6 */
  readonly sparsity?: number;
  /** @defaultValue 1 */
  readonly seed?: number;
  /** Adam steps. @defaultValue 10000 */
  readonly steps?: number;
  /** Adam learning rate. @defaultValue 1e-4 */
  readonly lr?: number;
  /** Target column norm of the refinement. @defaultValue 0.1 */
  readonly normTarget?: number;
  /** GLA-FR row norm. @defaultValue 1.7 */
  readonly gamma?: number;
  /**
   * @internal A planted wrong variant for the tests: `false` skips the gradient mask, so the
   * zeros move. @defaultValue true
   */
  readonly maskGradient?: boolean;
  /** How each field is named in errors (the CLI passes its flags). */
  readonly names?: Partial<Record<'K' | 'd' | 'sparsity', string>>;
}

export interface SseCResult {
  /** The dense ETF as K x d rows (M^T): W W^T = (K/(K-1)) C exactly. */
  readonly dense: Mat;
  /** The sparsified ETF before refinement (K x d). */
  readonly sparse: Mat;
  /** The refined SSE-C classifier (K x d). */
  readonly refined: Mat;
  /** GLA-FR: the refined rows realigned to norm gamma (K x d). */
  readonly realigned: Mat;
  /** 1 where an entry was zeroed (row-major over K x d). */
  readonly zeroMask: Uint8Array;
  /** floor(sparsity d K), as their int(beta * feat_in * num_classes). */
  readonly zeroCount: number;
  readonly sparsity: number;
  readonly normTarget: number;
  readonly gamma: number;
  readonly steps: number;
  readonly lr: number;
  /** Their loss at the last step (norm term + angle term). */
  readonly finalLoss: number;
}

/**
 * Builds SSE-C.
 *
 * Syntax: sseC({ K: 10, d: 32, sparsity: 0.6, seed: 1 }) -> { dense, sparse, refined, realigned, ... }
 * See also: checkZeroPattern, nearestAngles (sse-c-checks.ts)
 */
export function sseC(options: SseCOptions): SseCResult {
  const names = { K: 'K', d: 'd', sparsity: 'sparsity', ...options.names };
  const { K, d } = options;
  if (typeof K !== 'number' || !Number.isInteger(K) || K < 2)
    throw new InputError(names.K, `expected an integer >= 2 (a simplex needs two classes), got ${describe(K)}`);
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) throw new InputError(names.d, `expected an integer >= 1, got ${describe(d)}`);
  if (K > d) throw new InputError(names.K, `must be <= d = ${d}: P needs K = ${K} orthonormal columns in R^${d} (the authors' QR of a d x K matrix)`);
  const sparsity = options.sparsity ?? 0.6;
  if (typeof sparsity !== 'number' || !Number.isFinite(sparsity) || sparsity < 0 || sparsity >= 1) {
    throw new InputError(names.sparsity, `expected a number in [0, 1) (the fraction of entries set to zero), got ${describe(sparsity)}`);
  }
  const steps = options.steps ?? 10000;
  const lr = options.lr ?? 1e-4;
  const normTarget = options.normTarget ?? 0.1;
  const gamma = options.gamma ?? 1.7;
  const rng = new Rng(options.seed ?? 1);

  // Dense ETF, stored as X = M^T (K x d): row k is their column k.
  const A = mat(
    d,
    K,
    Float64Array.from({ length: d * K }, () => rng.uniform()),
  );
  const P = orthonormalColumns(A);
  const s = Math.sqrt(K / (K - 1));
  const X = new Float64Array(K * d);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < d; i++) {
      // (P C)_{ik} = P_ik - mean_l P_il
      let mean = 0;
      for (let l = 0; l < K; l++) mean += P.data[i * K + l];
      mean /= K;
      X[k * d + i] = s * (P.data[i * K + k] - mean);
    }
  }
  const dense = mat(K, d, Float64Array.from(X));

  // Same product order as their int(beta * feat_in * num_classes).
  const zeroCount = Math.floor(sparsity * d * K);
  const zeroMask = new Uint8Array(K * d);
  for (const flat of sampleWithoutReplacement(d * K, zeroCount, rng)) {
    // Their flat index runs over the d x K array row-major: flat = i K + k.
    const i = Math.floor(flat / K);
    const k = flat % K;
    zeroMask[k * d + i] = 1;
    X[k * d + i] = 0;
  }
  for (let k = 0; k < K; k++) {
    let nz = false;
    for (let i = 0; i < d && !nz; i++) nz = X[k * d + i] !== 0;
    if (!nz) {
      throw new InputError(
        names.sparsity,
        `${sparsity} with seed ${options.seed ?? 1} zeroed every entry of class ${k}: its norm is 0 and the authors' refinement divides by it (NaN); use a smaller sparsity, a larger d or another seed`,
      );
    }
  }
  const sparse = mat(K, d, Float64Array.from(X));
  // Their mask is (sparse_etf != 0): also an entry of M that was exactly 0 before sparsifying.
  const mask = Float64Array.from(X, (v) => (v !== 0 ? 1 : 0));
  const useMask = options.maskGradient !== false;

  const products = denseProducts(K, d);
  const N = new Float64Array(K * d);
  const G = new Float64Array(K * K);
  const W = new Float64Array(K * K);
  const dN = new Float64Array(K * d);
  const grad = new Float64Array(K * d);
  const norms = new Float64Array(K);
  const m1 = new Float64Array(K * d);
  const m2 = new Float64Array(K * d);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  const CLAMP = 0.99999;
  let finalLoss = NaN;
  for (let t = 1; t <= steps; t++) {
    let normLoss = 0;
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let i = 0; i < d; i++) q += X[k * d + i] * X[k * d + i];
      norms[k] = Math.sqrt(q);
      normLoss += (norms[k] - normTarget) ** 2;
      for (let i = 0; i < d; i++) N[k * d + i] = X[k * d + i] / norms[k];
    }
    products.gram(N, G);
    W.fill(0);
    let angleLoss = 0;
    for (let k = 0; k < K; k++) {
      // diagonal filled with -1: the max runs over l != k (first maximal index).
      let best = -1;
      let c = -Infinity;
      for (let l = 0; l < K; l++) {
        const v = l === k ? -1 : G[k * K + l];
        if (v > c) {
          c = v;
          best = l;
        }
      }
      const cc = Math.min(CLAMP, Math.max(-CLAMP, c));
      angleLoss -= Math.acos(cc) / K;
      // d(-acos(c)/K)/dc = 1 / (K sqrt(1 - c^2)) inside the clamp; torch's clamp passes the
      // gradient on the closed interval, 0 outside. The diagonal entry carries no gradient.
      if (best !== k && c >= -CLAMP && c <= CLAMP) W[k * K + best] += 1 / (K * Math.sqrt(1 - c * c));
    }
    finalLoss = normLoss + angleLoss;
    // dL/dN = (W + W^T) N: cos_kl = n_k . n_l feeds both n_k and n_l. Symmetrise, then one product.
    for (let k = 0; k < K; k++) {
      for (let l = k + 1; l < K; l++) {
        const v = W[k * K + l] + W[l * K + k];
        W[k * K + l] = v;
        W[l * K + k] = v;
      }
    }
    products.weighted(W, N, dN);
    for (let k = 0; k < K; k++) {
      // Through n_k = x_k / ||x_k||, plus the norm term 2 (||x_k|| - target) n_k.
      let proj = 0;
      for (let i = 0; i < d; i++) proj += dN[k * d + i] * N[k * d + i];
      const nk = norms[k];
      const radial = 2 * (nk - normTarget);
      for (let i = 0; i < d; i++) {
        const j = k * d + i;
        grad[j] = (dN[j] - proj * N[j]) / nk + radial * N[j];
        if (useMask) grad[j] *= mask[j];
      }
    }
    // torch.optim.Adam (amsgrad off, no weight decay), in its own order of operations.
    const bc1 = 1 - beta1 ** t;
    const bc2 = 1 - beta2 ** t;
    const stepSize = lr / bc1;
    const sbc2 = Math.sqrt(bc2);
    for (let j = 0; j < K * d; j++) {
      const g = grad[j];
      m1[j] = beta1 * m1[j] + (1 - beta1) * g;
      m2[j] = beta2 * m2[j] + (1 - beta2) * g * g;
      X[j] -= (stepSize * m1[j]) / (Math.sqrt(m2[j]) / sbc2 + eps);
    }
  }
  const refined = mat(K, d, Float64Array.from(X));
  return { dense, sparse, refined, realigned: realignRows(refined, gamma), zeroMask, zeroCount, sparsity, normTarget, gamma, steps, lr, finalLoss };
}

/**
 * GLA-FR: every row w_k replaced by gamma w_k / ||w_k|| (their inverse_cali_alpha = 1.7 / ||w_k||).
 * A zero row is left at zero (it has no direction).
 */
export function realignRows(W: Mat, gamma = 1.7): Mat {
  const out = mat(W.rows, W.cols);
  for (let k = 0; k < W.rows; k++) {
    let s = 0;
    for (let i = 0; i < W.cols; i++) s += W.data[k * W.cols + i] ** 2;
    const n = Math.sqrt(s);
    if (n === 0) continue;
    for (let i = 0; i < W.cols; i++) out.data[k * W.cols + i] = (gamma * W.data[k * W.cols + i]) / n;
  }
  return out;
}

/** `count` distinct integers of [0, n), uniformly (a partial Fisher-Yates shuffle). */
function sampleWithoutReplacement(n: number, count: number, rng: Rng): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, n - 1);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm.subarray(0, count);
}
