import { describe, expect, it } from 'vitest';
import { NO_ADAPTER_HINT, describeAdapter, detectWebGpu } from '../../../src/backends/webgpu/detect.ts';
import { WebGpuUnavailable, loadWebGpuBackend, type WebGpuBackend } from '../../../src/backends/webgpu/backend.ts';
import { compileKernel, createUfmCePipelines, requestComputeDevice } from '../../../src/backends/webgpu/device.ts';
import { GEMM_WGSL } from '../../../src/backends/webgpu/kernels.ts';
import type { GpuAdapterLike, GpuLike, WebGpuModule } from '../../../src/backends/webgpu/gpu-types.ts';
import { bulkDescentRecord } from '../../../src/backends/bulk-descent.ts';
import { chooseBackend } from '../../../src/backends/tfjs.ts';
import { InputError } from '../../../src/errors.ts';

/** A fake dawn.node: records what it was asked, answers with `adapter`. */
function fakeModule(adapter: GpuAdapterLike | null, calls: { flags?: string[]; options?: unknown } = {}): WebGpuModule {
  return {
    create(flags: string[]): GpuLike {
      calls.flags = flags;
      return {
        requestAdapter(options) {
          calls.options = options;
          return Promise.resolve(adapter);
        },
      };
    },
  };
}

const LIMITS = { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30, maxComputeWorkgroupsPerDimension: 65535 };
const fakeAdapter = (info: GpuAdapterLike['info']): GpuAdapterLike => ({
  info,
  limits: LIMITS,
  requestDevice: () => Promise.reject(new Error('fake adapter: no device')),
});

