/** Every entry of a vector equals one claimed value (e.g. a bias b = beta 1 with beta claimed). */
import type { Measurement } from './predicate.ts';
import { fmt } from './collapse.ts';

/** max_k |v_k - value|, absolute (the claimed entries are O(1) or 0); each entry moves at most 1 per unit step. */
export function entriesEqual(v: ArrayLike<number>, value: number, label = 'b'): Measurement {
  let worst = 0;
  for (let k = 0; k < v.length; k++) worst = Math.max(worst, Math.abs(v[k] - value));
  return { deviation: worst, kind: 'absolute', detail: `max_k |${label}_k - ${fmt(value)}|`, sensitivity: 1 };
}
