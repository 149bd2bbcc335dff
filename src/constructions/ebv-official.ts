/**
 * The authors' EBV generator (docs/catalogue.md, ebv2023 [code]), reproduced step for step in float64.
 * Followed: Generate_EBV/Generate_EBV.py of github.com/aassxun/Equiangular-Basis-Vectors (commit
 * af3c984). Their loop, with V = basis_vec (N x d, rows the vectors):
 *
 *   V = normalize(randn(N, d));  SGD(lr = 1e-3), no momentum, no weight decay
 *   for step in range(100000):
 *     V = normalize(V)                                  # rows renormalised every step
 *     m = |V V^T| - I;  mx = max(threshold, max(m))     # the diagonal |v_i.v_i| - 1 is ~0
 *     loss = sum(relu(m - threshold)); loss.backward()  # summed over all ordered pairs
 *     if mx <= threshold + 1e-4: save V; return         # checked before the step
 *     V -= lr * grad
 *
 * The gradient of sum_{i,j} relu(|v_i . v_j| - t) with respect to V is 2 S V with
 * S_ij = sign(v_i . v_j) [|v_i . v_j| - delta_ij > t] (both factors of V V^T are the parameter;
 * torch's relu and abs have derivative 0 at 0, hence the strict inequality and sign(0) = 0).
 * It is the gradient of the dot products, not of the cosines: the normalisation is outside
 * autograd (basis_vec.data.copy_), which is the "projected" gradient. Their slicing of the rows
 * (slice_size = 130, for GPU memory) accumulates the same gradient and max, so it is omitted.
 * Their float32 on CUDA becomes float64 here; their seed 42 for torch becomes our Rng's seed.
 * When the threshold is never met the script saves nothing: here the last iterate is returned
 * with `stop: 'step-limit'`, and the caller says so.
 */
import { mat, type Mat } from '../linalg/matrix.ts';
import { Rng } from '../random.ts';
import { denseProducts, type DenseProducts } from './dense-products.ts';

export interface OfficialEbvOptions {
  readonly N: number;
  readonly d: number;
  /** Their `threshold`. @defaultValue 0.002 */
  readonly alpha?: number;
  /** Their `lr`. @defaultValue 1e-3 */
  readonly lr?: number;
  /** Their `step`. @defaultValue 100000 */
  readonly maxSteps?: number;
  /** @defaultValue 1 */
  readonly seed?: number;
  /**
   * The starting matrix (N x d, normalised before the first step), in place of the seeded
   * Gaussian: replays a run of another implementation from the same start (bench/, tests).
   */
  readonly init?: Mat;
  /** Called before every step with the step index and that step's max_{i != j} |cos|. */
  readonly onStep?: (step: number, maxAbsCos: number) => void;
  /** @internal Force the JavaScript products (tests compare both). */
  readonly simd?: boolean;
}

/** Their `threshold` (for N = d = 1000). */
export const OFFICIAL_DEFAULT_ALPHA = 0.002;

/** Their tolerance on the stopping rule: stop when max|cos| <= alpha + 1e-4. */
export const OFFICIAL_STOP_SLACK = 1e-4;

export interface OfficialEbvResult {
  readonly method: 'official';
  /** The normalised rows at the stopping check (what they save), or the last iterate. */
  readonly vectors: Mat;
  /** SGD steps taken before the rule held (or maxSteps). */
  readonly steps: number;
  /** 'threshold': their rule held; 'step-limit': it never did (their script saves nothing). */
  readonly stop: 'threshold' | 'step-limit';
  /** max_{i != j} |cos| of `vectors`, as their loop measured it (without the max with alpha). */
  readonly maxAbsCos: number;
  readonly alpha: number;
  readonly lr: number;
  /** Whether the SIMD products were used. */
  readonly simd: boolean;
}

/**
 * Runs the authors' projected subgradient method.
 *
 * Syntax: officialEbv({ N: 100, d: 100, seed: 1 }) -> { vectors, steps, stop: 'threshold', maxAbsCos }
 * See also: bestEbv (ebv-best.ts), generateEbv (ebv.ts)
 */
export function officialEbv(options: OfficialEbvOptions): OfficialEbvResult {
  const { N, d } = options;
  const alpha = options.alpha ?? OFFICIAL_DEFAULT_ALPHA;
  const lr = options.lr ?? 1e-3;
  const maxSteps = options.maxSteps ?? 100000;
  const V = options.init ? Float64Array.from(options.init.data) : new Rng(options.seed ?? 1).normalArray(N * d);
  const products: DenseProducts = denseProducts(N, d, { simd: options.simd });
  const G = new Float64Array(N * N);
  const grad = new Float64Array(N * d);
  let mx: number;
  for (let step = 0; ; step++) {
    normalizeRows(V, N, d);
    products.gram(V, G);
    mx = 0;
    for (let i = 0; i < N; i++) {
      const r = i * N;
      for (let j = 0; j < N; j++) {
        const g = G[r + j];
        const m = i === j ? Math.abs(g) - 1 : Math.abs(g);
        if (i !== j && m > mx) mx = m;
        // relu'(m - alpha) * d|g|/dg, written over G (the Gram is not needed after this row).
        G[r + j] = m > alpha ? Math.sign(g) : 0;
      }
    }
    options.onStep?.(step, mx);
    if (Math.max(alpha, mx) <= alpha + OFFICIAL_STOP_SLACK) {
      return { method: 'official', vectors: mat(N, d, V), steps: step, stop: 'threshold', maxAbsCos: mx, alpha, lr, simd: products.simd };
    }
    if (step >= maxSteps - 1) {
      return { method: 'official', vectors: mat(N, d, V), steps: step, stop: 'step-limit', maxAbsCos: mx, alpha, lr, simd: products.simd };
    }
    products.weighted(G, V, grad);
    const c = 2 * lr;
    for (let k = 0; k < N * d; k++) V[k] -= c * grad[k];
  }
}

/** Rows to unit length, as torch's F.normalize (which divides by max(||v||, 1e-12)). */
export function normalizeRows(V: Float64Array, N: number, d: number): void {
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += V[i * d + k] * V[i * d + k];
    const n = Math.max(Math.sqrt(s), 1e-12);
    for (let k = 0; k < d; k++) V[i * d + k] /= n;
  }
}
