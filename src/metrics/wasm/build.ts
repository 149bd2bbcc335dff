/**
 * Regenerates gemm.wasm from gemm.wat with wabt's JavaScript wat2wasm (a devDependency):
 * `node bin/run-ts.js src/metrics/wasm/build.ts`. The .wasm is committed so ncverify needs no
 * build step; tests/metrics/kernels.test.ts checks it is this build of the .wat.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bytes wat2wasm makes from the committed .wat source. */
export async function buildMetricsGemmWasm(): Promise<Uint8Array> {
  const wabt = await (await import('wabt')).default();
  const source = readFileSync(new URL('./gemm.wat', import.meta.url), 'utf8');
  const mod = wabt.parseWat('gemm.wat', source, { simd: true });
  try {
    mod.validate();
    return mod.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    mod.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await buildMetricsGemmWasm();
  writeFileSync(new URL('./gemm.wasm', import.meta.url), bytes);
  console.log(`gemm.wasm: ${bytes.length} bytes`);
}
