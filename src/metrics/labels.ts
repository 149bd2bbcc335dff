/**
 * Labels as classes: any integers (negative, sparse, huge token ids) are remapped to 0..K-1 in
 * ascending order of value, and the map is kept so every report can say which label a class is.
 */
import { InputError } from '../errors.ts';

/** Labels remapped to classes 0..K-1. */
export interface LabelMap {
  readonly K: number;
  /** classOf[i]: the class of sample i. */
  readonly classOf: Int32Array;
  /** labelOf[k]: the label value class k stands for (ascending in k). */
  readonly labelOf: readonly number[];
  /** counts[k] = n_k. */
  readonly counts: Float64Array;
}

/**
 * Remaps integer labels to classes. Throws an InputError (naming `input` and the first bad index)
 * for a non-integer, and for an empty label set.
 *
 * Syntax: remapLabels([7, -1, 7, 3], '--labels') -> { K: 3, classOf: [2, 0, 2, 1], labelOf: [-1, 3, 7] }
 */
export function remapLabels(values: ArrayLike<number>, input: string): LabelMap {
  const N = values.length;
  if (N === 0) throw new InputError(input, 'no labels (N = 0)');
  const distinct = new Set<number>();
  for (let i = 0; i < N; i++) {
    const v = values[i];
    if (!Number.isSafeInteger(v)) throw new InputError(input, `label ${i} is ${v}; labels must be integers`);
    distinct.add(v);
  }
  const labelOf = [...distinct].sort((a, b) => a - b);
  const index = new Map(labelOf.map((v, k) => [v, k]));
  const classOf = new Int32Array(N);
  const counts = new Float64Array(labelOf.length);
  for (let i = 0; i < N; i++) {
    const k = index.get(values[i])!;
    classOf[i] = k;
    counts[k]++;
  }
  return { K: labelOf.length, classOf, labelOf, counts };
}
