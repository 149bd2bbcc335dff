/**
 * The product kernels: the committed gemm.wasm is the build of gemm.wat; the WebAssembly and
 * JavaScript engines give identical bits (same summation order); both match a plain triple loop
 * with the documented chunked order, for sizes that are not multiples of the tile or the chunk.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMetricsGemmWasm } from '../../src/metrics/wasm/build.ts';
import { GemmEngine, KC, pad4 } from '../../src/metrics/kernels.ts';
import { Rng } from '../../src/random.ts';

describe('metrics gemm kernels', () => {
  it('gemm.wasm is the build of gemm.wat', async () => {
    const built = await buildMetricsGemmWasm();
    expect(Buffer.from(built).equals(readFileSync(new URL('../../src/metrics/wasm/gemm.wasm', import.meta.url)))).toBe(true);
  });

  for (const [m, n, k, acc] of [
    [5, 7, 3, false],
    [9, 130, 300, true],
    [64, 4, 513, false],
    [1, 1, 1, true],
  ] as const) {
    it(`${m} x ${n} x ${k}${acc ? ' (accumulate)' : ''}: wasm = js = the chunked reference`, () => {
      const rng = new Rng(m * 1000 + n + k);
      const A0 = Float64Array.from({ length: m * k }, () => rng.normal());
      const B0 = Float64Array.from({ length: k * n }, () => rng.normal());
      const C0 = Float64Array.from({ length: m * n }, () => rng.normal());
      const run = (forceJs: boolean) => {
        const g = GemmEngine.create(forceJs);
        const n4 = pad4(n);
        const [A, B, C] = g.reserve([pad4(m) * k, k * n4, pad4(m) * n4]);
        A.set(A0);
        for (let t = 0; t < k; t++) B.set(B0.subarray(t * n, t * n + n), t * n4);
        for (let i = 0; i < m; i++) C.set(C0.subarray(i * n, i * n + n), i * n4);
        g.mul(m, n, k, A, k, B, n4, C, n4, acc);
        return { backend: g.backend, C: Array.from({ length: m * n }, (_, q) => C[Math.floor(q / n) * n4 + (q % n)]) };
      };
      const w = run(false);
      const j = run(true);
      expect(j.backend).toBe('js');
      expect(w.C).toEqual(j.C);
      // Reference: chunks of KC along t, each summed from 0 with t ascending, added in order.
      const ref = Array.from({ length: m * n }, (_, q) => {
        const i = Math.floor(q / n),
          c = q % n;
        let out = acc ? C0[q] : 0;
        for (let t0 = 0; t0 < k; t0 += KC) {
          let s = 0;
          for (let t = t0; t < Math.min(k, t0 + KC); t++) s += A0[i * k + t] * B0[t * n + c];
          out = t0 === 0 && !acc ? s : out + s;
        }
        return out;
      });
      expect(j.C).toEqual(ref);
    });
  }
});
