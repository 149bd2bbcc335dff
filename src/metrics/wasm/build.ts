/**
 * Regenerates gemm.wasm from gemm.wat: `node bin/run-ts.js src/metrics/wasm/build.ts`.
 * tests/metrics/kernels.test.ts checks the committed gemm.wasm is this build of the .wat.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildWat } from '../../linalg/wat-build.ts';

/** The bytes wat2wasm makes from the committed .wat source. */
export function buildMetricsGemmWasm(): Promise<Uint8Array> {
  return buildWat(new URL('./gemm.wat', import.meta.url));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await buildMetricsGemmWasm();
  writeFileSync(new URL('./gemm.wasm', import.meta.url), bytes);
  process.stdout.write(`gemm.wasm: ${bytes.length} bytes\n`);
}
