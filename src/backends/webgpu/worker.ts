/**
 * The WebGPU worker thread (protocol.ts says why there is one): detects the adapter, owns the
 * device, and answers `setup` / `evaluate` / `release` requests by writing into shared memory
 * and waking the blocked engine thread. Every failure is written back as a message, never left
 * as a silent hang: the engine thread would otherwise wait forever.
 */
import { parentPort } from 'node:worker_threads';
import { detectWebGpu } from './detect.ts';
import { createUfmCeEvaluator, createUfmCePipelines, requestComputeDevice, type UfmCeGpuEvaluator, type UfmCePipelines } from './device.ts';
import type { GpuDeviceLike } from './gpu-types.ts';
import { CONTROL_WORDS, DONE, FAILED, MESSAGE_BYTES, MESSAGE_LENGTH, STATE, type WorkerRequest } from './protocol.ts';

/** Serves requests on `port` (the worker's parentPort unless given). */
export function runWebGpuWorker(port = parentPort): void {
  if (!port) throw new Error('runWebGpuWorker must run in a worker thread');
  let control: Int32Array | null = null;
  let message: Uint8Array | null = null;
  let deviceMs: Float64Array | null = null;
  let device: GpuDeviceLike | null = null;
  // dawn.node tears its instance down once the object create() returned is garbage collected,
  // even with a device still in use (a crash seen under vitest): hold it, and the adapter, here.
  const keepAlive: unknown[] = [];
  let pipelines: UfmCePipelines | null = null;
  let lost: string | null = null;
  const problems = new Map<number, { evaluator: UfmCeGpuEvaluator; x: Float32Array; g: Float32Array; staging: Float32Array }>();

  const answer = (state: number, text = ''): void => {
    if (!control || !message) return;
    const bytes = new TextEncoder().encode(text).subarray(0, MESSAGE_BYTES);
    message.set(bytes);
    Atomics.store(control, MESSAGE_LENGTH, bytes.length);
    Atomics.store(control, STATE, state);
    Atomics.notify(control, STATE);
  };

  // One request at a time: the engine thread is blocked until each is answered.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (req: WorkerRequest) => {
    queue = queue.then(() => handle(req)).catch((e: unknown) => answer(FAILED, e instanceof Error ? e.message : String(e)));
  });

  async function handle(req: WorkerRequest): Promise<void> {
    switch (req.type) {
      case 'init': {
        control = new Int32Array(req.control, 0, CONTROL_WORDS);
        deviceMs = new Float64Array(req.control, 8, 1);
        message = new Uint8Array(req.control, CONTROL_WORDS * 4, MESSAGE_BYTES);
        try {
          const det = await detectWebGpu({ flags: req.flags, featureLevel: req.featureLevel, allowSoftware: req.allowSoftware });
          if (det.kind !== 'adapter') {
            port!.postMessage({ type: 'init', ok: false, kind: det.kind, reason: det.reason });
            return;
          }
          keepAlive.splice(0, keepAlive.length, det.gpu, det.adapter);
          device = await requestComputeDevice(det.adapter);
          void device.lost?.then((l) => {
            lost = `WebGPU device lost: ${l.message || l.reason || 'unknown reason'}`;
          });
          pipelines = await createUfmCePipelines(device);
          port!.postMessage({ type: 'init', ok: true, info: det.info });
        } catch (e) {
          port!.postMessage({ type: 'init', ok: false, kind: 'error', reason: e instanceof Error ? e.message.split('\n')[0] : String(e) });
        }
        return;
      }
      case 'setup': {
        if (!device || !pipelines) throw new Error('WebGPU worker: setup before a device was created');
        const { id, K, d, N, bias, label, lambdaW, lambdaH, lambdaB, data } = req;
        const evaluator = await createUfmCeEvaluator(device, pipelines, { K, d, N, bias, label, lambdaW, lambdaH, lambdaB });
        const size = evaluator.plan.size;
        problems.set(id, { evaluator, x: new Float32Array(data, 0, size), g: new Float32Array(data, size * 4, size + 1), staging: new Float32Array(size) });
        answer(DONE);
        return;
      }
      case 'evaluate': {
        if (lost) throw new Error(lost);
        const p = problems.get(req.id);
        if (!p) throw new Error(`WebGPU worker: no problem ${req.id}`);
        // writeBuffer takes an ordinary ArrayBuffer view: copy x out of shared memory first.
        p.staging.set(p.x);
        const t0 = performance.now();
        const gOut = p.g.subarray(0, p.evaluator.plan.size);
        const f = await p.evaluator.evaluate(p.staging, gOut);
        if (deviceMs) deviceMs[0] = performance.now() - t0;
        p.g[p.evaluator.plan.size] = f;
        answer(DONE);
        return;
      }
      case 'release': {
        problems.get(req.id)?.evaluator.destroy();
        problems.delete(req.id);
        answer(DONE);
        return;
      }
      case 'close': {
        for (const p of problems.values()) p.evaluator.destroy();
        problems.clear();
        device?.destroy();
        device = null;
        keepAlive.length = 0;
        answer(DONE);
        port!.close();
        return;
      }
    }
  }
}
