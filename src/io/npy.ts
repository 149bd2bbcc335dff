/**
 * NumPy `.npy` files: a reader (whole array, or rows in chunks without loading the file) and a
 * writer (whole array, or streamed chunk by chunk).
 *
 * The format (numpy/lib/format.py, NEP 1): the magic `\x93NUMPY`, a major and a minor version
 * byte, the header length (uint16 little-endian in version 1.0, uint32 in 2.0 and 3.0), then the
 * header: a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`
 * padded with spaces and a newline so that the data starts at a multiple of 64 bytes (16 in files
 * from numpy < 1.9). Version 3.0 only differs in the header being UTF-8 rather than latin-1. The
 * data follows as prod(shape) items of the descr's type, in C (row-major) order or, with
 * fortran_order True, column-major order.
 *
 * What is read: floats f2/f4/f8, signed i1/i2/i4/i8, unsigned u1/u2/u4/u8 and bool b1, little
 * (`<`), big (`>`), native (`=`) or not applicable (`|`) byte order. Everything else (object
 * arrays, strings, complex, datetimes, structured dtypes) is refused with an InputError naming the
 * file, as are a missing magic, a malformed header and a data section shorter or longer than the
 * header says. Float conversion to float64 is exact (every f2 and f4 value is a float64); integers
 * are converted to float64 only where the value is exactly representable (|v| <= 2^53), else
 * refused.
 *
 * This module depends on src/errors.ts only.
 */
import { closeSync, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { InputError } from '../errors.ts';

/** The element types read and written, as numpy's kind + item size (`f4` = float32). */
export type NpyDtype = 'f2' | 'f4' | 'f8' | 'i1' | 'i2' | 'i4' | 'i8' | 'u1' | 'u2' | 'u4' | 'u8' | 'b1';

/** What the header of a .npy file says, validated against the file's size. */
export interface NpyHeader {
  /** The file, as given (used in every error message). */
  readonly file: string;
  /** Format version, e.g. [1, 0]. */
  readonly version: readonly [number, number];
  /** The descr string as written, e.g. `<f4`. */
  readonly descr: string;
  readonly dtype: NpyDtype;
  /** Byte order of the data (true for `<`, and for `|` / `=` on little-endian machines). */
  readonly littleEndian: boolean;
  readonly itemSize: number;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** prod(shape): the number of items (1 for a 0-d array). */
  readonly count: number;
  /** Byte offset of the first item. */
  readonly dataOffset: number;
}

/** Integer arrays, as their own typed array (8-byte integers as BigInt arrays: they may exceed 2^53). */
export type NpyIntegerData = Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array;

/** A whole array read into memory, always in C (row-major) order, whatever the file's order. */
export type NpyArray =
  | { readonly kind: 'float'; readonly header: NpyHeader; readonly shape: readonly number[]; readonly data: Float64Array }
  | { readonly kind: 'int'; readonly header: NpyHeader; readonly shape: readonly number[]; readonly data: NpyIntegerData }
  | { readonly kind: 'bool'; readonly header: NpyHeader; readonly shape: readonly number[]; readonly data: Uint8Array };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Headers longer than this are refused: numpy's own read limit (format.py `max_header_size`). */
const MAX_HEADER = 10000;

const SIZES: Record<NpyDtype, number> = { f2: 2, f4: 4, f8: 8, i1: 1, i2: 2, i4: 4, i8: 8, u1: 1, u2: 2, u4: 4, u8: 8, b1: 1 };

/** The byte size of one item of `dtype`. */
export function npyItemSize(dtype: NpyDtype): number {
  return SIZES[dtype];
}

// ---------------------------------------------------------------------------------------------
// Header: a Python literal, parsed by a small recursive-descent parser (dicts, tuples, lists,
// strings, integers, True/False/None) rather than regular expressions, so any spacing, quote
// style or key order numpy versions have written is read the same.

type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

function parsePyLiteral(text: string, file: string): PyValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new InputError(file, `malformed .npy header (${what} at character ${i}): ${JSON.stringify(text.trim().slice(0, 120))}`);
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [key: string]: PyValue } = {};
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return obj;
        }
        const key = value();
        if (typeof key !== 'string') fail('a non-string key');
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        obj[key as string] = value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const arr: PyValue[] = [];
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          return arr;
        }
        arr.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return arr;
        }
        fail(`expected ',' or '${close}'`);
      }
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail('an unterminated string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(text.slice(i));
    if (!m) return fail('an unexpected token');
    i += m[0].length;
    if (m[0] === 'True') return true;
    if (m[0] === 'False') return false;
    if (m[0] === 'None') return null;
    return Number(m[0].replace(/L$/, ''));
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}

