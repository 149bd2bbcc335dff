/**
 * IDX files, the format of MNIST and Fashion-MNIST (LeCun et al., "THE MNIST DATABASE of
 * handwritten digits", file format section), plain or gzip-compressed (Debian's
 * dataset-fashion-mnist ships `*-idx3-ubyte.gz`).
 *
 * Layout: a 4-byte magic `0x00 0x00 T D` (T the element type, D the number of dimensions), then
 * D sizes as big-endian uint32, then prod(sizes) items in C (row-major) order, big-endian:
 * T = 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
 * A file whose data section is shorter or longer than its sizes say is refused (a truncated
 * download must not become a smaller data set), as is an unknown type or a non-zero first two
 * bytes (which is also how a gzip file mistaken for a plain one shows).
 *
 * Depends on src/errors.ts only.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.ts';

/** The IDX element types, by their type byte. */
export const IDX_TYPES = {
  0x08: { name: 'u8', size: 1 },
  0x09: { name: 'i8', size: 1 },
  0x0b: { name: 'i16', size: 2 },
  0x0c: { name: 'i32', size: 4 },
  0x0d: { name: 'f32', size: 4 },
  0x0e: { name: 'f64', size: 8 },
} as const;

export type IdxTypeName = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['name'];

/** A whole IDX array. `data` is a Uint8Array for u8 (the pixel type, kept compact) and float64 otherwise (every other IDX type converts exactly). */
export type IdxArray =
  | { readonly type: 'u8'; readonly shape: readonly number[]; readonly data: Uint8Array }
  | { readonly type: Exclude<IdxTypeName, 'u8'>; readonly shape: readonly number[]; readonly data: Float64Array };

const GZIP = [0x1f, 0x8b];

/** Parses the bytes of an IDX file (already decompressed); `file` names it in errors. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new InputError(file, `is ${bytes.length} bytes, shorter than the 4-byte IDX magic`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gz = bytes[0] === GZIP[0] && bytes[1] === GZIP[1];
    throw new InputError(
      file,
      `is not an IDX file: the magic must start with two zero bytes, got 0x${hex(bytes[0])} 0x${hex(bytes[1])}${gz ? ' (a gzip stream: name the file *.gz)' : ''}`,
    );
  }
  const typeByte = bytes[2];
  const type = IDX_TYPES[typeByte as keyof typeof IDX_TYPES];
  if (!type) throw new InputError(file, `has unknown IDX element type 0x${hex(typeByte)} (known: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64)`);
  const ndims = bytes[3];
  if (ndims === 0) throw new InputError(file, 'has 0 dimensions');
  const headerEnd = 4 + 4 * ndims;
  if (bytes.length < headerEnd) throw new InputError(file, `is ${bytes.length} bytes, too short for the sizes of its ${ndims} dimensions`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const s = view.getUint32(4 + 4 * i, false);
    shape.push(s);
    count *= s;
  }
  const expected = headerEnd + count * type.size;
  if (bytes.length !== expected) {
    throw new InputError(
      file,
      `has ${bytes.length - headerEnd} data bytes but its shape (${shape.join(' x ')}) of ${type.name} needs ${count * type.size}${bytes.length < expected ? ' (truncated?)' : ''}`,
    );
  }
  if (type.name === 'u8') return { type: 'u8', shape, data: bytes.slice(headerEnd) };
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = headerEnd + i * type.size;
    switch (type.name) {
      case 'i8':
        data[i] = view.getInt8(o);
        break;
      case 'i16':
        data[i] = view.getInt16(o, false);
        break;
      case 'i32':
        data[i] = view.getInt32(o, false);
        break;
      case 'f32':
        data[i] = view.getFloat32(o, false);
        break;
      case 'f64':
        data[i] = view.getFloat64(o, false);
        break;
    }
  }
  return { type: type.name, shape, data };
}

/**
 * Reads an IDX file; a name ending in `.gz` (or bytes starting with the gzip magic) is
 * decompressed first.
 *
 * Syntax: const { shape, data } = readIdx('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz')
 */
export function readIdx(file: string): IdxArray {
  let raw: Uint8Array;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new InputError(file, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let bytes = raw;
  if (raw.length >= 2 && raw[0] === GZIP[0] && raw[1] === GZIP[1]) {
    try {
      bytes = gunzipSync(raw);
    } catch (e) {
      throw new InputError(file, `is a damaged gzip stream: ${(e as Error).message}`);
    }
  } else if (file.endsWith('.gz')) {
    throw new InputError(file, 'is named .gz but is not a gzip stream');
  }
  return parseIdx(bytes, file);
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0').toUpperCase();
}
