/**
 * Worker threads for the second pass and the pair tiles, and the one rule that keeps results
 * independent of the thread count: tasks are numbered, any thread may compute any task, and the
 * caller receives the results in task order (results that arrive early wait; at most one per
 * thread is ever waiting, so memory stays one partial per thread).
 */
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';

export class MetricsPool {
  private readonly workers: Worker[] = [];

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.workers.push(new Worker(new URL('./worker-bootstrap.mjs', import.meta.url)));
  }

  /** Sends the same init message to every worker and waits until each has built its runner. */
  async init(msg: Extract<WorkerRequest, { type: 'scatter-init' | 'pairs-init' }>): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onMsg = (reply: WorkerReply) => {
              w.off('message', onMsg);
              w.off('error', onErr);
              if ('error' in reply)
                reject(reply.input !== undefined ? new InputError(reply.input, reply.error.slice(reply.input.length + 2)) : new Error(reply.error));
              else resolve();
            };
            const onErr = (e: Error) => reject(e);
            w.on('message', onMsg);
            w.on('error', onErr);
            w.postMessage(msg);
          }),
      ),
    );
  }

  /**
   * Runs tasks 0..count-1 (`request(i)` makes task i's message) and calls `consume(i, result)`
   * for i = 0, 1, 2, ... in that order.
   */
  run<T>(count: number, request: (id: number) => WorkerRequest, consume: (i: number, result: T) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      let next = 0;
      let consumed = 0;
      let failed = false;
      const waiting = new Map<number, T>();
      const listeners: Array<[Worker, (r: WorkerReply) => void, (e: Error) => void]> = [];
      const cleanup = () => {
        for (const [w, m, e] of listeners) {
          w.off('message', m);
          w.off('error', e);
        }
      };
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        cleanup();
        reject(e);
      };
      // Bounded look-ahead: at most 2 tasks per thread beyond the next one to consume, so early
      // results waiting for a slow one never pile up (each may be megabytes).
      const window = 2 * this.workers.length;
      const idle: Worker[] = [];
      const dispatch = (w: Worker) => {
        if (next < count && next - consumed < window) w.postMessage(request(next++));
        else idle.push(w);
      };
      const wake = () => {
        while (idle.length > 0 && next < count && next - consumed < window) idle.shift()!.postMessage(request(next++));
      };
      if (count === 0) {
        resolve();
        return;
      }
      for (const w of this.workers) {
        const onMsg = (reply: WorkerReply) => {
          if (failed) return;
          if ('error' in reply) {
            fail(
              reply.input !== undefined ? new InputError(reply.input, reply.error.slice(reply.input.length + 2)) : new Error(`metrics worker: ${reply.error}`),
            );
            return;
          }
          waiting.set(reply.id, reply.result as T);
          try {
            while (waiting.has(consumed)) {
              const r = waiting.get(consumed)!;
              waiting.delete(consumed);
              consume(consumed, r);
              consumed++;
            }
          } catch (e) {
            fail(e as Error);
            return;
          }
          if (consumed === count) {
            cleanup();
            resolve();
            return;
          }
          dispatch(w);
          wake();
        };
        const onErr = (e: Error) => fail(e);
        w.on('message', onMsg);
        w.on('error', onErr);
        listeners.push([w, onMsg, onErr]);
        dispatch(w);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
