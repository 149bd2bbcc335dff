/**
 * A pool of worker threads that check instances (docs/design.md: instances spread over worker
 * threads, deterministic per seed whatever the thread count). Determinism holds because a
 * task carries everything its result depends on (claim, instance, index, the instance's
 * derived seed) and results are returned by task, never by completion order.
 *
 * A task may carry a time budget: a task still running at its deadline has its thread
 * terminated (the only way to stop a check that never returns, such as a user measure in an
 * infinite loop) and is rejected with BudgetExceeded; a task not started by then is rejected
 * without starting. Errors come back with their class (errors.ts): an InputError in a worker is
 * an InputError here.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { BudgetExceeded, expired, type TimeBudget } from '../engine/budget.ts';
import type { InstanceResult } from '../engine/verdict.ts';
import { deserializeError } from './errors.ts';
import type { CheckTask, WorkerReply } from './protocol.ts';

export type { CheckTask, WorkerReply };

/** Threads to use by default: one per core the process may use. */
export function defaultWorkerCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

interface Queued {
  readonly task: Omit<CheckTask, 'id'>;
  readonly budget?: TimeBudget;
  readonly resolve: (r: InstanceResult) => void;
  readonly reject: (e: Error) => void;
}

interface Running {
  readonly worker: Worker;
  readonly resolve: (r: InstanceResult) => void;
  readonly reject: (e: Error) => void;
  readonly timer?: ReturnType<typeof setTimeout>;
}

export class CheckPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Queued[] = [];
  private readonly pending = new Map<number, Running>();
  /** Threads this pool terminated itself (their exit is not a failure). */
  private readonly stopping = new Set<Worker>();
  private nextId = 0;
  private closed = false;

  /** Starts `size` worker threads (at least 1). */
  constructor(readonly size: number = defaultWorkerCount()) {
    const n = Math.max(1, Math.floor(size));
    for (let i = 0; i < n; i++) this.spawn();
  }

  /** Checks one instance on the next free thread, within `budget` when one is given. */
  check(task: Omit<CheckTask, 'id'>, budget?: TimeBudget): Promise<InstanceResult> {
    if (this.closed) return Promise.reject(new Error('CheckPool: closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, budget, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; pending checks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [, p] of this.pending) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new Error('CheckPool: closed before the check finished'));
    }
    this.pending.clear();
    for (const q of this.queue.splice(0)) q.reject(new Error('CheckPool: closed before the check started'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private spawn(): void {
    const w = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url));
    w.on('message', (reply: WorkerReply) => this.settle(w, reply));
    w.on('error', (e) => this.failWorker(w, e));
    w.on('exit', (code) => {
      if (!this.closed && !this.stopping.has(w)) this.failWorker(w, new Error(`worker thread exited with code ${code}`));
    });
    this.workers.push(w);
    this.idle.push(w);
  }

  private dispatch(): void {
    // Tasks whose budget ran out before they started are not started.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const q = this.queue[i];
      if (q.budget && expired(q.budget)) {
        this.queue.splice(i, 1);
        q.reject(new BudgetExceeded(q.budget));
      }
    }
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const { task, budget, resolve, reject } = this.queue.shift()!;
      const id = this.nextId++;
      const timer = budget ? setTimeout(() => this.expire(id, budget), Math.max(0, budget.deadline - performance.now())) : undefined;
      this.pending.set(id, { worker: w, resolve, reject, timer });
      w.postMessage({ ...task, id } satisfies CheckTask);
    }
  }

  /** The task ran past its deadline: its thread is terminated (it may be in a loop that never returns) and not replaced. */
  private expire(id: number, budget: TimeBudget): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.retire(p.worker);
    p.reject(new BudgetExceeded(budget, true));
    void p.worker.terminate();
    // Tasks without this budget may still be queued: they need a thread.
    if (this.workers.length === 0 && this.queue.some((q) => !q.budget || !expired(q.budget))) this.spawn();
    this.dispatch();
  }

  private settle(w: Worker, reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    this.idle.push(w);
    if (p) {
      if (p.timer) clearTimeout(p.timer);
      if ('error' in reply) p.reject(deserializeError(reply.error));
      else p.resolve(reply.result);
    }
    this.dispatch();
  }

  /** Takes a thread out of the pool (terminated on purpose, or dead). */
  private retire(w: Worker): void {
    this.stopping.add(w);
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
    const j = this.idle.indexOf(w);
    if (j >= 0) this.idle.splice(j, 1);
  }

  /** A thread died: its task fails with the error; with no thread left, so do the queued ones (they would wait forever). */
  private failWorker(w: Worker, e: Error): void {
    this.retire(w);
    for (const [id, p] of this.pending) {
      if (p.worker === w) {
        this.pending.delete(id);
        if (p.timer) clearTimeout(p.timer);
        p.reject(e);
      }
    }
    if (this.workers.length === 0) {
      for (const q of this.queue.splice(0)) q.reject(new Error(`CheckPool: no worker thread left (${e.message})`));
    }
    this.dispatch();
  }
}
