/**
 * A metrics worker thread: holds one ScatterRunner (second pass) or TileRunner (class pairs) at a
 * time and answers block / tile requests with their partial sums. Results travel back by id and
 * are merged by the main thread in task order (pool.ts), never in completion order.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../errors.ts';
import { ScatterRunner, type ScatterContext } from './scatter-block.ts';
import { TileRunner, type PairContext } from './pairs.ts';

export type WorkerRequest =
  | { readonly type: 'scatter-init'; readonly ctx: ScatterContext }
  | { readonly type: 'pairs-init'; readonly ctx: PairContext }
  | { readonly type: 'scatter'; readonly id: number; readonly index: number }
  | { readonly type: 'tile'; readonly id: number; readonly I: number; readonly J: number };

export type WorkerReply = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string; readonly input?: string };

let scatter: ScatterRunner | null = null;
let tiles: TileRunner | null = null;

parentPort!.on('message', (msg: WorkerRequest) => {
  const id = 'id' in msg ? msg.id : -1;
  try {
    switch (msg.type) {
      case 'scatter-init':
        scatter?.close();
        scatter = new ScatterRunner(msg.ctx);
        parentPort!.postMessage({ id: -1, result: 'ready' });
        return;
      case 'pairs-init':
        scatter?.close();
        scatter = null;
        tiles = new TileRunner(msg.ctx);
        parentPort!.postMessage({ id: -1, result: 'ready' });
        return;
      case 'scatter': {
        const r = scatter!.run(msg.index);
        const transfer = [r.classVar.buffer, r.scatter.buffer, ...(r.counts ? [r.counts.buffer] : [])] as ArrayBuffer[];
        parentPort!.postMessage({ id, result: r }, transfer);
        return;
      }
      case 'tile':
        parentPort!.postMessage({ id, result: tiles!.run(msg.I, msg.J) });
        return;
    }
  } catch (e) {
    const reply: WorkerReply = e instanceof InputError ? { id, error: e.message, input: e.input } : { id, error: (e as Error).stack ?? String(e) };
    parentPort!.postMessage(reply);
  }
});
