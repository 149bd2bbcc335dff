import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.ts';
import { jsPasses } from '../../src/solvers/lbfgs-passes.ts';
import { lbfgs } from '../../src/solvers/lbfgs.ts';
import { buildLbfgsWasm } from '../../src/solvers/wasm/build.ts';
import { lbfgsF64x2Available, wasmVectors } from '../../src/solvers/wasm/lbfgs-f64x2.ts';
import { solvePasses } from '../../src/solvers/wasm/lbfgs-team.ts';
import { ufmCeObjective } from '../../src/problems/ufm-ce/problem.ts';

describe('L-BFGS vector passes in wasm SIMD', () => {
  it('the committed .wasm is what wat2wasm builds from the committed .wat', async () => {
    const committed = readFileSync(new URL('../../src/solvers/wasm/lbfgs-f64x2.wasm', import.meta.url));
    expect(Buffer.from(await buildLbfgsWasm()).equals(committed)).toBe(true);
  });

  it('is available on Node 20', () => {
    expect(lbfgsF64x2Available()).toBe(true);
  });

  it('gives the JavaScript passes’ results bit for bit, for every tail length', () => {
    const rng = new Rng(5);
    for (let n = 0; n <= 13; n++) {
      const w = solvePasses(n, 6, true);
      expect(w.simd).toBe(true);
      const j = jsPasses(n);
      const [a, b, c, dW, oW, xW] = Array.from({ length: 6 }, () => w.vector());
      a.set(rng.normalArray(n, 1));
      b.set(rng.normalArray(n, 1e3));
      c.set(rng.normalArray(n, 1e-3));
      const dJ = new Float64Array(n);
      const oJ = new Float64Array(n);
      expect(Object.is(w.dot(a, b), j.dot(a, b))).toBe(true);
      expect(Object.is(w.scaleDot(-0.7, a, dW, b), j.scaleDot(-0.7, a, dJ, b))).toBe(true);
      expect(Array.from(dW)).toEqual(Array.from(dJ));
      for (const gamma of [1, 1.3]) {
        expect(Object.is(w.axpyDot(gamma, 0.3, b, dW, c), j.axpyDot(gamma, 0.3, b, dJ, c))).toBe(true);
        expect(Array.from(dW)).toEqual(Array.from(dJ));
      }
      xW.set(c);
      w.axpyInto(xW, 0.25, dW, oW);
      j.axpyInto(c, 0.25, dJ, oJ);
      expect(Array.from(oW)).toEqual(Array.from(oJ));
      // The new pair over the old point and gradient (s = x, y = g), as the solve writes it.
      const pW = new Float64Array(3);
      const pJ = new Float64Array(3);
      const bJ = Float64Array.from(b);
      w.correctionPair(oW, xW, a, b, xW, b, pW);
      j.correctionPair(oJ, c, a, bJ, c, bJ, pJ);
      expect(pW.every((v, i) => Object.is(v, pJ[i]))).toBe(true);
      expect(Array.from(xW)).toEqual(Array.from(c));
      expect(Array.from(b)).toEqual(Array.from(bJ));
      w.release();
    }
  });

  it('a ufm-ce solve takes bit-identical iterates with and without SIMD, and a released memory is reused zeroed', () => {
    const inst = { problem: 'ufm-ce' as const, K: 4, n: [6, 6, 2, 2], d: 5, lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 1e-3, bias: true };
    const obj = ufmCeObjective(inst);
    const x0 = new Rng(3).normalArray(obj.size, 0.5);
    const fg = (x: Float64Array, g: Float64Array): number => obj.value(x, g);
    const opts = { gtol: 1e-9, relative: true, recordHistory: true };
    const simd = lbfgs(fg, x0, opts);
    const js = lbfgs(fg, x0, { ...opts, simd: false });
    const again = lbfgs(fg, x0, opts);
    expect(simd.reason).toBe('gtol');
    expect(simd.iterations).toBeGreaterThan(20);
    for (const other of [js, again]) {
      expect(other.history).toEqual(simd.history);
      expect(Array.from(other.x)).toEqual(Array.from(simd.x));
    }
  });

  it('hands out only the vectors it has room for', () => {
    const w = solvePasses(3, 1, true);
    w.vector();
    expect(() => w.vector()).toThrow(/in use/);
    w.release();
  });

  it('keeps the last large memory for the next large solve, zeroed, and drops it for a larger one', () => {
    const n = 1 << 20; // 9 vectors: 72 MiB, above what the small-memory pool keeps
    const first = wasmVectors(n, 9)!;
    const v = first.base.vector();
    v.fill(3);
    first.base.release();
    const second = wasmVectors(n - 5, 8)!;
    expect(second.kernel.memory).toBe(first.kernel.memory);
    expect(second.base.vector().every((x) => x === 0)).toBe(true);
    second.base.release();
    const larger = wasmVectors(n, 10)!;
    expect(larger.kernel.memory).not.toBe(first.kernel.memory);
    larger.base.release();
  });
});
