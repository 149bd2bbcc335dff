/**
 * Loading the committed WebAssembly kernels (src/problems/ufm-ce/wasm,
 * src/metrics/wasm): compiled synchronously once per file, and null where the runtime lacks
 * WebAssembly or its SIMD proposal, so that callers fall back to their JavaScript kernels,
 * which sum in the same order.
 */
import { readFileSync } from 'node:fs';

/**
 * The part of the WebAssembly global used here, declared locally: the project compiles against
 * lib ES2022 without DOM, which has no WebAssembly types.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** A compiled module; `instantiate` gives each user its own instance (and linear memory). */
export interface WasmModule {
  instantiate(): WasmInstance;
}

const compiled = new Map<string, WasmModule | null>();

/** The module compiled from the `.wasm` file at `url`, or null where it cannot run here. */
export function wasmModule(url: URL): WasmModule | null {
  const key = url.href;
  let m = compiled.get(key);
  if (m === undefined) {
    try {
      if (wasmApi === undefined) throw new Error('no WebAssembly');
      const api = wasmApi;
      const mod = new api.Module(readFileSync(url));
      m = { instantiate: () => new api.Instance(mod, {}) };
    } catch {
      m = null;
    }
    compiled.set(key, m);
  }
  return m;
}
