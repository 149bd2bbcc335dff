/**
 * Regenerates gemm-f64x2.wasm from gemm-f64x2.wat: `npm run build:wasm`.
 * tests/problems/wasm/gemm-f64x2.test.ts checks the committed .wasm is this build of the .wat.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildWat } from '../../../linalg/wat-build.ts';

/** The bytes wat2wasm makes from the committed .wat source. */
export function buildGemmWasm(): Promise<Uint8Array> {
  return buildWat(new URL('./gemm-f64x2.wat', import.meta.url));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await buildGemmWasm();
  writeFileSync(new URL('./gemm-f64x2.wasm', import.meta.url), bytes);
  process.stdout.write(`gemm-f64x2.wasm: ${bytes.length} bytes\n`);
}
