/**
 * Point builders of the linear VAE family: the flat vector of each problem from its named
 * matrices (variable order in gaussian.ts and hvae.ts), so a claimed minimiser is written as
 * matrices, never as offsets.
 */
import { InputError } from '../../errors.ts';
import type { Mat } from '../../linalg/matrix.ts';
import { cvaeLayout, momentsOf, type LinearCvaeInstance } from './cvae.ts';
import { linearVaeBlocks } from './gaussian.ts';
import { hvaeBlocks, hvaeSizes, type LinearHvaeInstance } from './hvae.ts';
import { vaeLayout, type LinearVaeInstance } from './vae.ts';
import type { VariableBlock } from '../problem.ts';

function place(x: Float64Array, b: VariableBlock, A: { rows: number; cols: number; data: ArrayLike<number> }, where: string): void {
  if (A.rows !== b.rows || A.cols !== b.cols) throw new InputError(`${where}.${b.name}`, `expected ${b.rows}x${b.cols}, got ${A.rows}x${A.cols}`);
  x.set(A.data, b.offset);
}

const column = (v: readonly number[]) => ({ rows: v.length, cols: 1, data: v });
const sizeOf = (blocks: readonly VariableBlock[]) => blocks.reduce((s, b) => s + b.rows * b.cols, 0);

export interface CvaeParts {
  /** Encoder weights on x (dz x dx) and on y (dz x dy). */
  readonly W1: Mat;
  readonly W2: Mat;
  /** Decoder maps from z (dy x dz) and from x (dy x dx). */
  readonly U1: Mat;
  readonly U2: Mat;
  /** log sigma_j^2, one per latent. */
  readonly logVar: readonly number[];
}

/** The CVAE point: W = [W_1 W_2] (the encoder sees v = [x; y]), U_1, U_2, the log-variances. */
export function cvaePoint(inst: LinearCvaeInstance, parts: CvaeParts): Float64Array {
  const { dx, dy } = momentsOf(inst.data);
  const dz = inst.latent;
  const blocks = linearVaeBlocks(cvaeLayout(inst));
  const [bW, bU1, bU2, bT] = blocks;
  if (parts.W1.rows !== dz || parts.W1.cols !== dx || parts.W2.rows !== dz || parts.W2.cols !== dy) {
    throw new InputError(
      'cvaePoint.W',
      `expected W_1 ${dz}x${dx} and W_2 ${dz}x${dy}, got ${parts.W1.rows}x${parts.W1.cols} and ${parts.W2.rows}x${parts.W2.cols}`,
    );
  }
  const W = new Float64Array(dz * (dx + dy));
  for (let i = 0; i < dz; i++) {
    for (let c = 0; c < dx; c++) W[i * (dx + dy) + c] = parts.W1.data[i * dx + c];
    for (let c = 0; c < dy; c++) W[i * (dx + dy) + dx + c] = parts.W2.data[i * dy + c];
  }
  const x = new Float64Array(sizeOf(blocks));
  place(x, bW, { rows: dz, cols: dx + dy, data: W }, 'cvaePoint');
  place(x, bU1, parts.U1, 'cvaePoint');
  place(x, bU2, parts.U2, 'cvaePoint');
  place(x, bT, column(parts.logVar), 'cvaePoint');
  return x;
}

export interface VaeParts {
  /** Encoder (dz x d, on the whitened input). */
  readonly W: Mat;
  /** Decoder (d x dz). */
  readonly U: Mat;
  /** log sigma_j^2 when Sigma is learnable; absent when the instance fixes it. */
  readonly logVar?: readonly number[];
}

export function vaePoint(inst: LinearVaeInstance, parts: VaeParts): Float64Array {
  const blocks = linearVaeBlocks(vaeLayout(inst));
  const [bW, bU] = blocks;
  const bT = blocks.find((b) => b.name === 'logVar');
  if (!bT !== !parts.logVar)
    throw new InputError(
      'vaePoint.logVar',
      bT ? 'Sigma is learnable: the point needs its log-variances' : 'Sigma is fixed by the instance: the point has no log-variances',
    );
  const x = new Float64Array(sizeOf(blocks));
  place(x, bW, parts.W, 'vaePoint');
  place(x, bU, parts.U, 'vaePoint');
  if (bT && parts.logVar) place(x, bT, column(parts.logVar), 'vaePoint');
  return x;
}

export interface HvaeParts {
  /** z1 encoder (d1 x d0) and decoder (d0 x d1). */
  readonly W1: Mat;
  readonly U1: Mat;
  /** z2 encoder (d2 x d1) and decoder (d1 x d2). */
  readonly W2: Mat;
  readonly U2: Mat;
  /** log of the Sigma_2 entries (d2). */
  readonly logVar2: readonly number[];
}

export function hvaePoint(inst: LinearHvaeInstance, parts: HvaeParts): Float64Array {
  const blocks = hvaeBlocks(hvaeSizes(inst));
  const [bW1, bU1, bW2, bU2, bT] = blocks;
  const x = new Float64Array(sizeOf(blocks));
  place(x, bW1, parts.W1, 'hvaePoint');
  place(x, bU1, parts.U1, 'hvaePoint');
  place(x, bW2, parts.W2, 'hvaePoint');
  place(x, bU2, parts.U2, 'hvaePoint');
  place(x, bT, column(parts.logVar2), 'hvaePoint');
  return x;
}
