/**
 * A team of worker threads that share one evaluation: the caller splits its work into numbered
 * chunks whose results go to per-chunk slots, every thread (the caller included) claims chunks
 * until none is left, and the caller then combines the slots in chunk order. Which thread ran a
 * chunk never changes its result, so results do not depend on the number of threads
 * (tests/linalg/team.test.ts).
 *
 * Protocol (control words in a SharedArrayBuffer): the caller posts the generation's task on a
 * MessagePort, resets DONE, sets CLAIM to the generation's tag (high 16 bits) and chunk 0, bumps
 * GEN and wakes the workers. A worker reads the task with receiveMessageOnPort (no event loop
 * turn), claims chunks by compare-and-swap on CLAIM (a claim whose tag is not its generation's
 * fails, so a late worker never runs a new generation's chunk with an old task), and counts
 * DONE. Until a worker has started, the caller simply runs every chunk itself.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

import { claimChunk, CLAIM, COUNT, DONE, ERROR, GEN, WORDS, type TeamMessage } from './team-protocol.ts';

export class Team {
  private readonly ctrl: Int32Array;
  private readonly ports: MessagePort[] = [];
  private gen = 0;

  constructor(readonly workerCount: number) {
    const control = new SharedArrayBuffer(4 * WORDS);
    this.ctrl = new Int32Array(control);
    for (let i = 0; i < workerCount; i++) {
      const { port1, port2 } = new MessageChannel();
      const w = new Worker(new URL('./team-bootstrap.mjs', import.meta.url), { workerData: { control, port: port2 }, transferList: [port2] });
      // Idle workers wait in Atomics.wait; they must not keep the process alive.
      w.unref();
      port1.unref();
      this.ports.push(port1);
    }
  }

  /** Threads that share a run: the workers and the caller. */
  get threads(): number {
    return this.workerCount + 1;
  }

  /**
   * Runs chunks 0 .. count-1: `local(c)` on this thread, the task `task` of the module `module`
   * (a URL whose `teamTasks[task](data)` returns the same chunk function) on the workers. Returns
   * when every chunk is done; throws if a worker's chunk threw.
   */
  run(module: URL, task: string, data: unknown, count: number, local: (chunk: number) => void): void {
    const ctrl = this.ctrl;
    const gen = ++this.gen;
    const msg: TeamMessage = { gen, module: module.href, task, data };
    for (const p of this.ports) p.postMessage(msg);
    Atomics.store(ctrl, DONE, 0);
    Atomics.store(ctrl, ERROR, 0);
    Atomics.store(ctrl, COUNT, count);
    Atomics.store(ctrl, CLAIM, (gen & 0x7fff) << 16);
    Atomics.store(ctrl, GEN, gen);
    Atomics.notify(ctrl, GEN);
    let c: number;
    let mine = 0;
    while ((c = claimChunk(ctrl, gen, count)) >= 0) {
      local(c);
      mine++;
      Atomics.add(ctrl, DONE, 1);
    }
    let done: number;
    while ((done = Atomics.load(ctrl, DONE)) < count) Atomics.wait(ctrl, DONE, done, 1000);
    // Stale replies from the workers' earlier errors are drained here.
    if (Atomics.load(ctrl, ERROR) !== 0) {
      let why = 'a team worker failed';
      for (const p of this.ports) {
        let m;
        while ((m = receiveMessageOnPort(p)) !== undefined) if (typeof m.message === 'string') why = m.message;
      }
      throw new Error(`team: ${why}`);
    }
    this.lastLocalChunks = mine;
  }

  /** How many chunks the caller ran itself in the last run (for tests and profiles). */
  lastLocalChunks = 0;
}

let shared: Team | undefined;
let threadSetting: number | null = null;

/** NCVERIFY_THREADS when it is a positive integer, else null. */
function envThreads(): number | null {
  const env = Number(process.env.NCVERIFY_THREADS);
  return Number.isInteger(env) && env >= 1 ? env : null;
}

/**
 * Threads for one solve (its evaluations and vector passes): NCVERIFY_THREADS when set (the
 * user's choice wins), else what setSolveThreads or withSolveThreads chose, else 1, at most
 * one per core.
 */
export function solveThreads(): number {
  const t = envThreads() ?? threadSetting ?? 1;
  return Math.max(1, Math.min(t, availableParallelism()));
}

/** Sets the threads of one solve for this process (1 turns the team off). */
export function setSolveThreads(threads: number): void {
  threadSetting = threads;
}

/** Runs `fn` with `threads` threads per solve, then restores the setting before it. */
export function withSolveThreads<T>(threads: number, fn: () => T): T {
  const before = threadSetting;
  threadSetting = threads;
  try {
    return fn();
  } finally {
    threadSetting = before;
  }
}

/** The process's team for solveThreads() threads, or null for one thread. */
export function sharedTeam(): Team | null {
  const t = solveThreads();
  if (t <= 1) return null;
  if (shared?.threads !== t) shared = new Team(t - 1);
  return shared;
}

/** `a` itself when it already lives in shared memory, else a copy in a new SharedArrayBuffer (worker threads then read it without copies of their own). */
export function inSharedMemory<T extends Float64Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
