import { Rng } from '../../src/random.ts';
import { mat } from '../../src/linalg/index.ts';
import type { Mat } from '../../src/linalg/index.ts';

/** A rows x cols matrix of N(0, 1) entries from a fixed seed. */
export function randn(rows: number, cols: number, seed: number): Mat {
  return mat(rows, cols, new Rng(seed).normalArray(rows * cols));
}

/** Reference product by the textbook triple loop. */
export function naiveMul(A: Mat, B: Mat): Mat {
  const C = mat(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let k = 0; k < A.cols; k++) s += A.data[i * A.cols + k] * B.data[k * B.cols + j];
      C.data[i * B.cols + j] = s;
    }
  }
  return C;
}

/** Largest entrywise difference. */
export function maxDiff(A: Mat, B: Mat): number {
  let m = 0;
  for (let i = 0; i < A.data.length; i++) m = Math.max(m, Math.abs(A.data[i] - B.data[i]));
  return m;
}

/** A random symmetric matrix. */
export function randSym(n: number, seed: number): Mat {
  const A = randn(n, n, seed);
  const S = mat(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S.data[i * n + j] = 0.5 * (A.data[i * n + j] + A.data[j * n + i]);
  return S;
}
