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
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Instance: new (module: object, imports: object) => WasmInstance;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** A compiled module; `instantiate` gives each user its own instance (and linear memory). */
export interface WasmModule {
  instantiate(imports?: object): WasmInstance;
}

/** A shared linear memory of `pages` 64 KiB pages (its buffer a SharedArrayBuffer), or null where it cannot be made. */
export function sharedWasmMemory(pages: number): WasmMemory | null {
  try {
    return wasmApi === undefined ? null : new wasmApi.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return null;
  }
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
      m = { instantiate: (imports = {}) => new api.Instance(mod, imports) };
    } catch {
      m = null;
    }
    compiled.set(key, m);
  }
  return m;
}
