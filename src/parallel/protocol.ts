/** The messages between the check pool (pool.ts) and its worker threads (check-worker.ts). */
import type { InstanceResult } from '../engine/verdict.ts';
import type { BackendName } from '../backends/tfjs.ts';
import type { InstanceBase } from '../problems/problem.ts';

/** One instance to check, as sent to a worker (plain data: claims are named, not sent). */
export interface CheckTask {
  readonly id: number;
  /** Claim id, e.g. "zhu2021.global". */
  readonly claimId: string;
  /** User theorem file that defines the claim, when it is not built in. */
  readonly theoremsFile?: string;
  /**
   * A planted wrong variant of the claim to check instead: its position in plantedVariants(claim)
   * (src/engine/mutate.ts), with its name to verify that the worker rebuilt the same one.
   */
  readonly variant?: { readonly index: number; readonly name: string };
  readonly instance: InstanceBase;
  readonly index: number;
  /** The instance's own seed (deriveSeed(run seed, index)). */
  readonly seed: number;
  readonly recordHistory?: boolean;
  readonly recordGram?: boolean;
  readonly starts?: number;
  /**
   * Float32 bulk descent: the backend the main thread loaded (each worker loads its own, tfjs
   * state being per thread) and the threshold. Naming the backend rather than re-detecting it
   * keeps every thread on the same one, so results do not depend on the thread count.
   */
  readonly bulk?: { readonly backend: BackendName; readonly minWork: number };
  /** Threads that share each solve (CheckOptions.solveThreads). */
  readonly solveThreads?: number;
}

/**
 * An error as it crosses the thread boundary: its class by name and, for an InputError, the
 * input it names, so that the main thread raises the same error (exit 2 for bad input, as
 * without workers) instead of a plain Error (an internal error).
 */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** InputError: what the error is about. */
  readonly input?: string;
  /** NumericalError: the routine. */
  readonly routine?: string;
  readonly stack?: string;
}

export type WorkerReply = { readonly id: number; readonly result: InstanceResult } | { readonly id: number; readonly error: SerializedError };
