/**
 * Regenerates lbfgs-f64x2.wasm from lbfgs-f64x2.wat with wabt's JavaScript wat2wasm (a
 * devDependency): `npm run build:wasm`. The .wasm is committed so that ncverify needs no build
 * step; tests/solvers/lbfgs-wasm.test.ts checks that it matches this build of the .wat.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bytes wat2wasm makes from the committed .wat source. */
export async function buildLbfgsWasm(): Promise<Uint8Array> {
  const wabt = await (await import('wabt')).default();
  const source = readFileSync(new URL('./lbfgs-f64x2.wat', import.meta.url), 'utf8');
  const mod = wabt.parseWat('lbfgs-f64x2.wat', source, { simd: true });
  try {
    mod.validate();
    return mod.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    mod.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await buildLbfgsWasm();
  writeFileSync(new URL('./lbfgs-f64x2.wasm', import.meta.url), bytes);
  process.stdout.write(`lbfgs-f64x2.wasm: ${bytes.length} bytes\n`);
}
