/**
 * The f64x2 SIMD kernels (src/problems/ufm-ce/wasm/gemm-f64x2.wat): the committed .wasm is the build of
 * the committed .wat, the block product computes what it is asked for (against a plain triple
 * loop), the softmax's exponential pass is Math.exp bit for bit, and the ufm-ce kernels give bit-identical value, gradient and Hessian-vector product
 * with it and with the JavaScript fallback (the kernel keeps the scalar summation order and wasm
 * has no fused multiply-add), on shapes with ragged blocks and padding.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/random.ts';
import { BLOCK, ceHessVec, ceScratch, ceValueGrad, type CeShape } from '../../../../src/problems/ufm-ce/kernels.ts';
import { gemmArena, gemmF64x2Available } from '../../../../src/problems/ufm-ce/wasm/gemm-f64x2.ts';
import { buildGemmWasm } from '../../../../src/problems/ufm-ce/wasm/build.ts';

describe('gemm-f64x2 wasm kernel', () => {
  it('the committed .wasm is what wat2wasm builds from the committed .wat', async () => {
    const committed = readFileSync(new URL('../../../../src/problems/ufm-ce/wasm/gemm-f64x2.wasm', import.meta.url));
    expect(Buffer.from(await buildGemmWasm()).equals(committed)).toBe(true);
  });

  it('is available on Node 20 (SIMD is on by default)', () => {
    expect(gemmF64x2Available()).toBe(true);
  });

  it('computes C (+)= A B + A2 B2 with strides, against a triple loop', () => {
    const rng = new Rng(11);
    const rows = 8,
      cols = 12,
      inner = 5;
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

  it('expShiftRows is Math.exp bit for bit on (-inf, 0], subnormal and underflow ranges included, and sums per column', () => {
    const rng = new Rng(5);
    const K = 3,
      ld = 4096;
    const special = [
      0,
      -0,
      -Infinity,
      -745.1332191019411,
      -745.1332191019412,
      -708.4,
      -707.7,
      -0.34657359028,
      -0.3465735912,
      -1.0397205352783203,
      -1.0397207708399179,
      -(2 ** -28),
      -(2 ** -29),
      -1e-300,
      -5e-324,
    ];
    const arena = gemmArena([K * ld, ld, ld])!;
    const [Z, mx, sum] = arena.buffers;
    const arg = new Float64Array(K * ld);
    for (let i = 0; i < K * ld; i++) {
      const u = rng.uniform();
      // Four scales: the whole range down to underflow, O(1), tiny, and logits near a tie.
      arg[i] = i < special.length ? special[i] : [-760 * u, -3 * u, -1e-7 * u, -Math.exp(-50 * u)][i % 4];
    }
    for (let j = 0; j < ld; j++) mx[j] = rng.normal();
    for (let i = 0; i < K * ld; i++) Z[i] = arg[i] + mx[i % ld];
    // The argument the kernel sees is Z - mx (rounded); compare Math.exp of exactly that.
    const seen = Float64Array.from(Z, (z, i) => z - mx[i % ld]);
    arena.expShiftRows(Z.byteOffset, ld, K, ld, mx.byteOffset, sum.byteOffset);
    let mismatches = 0;
    for (let i = 0; i < K * ld; i++) if (!Object.is(Z[i], Math.exp(seen[i]))) mismatches++;
    expect(mismatches).toBe(0);
    for (let j = 0; j < ld; j++) expect(sum[j]).toBe(Math.exp(seen[j]) + Math.exp(seen[ld + j]) + Math.exp(seen[2 * ld + j]));
  });

  for (const [K, d, P, bias] of [
    [10, 16, 220, true],
    [7, 13, 2 * BLOCK + 3, true],
    [3, 5, 2, false],
    [12, 9, BLOCK, true],
  ] as const) {
    it(`ufm-ce kernels agree bit for bit with the JavaScript fallback (K=${K}, d=${d}, P=${P}, bias=${bias})`, () => {
      const rng = new Rng(K * 1000 + P);
      const label = Int32Array.from({ length: P }, (_, j) => (j * 7) % K);
      const coef = Float64Array.from({ length: P }, () => (1 + 9 * rng.uniform()) / P);
      // The H ridge inside the kernels: weighted with a bias, uniform without.
      const shape: CeShape = { K, d, P, bias, label, coef, lambdaH: 0.3, hWeight: bias ? Float64Array.from(coef, (c) => c * P) : null };
      const n = K * d + d * P + (bias ? K : 0);
      const x = Float64Array.from({ length: n }, () => 0.7 * rng.normal());
      const v = Float64Array.from({ length: n }, () => rng.normal());
      const js = ceScratch(K, d, P, { simd: false });
      const simd = ceScratch(K, d, P);
      expect(js.gemm).toBeNull();
      expect(simd.gemm).not.toBeNull();
      const gJs = new Float64Array(n),
        gSimd = new Float64Array(n),
        hJs = new Float64Array(n),
        hSimd = new Float64Array(n);
      // Twice: the second call runs on buffers left over from the first (stale padding must not leak in).
      for (let rep = 0; rep < 2; rep++) {
        const sSimd = new Float64Array(2);
        const sJs = new Float64Array(2);
        ceValueGrad(shape, simd, x, gSimd, sSimd);
        ceValueGrad(shape, js, x, gJs, sJs);
        expect(Array.from(sSimd)).toEqual(Array.from(sJs));
        expect(sJs[1]).toBeGreaterThan(0);
        ceHessVec(shape, js, x, v, hJs);
        ceHessVec(shape, simd, x, v, hSimd);
        expect(Array.from(gSimd)).toEqual(Array.from(gJs));
        expect(Array.from(hSimd)).toEqual(Array.from(hJs));
        x.reverse();
      }
    });
  }
});
