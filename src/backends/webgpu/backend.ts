/**
 * `--backend webgpu`: the float32 bulk descent of the free-feature ufm-ce problem on a WebGPU
 * adapter (Dawn for Node, the optional `webgpu` package), through the kernels of kernels.ts
 * running in a worker thread (protocol.ts). This module is the engine thread's side: it starts
 * the worker, waits for its adapter, and hands out synchronous value-and-gradient functions
 * that the same L-BFGS as the tfjs path drives (bulk-descent.ts). WGSL has no float64: the GPU
 * only moves the start point; the float64 solve and every verdict stay on the CPU.
 *
 * Threshold: the engine uses the same K N d >= BULK_MIN_WORK as for tfjs, which was measured on
 * the wasm backend. The GPU's own break-even has NOT been measured yet (no GPU machine in the
 * session that wrote this); bench/gpu-check.sh measures it on a lent machine.
 */
import { Worker } from 'node:worker_threads';
import type { ValueAndGradient } from '../../solvers/lbfgs.ts';
import type { UfmCeInstance } from '../../problems/ufm-ce/problem.ts';
import { ufmCeF32Shape } from './kernels.ts';
import type { WebGpuAdapterInfo } from './detect.ts';
import {
  CONTROL_BYTES,
  CONTROL_WORDS,
  DONE,
  FAILED,
  MESSAGE_BYTES,
  MESSAGE_LENGTH,
  PENDING,
  STATE,
  type WorkerInitReply,
  type WorkerRequest,
} from './protocol.ts';

export interface WebGpuLoadOptions {
  /** Flags for dawn.node's create(), e.g. ['backend=opengl']. @defaultValue [] (Dawn's default: Vulkan on Linux) */
  readonly flags?: readonly string[];
  /** @defaultValue 'core' ('compatibility' for Dawn's OpenGL backends) */
  readonly featureLevel?: 'core' | 'compatibility';
  /** Accept a software adapter such as Mesa llvmpipe (tests). @defaultValue false */
  readonly allowSoftware?: boolean;
  /**
   * The worker's entry file, and data passed to it. @defaultValue worker-bootstrap.mjs beside
   * this file (the bundled bench passes its own file).
   */
  readonly worker?: { readonly url: URL; readonly workerData?: unknown };
  /** Longest wait for one answer of the worker, in ms, before giving up with an error. @defaultValue 120000 */
  readonly timeoutMs?: number;
}

/** A value-and-gradient on the GPU; `release` frees its device buffers. */
export interface WebGpuValueAndGradient extends ValueAndGradient {
  release(): void;
  /** Milliseconds the worker spent in the last evaluation (upload, dispatches, download). */
  lastDeviceMs(): number;
}

export interface WebGpuBackend {
  readonly name: 'webgpu';
  readonly device: 'gpu';
  readonly precision: 'float32';
  readonly adapter: WebGpuAdapterInfo;
  /** f and its gradient in float32 on the GPU, float64 in and out (x converted on the way). */
  valueAndGradient(inst: UfmCeInstance): WebGpuValueAndGradient;
  /** Destroys the device and ends the worker. */
  close(): Promise<void>;
}

/** Why the backend could not be loaded: `no-package`, `no-adapter`, `software`, or `error`. */
export class WebGpuUnavailable extends Error {
  override readonly name = 'WebGpuUnavailable';
  readonly kind: string;
  constructor(kind: string, reason: string) {
    super(reason);
    this.kind = kind;
  }
}

/**
 * Starts the worker and waits for its adapter; rejects with WebGpuUnavailable (a one-line
 * reason) when there is none. The worker is unref'd: it never keeps the process alive.
 */
