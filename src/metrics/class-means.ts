/**
 * First pass: per-class sums and counts, in float64, over the rows in file order (one thread:
 * the order of the additions is the row order, whatever the thread count or chunk size, so the
 * class means are the same bits in every run). Every value is checked to be finite here, so the
 * first NaN or infinity is reported by row and column.
 */
import { InputError } from '../errors.ts';
import type { RowReader } from '../io/rows.ts';

/** Class sums (K x d, row-major) of the rows of `reader`, labelled by `classOf`. */
export function classSums(reader: RowReader, classOf: Int32Array, K: number, chunkRows: number, input: string, onRows?: (done: number) => void): Float64Array {
  const { rows: N, cols: d } = reader;
  const sums = new Float64Array(K * d);
  const buf = new Float64Array(Math.min(chunkRows, N) * d);
  for (let s = 0; s < N; s += chunkRows) {
    const R = Math.min(chunkRows, N - s);
    const x = reader.read(s, R, buf);
    for (let i = 0; i < R; i++) {
      const row = i * d;
      const dst = classOf[s + i] * d;
      for (let j = 0; j < d; j++) {
        const v = x[row + j];
        // v - v is 0 for finite v and NaN for NaN and +-Infinity: one comparison per value.
        if (v - v !== 0) throw new InputError(input, `row ${s + i}, column ${j} is ${v}: features must be finite (first bad row ${s + i})`);
        sums[dst + j] += v;
      }
    }
    onRows?.(s + R);
  }
  return sums;
}
