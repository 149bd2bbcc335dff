/**
 * The f64x2 SIMD kernel (src/problems/wasm/gemm-f64x2.wat): the committed .wasm is the build of
 * the committed .wat, the kernel computes the products it is asked for (against a plain triple
 * loop), and the ufm-ce kernels give bit-identical value, gradient and Hessian-vector product
 * with it and with the JavaScript fallback (the kernel keeps the scalar summation order and wasm
 * has no fused multiply-add), on shapes with ragged blocks and padding.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/random.ts';
import { BLOCK, ceHessVec, ceScratch, ceValueGrad, type CeShape } from '../../../src/problems/ufm-ce-kernels.ts';
import { gemmArena, gemmF64x2Available } from '../../../src/problems/wasm/gemm-f64x2.ts';
import { buildGemmWasm } from '../../../src/problems/wasm/build.ts';

describe('gemm-f64x2 wasm kernel', () => {
  it('the committed .wasm is what wat2wasm builds from the committed .wat', async () => {
    const committed = readFileSync(new URL('../../../src/problems/wasm/gemm-f64x2.wasm', import.meta.url));
    expect(Buffer.from(await buildGemmWasm()).equals(committed)).toBe(true);
  });

  it('is available on Node 20 (SIMD is on by default)', () => {
    expect(gemmF64x2Available()).toBe(true);
  });

  it('computes C (+)= A B + A2 B2 with strides, against a triple loop', () => {
    const rng = new Rng(11);
    const rows = 8, cols = 12, inner = 5;
    // A stored transposed (row stride 1, inner stride 9: A[r, t] at r + 9 t), A2 likewise (both passes share the strides).
    const arena = gemmArena([inner * 9, inner * 16, inner * 9, inner * 16, rows * 13])!;
    const [A, B, A2, B2, C] = arena.buffers;
    for (const buf of [A, B, A2, B2, C]) for (let i = 0; i < buf.length; i++) buf[i] = rng.normal();
    const before = Float64Array.from(C);
    // Another instance has its own memory: its (zeroed) buffers do not alias these.
    expect(gemmArena([4])!.buffers[0]).toEqual(new Float64Array(4));
    arena.gemm(rows, cols, inner, A.byteOffset, 1, 9, B.byteOffset, 16, C.byteOffset, 13, 1, A2.byteOffset, B2.byteOffset, 2);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let s = 0;
        for (let t = 0; t < inner; t++) s += A[r + t * 9] * B[t * 16 + c];
        for (let t = 0; t < inner; t++) s += A2[r + t * 9] * B2[t * 16 + c];
        expect(C[r * 13 + c]).toBeCloseTo(before[r * 13 + c] + s, 12);
      }
      // columns past `cols` untouched
      expect(C[r * 13 + 12]).toBe(before[r * 13 + 12]);
    }
  });

  for (const [K, d, P, bias] of [[10, 16, 220, true], [7, 13, 2 * BLOCK + 3, true], [3, 5, 2, false], [12, 9, BLOCK, true]] as const) {
    it(`ufm-ce kernels agree bit for bit with the JavaScript fallback (K=${K}, d=${d}, P=${P}, bias=${bias})`, () => {
      const rng = new Rng(K * 1000 + P);
      const label = Int32Array.from({ length: P }, (_, j) => (j * 7) % K);
      const coef = Float64Array.from({ length: P }, () => (1 + 9 * rng.uniform()) / P);
      const shape: CeShape = { K, d, P, bias, label, coef };
      const n = K * d + d * P + (bias ? K : 0);
      const x = Float64Array.from({ length: n }, () => 0.7 * rng.normal());
      const v = Float64Array.from({ length: n }, () => rng.normal());
      const js = ceScratch(K, d, P, { simd: false });
      const simd = ceScratch(K, d, P);
      expect(js.gemm).toBeNull();
      expect(simd.gemm).not.toBeNull();
      const gJs = new Float64Array(n), gSimd = new Float64Array(n), hJs = new Float64Array(n), hSimd = new Float64Array(n);
      // Twice: the second call runs on buffers left over from the first (stale padding must not leak in).
      for (let rep = 0; rep < 2; rep++) {
        expect(ceValueGrad(shape, simd, x, gSimd)).toBe(ceValueGrad(shape, js, x, gJs));
        ceHessVec(shape, js, x, v, hJs);
        ceHessVec(shape, simd, x, v, hSimd);
        expect(Array.from(gSimd)).toEqual(Array.from(gJs));
        expect(Array.from(hSimd)).toEqual(Array.from(hJs));
        x.reverse();
      }
    });
  }
});
