/**
 * The convex UFM-Z problem of Hong & Ling (docs/catalogue.md, hongling2024), at class level:
 *
 *   min_{Z_bar, b} (1/N) sum_k n_k CE(z_k + b, k) + lambdaZ ||Z_bar D^{1/2}||_* + lambdaB/2 ||b||^2
 *
 * with Z_bar (K x K) the class-mean logits (column k = logits of class k), D = diag(n_k). For
 * d >= K it has the same optimal value as the non-convex UFM f(W, H, b) with
 * lambdaZ = sqrt(lambdaW lambdaH) (min over W H = Z of lambdaW/2 ||W||^2 + lambdaH/2 ||H||^2 is
 * lambdaZ ||Z||_*), and its unique minimiser has NC1, so the class level is exact.
 *
 * It is solved in M = Z_bar D^{1/2}, where the non-smooth term is a plain nuclear norm with
 * singular-value thresholding as its prox, by restarted FISTA (src/solvers/proximal.ts); the bias
 * is rescaled b = beta / sqrt(N) so that both blocks have curvature of the same order (the
 * M-block's Lipschitz constant is 1/(2N), the raw b-block's about 1/2). Global optimality is
 * certified by a Fenchel duality gap (see `ufmZDualityGap`), not by the solver's own stopping.
 */
import { InputError, describe, requireFinite } from '../errors.ts';
import { requireClassCounts } from '../problems/fields.ts';
import { psdSqrt, svd } from '../linalg/eigen.ts';
import { mat, matmul, transpose, type Mat } from '../linalg/matrix.ts';
import { acceleratedProximalGradient, type CompositeObjective } from '../solvers/proximal.ts';
import type { UfmCeInstance } from '../problems/ufm-ce/problem.ts';
import { memoize } from './memo.ts';

export interface UfmZInstance {
  readonly problem: 'ufm-z';
  readonly K: number;
  /** Samples per class, length K. */
  readonly n: readonly number[];
  /** Weight of the nuclear norm, lambdaZ = sqrt(lambdaW lambdaH) for the equivalent UFM. */
  readonly lambdaZ: number;
  /** @defaultValue 0 */
  readonly lambdaB: number;
  /** @defaultValue true */
  readonly bias: boolean;
}

/** The UFM-Z instance equivalent to a ufm-ce instance (for d >= K). */
export function ufmZOf(inst: UfmCeInstance): UfmZInstance {
  return {
    problem: 'ufm-z',
    K: inst.K,
    n: inst.n,
    lambdaZ: Math.sqrt(inst.lambdaW * inst.lambdaH),
    lambdaB: inst.bias ? inst.lambdaB : 0,
    bias: inst.bias,
  };
}

export interface UfmZSolution {
  /** K x K class-mean logits (column k belongs to class k). */
  readonly Zbar: Mat;
  /** Bias (zeros when the model has none). */
  readonly b: Float64Array;
  /** Primal objective value. */
  readonly objective: number;
  /** Fenchel duality gap: an upper bound on objective - optimum (up to rounding). */
  readonly gap: number;
  /** Prox-gradient residual at the returned point. */
  readonly residual: number;
  readonly iterations: number;
  readonly restarts: number;
  /** gap <= gapTol: the objective is certified within gapTol of the global optimum. */
  readonly certified: boolean;
  /** Singular values of Z_bar D^{1/2}. */
  readonly singularValues: Float64Array;
}

interface Layout {
  K: number;
  N: number;
  sqrtN: Float64Array;
  c: Float64Array;
  hasBias: boolean;
  size: number;
  biasScale: number;
}

function layoutOf(inst: UfmZInstance): Layout {
  const K = inst.K;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const sqrtN = Float64Array.from(inst.n, (v) => Math.sqrt(v));
  const c = Float64Array.from(inst.n, (v) => v / N);
  return { K, N, sqrtN, c, hasBias: inst.bias, size: K * K + (inst.bias ? K : 0), biasScale: 1 / Math.sqrt(N) };
}

