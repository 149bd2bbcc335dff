/**
 * What is measured of any set of N vectors in R^d (a construction's output, a file given with
 * `ncverify construct ebv --check`, a trained classifier): the coherence max_{i != j} |cos|, the
 * RMS cosine over the N(N-1) ordered pairs, the best applicable packing bound (packing-bounds.ts)
 * and the ratio of the two, and for N <= d how far the raw vectors are from orthonormal.
 *
 * Cosines are taken between the rows after normalisation (the shipped EBV matrices and trained
 * classifiers are not exactly unit-norm); the orthonormality error is of the raw rows, since
 * "an orthonormal set" also claims unit norms.
 */
import { InputError } from '../errors.ts';
import { mat, matmulNT, type Mat } from '../linalg/matrix.ts';
import { bestLowerBound, type BestBound } from './packing-bounds.ts';

export interface VectorSetMeasurement {
  readonly N: number;
  readonly d: number;
  /** max_{i != j} |cos(v_i, v_j)|; 0 when N = 1. */
  readonly maxAbsCos: number;
  /** The pair attaining maxAbsCos (i < j), or null when N = 1. */
  readonly maxPair: readonly [number, number] | null;
  /** sqrt(sum_{i != j} cos_ij^2 / (N (N - 1))); 0 when N = 1. */
  readonly rmsCos: number;
  readonly bound: BestBound;
  /** maxAbsCos / bound.bound, or null where no positive bound applies (N <= d). */
  readonly ratioToBound: number | null;
  /** max_{i,j} |<v_i, v_j> - delta_ij| of the raw rows (0 for an exactly orthonormal set). */
  readonly orthonormalityError: number;
  /** max_i | ||v_i|| - 1 |. */
  readonly normDeviation: number;
}

/** Rows per block of the Gram, so that measuring a large file never holds N x N numbers. */
const BLOCK = 256;

/**
 * Measures the rows of V. `input` names V in errors (a file, a flag).
 *
 * Syntax: measureVectorSet(V, 'vectors.npy') -> { maxAbsCos, rmsCos, bound, ratioToBound, ... }
 * See also: bestLowerBound, checkWelchChain (packing-checks.ts)
 */
export function measureVectorSet(V: Mat, input = 'vectors'): VectorSetMeasurement {
  const { rows: N, cols: d } = V;
  if (N < 1) throw new InputError(input, 'has no vectors (N = 0)');
  if (d < 1) throw new InputError(input, 'has vectors of dimension 0');
  const norms = new Float64Array(N);
  let normDeviation = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const x = V.data[i * d + k];
      if (!Number.isFinite(x)) throw new InputError(input, `row ${i}, entry ${k} is ${x}; every entry must be finite`);
      s += x * x;
    }
    norms[i] = Math.sqrt(s);
    if (norms[i] === 0) throw new InputError(input, `row ${i} is the zero vector: its cosine with any other vector is undefined`);
    normDeviation = Math.max(normDeviation, Math.abs(norms[i] - 1));
  }
  const U = mat(N, d);
  for (let i = 0; i < N; i++) for (let k = 0; k < d; k++) U.data[i * d + k] = V.data[i * d + k] / norms[i];

  let maxAbsCos = 0;
  let maxPair: [number, number] | null = null;
  let sumSq = 0;
  let orthonormalityError = 0;
  for (let r0 = 0; r0 < N; r0 += BLOCK) {
    const r1 = Math.min(N, r0 + BLOCK);
    const rows = mat(r1 - r0, d, U.data.subarray(r0 * d, r1 * d));
    const C = matmulNT(rows, U);
    for (let i = r0; i < r1; i++) {
      const row = (i - r0) * N;
      for (let j = 0; j < N; j++) {
        // <v_i, v_j> of the raw rows = cos_ij ||v_i|| ||v_j||.
        const raw = C.data[row + j] * norms[i] * norms[j];
        orthonormalityError = Math.max(orthonormalityError, Math.abs(raw - (i === j ? 1 : 0)));
        if (i === j) continue;
        const c = Math.abs(C.data[row + j]);
        sumSq += c * c;
        if (c > maxAbsCos) {
          maxAbsCos = c;
          maxPair = i < j ? [i, j] : [j, i];
        }
      }
    }
  }
  const rmsCos = N > 1 ? Math.sqrt(sumSq / (N * (N - 1))) : 0;
  const bound = bestLowerBound(N, d);
  return {
    N,
    d,
    maxAbsCos: Math.min(maxAbsCos, 1),
    maxPair,
    rmsCos: Math.min(rmsCos, 1),
    bound,
    ratioToBound: bound.bound > 0 ? maxAbsCos / bound.bound : null,
    orthonormalityError,
    normDeviation,
  };
}
