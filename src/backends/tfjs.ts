/**
 * The float32 backends for bulk descent (docs/design.md, "Backends"), chosen at run time: WebGPU
 * (the optional `webgpu` package, Dawn for Node: webgpu/backend.ts) when it finds a hardware
 * adapter, then `@tensorflow/tfjs-node-gpu` (CUDA) if it can be imported, then `@tensorflow/tfjs-node`, then
 * `@tensorflow/tfjs-backend-wasm` (the default: installed with ncverify), then tfjs's pure-JS
 * `cpu` backend. The two native packages download libtensorflow when they are installed, so they
 * are never dependencies: a user installs one (`npm install @tensorflow/tfjs-node-gpu`) and it is
 * found here. Verdicts are always decided in float64; this backend only moves the start point.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { WebGpuBackend } from './webgpu/backend.ts';

export type BackendName = 'webgpu' | 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

/**
 * What `--backend` accepts (README, "Choosing the float32 backend"): `auto` (the default: the
 * first of webgpu, tfjs-node-gpu, tfjs-node, wasm, cpu that loads), one backend by a short name
 * (`webgpu`, `gpu`, `node`, `wasm`, `cpu`; the package names `tfjs-node-gpu` and `tfjs-node` also work), or
 * `none` (alias `float64`): no float32 phase at all, every solve in float64 JavaScript.
 */
export type BackendRequest = { readonly kind: 'auto' } | { readonly kind: 'none' } | { readonly kind: 'forced'; readonly name: BackendName };

const FLAG_NAMES: Readonly<Record<string, BackendRequest>> = {
  auto: { kind: 'auto' },
  none: { kind: 'none' },
  float64: { kind: 'none' },
  webgpu: { kind: 'forced', name: 'webgpu' },
  gpu: { kind: 'forced', name: 'tfjs-node-gpu' },
  'tfjs-node-gpu': { kind: 'forced', name: 'tfjs-node-gpu' },
  node: { kind: 'forced', name: 'tfjs-node' },
  'tfjs-node': { kind: 'forced', name: 'tfjs-node' },
  wasm: { kind: 'forced', name: 'wasm' },
  cpu: { kind: 'forced', name: 'cpu' },
};

/** The `--backend` values, for help texts and errors. */
export const BACKEND_FLAG_VALUES = 'auto, webgpu, gpu, node, wasm, cpu, none (float64)';

/** Parses a `--backend` value (absent: auto); an InputError naming `--backend` for anything else. */
export function parseBackendFlag(value: unknown): BackendRequest {
  if (value === undefined) return { kind: 'auto' };
  const r = typeof value === 'string' ? FLAG_NAMES[value] : undefined;
  if (!r) throw new InputError('--backend', `unknown backend ${JSON.stringify(value)} (known: ${BACKEND_FLAG_VALUES})`);
  return r;
}

/** The subset of the tfjs API the float32 descent uses (tfjs-core's namespace, or tfjs-node's). */
export type Tf = typeof TfCore;

/** A tfjs backend (every backend but webgpu, which runs its own WGSL kernels). */
export interface TfjsBackend {
  readonly name: Exclude<BackendName, 'webgpu'>;
  /** As recorded in reports: 'gpu' for CUDA, else 'cpu'. */
  readonly device: string;
  readonly precision: 'float32';
  readonly tf: Tf;
}

export type Float32Backend = TfjsBackend | WebGpuBackend;

/** Why each backend before the chosen one was not used (for `--backend` errors and reports). */
export interface BackendChoice {
  readonly backend: Float32Backend;
  readonly skipped: ReadonlyArray<{ name: BackendName; reason: string }>;
}

const cache = new Map<BackendName, Promise<Float32Backend>>();

/** Imports a module by a name TypeScript does not resolve statically (optional packages). */
async function importOptional(name: string): Promise<unknown> {
  return import(name);
}

async function load(name: BackendName): Promise<Float32Backend> {
  switch (name) {
    case 'webgpu': {
      // Only a hardware adapter: a software one (llvmpipe, lavapipe) is slower than wasm.
      const { loadWebGpuBackend } = await import('./webgpu/backend.ts');
      return loadWebGpuBackend();
    }
    case 'tfjs-node-gpu':
    case 'tfjs-node': {
      const tf = (await importOptional(`@tensorflow/${name}`)) as Tf & { default?: Tf };
      const api = tf.default ?? tf;
      await api.ready();
      return { name, device: name === 'tfjs-node-gpu' ? 'gpu' : 'cpu', precision: 'float32', tf: api };
    }
    case 'wasm': {
      const tf = await import('@tensorflow/tfjs-core');
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // In Node the .wasm binaries are read from the package's dist folder.
      const require = createRequire(import.meta.url);
      const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(dist + path.sep);
      // The emscripten module adds process listeners that rethrow every uncaught exception and
      // rejection (so a crash anywhere later exits with code 7 and its minified source): the
      // process keeps only the listeners it had before.
      const before = { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
      try {
        if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
        await tf.ready();
      } finally {
        for (const l of process.listeners('uncaughtException')) if (!before.uncaughtException.includes(l)) process.removeListener('uncaughtException', l);
        for (const l of process.listeners('unhandledRejection')) if (!before.unhandledRejection.includes(l)) process.removeListener('unhandledRejection', l);
      }
      return { name, device: 'cpu', precision: 'float32', tf };
    }
    case 'cpu': {
      const tf = await import('@tensorflow/tfjs-core');
      await import('@tensorflow/tfjs-backend-cpu');
      if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") failed');
      await tf.ready();
      return { name, device: 'cpu', precision: 'float32', tf };
    }
  }
}

function loadCached(name: BackendName): Promise<Float32Backend> {
  let p = cache.get(name);
  if (!p) {
    p = load(name);
    cache.set(name, p);
  }
  return p;
}

/**
 * The first backend that loads, in the order webgpu, tfjs-node-gpu, tfjs-node, wasm, cpu; or exactly
 * `forced` (an InputError naming `--backend` if it cannot be loaded).
 */
export async function chooseBackend(forced?: string): Promise<BackendChoice> {
  if (forced !== undefined) {
    if (!BACKEND_NAMES.includes(forced as BackendName)) {
      throw new InputError('--backend', `unknown backend "${forced}" (known: ${BACKEND_NAMES.join(', ')})`);
    }
    try {
      return { backend: await loadCached(forced as BackendName), skipped: [] };
    } catch (e) {
      const hint = forced.startsWith('tfjs-node') ? ` (install it with \`npm install @tensorflow/${forced}\`)` : '';
      throw new InputError('--backend', `"${forced}" cannot be loaded${hint}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  const skipped: Array<{ name: BackendName; reason: string }> = [];
  for (const name of BACKEND_NAMES) {
    try {
      return { backend: await loadCached(name), skipped };
    } catch (e) {
      cache.delete(name);
      skipped.push({ name, reason: e instanceof Error ? e.message.split('\n')[0] : String(e) });
    }
  }
  throw new Error(`no float32 backend could be loaded: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