describe('WebGPU detection (injected fakes)', () => {
  it('package missing: no-package, with the install command', async () => {
    const det = await detectWebGpu({ loadModule: () => Promise.reject(new Error("Cannot find package 'webgpu'")) });
    expect(det.kind).toBe('no-package');
    if (det.kind !== 'no-package') return;
    expect(det.reason).toMatch(/"webgpu" \(Dawn for Node\) is not available \(Cannot find package 'webgpu'\); install it with `npm install webgpu`/);
  });

  it('a module without create(): no-package', async () => {
    const det = await detectWebGpu({ loadModule: () => Promise.resolve({} as WebGpuModule) });
    expect(det.kind).toBe('no-package');
  });

  it('no adapter: no-adapter, naming the Vulkan loader and the flags', async () => {
    const det = await detectWebGpu({ loadModule: () => Promise.resolve(fakeModule(null)), flags: ['backend=vulkan'] });
    expect(det).toEqual({ kind: 'no-adapter', reason: `no WebGPU adapter found with flags [backend=vulkan] (${NO_ADAPTER_HINT})` });
    expect(NO_ADAPTER_HINT).toMatch(/libvulkan1/);
  });

  it('create() or requestAdapter() throwing: no-adapter with the first line of the error', async () => {
    const throwing: WebGpuModule = {
      create: () => {
        throw new Error('unrecognised backend\nPossible backends: ...');
      },
    };
    expect(await detectWebGpu({ loadModule: () => Promise.resolve(throwing) })).toEqual({
      kind: 'no-adapter',
      reason: 'no WebGPU adapter: Dawn failed (unrecognised backend)',
    });
  });

  it('a hardware adapter: found, with vendor, architecture, device and driver recorded; asked for high performance at core level', async () => {
    const calls: { flags?: string[]; options?: unknown } = {};
    const adapter = fakeAdapter({
      vendor: 'nvidia',
      architecture: 'hopper',
      device: 'NVIDIA H200',
      description: 'NVIDIA: 580.159.03',
      isFallbackAdapter: false,
    });
    const det = await detectWebGpu({ loadModule: () => Promise.resolve(fakeModule(adapter, calls)) });
    expect(det.kind).toBe('adapter');
    if (det.kind !== 'adapter') return;
    expect(det.adapter).toBe(adapter);
    expect(det.info).toEqual({
      vendor: 'nvidia',
      architecture: 'hopper',
      device: 'NVIDIA H200',
      description: 'NVIDIA: 580.159.03',
      featureLevel: 'core',
      software: false,
      flags: [],
    });
    expect(calls).toEqual({ flags: [], options: { powerPreference: 'high-performance' } });
    expect(describeAdapter(det.info)).toBe('nvidia hopper, NVIDIA H200 (NVIDIA: 580.159.03)');
  });

  it('compatibility level is passed through (Dawn exposes its OpenGL backends only there)', async () => {
    const calls: { flags?: string[]; options?: unknown } = {};
    await detectWebGpu({ loadModule: () => Promise.resolve(fakeModule(null, calls)), flags: ['backend=opengl'], featureLevel: 'compatibility' });
    expect(calls).toEqual({ flags: ['backend=opengl'], options: { powerPreference: 'high-performance', featureLevel: 'compatibility' } });
  });

  for (const [what, info] of [
    ['a fallback adapter', { vendor: 'google', device: 'SwiftShader Device', isFallbackAdapter: true }],
    ['Mesa llvmpipe', { device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version 4.5 (Core Profile) Mesa 22.3.6' }],
    ["Dawn's null backend", { device: 'null-backend' }],
  ] as const) {
    it(`${what}: passed over as software unless allowed`, async () => {
      const adapter = fakeAdapter(info);
      const det = await detectWebGpu({ loadModule: () => Promise.resolve(fakeModule(adapter)) });
      expect(det.kind).toBe('software');
      if (det.kind === 'software') expect(det.reason).toMatch(/software one .* slower than the CPU backends/);
      const allowed = await detectWebGpu({ loadModule: () => Promise.resolve(fakeModule(adapter)), allowSoftware: true });
      expect(allowed.kind).toBe('adapter');
      if (allowed.kind === 'adapter') expect(allowed.info.software).toBe(true);
    });
  }

  it('a hardware adapter is not mistaken for software', async () => {
    const det = await detectWebGpu({
      loadModule: () => Promise.resolve(fakeModule(fakeAdapter({ vendor: 'amd', architecture: 'rdna-3', device: 'AMD Radeon RX 7900 XTX' }))),
    });
    expect(det.kind).toBe('adapter');
  });

  it('the report records the adapter of a webgpu backend (and nothing extra for tfjs backends)', () => {
    const adapter = {
      vendor: 'nvidia',
      architecture: 'hopper',
      device: 'NVIDIA H200',
      description: 'd',
      featureLevel: 'core' as const,
      software: false,
      flags: [],
    };
    const backend = { name: 'webgpu', device: 'gpu', precision: 'float32', adapter } as unknown as WebGpuBackend;
    const rec = bulkDescentRecord({ requested: 'webgpu', bulk: { backend, minWork: 5 } }, [
      { starts: [{ bulkDescent: { backend: 'webgpu', iterations: 2 } }] },
    ]);
    expect(rec).toEqual({
      requested: 'webgpu',
      backend: 'webgpu',
      precision: 'float32',
      device: 'gpu',
      adapter,
      minWork: 5,
      used: true,
      instances: 1,
      starts: 1,
    });
  });
});

describe('WebGPU on this machine (the real webgpu package, if installed)', async () => {
  const det = await detectWebGpu();
  const hardware = det.kind === 'adapter';
  const why = det.kind === 'adapter' ? `adapter ${describeAdapter(det.info)}` : det.reason;

  it(`detection gives a definite outcome with a reason (${det.kind})`, () => {
    if (det.kind === 'no-package') expect(det.reason).toMatch(/npm install webgpu/);
    else if (det.kind === 'no-adapter') expect(det.reason).toMatch(/no WebGPU adapter/);
    else if (det.kind === 'software') expect(det.reason).toMatch(/software/);
    else expect(det.info.software).toBe(false);
  });

  it('without a hardware adapter, loading the backend is refused with the reason, and the worker ends', async (ctx) => {
    if (hardware) ctx.skip(`skipped: this machine has a WebGPU adapter (${why}), so there is no refusal to test`);
    const err = await loadWebGpuBackend().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WebGpuUnavailable);
    expect((err as WebGpuUnavailable).kind).toBe(det.kind);
    expect((err as Error).message).toBe((det as { reason: string }).reason);
  });

  it('without a hardware adapter, --backend webgpu is an InputError naming --backend; auto skips it first and says why', async (ctx) => {
    if (hardware) ctx.skip(`skipped: this machine has a WebGPU adapter (${why})`);
    const forced = await chooseBackend('webgpu').then(
      () => null,
      (e: unknown) => e,
    );
    expect(forced).toBeInstanceOf(InputError);
    expect((forced as Error).message).toMatch(/^--backend: "webgpu" cannot be loaded: /);
    const { skipped } = await chooseBackend();
    expect(skipped[0].name).toBe('webgpu');
    expect(skipped[0].reason).toBe((det as { reason: string }).reason);
  });

  it("the WGSL kernels pass Dawn's compiler and validation (null backend: no GPU needed)", async (ctx) => {
    const nul = await detectWebGpu({ flags: ['backend=null'], allowSoftware: true });
    if (nul.kind !== 'adapter') ctx.skip(`skipped: Dawn's null backend is not available (${nul.kind}: ${'reason' in nul ? nul.reason : ''})`);
    if (nul.kind !== 'adapter') return;
    const device = await requestComputeDevice(nul.adapter);
    try {
      await expect(createUfmCePipelines(device)).resolves.toBeDefined();
      // Planted: a type error in the gemm kernel is caught and reported with the compiler's words.
      const broken = GEMM_WGSL.replace('acc00 = acc00 + a0 * b0;', 'acc00 = acc00 + 1u;');
      expect(broken).not.toBe(GEMM_WGSL);
      await expect(compileKernel(device, 'gemm', broken)).rejects.toThrow(/WGSL kernel gemm failed to compile: .*(type|mismatch|no matching)/i);
    } finally {
      device.destroy();
    }
  });
});
