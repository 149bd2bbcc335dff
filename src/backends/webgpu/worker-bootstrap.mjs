// Entry point of the WebGPU worker thread (protocol.ts). Worker threads do not inherit the
// loader hooks of the thread that starts them, so it registers tsx itself (as
// src/parallel/worker-bootstrap.mjs does) before importing the TypeScript worker. The bundled
// GPU bench (bench/gpu-bench.ts) starts its own file as the worker instead.
import { register } from 'tsx/esm/api';

register();
const { runWebGpuWorker } = await import(new URL('./worker.ts', import.meta.url).href);
runWebGpuWorker();