/** Column softmax of u = M[:,k]/sqrt(n_k) + b into p (length K); returns CE(u, k). */
function columnCe(x: Float64Array, lay: Layout, k: number, p: Float64Array): number {
  const { K, sqrtN, hasBias, biasScale } = lay;
  let mx = -Infinity;
  for (let i = 0; i < K; i++) {
    const u = x[i * K + k] / sqrtN[k] + (hasBias ? biasScale * x[K * K + i] : 0);
    p[i] = u;
    if (u > mx) mx = u;
  }
  let s = 0;
  for (let i = 0; i < K; i++) {
    p[i] = Math.exp(p[i] - mx);
    s += p[i];
  }
  const uk = x[k * K + k] / sqrtN[k] + (hasBias ? biasScale * x[K * K + k] : 0);
  // For large margins (small lambdaZ) the CE and 1 - p_k are far below 1; summed from the other
  // classes' terms they keep their relative precision, where mx + log(s) - u_k and p_k - 1 cancel.
  let others = 0;
  for (let i = 0; i < K; i++) if (i !== k) others += p[i];
  for (let i = 0; i < K; i++) p[i] /= s;
  return uk === mx ? Math.log1p(others) : mx + Math.log(s) - uk;
}

/** p_i - [i = k] for the softmax p of column k (after columnCe), without cancellation at i = k. */
function softmaxResidual(p: Float64Array, K: number, k: number, i: number): number {
  if (i !== k) return p[i];
  let others = 0;
  for (let j = 0; j < K; j++) if (j !== k) others += p[j];
  return -others;
}

function compositeOf(inst: UfmZInstance, lay: Layout): CompositeObjective {
  const { K, sqrtN, c, hasBias, biasScale } = lay;
  const p = new Float64Array(K);
  return {
    size: lay.size,
    smooth(x, grad) {
      grad.fill(0);
      let f = 0;
      for (let k = 0; k < K; k++) {
        f += c[k] * columnCe(x, lay, k, p);
        for (let i = 0; i < K; i++) {
          const r = c[k] * softmaxResidual(p, K, k, i);
          grad[i * K + k] = r / sqrtN[k];
          if (hasBias) grad[K * K + i] += biasScale * r;
        }
      }
      if (hasBias && inst.lambdaB > 0) {
        for (let i = 0; i < K; i++) {
          const b = biasScale * x[K * K + i];
          f += 0.5 * inst.lambdaB * b * b;
          grad[K * K + i] += biasScale * inst.lambdaB * b;
        }
      }
      return f;
    },
    nonsmooth(x) {
      const { s } = svd(mat(K, K, x.slice(0, K * K)));
      let t = 0;
      for (const v of s) t += v;
      return inst.lambdaZ * t;
    },
    prox(x, t) {
      singularValueThreshold(x, K, inst.lambdaZ * t);
    },
  };
}

/** In place on the leading K x K block of x: M <- U max(S - tau, 0) V^T. */
export function singularValueThreshold(x: Float64Array, K: number, tau: number): void {
  const { U, s, V } = svd(mat(K, K, x.slice(0, K * K)));
  const r = s.length;
  for (let i = 0; i < K * K; i++) x[i] = 0;
  for (let q = 0; q < r; q++) {
    const sq = s[q] - tau;
    if (!(sq > 0)) continue;
    for (let i = 0; i < K; i++) {
      const ui = U.data[i * r + q] * sq;
      if (ui === 0) continue;
      for (let j = 0; j < K; j++) x[i * K + j] += ui * V.data[j * r + q];
    }
  }
}

/**
 * Fenchel duality gap of UFM-Z at x = (M, beta). With U = M D^{-1/2} + b 1^T and the per-class
 * loss phi_k(u) = (n_k/N) CE(u, k), the dual is
 *   max_Y  -sum_k phi_k^*(y_k) - ||Y 1||^2 / (2 lambdaB)   s.t. ||Y D^{-1/2}||_2 <= lambdaZ
 * (no b term without a bias; Y 1 = 0 when the bias is unpenalised), where
 * phi_k^*(y) = (n_k/N) sum_i q_i log q_i with q = y N / n_k + e_k in the simplex. The dual point
 * is the gradient of the loss at U, projected onto Y 1 = 0 if needed and scaled into the
 * spectral-norm ball; scaling keeps q in the simplex (q -> s q + (1 - s) e_k).
 */
