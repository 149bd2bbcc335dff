import { describe, expect, it } from 'vitest';
import { axpyDot, axpyInto, correctionPair, dot4, jsPasses, scaleDot, VECTOR_CHUNK, vectorChunks } from '../../src/solvers/lbfgs-passes.ts';

/** Small integers: every product and partial sum is exact, so any summation order gives the exact value. */
const ints = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => ((i * 7 + seed * 13) % 11) - 5);
const exactDot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

describe('L-BFGS vector passes', () => {
  it('sum in the fixed order (s0 + s2) + (s1 + s3) of the partial sums by i mod 4, tail included', () => {
    const ones = (n: number): Float64Array => new Float64Array(n).fill(1);
    // Sequentially 1e16 + 1 rounds to 1e16 and the 1 is lost; the partial sums cancel the large
    // terms first (s0 + s2 = 0) and keep both ones. The planted one-accumulator order gets 1.
    const a = Float64Array.from([1e16, 1, -1e16, 1]);
    expect(dot4(a, ones(4))).toBe(2);
    expect(a.reduce((s, v) => s + v, 0)).toBe(1);
    // In the tail (n = 7) elements 4, 5, 6 go to s0, s1, s2.
    const t = Float64Array.from([0, 0, 0, 0, 1e16, 1, -1e16]);
    expect(dot4(t, ones(7))).toBe(1);
    expect(t.reduce((s, v) => s + v, 0)).toBe(0);
    // Every fused pass uses the same order for its dot product.
    const dir = new Float64Array(4);
    expect(scaleDot(1, a, dir, ones(4))).toBe(2);
    expect(axpyDot(1, 1, a, new Float64Array(4), ones(4))).toBe(2);
    expect(axpyDot(1, 1, t, new Float64Array(7), ones(7))).toBe(1);
    const out = new Float64Array(3);
    correctionPair(a, new Float64Array(4), ones(4), new Float64Array(4), new Float64Array(4), new Float64Array(4), out);
    expect(out[0]).toBe(2);
  });

  it('update every element as stated and return the exact dot products on integer data, for every tail length', () => {
    for (let n = 0; n <= 11; n++) {
      const g = ints(n, 1);
      const v = ints(n, 2);
      const t = ints(n, 3);
      const d0 = ints(n, 4);
      expect(dot4(g, t)).toBe(exactDot(g, t));

      const dir = new Float64Array(n);
      const r1 = scaleDot(-3, g, dir, t);
      expect(Array.from(dir)).toEqual(Array.from(g, (x) => -3 * x));
      expect(r1).toBe(exactDot(dir, t));

      for (const gamma of [1, 2]) {
        const dd = Float64Array.from(d0);
        const r2 = axpyDot(gamma, -2, v, dd, t);
        expect(Array.from(dd)).toEqual(Array.from(d0, (x, i) => gamma * (x - 2 * v[i])));
        expect(r2).toBe(exactDot(dd, t));
      }

      const xn = new Float64Array(n);
      axpyInto(g, 0.5, v, xn);
      expect(Array.from(xn)).toEqual(Array.from(g, (x, i) => x + 0.5 * v[i]));

      const s = new Float64Array(n);
      const y = new Float64Array(n);
      const out = new Float64Array(3);
      correctionPair(g, v, t, d0, s, y, out);
      expect(Array.from(s)).toEqual(Array.from(g, (x, i) => x - v[i]));
      expect(Array.from(y)).toEqual(Array.from(t, (x, i) => x - d0[i]));
      expect(Array.from(out)).toEqual([exactDot(s, y), exactDot(y, y), exactDot(t, t)]);
    }
  });

  it('a long vector is summed per chunk of VECTOR_CHUNK elements and the chunks in order', () => {
    const n = 2 * VECTOR_CHUNK + 6;
    expect(vectorChunks(n)).toBe(3);
    expect(vectorChunks(VECTOR_CHUNK)).toBe(1);
    const p = jsPasses(n);
    // Chunk 0 holds 1e16 (partial sum s0) and 1 (s1), and sums to 1e16; chunk 1 holds -1e16 and
    // chunk 2 a 1: in chunk order (1e16 + -1e16) + 1 = 1. The whole-vector order cancels 1e16
    // in s0 and keeps both ones (2): the planted unchunked sum differs.
    const a = p.vector();
    const ones = p.vector().fill(1);
    a[0] = 1e16;
    a[1] = 1;
    a[VECTOR_CHUNK] = -1e16;
    a[2 * VECTOR_CHUNK + 4] = 1;
    expect(p.dot(a, ones)).toBe(1);
    expect(dot4(a, ones)).toBe(2);
    expect(p.scaleDot(1, a, p.vector(), ones)).toBe(1);
    expect(p.axpyDot(1, 1, a, p.vector(), ones)).toBe(1);
    const out = new Float64Array(3);
    p.correctionPair(a, new Float64Array(n), ones, new Float64Array(n), p.vector(), p.vector(), out);
    expect(out[0]).toBe(1);
    expect(out[2]).toBe(n);
    // Each chunk on its own is the range pass over its elements.
    const parts = [0, 1, 2].map((c) => dot4(a, ones, c * VECTOR_CHUNK, Math.min(n, (c + 1) * VECTOR_CHUNK)));
    expect(parts).toEqual([1e16, -1e16, 1]);
  });

  it('a new pair may be written over the old point and gradient (s = x, y = g)', () => {
    const n = 11;
    const xNew = ints(n, 1);
    const x = ints(n, 2);
    const gNew = ints(n, 3);
    const g = ints(n, 4);
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    const apart = new Float64Array(3);
    correctionPair(xNew, x, gNew, g, s, y, apart);
    const inPlace = new Float64Array(3);
    correctionPair(xNew, x, gNew, g, x, g, inPlace);
    expect(Array.from(x)).toEqual(Array.from(s));
    expect(Array.from(g)).toEqual(Array.from(y));
    expect(Array.from(inPlace)).toEqual(Array.from(apart));
  });
});
