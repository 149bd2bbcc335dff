/**
 * Finding a WebGPU adapter through the optional `webgpu` package (Dawn for Node: the native
 * `dawn.node` ships inside the npm package, nothing is downloaded at install). Every way this
 * can fail is an outcome, not an exception, so that a missing package or a machine without a
 * GPU never breaks install, tests or the other backends:
 *
 * - `no-package`: `webgpu` is not installed (optional dependencies can be omitted) or its native
 *   binary does not load on this platform.
 * - `no-adapter`: Dawn found no adapter. On Linux Dawn drives the GPU through Vulkan, so it needs
 *   the Vulkan loader (libvulkan.so.1, Debian/Ubuntu package libvulkan1) and the GPU driver's
 *   Vulkan ICD. Measured on Debian 12 (the CI image): without libvulkan1 Dawn prints "Couldn't
 *   load Vulkan"; with it and Mesa 22.3's software Vulkan (lavapipe) Dawn rejects the device
 *   ("Vulkan shaderUniform*ArrayDynamicIndexing required"), so no adapter either way.
 * - `software`: the adapter is a CPU rasterizer (a fallback adapter, llvmpipe, lavapipe,
 *   SwiftShader): slower than the wasm backend, so `auto` passes it over unless asked.
 *
 * Dawn writes its own reasons to stderr (from native code, so they cannot be captured here).
 */
import type { GpuAdapterInfoLike, GpuAdapterLike, GpuLike, WebGpuModule } from './gpu-types.ts';

/** The adapter as recorded in reports (Provenance.bulkDescent.adapter). */
export interface WebGpuAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  /** Dawn's driver description (on Vulkan: the driver's name and version). */
  readonly description: string;
  /** 'core', or 'compatibility' (Dawn's OpenGL / OpenGL ES backends). */
  readonly featureLevel: 'core' | 'compatibility';
  /** Whether it is a software (CPU) adapter. */
  readonly software: boolean;
  /** Dawn flags it was created with (empty: Dawn's defaults, Vulkan on Linux). */
  readonly flags: readonly string[];
}

export interface WebGpuDetectOptions {
  /** Flags for dawn.node's `create()`, e.g. `['backend=opengl']`. @defaultValue [] */
  readonly flags?: readonly string[];
  /** Feature level to request. Dawn's OpenGL backends exist only at 'compatibility'. @defaultValue 'core' */
  readonly featureLevel?: 'core' | 'compatibility';
  /** Accept a software adapter (tests on Mesa llvmpipe do). @defaultValue false */
  readonly allowSoftware?: boolean;
  /** Loads the package; tests inject fakes. @defaultValue `import('webgpu')` */
  readonly loadModule?: () => Promise<WebGpuModule>;
}

export type WebGpuDetection =
  | { readonly kind: 'adapter'; readonly gpu: GpuLike; readonly adapter: GpuAdapterLike; readonly info: WebGpuAdapterInfo }
  | { readonly kind: 'no-package'; readonly reason: string }
  | { readonly kind: 'no-adapter'; readonly reason: string }
  | { readonly kind: 'software'; readonly info: WebGpuAdapterInfo; readonly reason: string };

/** The package name, in a variable so that TypeScript does not resolve the optional import. */
const PACKAGE = 'webgpu';

async function importWebGpu(): Promise<WebGpuModule> {
  const m = (await import(PACKAGE)) as WebGpuModule & { default?: WebGpuModule };
  return typeof m.create === 'function' ? m : (m.default as WebGpuModule);
}

// Dawn's null backend ('null-backend', flag backend=null) validates WGSL but computes nothing.
const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe|software|null-backend/i;

/** Whether an adapter is a CPU implementation or Dawn's null backend (WebGPU reports no adapter type; these are the ones met in practice). */
export function isSoftwareAdapter(info: GpuAdapterInfoLike, fallback: boolean): boolean {
  return fallback || SOFTWARE.test(`${info.device ?? ''} ${info.description ?? ''} ${info.architecture ?? ''}`);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

export const NO_ADAPTER_HINT =
  'on Linux Dawn needs the Vulkan loader (libvulkan.so.1, package libvulkan1) and a GPU driver with a Vulkan ICD; ' +
  "Debian 12's software Vulkan (Mesa lavapipe 22.3) lacks features Dawn requires";

/** Dawn's OpenGL backends (flag backend=opengl / opengles) load a GL driver through EGL instead. */
export const NO_GL_ADAPTER_HINT = "Dawn's OpenGL backends need EGL and a GL driver (Mesa: packages libegl1 libegl-mesa0 libgl1-mesa-dri)";

export async function detectWebGpu(options: WebGpuDetectOptions = {}): Promise<WebGpuDetection> {
  const flags = [...(options.flags ?? [])];
  const featureLevel = options.featureLevel ?? 'core';
  let mod: WebGpuModule;
  try {
    mod = await (options.loadModule ?? importWebGpu)();
    if (typeof mod?.create !== 'function') throw new Error('the package has no create() export');
  } catch (e) {
    return {
      kind: 'no-package',
      reason: `the optional package "webgpu" (Dawn for Node) is not available (${firstLine(e)}); install it with \`npm install webgpu\``,
    };
  }
  let gpu: GpuLike;
  let adapter: GpuAdapterLike | null;
  try {
    gpu = mod.create(flags);
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance', ...(featureLevel === 'compatibility' ? { featureLevel } : {}) });
  } catch (e) {
    return { kind: 'no-adapter', reason: `no WebGPU adapter: Dawn failed (${firstLine(e)})` };
  }
  if (!adapter) {
    const how = flags.length > 0 ? ` with flags [${flags.join(' ')}]` : '';
    const gl = flags.some((f) => /^backend=opengl/.test(f));
    return { kind: 'no-adapter', reason: `no WebGPU adapter found${how} (${gl ? NO_GL_ADAPTER_HINT : NO_ADAPTER_HINT})` };
  }
  const raw = adapter.info ?? {};
  const fallback = raw.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  const info: WebGpuAdapterInfo = {
    vendor: raw.vendor ?? '',
    architecture: raw.architecture ?? '',
    device: raw.device ?? '',
    description: raw.description ?? '',
    featureLevel,
    software: isSoftwareAdapter(raw, fallback),
    flags,
  };
  if (info.software && !options.allowSoftware) {
    return { kind: 'software', info, reason: `the only WebGPU adapter is a software one (${describeAdapter(info)}), slower than the CPU backends` };
  }
  return { kind: 'adapter', gpu, adapter, info };
}

/** One line for messages and reports: "nvidia hopper, NVIDIA H200 (driver ...)". */
export function describeAdapter(info: WebGpuAdapterInfo): string {
  const vendorArch = [info.vendor, info.architecture].filter((s) => s.length > 0).join(' ');
  const parts = [vendorArch, info.device].filter((s) => s.length > 0).join(', ');
  return `${parts || 'unnamed adapter'}${info.description ? ` (${info.description})` : ''}${info.featureLevel === 'compatibility' ? ' [compatibility]' : ''}`;
}