function parseDescr(descr: PyValue, file: string): { dtype: NpyDtype; littleEndian: boolean; descr: string } {
  if (typeof descr !== 'string') {
    throw new InputError(file, 'structured dtypes (a descr list of fields) are not supported; save a plain numeric array');
  }
  const m = /^([<>|=])?([a-zA-Z])(\d*)(.*)$/.exec(descr);
  if (!m) throw new InputError(file, `unsupported dtype ${JSON.stringify(descr)}`);
  const [, order = '|', kind, size, rest] = m;
  if (kind === 'O')
    throw new InputError(file, `object arrays (descr ${JSON.stringify(descr)}) are not supported: they hold pickled Python objects, not numbers`);
  const code = `${kind}${size}`;
  if (rest !== '' || !(code in SIZES)) {
    throw new InputError(file, `unsupported dtype ${JSON.stringify(descr)}; expected float16/32/64 (f2, f4, f8), integers (i1..i8, u1..u8) or bool (b1)`);
  }
  const littleEndian = order === '<' ? true : order === '>' ? false : HOST_LITTLE;
  return { dtype: code as NpyDtype, littleEndian, descr };
}

function readExactly(fd: number, buf: Uint8Array, position: number, file: string, what: string): void {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) throw new InputError(file, `truncated .npy file: ${what} ends after ${got} of ${buf.length} bytes`);
    got += n;
  }
}

function headerFromFd(fd: number, file: string): NpyHeader {
  const size = fstatSync(fd).size;
  if (size === 0) throw new InputError(file, 'empty file (0 bytes), not a .npy file');
  const pre = new Uint8Array(Math.min(size, 12));
  readExactly(fd, pre, 0, file, 'the preamble');
  for (let j = 0; j < MAGIC.length; j++) {
    if (pre[j] !== MAGIC[j]) throw new InputError(file, 'not a .npy file: it does not start with the magic string "\\x93NUMPY"');
  }
  if (size < 10) throw new InputError(file, `truncated .npy file: ${size} bytes, shorter than the 10-byte preamble`);
  const major = pre[6];
  const minor = pre[7];
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = pre[8] | (pre[9] << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (size < 12) throw new InputError(file, `truncated .npy file: ${size} bytes, shorter than the 12-byte version ${major} preamble`);
    headerLen = (pre[8] | (pre[9] << 8) | (pre[10] << 16)) + pre[11] * 2 ** 24;
    start = 12;
  } else {
    throw new InputError(file, `unsupported .npy format version ${major}.${minor} (read: 1.0, 2.0, 3.0)`);
  }
  if (headerLen > MAX_HEADER) throw new InputError(file, `.npy header of ${headerLen} bytes is longer than the ${MAX_HEADER} numpy itself reads`);
  if (start + headerLen > size)
    throw new InputError(file, `truncated .npy file: the header needs ${headerLen} bytes, the file has ${size - start} after the preamble`);
  const hbuf = new Uint8Array(headerLen);
  readExactly(fd, hbuf, start, file, 'the header');
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(hbuf);
  const dict = parsePyLiteral(text, file);
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) throw new InputError(file, 'malformed .npy header: not a dict');
  for (const key of ['descr', 'fortran_order', 'shape']) {
    if (!(key in dict)) throw new InputError(file, `malformed .npy header: no '${key}' key`);
  }
  const extra = Object.keys(dict).filter((k) => !['descr', 'fortran_order', 'shape'].includes(k));
  if (extra.length > 0) throw new InputError(file, `malformed .npy header: unexpected key(s) ${extra.join(', ')}`);
  const { dtype, littleEndian, descr } = parseDescr(dict.descr, file);
  if (typeof dict.fortran_order !== 'boolean') throw new InputError(file, "malformed .npy header: 'fortran_order' is not True or False");
  const shapeV = dict.shape;
  if (!Array.isArray(shapeV) || shapeV.some((s) => typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0)) {
    throw new InputError(file, "malformed .npy header: 'shape' is not a tuple of non-negative integers");
  }
  const shape = shapeV as number[];
  const count = shape.reduce((a, b) => a * b, 1);
  const itemSize = SIZES[dtype];
  const dataOffset = start + headerLen;
  const need = count * itemSize;
  const have = size - dataOffset;
  if (!Number.isSafeInteger(need)) throw new InputError(file, `shape (${shape.join(', ')}) is too large`);
  if (have < need) {
    throw new InputError(file, `truncated .npy file: shape (${shape.join(', ')}) of ${descr} needs ${need} data bytes, the file has ${have}`);
  }
  if (have > need) {
    throw new InputError(
      file,
      `.npy file has ${have - need} bytes after the ${need} data bytes its header (shape (${shape.join(', ')}) of ${descr}) describes`,
    );
  }
  return { file, version: [major, minor], descr, dtype, littleEndian, itemSize, fortranOrder: dict.fortran_order, shape, count, dataOffset };
}

