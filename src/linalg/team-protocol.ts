/** The control words and the chunk claim shared by a team's caller (team.ts) and its workers (team-worker.ts). */

/** Control word indices. */
export const GEN = 0;
export const CLAIM = 1;
export const DONE = 2;
export const COUNT = 3;
export const ERROR = 4;
export const WORDS = 8;

/** A generation's task as a worker receives it: the module exporting `teamTasks`, the task name and its data. */
export interface TeamMessage {
  readonly gen: number;
  readonly module: string;
  readonly task: string;
  readonly data: unknown;
}

/** Claims the next chunk of generation `gen`, or returns -1 when none is left (or the generation has moved on). */
export function claimChunk(ctrl: Int32Array, gen: number, count: number): number {
  const tag = (gen & 0x7fff) << 16;
  for (;;) {
    const w = Atomics.load(ctrl, CLAIM);
    if ((w & ~0xffff) !== tag) return -1;
    const c = w & 0xffff;
    if (c >= count) return -1;
    if (Atomics.compareExchange(ctrl, CLAIM, w, w + 1) === w) return c;
  }
}
