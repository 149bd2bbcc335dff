/**
 * A pool of worker threads that check instances (design.md: instances spread over worker
 * threads, deterministic per seed whatever the thread count). Determinism holds because a
 * task carries everything its result depends on (claim, instance, index, the instance's
 * derived seed) and results are returned by task, never by completion order.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InstanceResult } from '../engine/verdict.ts';
import type { CheckTask, WorkerReply } from './protocol.ts';

export type { CheckTask, WorkerReply };

/** Threads to use by default: one per core the process may use. */
export function defaultWorkerCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

export class CheckPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ task: Omit<CheckTask, 'id'>; resolve: (r: InstanceResult) => void; reject: (e: Error) => void }> = [];
  private readonly pending = new Map<number, { worker: Worker; resolve: (r: InstanceResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private closed = false;

  /** Starts `size` worker threads (at least 1). */
  constructor(readonly size: number = defaultWorkerCount()) {
    const n = Math.max(1, Math.floor(size));
    for (let i = 0; i < n; i++) {
      const w = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url));
      w.on('message', (reply: WorkerReply) => this.settle(w, reply));
      w.on('error', (e) => this.failWorker(w, e));
      w.on('exit', (code) => {
        if (!this.closed) this.failWorker(w, new Error(`worker thread exited with code ${code}`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Checks one instance on the next free thread. */
  check(task: Omit<CheckTask, 'id'>): Promise<InstanceResult> {
    if (this.closed) return Promise.reject(new Error('CheckPool: closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; pending checks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [, p] of this.pending) p.reject(new Error('CheckPool: closed before the check finished'));
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const { task, resolve, reject } = this.queue.shift()!;
      const id = this.nextId++;
      this.pending.set(id, { worker: w, resolve, reject });
      w.postMessage({ ...task, id } satisfies CheckTask);
    }
  }

  private settle(w: Worker, reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    this.idle.push(w);
    if (p) {
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.result);
    }
    this.dispatch();
  }

  private failWorker(w: Worker, e: Error): void {
    for (const [id, p] of this.pending) {
      if (p.worker === w) {
        this.pending.delete(id);
        p.reject(e);
      }
    }
  }
}
