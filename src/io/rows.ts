/**
 * Where rows of a matrix come from, as plain data that can be sent to a worker thread (each
 * thread opens its own reader), and the readers behind them: a .npy file, a tensor of a
 * .safetensors file (`file.safetensors:name`), or values in memory (a CSV file is read into
 * memory: CSV is for small cases). Every reader returns float64 rows, converted exactly.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.ts';
import { readCsvLabels, readCsvMatrix } from './csv.ts';
import { NpyRowReader, npyToFloat64, readNpy } from './npy.ts';
import { SafetensorsRowReader, safetensorsIsInteger } from './safetensors.ts';

/** A matrix source, as plain (structured-clonable) data. */
export type RowSource =
  | { readonly kind: 'npy'; readonly file: string }
  | { readonly kind: 'safetensors'; readonly file: string; readonly tensor?: string }
  /** Row-major values; backed by a SharedArrayBuffer when sent to workers (nothing is copied then). */
  | { readonly kind: 'memory'; readonly data: Float64Array; readonly rows: number; readonly cols: number; readonly dtype?: string };

/** Reads rows of a matrix. */
export interface RowReader {
  readonly rows: number;
  readonly cols: number;
  /** The element type as stored, e.g. `<f4`, `F16`, `float64 (memory)`. */
  readonly dtype: string;
  /** Rows [start, start + count) as float64, row-major (into `out` when it is large enough). */
  read(start: number, count: number, out?: Float64Array): Float64Array;
  close(): void;
}

/** The first bytes of a file, for telling formats apart when the name does not. */
function sniff(file: string, n: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return new Uint8Array(0);
  }
  try {
    const b = new Uint8Array(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * Parses a command-line matrix argument: `x.npy`, `x.safetensors` or `x.safetensors:NAME`, or
 * `x.csv` / `x.tsv` / `x.txt` (read into memory). Any other name is read as .npy when it starts
 * with the .npy magic and refused otherwise ("not a .npy file").
 *
 * Syntax: parseRowSource('h.safetensors:features', '--features')
 */
export function parseRowSource(arg: string, input: string): RowSource {
  const st = /^(.*\.safetensors)(?::(.+))?$/i.exec(arg);
  if (st) return { kind: 'safetensors', file: st[1], ...(st[2] ? { tensor: st[2] } : {}) };
  if (/\.(csv|tsv|txt)$/i.test(arg)) {
    const m = readCsvMatrix(arg, input);
    return { kind: 'memory', data: m.data, rows: m.rows, cols: m.cols, dtype: 'csv (float64)' };
  }
  if (!/\.npy$/i.test(arg)) {
    const head = sniff(arg, 8);
    const isSafetensors = head.length === 8 && head[7] === 0 && head[6] === 0 && sniff(arg, 9)[8] === 0x7b;
    if (isSafetensors) return { kind: 'safetensors', file: arg };
  }
  return { kind: 'npy', file: arg };
}

class MemoryRows implements RowReader {
  readonly dtype: string;
  constructor(
    private readonly data: Float64Array,
    readonly rows: number,
    readonly cols: number,
    dtype?: string,
  ) {
    this.dtype = dtype ?? 'float64 (memory)';
  }
  read(start: number, count: number, out?: Float64Array): Float64Array {
    const n = count * this.cols;
    const src = this.data.subarray(start * this.cols, start * this.cols + n);
    if (out && out.length >= n) {
      out.set(src);
      return out.subarray(0, n);
    }
    return src.slice();
  }
  close(): void {}
}

/**
 * Opens a reader for `source`; `input` names it in errors (e.g. `--features`).
 *
 * Syntax: const r = openRows({ kind: 'npy', file: 'h.npy' }, '--features'); r.read(0, 8192); r.close();
 */
export function openRows(source: RowSource, input: string): RowReader {
  switch (source.kind) {
    case 'memory': {
      if (source.data.length !== source.rows * source.cols) {
        throw new InputError(input, `${source.data.length} values do not make ${source.rows} x ${source.cols}`);
      }
      return new MemoryRows(source.data, source.rows, source.cols, source.dtype);
    }
    case 'npy': {
      const r = new NpyRowReader(source.file, { input });
      return { rows: r.rows, cols: r.cols, dtype: r.header.descr, read: (s, c, o) => r.read(s, c, o), close: () => r.close() };
    }
    case 'safetensors': {
      const r = new SafetensorsRowReader(source.file, source.tensor, { input });
      return { rows: r.rows, cols: r.cols, dtype: r.info.dtype, read: (s, c, o) => r.read(s, c, o), close: () => r.close() };
    }
  }
}

/** A small matrix (a classifier W, a bias b) read whole: rows x cols float64 values. */
export function readMatrix(arg: string, input: string): { rows: number; cols: number; data: Float64Array; dtype: string } {
  const r = openRows(parseRowSource(arg, input), input);
  try {
    return { rows: r.rows, cols: r.cols, dtype: r.dtype, data: r.read(0, r.rows).slice() };
  } finally {
    r.close();
  }
}

/**
 * Integer labels from `x.npy` (an integer dtype), `x.safetensors[:NAME]` (I8..I64, U8..U64) or a one-column
 * CSV. A float dtype is refused even when every value is integral: a float label file is almost
 * always the wrong file (logits, probabilities).
 *
 * Syntax: readLabels('y.npy', '--labels') -> Float64Array of integers (exact; |v| <= 2^53)
 */
export function readLabels(arg: string, input: string): { values: Float64Array; dtype: string } {
  const src = /\.(csv|tsv|txt)$/i.test(arg) ? null : parseRowSource(arg, input);
  if (src === null) return { values: readCsvLabels(arg, input), dtype: 'csv (integers)' };
  if (src.kind === 'npy') {
    const a = readNpy(src.file);
    if (a.kind !== 'int') {
      throw new InputError(
        input,
        `${src.file} holds ${a.kind === 'float' ? `floats (${a.header.descr})` : `bools (${a.header.descr})`}; labels must be an integer dtype`,
      );
    }
    if (a.shape.length !== 1 && !(a.shape.length === 2 && a.shape[1] === 1)) {
      throw new InputError(input, `${src.file} has shape (${a.shape.join(', ')}); labels must be 1-D (N,) or (N, 1)`);
    }
    return { values: npyToFloat64(a), dtype: a.header.descr };
  }
  if (src.kind === 'safetensors') {
    const r = new SafetensorsRowReader(src.file, src.tensor, { input });
    try {
      if (!safetensorsIsInteger(r.info.dtype))
        throw new InputError(input, `tensor ${JSON.stringify(r.info.name)} is ${r.info.dtype}; labels must be an integer dtype`);
      if (r.cols !== 1) throw new InputError(input, `tensor ${JSON.stringify(r.info.name)} has shape [${r.info.shape.join(', ')}]; labels must be 1-D`);
      return { values: r.read(0, r.rows).slice(), dtype: r.info.dtype };
    } finally {
      r.close();
    }
  }
  return { values: src.data, dtype: src.dtype ?? 'memory' };
}
