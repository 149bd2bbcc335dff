/**
 * Tensors from `.safetensors` files (huggingface/safetensors, docs "The format"): an 8-byte
 * little-endian unsigned header length n, n bytes of UTF-8 JSON mapping each tensor name to
 * `{ "dtype": "F32", "shape": [N, d], "data_offsets": [begin, end] }` (offsets relative to the
 * first byte after the header; an optional `"__metadata__"` entry of strings), then the data:
 * little-endian, row-major (C order), no padding inside a tensor.
 *
 * A small reader of that documented format rather than an npm package: the packages on the
 * registry load whole files into memory, and features here must stream in chunks of rows
 * (O(chunk) memory, positioned reads). Floats F16/BF16/F32/F64 are converted to float64 exactly;
 * integers I8..I64 / U8..U64 exactly where |v| <= 2^53; BOOL as 0/1. Other dtypes (F8 variants,
 * complex) and malformed headers are refused with an InputError naming the file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.ts';

export type SafetensorsDtype = 'F16' | 'BF16' | 'F32' | 'F64' | 'I8' | 'I16' | 'I32' | 'I64' | 'U8' | 'U16' | 'U32' | 'U64' | 'BOOL';

const SIZES: Record<SafetensorsDtype, number> = { F16: 2, BF16: 2, F32: 4, F64: 8, I8: 1, I16: 2, I32: 4, I64: 8, U8: 1, U16: 2, U32: 4, U64: 8, BOOL: 1 };

/** One tensor's entry in the header, validated against the file. */
export interface SafetensorsTensorInfo {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Absolute byte offset of the tensor's first byte in the file. */
  readonly dataOffset: number;
  readonly byteLength: number;
}

/** The header of a .safetensors file. */
export interface SafetensorsHeader {
  readonly file: string;
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
  readonly metadata: Readonly<Record<string, string>>;
}

function openFile(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot be opened (${code ?? (e as Error).message})`);
  }
}

function readAt(fd: number, buf: Uint8Array, position: number, file: string, what: string): void {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) throw new InputError(file, `truncated .safetensors file: ${what} ends after ${got} of ${buf.length} bytes`);
    got += n;
  }
}

function headerFromFd(fd: number, file: string): SafetensorsHeader {
  const size = fstatSync(fd).size;
  if (size === 0) throw new InputError(file, 'empty file (0 bytes), not a .safetensors file');
  if (size < 8) throw new InputError(file, `not a .safetensors file: ${size} bytes, shorter than the 8-byte header length`);
  const pre = new Uint8Array(8);
  readAt(fd, pre, 0, file, 'the header length');
  const n = Number(new DataView(pre.buffer).getBigUint64(0, true));
  // The reference implementation refuses headers over 100 MB.
  if (n < 2 || n > 100_000_000 || 8 + n > size) {
    throw new InputError(file, `not a .safetensors file: header length ${n} does not fit a file of ${size} bytes`);
  }
  const hb = new Uint8Array(n);
  readAt(fd, hb, 8, file, 'the header');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(hb));
  } catch (e) {
    throw new InputError(file, `not a .safetensors file: the header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new InputError(file, 'malformed .safetensors header: not a JSON object');
  const dataStart = 8 + n;
  const tensors = new Map<string, SafetensorsTensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, v] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = (v ?? {}) as Record<string, string>;
      continue;
    }
    const e = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const where = `tensor ${JSON.stringify(name)}`;
    if (typeof e !== 'object' || e === null) throw new InputError(file, `malformed .safetensors header: ${where} is not an object`);
    if (typeof e.dtype !== 'string' || !(e.dtype in SIZES)) {
      throw new InputError(file, `${where} has unsupported dtype ${JSON.stringify(e.dtype)}; expected F16, BF16, F32, F64, I8..I64, U8..U64 or BOOL`);
    }
    const shape = e.shape;
    if (!Array.isArray(shape) || shape.some((s) => !Number.isSafeInteger(s) || (s as number) < 0)) {
      throw new InputError(file, `malformed .safetensors header: ${where} has shape ${JSON.stringify(shape)}`);
    }
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || off.some((o) => !Number.isSafeInteger(o) || (o as number) < 0) || off[0] > off[1]) {
      throw new InputError(file, `malformed .safetensors header: ${where} has data_offsets ${JSON.stringify(off)}`);
    }
    const dtype = e.dtype as SafetensorsDtype;
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const byteLength = (off[1] as number) - (off[0] as number);
    if (byteLength !== count * SIZES[dtype]) {
      throw new InputError(file, `${where}: shape [${shape.join(', ')}] of ${dtype} needs ${count * SIZES[dtype]} bytes, data_offsets span ${byteLength}`);
    }
    if (dataStart + (off[1] as number) > size) {
      throw new InputError(file, `truncated .safetensors file: ${where} ends at byte ${dataStart + (off[1] as number)}, the file has ${size}`);
    }
    tensors.set(name, { name, dtype, shape: shape as number[], dataOffset: dataStart + (off[0] as number), byteLength });
  }
  return { file, tensors, metadata };
}