/**
 * Reads and validates the header of a .npy file (magic, version, dtype, shape, and that the data
 * section has exactly the size the header says).
 *
 * Syntax: readNpyHeader('features.npy') -> { shape: [N, d], dtype: 'f4', fortranOrder, dataOffset, ... }
 */
export function readNpyHeader(file: string): NpyHeader {
  const fd = openFile(file);
  try {
    return headerFromFd(fd, file);
  } finally {
    closeSync(fd);
  }
}

function openFile(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be opened (${code ?? (e as Error).message})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding items.

let HALF: Float64Array | undefined;

/** float16 bit pattern -> its exact float64 value (a 65536-entry table, built on first use). */
function halfTable(): Float64Array {
  if (HALF) return HALF;
  const t = new Float64Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    t[h] = e === 0 ? sign * m * 2 ** -24 : e === 31 ? (m === 0 ? sign * Infinity : NaN) : sign * (1 + m / 1024) * 2 ** (e - 15);
  }
  HALF = t;
  return t;
}

/** Reverses the bytes of each `size`-byte item in place (big-endian data on a little-endian host). */
function swapBytes(b: Uint8Array, size: number): void {
  if (size === 1) return;
  for (let i = 0; i < b.length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo];
      b[lo] = b[hi];
      b[hi] = t;
    }
  }
}

/** A typed view of host-order bytes (`bytes` must start at offset 0 of its own ArrayBuffer). */
function typedView(dtype: NpyDtype, buf: ArrayBuffer, count: number): NpyIntegerData | Float32Array | Float64Array | Uint16Array {
  switch (dtype) {
    case 'f2':
    case 'u2':
      return new Uint16Array(buf, 0, count);
    case 'f4':
      return new Float32Array(buf, 0, count);
    case 'f8':
      return new Float64Array(buf, 0, count);
    case 'i1':
      return new Int8Array(buf, 0, count);
    case 'i2':
      return new Int16Array(buf, 0, count);
    case 'i4':
      return new Int32Array(buf, 0, count);
    case 'i8':
      return new BigInt64Array(buf, 0, count);
    case 'u1':
    case 'b1':
      return new Uint8Array(buf, 0, count);
    case 'u4':
      return new Uint32Array(buf, 0, count);
    case 'u8':
      return new BigUint64Array(buf, 0, count);
  }
}

