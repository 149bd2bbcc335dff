/**
 * The UF-SVM point view for logit claims: the named matrices of ufSvmView plus the logits
 * Z = W H and how fast they move.
 */
import { frobNorm, matmul, type Mat } from '../../linalg/matrix.ts';
import { ufSvmView, type UfSvmInstance, type UfSvmView } from './problem.ts';

export interface UfSvmLogitsView extends UfSvmView {
  /** W H (K x N), the sample logits. */
  readonly Z: Mat;
  /** ||W||_F + ||H||_F: bounds the change of W H (and of W H_bar) per unit step of the point. */
  readonly scale: number;
}

export function ufSvmLogitsView(inst: UfSvmInstance, x: Float64Array): UfSvmLogitsView {
  const v = ufSvmView(inst, x);
  return { ...v, Z: matmul(v.W, v.H), scale: frobNorm(v.W) + frobNorm(v.H) };
}