/**
 * Reads and validates the header of a .safetensors file.
 *
 * Syntax: readSafetensorsHeader('model.safetensors').tensors.get('lm_head.weight')
 */
export function readSafetensorsHeader(file: string): SafetensorsHeader {
  const fd = openFile(file);
  try {
    return headerFromFd(fd, file);
  } finally {
    closeSync(fd);
  }
}

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
let HALF: Float64Array | undefined;

function halfValue(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  return e === 0 ? sign * m * 2 ** -24 : e === 31 ? (m === 0 ? sign * Infinity : NaN) : sign * (1 + m / 1024) * 2 ** (e - 15);
}

function halfTable(): Float64Array {
  if (!HALF) {
    HALF = new Float64Array(65536);
    for (let h = 0; h < 65536; h++) HALF[h] = halfValue(h);
  }
  return HALF;
}

/**
 * Decodes `count` little-endian items of `dtype` from `bytes` (offset 0 of its own buffer) into
 * out[outOffset..]. BF16 is the top half of a float32, so its value is the float32 with those
 * 16 bits followed by 16 zero bits.
 */
function decode(
  dtype: SafetensorsDtype,
  bytes: Uint8Array,
  count: number,
  out: Float64Array,
  outOffset: number,
  input: string,
  where: (k: number) => string,
): void {
  const buf = bytes.buffer as ArrayBuffer;
  if (!HOST_LITTLE) {
    // Big-endian hosts: reverse each item (the format is little-endian).
    const s = SIZES[dtype];
    for (let i = 0; i < count * s; i += s) bytes.subarray(i, i + s).reverse();
  }
  switch (dtype) {
    case 'F64': {
      const a = new Float64Array(buf, 0, count);
      for (let k = 0; k < count; k++) out[outOffset + k] = a[k];
      return;
    }
    case 'F32': {
      const a = new Float32Array(buf, 0, count);
      for (let k = 0; k < count; k++) out[outOffset + k] = a[k];
      return;
    }
    case 'F16': {
      const t = halfTable();
      const a = new Uint16Array(buf, 0, count);
      for (let k = 0; k < count; k++) out[outOffset + k] = t[a[k]];
      return;
    }
    case 'BF16': {
      const a = new Uint16Array(buf, 0, count);
      const u = new Uint32Array(1);
      const f = new Float32Array(u.buffer);
      for (let k = 0; k < count; k++) {
        u[0] = a[k] << 16;
        out[outOffset + k] = f[0];
      }
      return;
    }
    case 'I8': {
      const a = new Int8Array(buf, 0, count);
      for (let k = 0; k < count; k++) out[outOffset + k] = a[k];
      return;
    }
    case 'U8':
    case 'BOOL': {
      const a = new Uint8Array(buf, 0, count);
      for (let k = 0; k < count; k++) out[outOffset + k] = a[k];
      return;
    }
    case 'I16': {
      const a = new Int16Array(buf, 0, count);
      for (let k = 0; k < count; k++) out[outOffset + k] = a[k];
      return;
    }
    case 'U16': {
      const a = new Uint16Array(buf, 0, count);
      for (let k = 0; k < count; k++) out[outOffset + k] = a[k];
      return;
    }
    case 'I32': {
      const a = new Int32Array(buf, 0, count);
      for (let k = 0; k < count; k++) out[outOffset + k] = a[k];
      return;
    }
    case 'U32': {
      const a = new Uint32Array(buf, 0, count);
      for (let k = 0; k < count; k++) out[outOffset + k] = a[k];
      return;
    }
    case 'I64':
    case 'U64': {
      const a = dtype === 'I64' ? new BigInt64Array(buf, 0, count) : new BigUint64Array(buf, 0, count);
      for (let k = 0; k < count; k++) {
        const x = Number(a[k]);
        if (Math.abs(x) > 2 ** 53) throw new InputError(input, `${where(k)} = ${a[k]} has no exact float64 value (|v| > 2^53)`);
        out[outOffset + k] = x;
      }
      return;
    }
  }
}

