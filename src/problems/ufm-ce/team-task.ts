/**
 * One chunk of the ufm-ce cross-entropy evaluation (kernels.ts chunkWidth), as the calling
 * thread and the team's workers (src/linalg/team.ts) both run it: the chunk's H gradient goes
 * straight into the shared gradient, its W and b gradients and CE into the chunk's slot, which
 * objective.ts folds in chunk order (kernels.ts foldChunk).
 */
import { ceChunk, ceScratch, slotStride, type CeScratch, type CeShape } from './kernels.ts';

/** What a generation sends: the shape (shared arrays), the point, the gradient and the slots. */
export interface CeChunkData {
  /** Identifies the objective, so that a worker builds its scratch once per objective. */
  readonly id: number;
  readonly shape: CeShape;
  readonly x: Float64Array;
  readonly grad: Float64Array | null;
  readonly slots: Float64Array;
}

/** Runs chunk c into its slot of `data.slots` (kernels.ts slotStride). */
export function runCeChunk(data: CeChunkData, s: CeScratch, c: number): void {
  const stride = slotStride(data.shape);
  ceChunk(data.shape, s, data.x, data.grad, c, data.slots.subarray(c * stride, (c + 1) * stride));
}

let cached: { id: number; scratch: CeScratch } | null = null;

/** The worker side: tasks by name (team-worker.ts). */
export const teamTasks = {
  ceValueGrad(raw: unknown): (c: number) => void {
    const data = raw as CeChunkData;
    if (cached === null || cached.id !== data.id) cached = { id: data.id, scratch: ceScratch(data.shape.K, data.shape.d, data.shape.P) };
    const s = cached.scratch;
    return (c) => runCeChunk(data, s, c);
  },
};