export function ufmZDualityGap(inst: UfmZInstance, x: Float64Array): { primal: number; dual: number; gap: number } {
  const lay = layoutOf(inst);
  const comp = compositeOf(inst, lay);
  const { K, c, sqrtN, hasBias, biasScale } = lay;
  const grad = new Float64Array(lay.size);
  const primal = comp.smooth(x, grad) + comp.nonsmooth(x);
  // Y column k = c_k (p_k - e_k) = sqrt(n_k) * grad_M[:,k].
  const Y = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) Y[i * K + k] = grad[i * K + k] * sqrtN[k];
  const unpenalisedBias = hasBias && !(inst.lambdaB > 0);
  if (unpenalisedBias) {
    for (let i = 0; i < K; i++) {
      let row = 0;
      for (let k = 0; k < K; k++) row += Y[i * K + k];
      for (let k = 0; k < K; k++) Y[i * K + k] -= row / K;
    }
  }
  const YD = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) YD[i * K + k] = Y[i * K + k] / sqrtN[k];
  const spec = svd(mat(K, K, YD)).s[0];
  const s = spec > inst.lambdaZ ? inst.lambdaZ / spec : 1;
  let conj = 0;
  for (let k = 0; k < K; k++) {
    let ent = 0;
    for (let i = 0; i < K; i++) {
      if (i === k) {
        // q_k = 1 - eps with eps tiny at large margins: log1p keeps q_k log q_k accurate.
        const eps = -(s * Y[i * K + k]) / c[k];
        if (eps > 1) return { primal, dual: -Infinity, gap: Infinity };
        ent += (1 - eps) * Math.log1p(-eps);
        continue;
      }
      const q = (s * Y[i * K + k]) / c[k];
      if (q < 0) return { primal, dual: -Infinity, gap: Infinity };
      if (q > 0) ent += q * Math.log(q);
    }
    conj += c[k] * ent;
  }
  let dual = -conj;
  if (hasBias && inst.lambdaB > 0) {
    let sq = 0;
    for (let i = 0; i < K; i++) {
      let row = 0;
      for (let k = 0; k < K; k++) row += s * Y[i * K + k];
      sq += row * row;
    }
    dual -= sq / (2 * inst.lambdaB);
  }
  void biasScale;
  return { primal, dual, gap: primal - dual };
}

export interface UfmZSolveOptions {
  /**
   * Certify when the duality gap is at most gapTol * |f| (f > 0 always). The gap is first order in the
   * distance to the optimum (the dual constraint is active), so it sits near ||M|| x residual.
   * @defaultValue 1e-10
   */
  gapTol?: number;
  /**
   * Prox-gradient residual to stop at. At the optimum grad g has size about lambdaZ (it balances
   * the nuclear norm's subgradient), so the default is relative to it.
   * @defaultValue 1e-11 min(0.01, lambdaZ)
   */
  tol?: number;
  /** @defaultValue 200000 */
  maxIterations?: number;
  /** A warm start (e.g. from a nearby lambdaZ in a bisection). */
  start?: { Zbar: Mat; b: Float64Array };
}

/** Solves UFM-Z to a certified duality gap. */
export function solveUfmZ(inst: UfmZInstance, options: UfmZSolveOptions = {}): UfmZSolution {
  const lay = layoutOf(inst);
  const { K, sqrtN, hasBias, biasScale } = lay;
  const comp = compositeOf(inst, lay);
  const x0 = new Float64Array(lay.size);
  if (options.start) {
    for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) x0[i * K + k] = options.start.Zbar.data[i * K + k] * sqrtN[k];
    if (hasBias) for (let i = 0; i < K; i++) x0[K * K + i] = options.start.b[i] / biasScale;
  } else {
    // Start at a small multiple of K I - J (the balanced minimiser's shape) rather than at 0,
    // where the nuclear norm's subdifferential is largest and the first steps are all thresholded.
    for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) x0[i * K + k] = ((i === k ? K : 0) - 1) * sqrtN[k] * 0.1;
  }
  const gapTol = options.gapTol ?? 1e-10;
  const res = acceleratedProximalGradient(comp, x0, {
    tol: options.tol ?? 1e-11 * Math.min(0.01, inst.lambdaZ),
    maxIterations: options.maxIterations ?? 200000,
    lipschitz: 1 / (2 * lay.N),
    checkEvery: 50,
    stop: (x) => {
      const g = ufmZDualityGap(inst, x);
      // A gap at rounding level cannot shrink further; otherwise the residual decides.
      return g.gap <= 1e-15 * Math.abs(g.primal);
    },
  });
  const g = ufmZDualityGap(inst, res.x);
  const Zbar = mat(K, K);
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) Zbar.data[i * K + k] = res.x[i * K + k] / sqrtN[k];
  const b = new Float64Array(K);
  if (hasBias) for (let i = 0; i < K; i++) b[i] = biasScale * res.x[K * K + i];
  return {
    Zbar,
    b,
    objective: g.primal,
    gap: g.gap,
    residual: res.residual,
    iterations: res.iterations,
    restarts: res.restarts,
    // Relative to f itself: for small lambdaZ, f* is small and an absolute gap would say nothing.
    certified: Math.max(0, g.gap) <= gapTol * Math.abs(g.primal),
    singularValues: svd(mat(K, K, res.x.slice(0, K * K))).s,
  };
}