/** Whether `dtype` holds integers (labels must). */
export function safetensorsIsInteger(dtype: SafetensorsDtype): boolean {
  return dtype[0] === 'I' || dtype[0] === 'U';
}

/** Options of {@link SafetensorsRowReader}. */
export interface SafetensorsRowReaderOptions {
  /** Name used in error messages instead of the path. @defaultValue `file:tensor` */
  readonly input?: string;
}

/**
 * Rows of a 1-D (N, read as N x 1) or 2-D (N x d) tensor of a .safetensors file, read on demand
 * with positioned reads (memory: one chunk), converted to float64 exactly.
 *
 * Syntax: const r = new SafetensorsRowReader('h.safetensors', 'features'); r.read(0, 1024);
 */
export class SafetensorsRowReader {
  readonly info: SafetensorsTensorInfo;
  readonly rows: number;
  readonly cols: number;
  private fd: number;
  private readonly input: string;
  private scratch = new Uint8Array(0);

  constructor(
    readonly file: string,
    tensor: string | undefined,
    options: SafetensorsRowReaderOptions = {},
  ) {
    this.fd = openFile(file);
    let header: SafetensorsHeader;
    try {
      header = headerFromFd(this.fd, file);
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
    const names = [...header.tensors.keys()];
    const name = tensor ?? (names.length === 1 ? names[0] : undefined);
    this.input = options.input ?? `${file}:${name ?? ''}`;
    const info = name === undefined ? undefined : header.tensors.get(name);
    if (!info) {
      closeSync(this.fd);
      const list = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ... (${names.length} tensors)` : names.join(', ');
      throw new InputError(
        options.input ?? file,
        name === undefined
          ? `has ${names.length} tensors; name one as ${file}:NAME (tensors: ${list || 'none'})`
          : `has no tensor ${JSON.stringify(name)} (tensors: ${list || 'none'})`,
      );
    }
    if (info.shape.length !== 1 && info.shape.length !== 2) {
      closeSync(this.fd);
      throw new InputError(this.input, `tensor has shape [${info.shape.join(', ')}]; expected a 1-D or 2-D tensor (rows are samples)`);
    }
    this.info = info;
    this.rows = info.shape[0];
    this.cols = info.shape.length === 2 ? info.shape[1] : 1;
  }

  /** Reads rows [start, start + count) into `out` (allocated when absent or too small). */
  read(start: number, count: number, out?: Float64Array): Float64Array {
    if (this.fd < 0) throw new Error('SafetensorsRowReader: closed');
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > this.rows) {
      throw new RangeError(`SafetensorsRowReader: rows [${start}, ${start + count}) outside [0, ${this.rows})`);
    }
    const n = count * this.cols;
    const dst = out && out.length >= n ? out.subarray(0, n) : new Float64Array(n);
    if (n === 0) return dst;
    const size = SIZES[this.info.dtype];
    if (this.scratch.byteLength < n * size) this.scratch = new Uint8Array(new ArrayBuffer(n * size));
    const bytes = new Uint8Array(this.scratch.buffer, 0, n * size);
    readAt(this.fd, bytes, this.info.dataOffset + start * this.cols * size, this.file, `tensor ${JSON.stringify(this.info.name)}`);
    const cols = this.cols;
    decode(
      this.info.dtype,
      bytes,
      n,
      dst,
      0,
      this.input,
      (k) => `row ${start + Math.floor(k / cols)}${this.info.shape.length === 2 ? `, column ${k % cols}` : ''}`,
    );
    return dst;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
