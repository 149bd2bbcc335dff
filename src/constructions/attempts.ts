/**
 * Constructions run as a claim runs them: the output, or why it could not be built, which a
 * `construction` claim reports as inconclusive (nothing was shown false). The shape is the
 * engine's `Built` (src/engine/construction.ts).
 *
 * - EBV `official` whose stopping rule max|cos| <= alpha + 1e-4 is not met within its step
 *   budget (the authors' script then saves nothing); its alpha is given as a factor above the
 *   best packing bound, since an alpha below it can never be met (validateEbvRequest refuses it).
 * - SSE-C whose random zero pattern empties a class (the authors' refinement divides by its
 *   zero norm: NaN).
 */
import { InputError } from '../errors.ts';
import type { Mat } from '../linalg/matrix.ts';
import { simplexEtf } from '../predicates/frames.ts';
import { generateEbv, type EbvMethod, type EbvResult } from './ebv.ts';
import { bestLowerBound } from './packing-bounds.ts';
import { sseC, type SseCOptions, type SseCResult } from './sse-c.ts';
import { measureVectorSet, type VectorSetMeasurement } from './vector-set.ts';

export type Attempt<R> = { readonly result: R } | { readonly failed: string };

export interface EbvAttempt {
  readonly N: number;
  readonly d: number;
  readonly seed: number;
  readonly method: EbvMethod;
  /** official: alpha = this factor times the best lower bound for (N, d) (> 1; for N <= d the bound is 0). */
  readonly alphaFactor?: number;
  /** official: the step budget. @defaultValue 20000 */
  readonly maxSteps?: number;
}

/**
 * Syntax: attemptEbv({ N: 20, d: 6, seed: 1, method: 'official', alphaFactor: 1.5 }) -> { result } | { failed }
 */
export function attemptEbv(a: EbvAttempt): Attempt<EbvResult> {
  if (a.method === 'best') return { result: generateEbv({ N: a.N, d: a.d, seed: a.seed, method: 'best' }) };
  const factor = a.alphaFactor ?? 1.5;
  const alpha = factor * bestLowerBound(a.N, a.d).bound;
  const maxSteps = a.maxSteps ?? 20000;
  const r = generateEbv({ N: a.N, d: a.d, seed: a.seed, method: 'official', alpha, maxSteps });
  if (r.method === 'official' && r.stop === 'step-limit') {
    return {
      failed: `the official stopping rule max|cos| <= alpha + 1e-4 (alpha = ${alpha.toPrecision(6)}, ${factor} x the bound) was not met in ${maxSteps} steps (max|cos| ${r.maxAbsCos.toPrecision(6)})`,
    };
  }
  return { result: r };
}

/**
 * Syntax: attemptSseC({ K: 8, d: 32, sparsity: 0.6, seed: 1 }) -> { result } | { failed }
 */
export function attemptSseC(options: SseCOptions): Attempt<SseCResult> {
  try {
    return { result: sseC(options) };
  } catch (e) {
    // sseC names the sparsity when the zero pattern empties a class; any other error is a bug here.
    if (e instanceof InputError && e.input === (options.names?.sparsity ?? 'sparsity')) return { failed: e.message };
    throw e;
  }
}

/** The simplex ETF of N unit vectors in R^d (cos = -1/(N-1); d >= N - 1) and its measurement. */
export function simplexVectorSet(N: number, d: number): { readonly vectors: Mat; readonly measurement: VectorSetMeasurement } {
  const vectors = simplexEtf(N, d, 1);
  return { vectors, measurement: measureVectorSet(vectors, 'simplex') };
}
