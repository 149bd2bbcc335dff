/**
 * src/io/npy.ts against files written by numpy (tests/fixtures/npy/make.py) and against what
 * numpy read back from them (expected.json), plus round trips of the writer through the reader
 * and the refusals of bad files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { NpyRowReader, NpyWriter, npyToFloat64, readNpy, readNpyHeader, writeNpy } from '../../src/io/npy.ts';

const DIR = path.join(import.meta.dirname, '../fixtures/npy');
const fx = (name: string) => path.join(DIR, name);

interface Expected {
  shape: number[];
  descr: string;
  fortranOrder: boolean;
  version: [number, number];
  values: Array<number | string>;
}
const EXPECTED = (JSON.parse(readFileSync(fx('expected.json'), 'utf8')) as { files: Record<string, Expected> }).files;

/** numpy's value as a JS number (NaN / inf were written as strings). */
const num = (v: number | string): number => (typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ncverify-npy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readNpy on numpy-written files', () => {
  it('covers the formats the issue names', () => {
    const descrs = new Set(Object.values(EXPECTED).map((e) => e.descr.slice(1)));
    for (const d of ['f2', 'f4', 'f8', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'b1']) expect(descrs).toContain(d);
    const versions = new Set(Object.values(EXPECTED).map((e) => e.version[0]));
    expect([...versions].sort()).toEqual([1, 2, 3]);
    expect(Object.values(EXPECTED).some((e) => e.fortranOrder)).toBe(true);
    expect(Object.values(EXPECTED).some((e) => e.descr.startsWith('>'))).toBe(true);
  });

  for (const [name, e] of Object.entries(EXPECTED)) {
    it(`${name}: header and every value as numpy reads them`, () => {
      const h = readNpyHeader(fx(name));
      expect(h.shape).toEqual(e.shape);
      expect(h.fortranOrder).toBe(e.fortranOrder);
      expect(h.version[0]).toBe(e.version[0]);
      expect(h.dtype).toBe(e.descr.slice(1));
      expect(h.dataOffset % 16).toBe(0);
      const a = readNpy(fx(name));
      expect(a.shape).toEqual(e.shape);
      expect(a.data.length).toBe(e.values.length);
      if (e.descr.endsWith('i8') || e.descr.endsWith('u8')) {
        expect(a.kind).toBe('int');
        expect(Array.from(a.data as BigInt64Array, (v) => String(v))).toEqual(e.values);
      } else if (a.kind === 'float') {
        // Object.is: -0 stays -0, NaN is NaN.
        a.data.forEach((v, k) => expect(Object.is(v, num(e.values[k])), `${name}[${k}]: ${v} vs ${e.values[k]}`).toBe(true));
      } else {
        expect(Array.from(a.data as Int32Array, Number)).toEqual(e.values.map(num));
      }
    });
  }

  it('float16 and float32 values widen exactly (0.1 is the nearest half / single, not 0.1)', () => {
    const h = readNpy(fx('float_f2_le.npy'));
    const s = readNpy(fx('float_f4_be.npy'));
    if (h.kind !== 'float' || s.kind !== 'float') throw new Error('expected floats');
    // 0.1 in binary16: 0x2E66 = 1638/16384 (mantissa 0x266 = 614, exponent -4): (1 + 614/1024) / 16.
    expect(h.data[0]).toBe((1 + 614 / 1024) / 16);
    expect(h.data[7]).toBe(2 ** -24); // 6e-8 rounds to the smallest subnormal
    expect(s.data[0]).toBe(Math.fround(0.1));
    expect(s.data[6]).toBe(Math.fround(1 / 3));
  });

  it('a Fortran-order array comes back in C order', () => {
    const a = readNpy(fx('fortran_f8_3x4.npy'));
    if (a.kind !== 'float') throw new Error('expected floats');
    // The fixture is arange(12).reshape(3, 4) * 1.25 - 4, so C-order item k is 1.25 k - 4.
    expect(Array.from(a.data)).toEqual(Array.from({ length: 12 }, (_, k) => 1.25 * k - 4));
    const t = readNpy(fx('fortran_i4_2x3x4.npy'));
    expect(Array.from(t.data as Int32Array)).toEqual(Array.from({ length: 24 }, (_, k) => k - 11));
  });
});

