/**
 * src/io/safetensors.ts against files written by tests/fixtures/safetensors/make.py (values as
 * numpy decodes the same bytes: expected.json), src/io/csv.ts on small hand-written files, and the
 * format dispatch of src/io/rows.ts.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { readCsvLabels, readCsvMatrix } from '../../src/io/csv.ts';
import { writeNpy } from '../../src/io/npy.ts';
import { openRows, parseRowSource, readLabels } from '../../src/io/rows.ts';
import { SafetensorsRowReader, readSafetensorsHeader } from '../../src/io/safetensors.ts';

const ST = path.join(import.meta.dirname, '../fixtures/safetensors');
const CSV = path.join(import.meta.dirname, '../fixtures/csv');
const EXPECTED = JSON.parse(readFileSync(path.join(ST, 'expected.json'), 'utf8')) as Record<string, { shape: number[]; values: number[] }>;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ncverify-st-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('safetensors', () => {
  it('reads the header: names, dtypes, shapes, metadata', () => {
    const h = readSafetensorsHeader(path.join(ST, 'features.safetensors'));
    expect([...h.tensors.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(h.tensors.get('features_bf16')?.dtype).toBe('BF16');
    expect(h.metadata).toEqual({ format: 'pt' });
  });

  for (const [name, e] of Object.entries(EXPECTED)) {
    it(`${name}: every value as numpy decodes it`, () => {
      const r = new SafetensorsRowReader(path.join(ST, 'features.safetensors'), name);
      expect([r.rows, r.cols]).toEqual([e.shape[0], e.shape[1] ?? 1]);
      // Two reads that split the rows: chunked reading gives the same values.
      const a = r.read(0, 1);
      const b = r.read(1, r.rows - 1);
      expect([...a, ...b]).toEqual(e.values);
      r.close();
    });
  }

  it('bfloat16 is the top half of a float32; float16 0.1-like values widen exactly', () => {
    const r = new SafetensorsRowReader(path.join(ST, 'features.safetensors'), 'features_bf16');
    expect(Array.from(r.read(0, 2))).toEqual([1.5, -2, 0.15625, 3, -0.0078125, 256]);
    r.close();
    const f = new SafetensorsRowReader(path.join(ST, 'features.safetensors'), 'features_f32');
    expect(f.read(0, 1)[0]).toBe(Math.fround(-5.5 / 3));
    f.close();
  });

  it('a file with one tensor needs no name; several need one', () => {
    expect(new SafetensorsRowReader(path.join(ST, 'single.safetensors'), undefined).rows).toBe(4);
    expect(inputError(() => new SafetensorsRowReader(path.join(ST, 'features.safetensors'), undefined)).message).toMatch(/has 7 tensors; name one as .*:NAME/);
    expect(inputError(() => new SafetensorsRowReader(path.join(ST, 'features.safetensors'), 'nope')).message).toMatch(/no tensor "nope"/);
  });

  const bad: Array<[string, RegExp]> = [
    ['bad_empty.safetensors', /empty file/],
    ['bad_dtype.safetensors', /unsupported dtype "F8_E4M3"/],
    ['bad_offsets.safetensors', /needs 16 bytes, data_offsets span 12/],
    ['bad_truncated.safetensors', /truncated \.safetensors file/],
    ['bad_json.safetensors', /not UTF-8 JSON/],
  ];
  for (const [name, msg] of bad) {
    it(`refuses ${name}`, () => {
      const e = inputError(() => readSafetensorsHeader(path.join(ST, name)));
      expect(e.input).toBe(path.join(ST, name));
      expect(e.message).toMatch(msg);
    });
  }
});

describe('csv', () => {
  it('reads a header, comma and tab separators, inf', () => {
    const m = readCsvMatrix(path.join(CSV, 'features_header.csv'));
    expect(m.header).toEqual(['a', 'b', 'c']);
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, -4.5, 0.5, Infinity]);
    expect(Array.from(readCsvMatrix(path.join(CSV, 'features.tsv')).data)).toEqual([1, 2, 3, 4]);
  });

  it('refuses ragged rows and non-numbers, naming line and field', () => {
    expect(inputError(() => readCsvMatrix(path.join(CSV, 'ragged.csv'), '--features')).message).toMatch(
      /^--features: .*line 2 has 2 fields, the first data line 3/,
    );
    expect(inputError(() => readCsvMatrix(path.join(CSV, 'word.csv'))).message).toMatch(/line 2, field 2: "x" is not a number/);
  });

  it('labels: integers only, a header allowed, floats refused', () => {
    expect(Array.from(readCsvLabels(path.join(CSV, 'labels.csv')))).toEqual([3, -2, 3]);
    expect(inputError(() => readCsvLabels(path.join(CSV, 'labels_float.csv'), '--labels')).message).toMatch(/line 2: "1\.0" is not an integer label/);
  });
});

describe('rows: format dispatch', () => {
  it('by name: .npy, .safetensors:NAME, .csv; by magic for other names', () => {
    expect(parseRowSource('a.safetensors:w', '-')).toEqual({ kind: 'safetensors', file: 'a.safetensors', tensor: 'w' });
    expect(parseRowSource('a.npy', '-')).toEqual({ kind: 'npy', file: 'a.npy' });
    const f = path.join(tmp, 'features.bin');
    writeNpy(f, [1, 2, 3, 4], [2, 2], '<f4');
    const r = openRows(parseRowSource(f, '--features'), '--features');
    expect(Array.from(r.read(0, 2))).toEqual([1, 2, 3, 4]);
    r.close();
    writeFileSync(path.join(tmp, 'junk.bin'), 'hello, not an array');
    expect(inputError(() => openRows(parseRowSource(path.join(tmp, 'junk.bin'), '--features'), '--features')).message).toMatch(/not a \.npy file/);
    const s = openRows(parseRowSource(path.join(ST, 'single.safetensors'), '-'), '-');
    expect(s.dtype).toBe('F32');
  });

  it('labels: integer dtypes from every format; float dtypes refused', () => {
    expect(Array.from(readLabels(`${path.join(ST, 'features.safetensors')}:labels_i64`, '--labels').values)).toEqual([3, -1, 7, 3]);
    expect(inputError(() => readLabels(`${path.join(ST, 'features.safetensors')}:features_f32`, '--labels')).message).toMatch(
      /is F32; labels must be an integer dtype/,
    );
    const f = path.join(tmp, 'y.npy');
    writeNpy(f, [0, 1, 2], [3], '<f8');
    expect(inputError(() => readLabels(f, '--labels')).message).toMatch(/^--labels: .*floats \(<f8\); labels must be an integer dtype/);
    writeNpy(f, [0, 1, 2], [3], '<i4');
    expect(Array.from(readLabels(f, '--labels').values)).toEqual([0, 1, 2]);
  });
});