const MAX_EXACT = 2 ** 53;

/**
 * Converts `count` host-order items of `dtype` into float64 at out[outOffset + k * outStride].
 * Integers beyond 2^53 in magnitude have no exact float64 and are refused (`where(k)` names the
 * item in the error).
 */
function toFloat64(
  dtype: NpyDtype,
  buf: ArrayBuffer,
  count: number,
  out: Float64Array,
  outOffset: number,
  outStride: number,
  file: string,
  where: (k: number) => string,
): void {
  const v = typedView(dtype, buf, count);
  if (dtype === 'f2') {
    const t = halfTable();
    const h = v as Uint16Array;
    for (let k = 0; k < count; k++) out[outOffset + k * outStride] = t[h[k]];
    return;
  }
  if (dtype === 'i8' || dtype === 'u8') {
    const b = v as BigInt64Array | BigUint64Array;
    for (let k = 0; k < count; k++) {
      const x = Number(b[k]);
      if (Math.abs(x) > MAX_EXACT) throw new InputError(file, `${where(k)} = ${b[k]} has no exact float64 value (|v| > 2^53)`);
      out[outOffset + k * outStride] = x;
    }
    return;
  }
  const a = v as Exclude<typeof v, BigInt64Array | BigUint64Array>;
  if (outStride === 1) {
    for (let k = 0; k < count; k++) out[outOffset + k] = a[k];
  } else {
    for (let k = 0; k < count; k++) out[outOffset + k * outStride] = a[k];
  }
}

/** Reads `count` items starting at item `first` into a fresh ArrayBuffer, in host byte order. */
function readItems(fd: number, h: NpyHeader, first: number, count: number, scratch?: Uint8Array): ArrayBuffer {
  const bytes = count * h.itemSize;
  const b =
    scratch && scratch.byteLength >= bytes && scratch.byteOffset === 0 ? new Uint8Array(scratch.buffer, 0, bytes) : new Uint8Array(new ArrayBuffer(bytes));
  readExactly(fd, b, h.dataOffset + first * h.itemSize, h.file, 'the data');
  if (h.littleEndian !== HOST_LITTLE) swapBytes(b, h.itemSize);
  return b.buffer as ArrayBuffer;
}

function unravelC(shape: readonly number[], flat: number): string {
  const idx = new Array<number>(shape.length).fill(0);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = flat % shape[a];
    flat = Math.floor(flat / shape[a]);
  }
  return `item [${idx.join(', ')}]`;
}

/** Fortran (column-major) flat index -> C (row-major) flat index for `shape`. */
function fortranToC(shape: readonly number[]): (f: number) => number {
  const n = shape.length;
  const cStride = new Array<number>(n).fill(1);
  for (let a = n - 2; a >= 0; a--) cStride[a] = cStride[a + 1] * shape[a + 1];
  return (f: number) => {
    let c = 0;
    for (let a = 0; a < n; a++) {
      const i = f % shape[a];
      f = Math.floor(f / shape[a]);
      c += i * cStride[a];
    }
    return c;
  };
}

/**
 * Reads a whole .npy file. Floats come back as a Float64Array (exact conversion), integers as
 * their own typed array, bools as a Uint8Array of 0/1; data is always in C (row-major) order
 * (a Fortran-order file is transposed on reading, its header still says fortranOrder: true).
 *
 * Syntax: readNpy('labels.npy') -> { kind: 'int', shape: [N], data: Int64Array | ... }
 */
