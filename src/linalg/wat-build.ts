/**
 * Regenerating a committed `.wasm` from its `.wat` source with wabt's JavaScript wat2wasm (a
 * devDependency, imported only here, only when a build script runs). The `.wasm` files are
 * committed so that ncverify needs no build step; each kernel's test checks its `.wasm` is this
 * build of its `.wat`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bytes wat2wasm makes from the `.wat` file at `watUrl` (SIMD and shared memories enabled). */
export async function buildWat(watUrl: URL): Promise<Uint8Array> {
  const wabt = await (await import('wabt')).default();
  const features = { simd: true, threads: true };
  const mod = wabt.parseWat(path.basename(fileURLToPath(watUrl)), readFileSync(watUrl, 'utf8'), features);
  try {
    // wabt's typings declare validate() without the features it takes (and checks against).
    (mod.validate as (f: typeof features) => void)(features);
    return mod.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    mod.destroy();
  }
}
