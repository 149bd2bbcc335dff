/**
 * The kernels of kernels.ts on a WebGPU device: buffers and pipelines for one ufm-ce instance,
 * and one evaluation = upload x, six dispatches (five without bias) in one compute pass, one
 * download of the gradient with f appended. Runs in the WebGPU worker thread (worker.ts):
 * WebGPU's downloads are asynchronous, and the engine's L-BFGS is synchronous.
 */
import { BUFFER_USAGE, MAP_READ, type GpuAdapterLike, type GpuBufferLike, type GpuComputePipelineLike, type GpuDeviceLike } from './gpu-types.ts';
import {
  CE_WGSL,
  FINAL_WGSL,
  GEMM_WGSL,
  ROWSUM_WGSL,
  TILE,
  packCe,
  packGemm,
  ufmCePlan,
  type GemmParams,
  type UfmCeF32Shape,
  type UfmCePlan,
} from './kernels.ts';

/** Requests a device with the adapter's own maxima for the limits that bound the problem size. */
export async function requestComputeDevice(adapter: GpuAdapterLike): Promise<GpuDeviceLike> {
  const l = adapter.limits;
  return adapter.requestDevice({
    label: 'ncverify ufm-ce float32',
    requiredLimits: { maxStorageBufferBindingSize: l.maxStorageBufferBindingSize, maxBufferSize: l.maxBufferSize },
  });
}

export interface UfmCePipelines {
  readonly gemm: GpuComputePipelineLike;
  readonly ce: GpuComputePipelineLike;
  readonly rowsum: GpuComputePipelineLike;
  readonly final: GpuComputePipelineLike;
}

/** One compute pipeline from WGSL; a WGSL or validation error is thrown with the compiler's messages. */
export async function compileKernel(device: GpuDeviceLike, label: string, code: string): Promise<GpuComputePipelineLike> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code, label });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label });
  const err = await device.popErrorScope();
  if (err) {
    const info = await module.getCompilationInfo?.();
    const msgs = (info?.messages ?? []).map((m) => `${m.type} ${m.lineNum ?? '?'}:${m.linePos ?? '?'} ${m.message}`).join('; ');
    throw new Error(`WGSL kernel ${label} failed to compile: ${err.message.split('\n')[0]}${msgs ? ` [${msgs}]` : ''}`);
  }
  return pipeline;
}

/** Compiles the four kernels of kernels.ts. */
export async function createUfmCePipelines(device: GpuDeviceLike): Promise<UfmCePipelines> {
  return {
    gemm: await compileKernel(device, 'gemm', GEMM_WGSL),
    ce: await compileKernel(device, 'ce', CE_WGSL),
    rowsum: await compileKernel(device, 'rowsum', ROWSUM_WGSL),
    final: await compileKernel(device, 'final', FINAL_WGSL),
  };
}

export interface UfmCeGpuEvaluator {
  readonly plan: UfmCePlan;
  /** Writes the gradient into g (length plan.size) and returns f, both as the GPU computed them in float32. */
  evaluate(x: Float32Array, g: Float32Array): Promise<number>;
  destroy(): void;
}

/** Checks the instance against the device's limits (an Error naming the limit, before anything is allocated). */
function checkLimits(device: GpuDeviceLike, plan: UfmCePlan): void {
  const { K, N, d } = plan.shape;
  const lim = device.limits;
  const largest = Math.max(plan.size + 1, K * N) * 4;
  if (largest > lim.maxStorageBufferBindingSize || largest > lim.maxBufferSize) {
    throw new Error(
      `instance too large for this WebGPU device: a ${largest}-byte buffer exceeds maxStorageBufferBindingSize ${lim.maxStorageBufferBindingSize} / maxBufferSize ${lim.maxBufferSize}`,
    );
  }
  const groups = Math.max(Math.ceil(N / TILE), Math.ceil(Math.max(K, d) / TILE), plan.ceGroups, K);
  if (groups > lim.maxComputeWorkgroupsPerDimension) {
    throw new Error(
      `instance too large for this WebGPU device: ${groups} workgroups in one dimension exceed maxComputeWorkgroupsPerDimension ${lim.maxComputeWorkgroupsPerDimension}`,
    );
  }
}

