/**
 * Class-level matrices and their sample-level expansions. The features and logits of the
 * collapse claims are written per class (one column per class) and the problems store one
 * column per sample, samples ordered class by class; these two functions are the one place
 * that maps between them.
 */
import { InputError } from '../errors.ts';
import { mat, type Mat } from './matrix.ts';

/** The label of every sample when samples are ordered class by class: n_0 zeros, n_1 ones, ... */
export function classLabels(n: readonly number[]): Int32Array {
  let N = 0;
  for (const nk of n) N += nk;
  const out = new Int32Array(N);
  let j = 0;
  for (let k = 0; k < n.length; k++) for (let i = 0; i < n[k]; i++) out[j++] = k;
  return out;
}

/**
 * The sample-level matrix whose column j is column labels[j] of A (rows x K): every sample
 * carries its class's column, e.g. features h_{k,i} = h_k from the class means H_bar.
 */
export function expandClassColumns(A: Mat, labels: Int32Array): Mat {
  const { rows, cols: K } = A;
  const N = labels.length;
  const out = mat(rows, N);
  for (let j = 0; j < N; j++) {
    const k = labels[j];
    if (!(k >= 0 && k < K)) throw new InputError('expandClassColumns', `label ${k} of sample ${j} is outside 0..${K - 1}`);
    for (let r = 0; r < rows; r++) out.data[r * N + j] = A.data[r * K + k];
  }
  return out;
}
