/**
 * The loop of a team worker (team.ts): wait for a generation, read its task, claim and run
 * chunks, count them done. Task modules are imported on first use; they export
 * `teamTasks: Record<string, (data) => (chunk: number) => void>`.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { claimChunk, COUNT, DONE, ERROR, GEN, type TeamMessage } from './team-protocol.ts';

type TaskFactory = (data: unknown) => (chunk: number) => void;
const { control, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const ctrl = new Int32Array(control);
/** Task modules by URL; null for one that failed to load (reported once, then its chunks are left to the caller). */
const modules = new Map<string, Record<string, TaskFactory> | null>();
let seen = 0;

for (;;) {
  Atomics.wait(ctrl, GEN, seen);
  const gen = Atomics.load(ctrl, GEN);
  seen = gen;
  let msg: TeamMessage | undefined;
  let m;
  while ((m = receiveMessageOnPort(port)) !== undefined) msg = m.message as TeamMessage;
  if (msg === undefined || msg.gen !== gen) continue;
  let mod = modules.get(msg.module);
  if (mod === null) continue;
  try {
    if (mod === undefined) {
      modules.set(msg.module, null);
      mod = ((await import(msg.module)) as { teamTasks: Record<string, TaskFactory> }).teamTasks;
      modules.set(msg.module, mod);
    }
    const run = mod[msg.task](msg.data);
    const count = Atomics.load(ctrl, COUNT);
    let c: number;
    while ((c = claimChunk(ctrl, gen, count)) >= 0) {
      try {
        run(c);
      } catch (e) {
        port.postMessage(e instanceof Error ? e.message : String(e));
        Atomics.store(ctrl, ERROR, 1);
      }
      Atomics.add(ctrl, DONE, 1);
      Atomics.notify(ctrl, DONE);
    }
  } catch (e) {
    // Before any chunk was claimed (the module failed to load, or the task is unknown): the caller runs the chunks itself.
    port.postMessage(e instanceof Error ? e.message : String(e));
  }
}
