/**
 * The body of a worker thread: receives check tasks, runs `checkInstance` on them, posts the
 * results back. A task names its claim by id (built-in catalogue, or a user theorem file the
 * worker loads once), since claims hold functions and cannot be sent between threads.
 */
import { parentPort } from 'node:worker_threads';
import type { Catalogue } from '../engine/catalogue.ts';
import { loadClaimFile } from '../engine/load.ts';
import { catalogue } from '../../theorems/index.ts';
import { checkInstance } from '../engine/check.ts';
import type { Theorem } from '../engine/theorem.ts';
import type { CheckTask, WorkerReply } from './protocol.ts';
import { bulkApplies, type BulkDescent } from '../backends/bulk-descent.ts';
import { chooseBackend } from '../backends/tfjs.ts';
import { plantedVariants } from '../engine/mutate.ts';
import { serializeError } from './errors.ts';

const files = new Map<string, Promise<Catalogue>>();

/** The task's claim: built in, or from the user's theorem file (loaded once per thread, merged with the catalogue as the main thread did). */
async function theoremFor(task: CheckTask): Promise<Theorem> {
  if (task.theoremsFile === undefined) return catalogue.theorem(task.claimId);
  let loaded = files.get(task.theoremsFile);
  if (!loaded) {
    const file = task.theoremsFile;
    loaded = loadClaimFile(file).then((claims) => catalogue.with(claims, file));
    files.set(file, loaded);
  }
  return (await loaded).theorem(task.claimId);
}

/** The task's float32 backend, loaded only when this instance reaches the threshold. */
async function bulkFor(task: CheckTask): Promise<BulkDescent | undefined> {
  if (!task.bulk || !bulkApplies(task.instance, task.bulk.minWork)) return undefined;
  const { backend } = await chooseBackend(task.bulk.backend);
  return { backend, minWork: task.bulk.minWork };
}

/** The claim the task checks: the named claim, or one of its planted wrong variants (rebuilt as the main thread built it). */
function variantOf(thm: Theorem, task: CheckTask): Theorem {
  if (!task.variant) return thm;
  const v = plantedVariants(thm)[task.variant.index];
  if (!v || v.name !== task.variant.name)
    throw new Error(`worker: planted variant #${task.variant.index} of ${thm.id} is "${v?.name}", not "${task.variant.name}"`);
  return v.theorem;
}

async function handle(task: CheckTask): Promise<void> {
  let reply: WorkerReply;
  try {
    const thm = variantOf(await theoremFor(task), task);
    const bulk = await bulkFor(task);
    const result = checkInstance(thm, task.instance, task.index, {
      seed: task.seed,
      recordHistory: task.recordHistory,
      recordGram: task.recordGram,
      starts: task.starts,
      bulk,
      solveThreads: task.solveThreads,
    });
    reply = { id: task.id, result };
  } catch (e) {
    // The error's class travels with it: an InputError here is exit 2, as in the main thread.
    reply = { id: task.id, error: serializeError(e) };
  }
  parentPort!.postMessage(reply);
}

parentPort!.on('message', (task: CheckTask) => void handle(task));