export function readNpy(file: string): NpyArray {
  const fd = openFile(file);
  try {
    const header = headerFromFd(fd, file);
    const { dtype, count, shape } = header;
    const buf = readItems(fd, header, 0, count);
    const toC = header.fortranOrder && shape.length > 1 ? fortranToC(shape) : null;
    if (dtype[0] === 'f') {
      const data = new Float64Array(count);
      if (toC === null) {
        toFloat64(dtype, buf, count, data, 0, 1, file, (k) => unravelC(shape, k));
      } else {
        const tmp = new Float64Array(count);
        toFloat64(dtype, buf, count, tmp, 0, 1, file, (k) => unravelC(shape, k));
        for (let f = 0; f < count; f++) data[toC(f)] = tmp[f];
      }
      return { kind: 'float', header, shape, data };
    }
    const raw = typedView(dtype, buf, count) as NpyIntegerData;
    let data = raw;
    if (toC !== null) {
      data = new (raw.constructor as new (n: number) => NpyIntegerData)(count);
      for (let f = 0; f < count; f++) (data as unknown as Record<number, number | bigint>)[toC(f)] = raw[f];
    }
    if (dtype === 'b1') {
      const u = data as Uint8Array;
      for (let k = 0; k < count; k++) if (u[k] > 1) throw new InputError(file, `bool ${unravelC(shape, k)} has byte value ${u[k]} (expected 0 or 1)`);
      return { kind: 'bool', header, shape, data: u };
    }
    return { kind: 'int', header, shape, data };
  } finally {
    closeSync(fd);
  }
}

/**
 * The values of an array as float64 (exact: integers beyond 2^53 are refused), C order.
 *
 * Syntax: npyToFloat64(readNpy('W.npy')) -> Float64Array
 */