export async function createUfmCeEvaluator(device: GpuDeviceLike, pipelines: UfmCePipelines, shape: UfmCeF32Shape): Promise<UfmCeGpuEvaluator> {
  const plan = ufmCePlan(shape);
  checkLimits(device, plan);
  const { K, N, bias } = shape;
  const U = BUFFER_USAGE;
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const buffers: GpuBufferLike[] = [];
  const buffer = (label: string, bytes: number, usage: number): GpuBufferLike => {
    const b = device.createBuffer({ label, size: Math.max(4, bytes), usage });
    buffers.push(b);
    return b;
  };
  const X = buffer('x', plan.size * 4, U.STORAGE | U.COPY_DST);
  const Z = buffer('z', K * N * 4, U.STORAGE);
  const label = buffer('label', N * 4, U.STORAGE | U.COPY_DST);
  const part = buffer('part', plan.ceGroups * 4, U.STORAGE);
  const outBytes = (plan.size + 1) * 4;
  const out = buffer('out', outBytes, U.STORAGE | U.COPY_SRC);
  const staging = buffer('staging', outBytes, U.MAP_READ | U.COPY_DST);
  const uniform = (name: string, data: ArrayBuffer): GpuBufferLike => {
    const b = buffer(name, data.byteLength, U.UNIFORM | U.COPY_DST);
    device.queue.writeBuffer(b, 0, data);
    return b;
  };
  const uLogits = uniform('u-logits', packGemm(plan.logits));
  const uGradW = uniform('u-gradW', packGemm(plan.gradW));
  const uGradH = uniform('u-gradH', packGemm(plan.gradH));
  const uCe = uniform('u-ce', packCe(plan));
  device.queue.writeBuffer(label, 0, shape.label);

  const group = (pipeline: GpuComputePipelineLike, bufs: GpuBufferLike[]) =>
    device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: bufs.map((b, binding) => ({ binding, resource: { buffer: b } })) });
  const gemmGroup = (a: GpuBufferLike, b: GpuBufferLike, c: GpuBufferLike, u: GpuBufferLike) => group(pipelines.gemm, [a, b, X, c, u]);
  const gLogits = gemmGroup(X, X, Z, uLogits);
  const gGradW = gemmGroup(Z, X, out, uGradW);
  const gGradH = gemmGroup(X, Z, out, uGradH);
  const gCe = group(pipelines.ce, [X, Z, label, part, uCe]);
  const gRowsum = group(pipelines.rowsum, [X, Z, out, uCe]);
  const gFinal = group(pipelines.final, [X, part, out, uCe]);
  const validation = await device.popErrorScope();
  const oom = await device.popErrorScope();
  if (validation || oom) {
    for (const b of buffers) b.destroy();
    throw new Error(`WebGPU set-up failed: ${(validation ?? oom)!.message}`);
  }
  const tiles = (p: GemmParams): [number, number] => [Math.ceil(p.Ncols / TILE), Math.ceil(p.M / TILE)];

  return {
    plan,
    async evaluate(x: Float32Array, g: Float32Array): Promise<number> {
      device.queue.writeBuffer(X, 0, x);
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipelines.gemm);
      pass.setBindGroup(0, gLogits);
      pass.dispatchWorkgroups(...tiles(plan.logits));
      pass.setPipeline(pipelines.ce);
      pass.setBindGroup(0, gCe);
      pass.dispatchWorkgroups(plan.ceGroups);
      pass.setPipeline(pipelines.gemm);
      pass.setBindGroup(0, gGradW);
      pass.dispatchWorkgroups(...tiles(plan.gradW));
      pass.setBindGroup(0, gGradH);
      pass.dispatchWorkgroups(...tiles(plan.gradH));
      if (bias) {
        pass.setPipeline(pipelines.rowsum);
        pass.setBindGroup(0, gRowsum);
        pass.dispatchWorkgroups(K);
      }
      pass.setPipeline(pipelines.final);
      pass.setBindGroup(0, gFinal);
      pass.dispatchWorkgroups(1);
      pass.end();
      enc.copyBufferToBuffer(out, 0, staging, 0, outBytes);
      device.queue.submit([enc.finish()]);
      await staging.mapAsync(MAP_READ);
      const result = new Float32Array(staging.getMappedRange());
      g.set(result.subarray(0, plan.size));
      const f = result[plan.size];
      staging.unmap();
      return f;
    },
    destroy(): void {
      for (const b of buffers) b.destroy();
    },
  };
}
