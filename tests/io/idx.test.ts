/**
 * src/io/idx.ts against the tiny IDX files written with Python's struct by
 * tests/fixtures/idx/make.py (the expected values are that script's formulas, recomputed here),
 * and on the real Fashion-MNIST files when the Debian package is installed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseIdx, readIdx } from '../../src/io/idx.ts';
import { fashionMnistDir } from '../../src/train/dataset.ts';

const fx = (name: string) => path.join(import.meta.dirname, '../fixtures/idx', name);

describe('readIdx', () => {
  it('reads unsigned-byte images with their shape, plain and gzip-compressed', () => {
    const expected = Array.from({ length: 18 }, (_, k) => (7 * k + 3) % 256);
    for (const file of ['images-u8.idx3', 'images-u8.idx3.gz']) {
      const a = readIdx(fx(file));
      expect(a.type).toBe('u8');
      expect(a.shape).toEqual([3, 2, 3]);
      expect(Array.from(a.data)).toEqual(expected);
    }
  });

  it('reads labels, int16, float32 and float64 big-endian', () => {
    expect(Array.from(readIdx(fx('labels-u8.idx1')).data)).toEqual([3, 0, 9, 9]);
    const i16 = readIdx(fx('values-i16.idx1'));
    expect(i16.type).toBe('i16');
    expect(Array.from(i16.data)).toEqual([-300, 7, 32767]);
    const f32 = readIdx(fx('values-f32.idx2'));
    expect(f32.shape).toEqual([2, 2]);
    expect(Array.from(f32.data)).toEqual([1.5, -2.25, 0.125, 1024]);
    expect(Array.from(readIdx(fx('values-f64.idx1')).data)).toEqual([0.1, -1e300]);
  });

  it('refuses truncated files, unknown types, non-IDX bytes and a .gz that is not gzip, naming the file', () => {
    expect(() => readIdx(fx('truncated.idx3'))).toThrow(/truncated\.idx3: has 17 data bytes but its shape \(3 x 2 x 3\) of u8 needs 18 \(truncated\?\)/);
    expect(() => readIdx(fx('bad-type.idx1'))).toThrow(/bad-type\.idx1: has unknown IDX element type 0x0A/);
    expect(() => parseIdx(new Uint8Array([0x93, 0x4e, 0x55, 0x4d]), 'x.npy')).toThrow(/x\.npy: is not an IDX file/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3]), 'long.idx')).toThrow(/long\.idx: has 3 data bytes .* needs 2/);
    expect(() => readIdx(fx('labels-u8.idx1') + '.gz')).toThrow(InputError);
    expect(() => readIdx(fx('missing.idx'))).toThrow(/missing\.idx: cannot be read: ENOENT/);
  });

  // The real files: skipped visibly when the Debian package is not installed, and a failure
  // under NCVERIFY_REQUIRE_DATASET=1 (.ci/run installs the package), as the browser test does.
  it('reads the Fashion-MNIST training labels: 60000 labels, 6000 per class', (ctx) => {
    const fmnist = path.join(fashionMnistDir(), 'train-labels-idx1-ubyte.gz');
    if (!existsSync(fmnist)) {
      const why = `${fmnist} not found (apt-get install dataset-fashion-mnist)`;
      if (process.env.NCVERIFY_REQUIRE_DATASET === '1') throw new Error(`NCVERIFY_REQUIRE_DATASET=1 but ${why}`);
      console.warn(`SKIPPED Fashion-MNIST labels: ${why}`);
      ctx.skip();
    }
    const a = readIdx(fmnist);
    expect(a.shape).toEqual([60000]);
    const counts = new Array(10).fill(0);
    for (const v of a.data) counts[v]++;
    expect(counts).toEqual(new Array(10).fill(6000));
  });
});
