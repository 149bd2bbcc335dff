/**
 * The strongest EBV construction here (`--method best`), for N unit vectors in R^d:
 *
 * - N <= d: an exactly orthonormal set (Householder QR of a Gaussian matrix, orthonormal.ts),
 *   coherence ~1e-16, which no descent reaches.
 * - N > d: minimise the coherence max_{i != j} |cos_ij| through its smooth p-norm surrogates
 *     F_p(U) = ( mean_{i != j} cos_ij^{2p} )^{1/(2p)},   cos_ij = u_i.u_j / (||u_i|| ||u_j||),
 *   with p doubled stage by stage (F_1 is the RMS cosine, F_p -> max |cos| as p -> infinity,
 *   and F_p <= max|cos| <= (N(N-1))^{1/(2p)} F_p), each stage by L-BFGS (src/solvers/lbfgs.ts)
 *   from the previous stage's point. Unlike the authors' hinge at a fixed alpha, which pushes
 *   every pair above alpha equally and oscillates once alpha is out of reach, F_p weighs each
 *   pair by (cos_ij / max)^{2p-1}: the gradient concentrates on the pairs that set the maximum
 *   as p grows. Free vectors u_i with the cosine taken of u_i / ||u_i|| keep the problem
 *   unconstrained (F_p is scale invariant per row). The set with the smallest coherence met at
 *   any evaluation is returned.
 *
 * Numerical trap: cos^{2p} underflows for p in the hundreds (0.05^512 = 1e-666), so every power
 * is taken of r = cos / max|cos| <= 1, and F_p = max|cos| (mean r^{2p})^{1/(2p)}.
 */
import { mat, type Mat } from '../linalg/matrix.ts';
import { Rng } from '../random.ts';
import { lbfgs } from '../solvers/lbfgs.ts';
import { denseProducts } from './dense-products.ts';
import { normalizeRows } from './ebv-official.ts';
import { randomOrthonormalRows } from './orthonormal.ts';

export interface BestEbvOptions {
  readonly N: number;
  readonly d: number;
  /** @defaultValue 1 */
  readonly seed?: number;
  /**
   * The exponents p of the stages, in order (integers; powers of two are cheapest).
   * @defaultValue [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
   */
  readonly exponents?: readonly number[];
  /** L-BFGS iterations per stage. @defaultValue 150 */
  readonly iterationsPerStage?: number;
  /** Stop as soon as an evaluation reaches max|cos| <= target. @defaultValue 0 (run every stage) */
  readonly target?: number;
  /** Called after each stage with its exponent and the best coherence so far. */
  readonly onStage?: (p: number, bestMaxAbsCos: number, evaluations: number) => void;
  /** @internal Force the JavaScript products. */
  readonly simd?: boolean;
}

export interface BestEbvResult {
  readonly method: 'best';
  readonly vectors: Mat;
  /** 'orthonormal' for N <= d; 'p-norm' otherwise. */
  readonly construction: 'orthonormal' | 'p-norm';
  readonly maxAbsCos: number;
  /** Objective evaluations (each one Gram and one weighted product). */
  readonly evaluations: number;
  /** Per stage: exponent, L-BFGS iterations, best coherence after it. */
  readonly stages: ReadonlyArray<{ readonly p: number; readonly iterations: number; readonly maxAbsCos: number }>;
  readonly simd: boolean;
}

const DEFAULT_EXPONENTS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

/**
 * Syntax: bestEbv({ N: 200, d: 50, seed: 3 }) -> { vectors, maxAbsCos, stages, ... }
 * See also: officialEbv (ebv-official.ts)
 */
export function bestEbv(options: BestEbvOptions): BestEbvResult {
  const { N, d } = options;
  const rng = new Rng(options.seed ?? 1);
  if (N <= d) {
    const V = randomOrthonormalRows(N, d, rng);
    return { method: 'best', vectors: V, construction: 'orthonormal', maxAbsCos: coherence(V), evaluations: 0, stages: [], simd: false };
  }
  const surrogate = coherenceSurrogate(N, d, { simd: options.simd });
  const x0 = rng.normalArray(N * d);
  normalizeRows(x0, N, d);
  const target = options.target ?? 0;
  const stages: Array<{ p: number; iterations: number; maxAbsCos: number }> = [];
  let x = x0;
  for (const p of options.exponents ?? DEFAULT_EXPONENTS) {
    if (surrogate.bestMaxAbsCos() <= target) break;
    surrogate.setExponent(p);
    const r = lbfgs(surrogate.valueAndGradient, x, { gtol: 0, maxIterations: options.iterationsPerStage ?? 150, fNoise: 1e-14 });
    // The next stage starts from the best set so far (unit rows: F_p is scale free per row).
    x = surrogate.best();
    stages.push({ p, iterations: r.iterations, maxAbsCos: surrogate.bestMaxAbsCos() });
    options.onStage?.(p, surrogate.bestMaxAbsCos(), surrogate.evaluations());
  }
  return {
    method: 'best',
    vectors: mat(N, d, surrogate.best()),
    construction: 'p-norm',
    maxAbsCos: surrogate.bestMaxAbsCos(),
    evaluations: surrogate.evaluations(),
    stages,
    simd: surrogate.simd,
  };
}

