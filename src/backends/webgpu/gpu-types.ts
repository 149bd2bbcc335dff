/**
 * The part of the WebGPU API that ncverify uses, as structural types. Declared here rather than
 * taken from @webgpu/types because the `webgpu` package (which brings those types) is an
 * optional dependency: type checking must pass without it, and tests inject fake objects of
 * these shapes to exercise detection without a GPU.
 */

/** `GPUBufferUsage` flags (WebGPU spec values). */
export const BUFFER_USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
/** `GPUMapMode.READ`. */
export const MAP_READ = 0x1;

export interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

export interface GpuLimitsLike {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBuffersPerShaderStage?: number;
}

export interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly limits: GpuLimitsLike;
  readonly isFallbackAdapter?: boolean;
  requestDevice(descriptor?: { requiredLimits?: Record<string, number>; label?: string }): Promise<GpuDeviceLike>;
}

export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power'; featureLevel?: string }): Promise<GpuAdapterLike | null>;
}

/** What `import('webgpu')` provides (dawn.node's bindings). */
export interface WebGpuModule {
  create(flags: string[]): GpuLike;
  readonly globals?: object;
}

export interface GpuBufferLike {
  readonly size: number;
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

export interface GpuBindGroupLayoutLike {
  readonly __brand?: 'GPUBindGroupLayout';
}

export interface GpuComputePipelineLike {
  getBindGroupLayout(index: number): GpuBindGroupLayoutLike;
}

export interface GpuComputePassLike {
  setPipeline(p: GpuComputePipelineLike): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}

export interface GpuCommandEncoderLike {
  beginComputePass(descriptor?: object): GpuComputePassLike;
  copyBufferToBuffer(src: GpuBufferLike, srcOffset: number, dst: GpuBufferLike, dstOffset: number, size: number): void;
  finish(): unknown;
}

export interface GpuShaderModuleLike {
  getCompilationInfo?(): Promise<{ messages: ReadonlyArray<{ type: string; message: string; lineNum?: number; linePos?: number }> }>;
}

export interface GpuErrorLike {
  readonly message: string;
}

export interface GpuDeviceLike {
  readonly limits: GpuLimitsLike;
  readonly queue: {
    writeBuffer(buffer: GpuBufferLike, offset: number, data: ArrayBufferView | ArrayBuffer, dataOffset?: number, size?: number): void;
    submit(commands: unknown[]): void;
    onSubmittedWorkDone(): Promise<void>;
  };
  readonly lost?: Promise<{ reason?: string; message: string }>;
  createBuffer(descriptor: { size: number; usage: number; label?: string; mappedAtCreation?: boolean }): GpuBufferLike;
  createShaderModule(descriptor: { code: string; label?: string }): GpuShaderModuleLike;
  createComputePipeline(descriptor: { layout: 'auto'; compute: { module: GpuShaderModuleLike; entryPoint: string }; label?: string }): GpuComputePipelineLike;
  createBindGroup(descriptor: { layout: GpuBindGroupLayoutLike; entries: Array<{ binding: number; resource: { buffer: GpuBufferLike } }> }): unknown;
  createCommandEncoder(): GpuCommandEncoderLike;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<GpuErrorLike | null>;
  destroy(): void;
}