export async function loadWebGpuBackend(options: WebGpuLoadOptions = {}): Promise<WebGpuBackend> {
  const controlBuf = new SharedArrayBuffer(CONTROL_BYTES);
  const control = new Int32Array(controlBuf, 0, CONTROL_WORDS);
  const deviceMs = new Float64Array(controlBuf, 8, 1);
  const message = new Uint8Array(controlBuf, CONTROL_WORDS * 4, MESSAGE_BYTES);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const entry = options.worker ?? { url: new URL('./worker-bootstrap.mjs', import.meta.url) };
  const worker = new Worker(entry.url, entry.workerData === undefined ? {} : { workerData: entry.workerData });
  worker.unref();
  let dead: string | null = null;
  worker.on('error', (e) => {
    dead = `WebGPU worker failed: ${e.message}`;
  });
  worker.on('exit', (code) => {
    dead ??= `WebGPU worker exited (code ${code})`;
  });

  const reply = await new Promise<WorkerInitReply>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', (e) => reject(new WebGpuUnavailable('error', `WebGPU worker failed to start: ${e.message.split('\n')[0]}`)));
    worker.once('exit', (code) => reject(new WebGpuUnavailable('error', `WebGPU worker exited (code ${code}) before reporting an adapter`)));
    worker.postMessage({
      type: 'init',
      control: controlBuf,
      flags: [...(options.flags ?? [])],
      featureLevel: options.featureLevel ?? 'core',
      allowSoftware: options.allowSoftware ?? false,
    } satisfies WorkerRequest);
  });
  if (!reply.ok) {
    await worker.terminate();
    throw new WebGpuUnavailable(reply.kind, reply.reason);
  }

  /** Posts a request and blocks until the worker answers it (protocol.ts). */
  function call(req: WorkerRequest, transfer?: readonly unknown[]): void {
    if (dead) throw new Error(dead);
    Atomics.store(control, STATE, PENDING);
    worker.postMessage(req, transfer as never);
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(control, STATE) === PENDING) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`WebGPU worker did not answer "${req.type}" within ${timeoutMs} ms`);
      Atomics.wait(control, STATE, PENDING, Math.min(left, 1000));
    }
    if (Atomics.load(control, STATE) === FAILED) {
      const text = new TextDecoder().decode(message.slice(0, Atomics.load(control, MESSAGE_LENGTH)));
      throw new Error(`WebGPU: ${text}`);
    }
    if (Atomics.load(control, STATE) !== DONE) throw new Error('WebGPU worker: unexpected state');
  }

  let nextId = 1;
  return {
    name: 'webgpu',
    device: 'gpu',
    precision: 'float32',
    adapter: reply.info,
    valueAndGradient(inst: UfmCeInstance): WebGpuValueAndGradient {
      if (inst.features === 'nonnegative') throw new Error('webgpu: only the free-feature ufm-ce problem has a float32 GPU path');
      const shape = ufmCeF32Shape(inst);
      const size = inst.K * inst.d + inst.d * shape.N + (inst.bias ? inst.K : 0);
      const data = new SharedArrayBuffer(4 * (2 * size + 1));
      const x32 = new Float32Array(data, 0, size);
      const out = new Float32Array(data, 4 * size, size + 1);
      const id = nextId++;
      call({
        type: 'setup',
        id,
        K: shape.K,
        d: shape.d,
        N: shape.N,
        bias: shape.bias,
        label: shape.label,
        lambdaW: shape.lambdaW,
        lambdaH: shape.lambdaH,
        lambdaB: shape.lambdaB,
        data,
      });
      let released = false;
      const fg = ((x: Float64Array, g: Float64Array): number => {
        if (released) throw new Error('webgpu: value-and-gradient used after release()');
        for (let i = 0; i < size; i++) x32[i] = x[i];
        call({ type: 'evaluate', id });
        for (let i = 0; i < size; i++) g[i] = out[i];
        return out[size];
      }) as WebGpuValueAndGradient;
      fg.release = () => {
        if (released) return;
        released = true;
        call({ type: 'release', id });
      };
      fg.lastDeviceMs = () => deviceMs[0];
      return fg;
    },
    async close(): Promise<void> {
      if (!dead) {
        try {
          call({ type: 'close' });
        } catch {
          // Closing is best effort: the worker is ended below in any case.
        }
      }
      await worker.terminate();
    },
  };
}