/** F_p with its gradient over free rows u_i, remembering the unit set of least coherence seen. */
export interface CoherenceSurrogate {
  readonly simd: boolean;
  /** Sets p (an integer >= 1). */
  setExponent(p: number): void;
  /** F_p(x) with its gradient written into g (x: N x d row-major, any non-zero rows). */
  valueAndGradient(this: void, x: Float64Array, g: Float64Array): number;
  /** The smallest max|cos| over every evaluated point, and that point's unit rows (a copy). */
  bestMaxAbsCos(): number;
  best(): Float64Array;
  evaluations(): number;
}

/**
 * Syntax: const s = coherenceSurrogate(N, d); s.setExponent(8); const F = s.valueAndGradient(x, g)
 */
export function coherenceSurrogate(N: number, d: number, options: { simd?: boolean } = {}): CoherenceSurrogate {
  const products = denseProducts(N, d, { simd: options.simd });
  const P = N * (N - 1);
  const V = new Float64Array(N * d);
  const C = new Float64Array(N * N);
  const dV = new Float64Array(N * d);
  const norms = new Float64Array(N);
  let best = new Float64Array(N * d);
  let bestMax = Infinity;
  let evaluations = 0;
  let p = 1;
  const valueAndGradient = (x: Float64Array, g: Float64Array): number => {
    evaluations++;
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k] * x[i * d + k];
      norms[i] = Math.sqrt(s);
      for (let k = 0; k < d; k++) V[i * d + k] = x[i * d + k] / norms[i];
    }
    products.gram(V, C);
    let m = 0;
    for (let i = 0; i < N; i++) {
      C[i * N + i] = 0;
      for (let j = 0; j < N; j++) m = Math.max(m, Math.abs(C[i * N + j]));
    }
    if (m < bestMax) {
      bestMax = m;
      best = Float64Array.from(V);
    }
    // S = mean r^{2p} with r = cos / m; the weights r^{2p-1} overwrite C.
    let S = 0;
    for (let k = 0; k < N * N; k++) {
      const r = C[k] / m;
      const r2p1 = powInt(r, 2 * p - 1);
      S += r2p1 * r;
      C[k] = r2p1;
    }
    S /= P;
    const F = m * Math.pow(S, 1 / (2 * p));
    // dF/dcos_ij = (F / m) r^{2p-1} / (S P) over the ordered pairs; dF/dV = 2 W V.
    const scale = (2 * F) / (m * S * P);
    products.weighted(C, V, dV);
    for (let i = 0; i < N; i++) {
      // Through u_i -> u_i / ||u_i||: project out v_i and divide by ||u_i||.
      let t = 0;
      for (let k = 0; k < d; k++) t += dV[i * d + k] * V[i * d + k];
      const c = scale / norms[i];
      for (let k = 0; k < d; k++) g[i * d + k] = c * (dV[i * d + k] - t * V[i * d + k]);
    }
    return F;
  };
  return {
    simd: products.simd,
    setExponent(e) {
      p = e;
    },
    valueAndGradient,
    bestMaxAbsCos: () => bestMax,
    best: () => Float64Array.from(best),
    evaluations: () => evaluations,
  };
}

/** r^n for an integer n >= 1, by repeated squaring (Math.pow is several times slower here). */
function powInt(r: number, n: number): number {
  let result = 1;
  let base = r;
  let e = n;
  while (e > 0) {
    if (e & 1) result *= base;
    base *= base;
    e >>= 1;
  }
  return result;
}

/** max_{i != j} |cos| of unit rows. */
function coherence(V: Mat): number {
  const { rows: N, cols: d } = V;
  let m = 0;
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += V.data[i * d + k] * V.data[j * d + k];
      m = Math.max(m, Math.abs(s));
    }
  }
  return m;
}