describe('NpyRowReader', () => {
  it('streams C-order rows in chunks equal to the whole read', () => {
    const N = 1037;
    const d = 5;
    const vals = Float64Array.from({ length: N * d }, (_, k) => Math.sin(k) * 100);
    writeNpy(path.join(tmp, 'c.npy'), vals, [N, d], '<f4');
    const r = new NpyRowReader(path.join(tmp, 'c.npy'));
    expect([r.rows, r.cols]).toEqual([N, d]);
    let seen = 0;
    for (const c of r.chunks(100)) {
      expect(c.start).toBe(seen);
      for (let k = 0; k < c.rows * d; k++) expect(c.data[k]).toBe(Math.fround(vals[c.start * d + k]));
      seen += c.rows;
    }
    expect(seen).toBe(N);
    r.close();
  });

  it('streams Fortran-order rows (one positioned read per column)', () => {
    const r = new NpyRowReader(fx('fortran_f4_1000x3.npy'));
    expect(r.header.fortranOrder).toBe(true);
    const rows: number[] = [];
    for (const c of r.chunks(128)) rows.push(...c.data);
    r.close();
    // arange(3000).reshape(1000, 3) / 8 in C order.
    expect(rows).toEqual(Array.from({ length: 3000 }, (_, k) => k / 8));
  });

  it('reads a 1-D array as N x 1 and integer labels exactly', () => {
    const r = new NpyRowReader(fx('int_i8_le.npy'));
    expect([r.rows, r.cols]).toEqual([6, 1]);
    // min and max of int64 have no exact float64.
    expect(() => r.read(0, 1)).toThrow(/row 0 = -9223372036854775808 has no exact float64/);
    expect(Array.from(r.read(2, 3))).toEqual([0, 1, 7]);
    r.close();
    const u = new NpyRowReader(fx('int_u4_be.npy'));
    expect(Array.from(u.read(0, 6))).toEqual([0, 4294967295, 0, 1, 7, 4294967294]);
    u.close();
  });

  it('refuses 3-D arrays and bools, naming the input', () => {
    expect(() => new NpyRowReader(fx('fortran_i4_2x3x4.npy'), { input: '--features' })).toThrow(
      /^--features: .*shape \(2, 3, 4\); expected a 1-D or 2-D array/,
    );
    expect(() => new NpyRowReader(fx('bool.npy'), { input: '--labels' })).toThrow(/^--labels: .*bools/);
  });
});

describe('writeNpy', () => {
  it('round-trips every written dtype through the reader', () => {
    const cases: Array<[Parameters<typeof writeNpy>[3], number[]]> = [
      ['<f8', [0.1, -0, 1e300, -5e-324]],
      ['<f4', [0.5, -3, 1024.25]],
      ['<i8', [-(2 ** 53), 2 ** 53, 0]],
      ['<i4', [-(2 ** 31), 2 ** 31 - 1]],
      ['<i2', [-32768, 32767]],
      ['|i1', [-128, 127]],
      ['<u8', [0, 2 ** 53]],
      ['<u4', [0, 2 ** 32 - 1]],
      ['<u2', [65535]],
      ['|u1', [0, 255]],
    ];
    for (const [dt, v] of cases) {
      const f = path.join(tmp, `w${dt!.slice(1)}.npy`);
      writeNpy(f, v, [v.length], dt);
      const a = readNpy(f);
      expect(a.header.descr).toBe(dt);
      expect(Array.from(npyToFloat64(a)).map((x) => (Object.is(x, -0) ? '-0' : x))).toEqual(v.map((x) => (Object.is(x, -0) ? '-0' : x)));
    }
  });

  it('writes the header numpy writes (64-byte aligned, version 1.0)', () => {
    const f = path.join(tmp, 'h.npy');
    writeNpy(f, [1, 2, 3, 4, 5, 6], [2, 3], '<f8');
    const bytes = readFileSync(f);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]));
    const hlen = bytes[8] | (bytes[9] << 8);
    expect((10 + hlen) % 64).toBe(0);
    expect(bytes.subarray(10, 10 + hlen).toString('latin1')).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect(bytes.length).toBe(10 + hlen + 48);
  });

  it('refuses values that do not fit, and a streamed file left short', () => {
    expect(() => writeNpy(path.join(tmp, 'x.npy'), [1.5], [1], '<i4')).toThrow(InputError);
    expect(() => writeNpy(path.join(tmp, 'x.npy'), [256], [1], '|u1')).toThrow(/does not fit \|u1/);
    const w = new NpyWriter(path.join(tmp, 'short.npy'), [4], '<f4');
    w.write(new Float32Array([1, 2]));
    expect(() => w.close()).toThrow(/closed after 2 of 4 items/);
  });
});

describe('bad files are refused with an InputError naming the file', () => {
  const bad: Array<[string, RegExp]> = [
    ['bad_empty.npy', /empty file \(0 bytes\)/],
    ['bad_magic.npy', /not a \.npy file/],
    ['bad_truncated.npy', /truncated \.npy file: shape \(3, 4\) of <f8 needs 96 data bytes, the file has 91/],
    ['bad_header_only.npy', /truncated \.npy file: the header needs/],
    ['bad_trailing.npy', /8 bytes after the 96 data bytes/],
    ['bad_object.npy', /object arrays .* pickled Python objects/],
    ['bad_complex.npy', /unsupported dtype "<c16"/],
    ['bad_unicode.npy', /unsupported dtype "<U2"/],
    ['bad_datetime.npy', /unsupported dtype "<M8\[D\]"/],
    ['bad_structured.npy', /structured dtypes/],
    ['bad_header_key.npy', /no 'shape' key/],
  ];
  for (const [name, msg] of bad) {
    it(name, () => {
      let err: unknown;
      try {
        readNpy(fx(name));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).input).toBe(fx(name));
      expect((err as Error).message).toMatch(msg);
    });
  }

  it('a missing file and an unknown version', () => {
    expect(() => readNpy(path.join(tmp, 'nope.npy'))).toThrow(/no such file/);
    const b = Buffer.from(readFileSync(fx('float_f8_le.npy')));
    b[6] = 4;
    writeFileSync(path.join(tmp, 'v4.npy'), b);
    expect(() => readNpy(path.join(tmp, 'v4.npy'))).toThrow(/unsupported \.npy format version 4\.0/);
  });
});