/** The UFM-Z objective at a class-level point (Z_bar, b), e.g. the logits of a non-convex solve. */
export function ufmZObjective(inst: UfmZInstance, Zbar: Mat, b: Float64Array): number {
  const lay = layoutOf(inst);
  const x = new Float64Array(lay.size);
  for (let i = 0; i < lay.K; i++) for (let k = 0; k < lay.K; k++) x[i * lay.K + k] = Zbar.data[i * lay.K + k] * lay.sqrtN[k];
  if (lay.hasBias) for (let i = 0; i < lay.K; i++) x[lay.K * lay.K + i] = b[i] / lay.biasScale;
  const comp = compositeOf(inst, lay);
  return comp.smooth(x, new Float64Array(lay.size)) + comp.nonsmooth(x);
}

const KNOWN_FIELDS = new Set(['problem', 'K', 'n', 'lambdaZ', 'lambdaB', 'bias', 'id', 'note', 'seed']);

/** Parses a `"problem": "ufm-z"` instance, naming the offending field on error. */
export function parseUfmZ(raw: unknown, source: string): UfmZInstance {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (r.problem !== 'ufm-z') throw new InputError(`${source}.problem`, `expected "ufm-z", got ${describe(r.problem)}`);
  for (const key of Object.keys(r)) {
    if (!KNOWN_FIELDS.has(key)) throw new InputError(`${source}.${key}`, `unknown field for problem "ufm-z" (known: ${[...KNOWN_FIELDS].join(', ')})`);
  }
  const { K, n } = requireClassCounts(r, source);
  const lambdaZ = requireFinite(`${source}.lambdaZ`, r.lambdaZ);
  if (!(lambdaZ > 0)) throw new InputError(`${source}.lambdaZ`, `must be > 0, got ${lambdaZ}`);
  const lambdaB = r.lambdaB === undefined ? 0 : requireFinite(`${source}.lambdaB`, r.lambdaB);
  if (lambdaB < 0) throw new InputError(`${source}.lambdaB`, `must be >= 0, got ${lambdaB}`);
  if (r.bias !== undefined && typeof r.bias !== 'boolean') throw new InputError(`${source}.bias`, `expected true or false, got ${describe(r.bias)}`);
  return { problem: 'ufm-z', K, n, lambdaZ, lambdaB, bias: r.bias === undefined ? true : r.bias };
}

/**
 * The certified UFM-Z minimiser of a ufm-ce instance's class-level problem (ufmZOf), solved
 * once per UFM-Z instance: the symbol table, the checks and the planted-variant runs of a claim
 * ask for the same solve many times.
 */
export const ufmZGroundTruth: (inst: UfmCeInstance) => UfmZSolution = memoize(
  (inst: UfmCeInstance) => JSON.stringify(ufmZOf(inst)),
  (inst: UfmCeInstance) => solveUfmZ(ufmZOf(inst)),
);

/**
 * U S U^T = (M M^T)^{1/2} with M = Z_bar D^{1/2}, D = diag(n_k): Hong & Ling's Thm 2 has
 * W W^T = (lambdaH/lambdaW)^{1/2} U S U^T at every minimiser, where U S V^T = M. Computed from
 * a certified Z_bar, which singular-value thresholding leaves exactly rank-deficient, so the
 * square root is well conditioned.
 */
export function factorisationGram(Zbar: Mat, n: readonly number[]): Mat {
  const K = Zbar.rows;
  const M = mat(K, K);
  for (let r = 0; r < K; r++) for (let k = 0; k < K; k++) M.data[r * K + k] = Zbar.data[r * K + k] * Math.sqrt(n[k]);
  return psdSqrt(matmul(M, transpose(M)));
}
