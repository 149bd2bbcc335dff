/**
 * One chunk of the ufm-ce cross-entropy evaluation (kernels.ts chunkWidth), as the calling
 * thread and the team's workers (src/linalg/team.ts) both run it: the chunk's H gradient goes
 * straight into the shared gradient, its W and b gradients and CE into the chunk's slot, which
 * objective.ts adds up in chunk order.
 */
import { ceScratch, ceValueGradColumns, chunkWidth, type CeScratch, type CeShape } from './kernels.ts';

/** What a generation sends: the shape (shared arrays), the point, the gradient and the slots. */
export interface CeChunkData {
  /** Identifies the objective, so that a worker builds its scratch once per objective. */
  readonly id: number;
  readonly shape: CeShape;
  readonly x: Float64Array;
  readonly grad: Float64Array | null;
  readonly slots: Float64Array;
}

/** Doubles per chunk slot: the W gradient (K d), the b gradient (K) and the CE. */
export const slotStride = (shape: CeShape): number => shape.K * shape.d + shape.K + 1;

/** Runs chunk c into its slot. */
export function runCeChunk(data: CeChunkData, s: CeScratch, c: number): void {
  const { shape, x, grad, slots } = data;
  const { K, d, P } = shape;
  const w = chunkWidth(P);
  const stride = slotStride(shape);
  const o = c * stride;
  const gW = slots.subarray(o, o + K * d);
  const gb = slots.subarray(o + K * d, o + K * d + K);
  slots[o + stride - 1] = ceValueGradColumns(shape, s, x, grad, c * w, Math.min(P, (c + 1) * w), gW, gb);
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
