/**
 * The protocol between the engine's thread and the WebGPU worker (worker.ts, backend.ts).
 *
 * Why a worker: the engine's L-BFGS (src/solvers/lbfgs.ts) calls its objective synchronously,
 * while every WebGPU download (GPUBuffer.mapAsync) resolves on the event loop of the thread that
 * owns the device. So the device lives in a worker thread, and the engine's thread posts a
 * request and blocks in Atomics.wait until the worker has written the answer into shared
 * memory. The same L-BFGS with the same options as the tfjs path then drives the float32
 * descent (bulk-descent.ts), and the hand-over to float64 is unchanged.
 */

import type { WebGpuAdapterInfo } from './detect.ts';

/** Control words (Int32Array over CONTROL_BYTES of a SharedArrayBuffer). */
export const STATE = 0;
/** Length in bytes of the UTF-8 error message that follows the control words. */
export const MESSAGE_LENGTH = 1;
/** Words before the message bytes (state, message length, then a float64 of device milliseconds at byte 8). */
export const CONTROL_WORDS = 4;
export const MESSAGE_BYTES = 4096;
export const CONTROL_BYTES = CONTROL_WORDS * 4 + MESSAGE_BYTES;

export const IDLE = 0;
export const PENDING = 1;
export const DONE = 2;
export const FAILED = 3;

/** Options the worker detects its adapter with (detect.ts's options, minus the injected loader). */
export interface WorkerInit {
  readonly type: 'init';
  readonly control: SharedArrayBuffer;
  readonly flags: readonly string[];
  readonly featureLevel: 'core' | 'compatibility';
  readonly allowSoftware: boolean;
}

/** A problem's buffers: `data` holds x (size floats) then the gradient and f (size + 1 floats). */
export interface WorkerSetup {
  readonly type: 'setup';
  readonly id: number;
  readonly K: number;
  readonly d: number;
  readonly N: number;
  readonly bias: boolean;
  readonly label: Uint32Array;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB: number;
  readonly data: SharedArrayBuffer;
}

export type WorkerRequest =
  | WorkerInit
  | WorkerSetup
  | { readonly type: 'evaluate'; readonly id: number }
  | { readonly type: 'release'; readonly id: number }
  | { readonly type: 'close' };

/** The one asynchronous reply: the outcome of `init`. */
export type WorkerInitReply =
  | { readonly type: 'init'; readonly ok: true; readonly info: WebGpuAdapterInfo }
  | { readonly type: 'init'; readonly ok: false; readonly kind: 'no-package' | 'no-adapter' | 'software' | 'error'; readonly reason: string };