export function npyToFloat64(a: NpyArray): Float64Array {
  if (a.kind === 'float') return a.data;
  const out = new Float64Array(a.data.length);
  const d = a.data;
  for (let k = 0; k < d.length; k++) {
    const x = Number(d[k]);
    if (Math.abs(x) > MAX_EXACT) throw new InputError(a.header.file, `${unravelC(a.shape, k)} = ${d[k]} has no exact float64 value (|v| > 2^53)`);
    out[k] = x;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Streaming rows.

/** Options of {@link NpyRowReader}. */
export interface NpyRowReaderOptions {
  /**
   * Name used in error messages instead of the path (e.g. `--features`).
   * @defaultValue the path
   */
  readonly input?: string;
}

/** One chunk of rows of an N x d array, as float64 in row-major order. */
export interface NpyRowChunk {
  /** Index of the chunk's first row. */
  readonly start: number;
  readonly rows: number;
  readonly cols: number;
  /** rows x cols values, row-major. */
  readonly data: Float64Array;
}

/**
 * Rows of a 1-D (N, read as N x 1) or 2-D (N x d) numeric .npy file, read on demand with
 * positioned reads: memory is one chunk, never the file. Values are converted to float64 exactly.
 *
 * Fortran order is streamed, not refused: in a column-major N x d file each column is contiguous,
 * so rows [r, r + R) are gathered with d positioned reads of R contiguous items (one per column).
 * That is efficient for chunks of thousands of rows and slow for tiny ones; prefer C order for
 * very wide arrays read a few rows at a time.
 *
 * Syntax:
 *   const r = new NpyRowReader('features.npy');
 *   for (const c of r.chunks(8192)) use(c.data, c.rows, c.cols);
 *   r.close();
 */
export class NpyRowReader {
  readonly header: NpyHeader;
  /** N. */
  readonly rows: number;
  /** d (1 for a 1-D array). */
  readonly cols: number;
  private fd: number;
  private readonly input: string;
  private scratch: Uint8Array = new Uint8Array(0);

  constructor(
    readonly file: string,
    options: NpyRowReaderOptions = {},
  ) {
    this.input = options.input ?? file;
    this.fd = openFile(file);
    try {
      this.header = headerFromFd(this.fd, file);
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
    const { shape, dtype, descr } = this.header;
    if (shape.length !== 1 && shape.length !== 2) {
      closeSync(this.fd);
      throw new InputError(this.input, `${file} has shape (${shape.join(', ')}); expected a 1-D or 2-D array (rows are samples)`);
    }
    if (dtype === 'b1') {
      closeSync(this.fd);
      throw new InputError(this.input, `${file} holds bools (${descr}); expected numbers`);
    }
    this.rows = shape[0];
    this.cols = shape.length === 2 ? shape[1] : 1;
  }

  /**
   * Reads rows [start, start + count) into `out` (allocated when not given or too small) and
   * returns the filled prefix of length count * cols.
   */
  read(start: number, count: number, out?: Float64Array): Float64Array {
    if (this.fd < 0) throw new Error('NpyRowReader: closed');
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > this.rows) {
      throw new RangeError(`NpyRowReader: rows [${start}, ${start + count}) outside [0, ${this.rows})`);
    }
    const { cols } = this;
    const n = count * cols;
    const dst = out && out.length >= n ? out.subarray(0, n) : new Float64Array(n);
    if (n === 0) return dst;
    const where = (row: number, col: number) => `row ${row}${this.header.shape.length === 2 ? `, column ${col}` : ''}`;
    if (!this.header.fortranOrder || cols === 1) {
      const need = n * this.header.itemSize;
      if (this.scratch.byteLength < need) this.scratch = new Uint8Array(new ArrayBuffer(need));
      const buf = readItems(this.fd, this.header, start * cols, n, this.scratch);
      toFloat64(this.header.dtype, buf, n, dst, 0, 1, this.input, (k) => where(start + Math.floor(k / cols), k % cols));
    } else {
      const need = count * this.header.itemSize;
      if (this.scratch.byteLength < need) this.scratch = new Uint8Array(new ArrayBuffer(need));
      for (let j = 0; j < cols; j++) {
        const buf = readItems(this.fd, this.header, j * this.rows + start, count, this.scratch);
        toFloat64(this.header.dtype, buf, count, dst, j, cols, this.input, (k) => where(start + k, j));
      }
    }
    return dst;
  }

  /** The rows in chunks of `chunkRows` (the last may be shorter); each chunk has its own array. */
  *chunks(chunkRows: number, first = 0, end = this.rows): Generator<NpyRowChunk> {
    if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError(`NpyRowReader: chunkRows must be a positive integer, got ${chunkRows}`);
    for (let s = first; s < end; s += chunkRows) {
      const rows = Math.min(chunkRows, end - s);
      yield { start: s, rows, cols: this.cols, data: this.read(s, rows) };
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.scratch = new Uint8Array(0);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** Dtypes the writer produces (little-endian, or `|` for single bytes). */
export type NpyWriteDtype = '<f8' | '<f4' | '<i8' | '<i4' | '<i2' | '|i1' | '<u8' | '<u4' | '<u2' | '|u1' | '|b1';

/** The header bytes numpy would write: version 1.0 unless the header needs more than 65535 bytes. */
function headerBytes(descr: string, shape: readonly number[], fortranOrder: boolean): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  let pre = 10;
  let total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  if (total - pre > 65535) {
    pre = 12;
    total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  }
  const len = total - pre;
  const text = dict.padEnd(len - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = pre === 10 ? 1 : 2;
  out[7] = 0;
  if (pre === 10) {
    out[8] = len & 0xff;
    out[9] = len >> 8;
  } else {
    new DataView(out.buffer).setUint32(8, len, true);
  }
  for (let j = 0; j < text.length; j++) out[pre + j] = text.charCodeAt(j);
  return out;
}

function encode(dtype: NpyWriteDtype, values: ArrayLike<number | bigint>, file: string): Uint8Array {
  const n = values.length;
  const size = SIZES[dtype.slice(1) as NpyDtype];
  const buf = new ArrayBuffer(n * size);
  const dv = new DataView(buf);
  const num = (k: number): number => {
    const v = values[k];
    return typeof v === 'bigint' ? Number(v) : v;
  };
  const int = (k: number, lo: number, hi: number): number => {
    const v = num(k);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new InputError(file, `item ${k} = ${values[k]} does not fit ${dtype}`);
    return v;
  };
  const big = (k: number, lo: bigint, hi: bigint): bigint => {
    const v = values[k];
    const b = typeof v === 'bigint' ? v : Number.isInteger(v) ? BigInt(v) : NaN;
    if (typeof b !== 'bigint' || b < lo || b > hi) throw new InputError(file, `item ${k} = ${v} does not fit ${dtype}`);
    return b;
  };
  for (let k = 0; k < n; k++) {
    switch (dtype) {
      case '<f8':
        dv.setFloat64(8 * k, num(k), true);
        break;
      case '<f4':
        dv.setFloat32(4 * k, num(k), true);
        break;
      case '<i8':
        dv.setBigInt64(8 * k, big(k, -(2n ** 63n), 2n ** 63n - 1n), true);
        break;
      case '<u8':
        dv.setBigUint64(8 * k, big(k, 0n, 2n ** 64n - 1n), true);
        break;
      case '<i4':
        dv.setInt32(4 * k, int(k, -(2 ** 31), 2 ** 31 - 1), true);
        break;
      case '<u4':
        dv.setUint32(4 * k, int(k, 0, 2 ** 32 - 1), true);
        break;
      case '<i2':
        dv.setInt16(2 * k, int(k, -32768, 32767), true);
        break;
      case '<u2':
        dv.setUint16(2 * k, int(k, 0, 65535), true);
        break;
      case '|i1':
        dv.setInt8(k, int(k, -128, 127));
        break;
      case '|u1':
        dv.setUint8(k, int(k, 0, 255));
        break;
      case '|b1':
        dv.setUint8(k, int(k, 0, 1));
        break;
    }
  }
  return new Uint8Array(buf);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Writes `values` (C order, prod(shape) of them) as a .npy file. Float32 output rounds to nearest
 * (Math.fround); integer dtypes refuse values that are not integers in range.
 *
 * Syntax: writeNpy('H.npy', data, [N, d], '<f4')
 */
export function writeNpy(file: string, values: ArrayLike<number | bigint>, shape: readonly number[], dtype: NpyWriteDtype = '<f8'): void {
  const w = new NpyWriter(file, shape, dtype);
  try {
    w.write(values);
  } catch (e) {
    w.abort();
    throw e;
  }
  w.close();
}

/**
 * A .npy file written chunk by chunk (C order): the header first, then `write` calls whose
 * lengths add up to prod(shape); `close` refuses a short file. Memory is one chunk.
 *
 * Syntax: const w = new NpyWriter('H.npy', [N, d], '<f4'); w.write(rows); ...; w.close();
 */
export class NpyWriter {
  private fd: number;
  private written = 0;
  private readonly total: number;

  constructor(
    readonly file: string,
    readonly shape: readonly number[],
    readonly dtype: NpyWriteDtype = '<f8',
  ) {
    if (shape.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new InputError(file, `shape (${shape.join(', ')}) must be non-negative integers`);
    this.total = shape.reduce((a, b) => a * b, 1);
    this.fd = openSync(file, 'w');
    writeAll(this.fd, headerBytes(dtype, shape, false));
  }

  write(values: ArrayLike<number | bigint>): void {
    if (this.fd < 0) throw new Error('NpyWriter: closed');
    if (this.written + values.length > this.total) {
      throw new InputError(this.file, `writing ${this.written + values.length} items into shape (${this.shape.join(', ')}) of ${this.total}`);
    }
    if (this.dtype === '<f4' && HOST_LITTLE && (values instanceof Float32Array || values instanceof Float64Array)) {
      // Fast path for the bench's multi-GB files: the typed array's own bytes (Float32Array.from rounds to nearest, as fround).
      const f = values instanceof Float32Array ? values : Float32Array.from(values);
      writeAll(this.fd, new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
    } else if (this.dtype === '<f8' && HOST_LITTLE && values instanceof Float64Array) {
      writeAll(this.fd, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    } else {
      writeAll(this.fd, encode(this.dtype, values, this.file));
    }
    this.written += values.length;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    if (this.written !== this.total) throw new InputError(this.file, `closed after ${this.written} of ${this.total} items`);
  }

  /** Closes and deletes the partly written file (after a failed write). */
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.file, { force: true });
  }
}
