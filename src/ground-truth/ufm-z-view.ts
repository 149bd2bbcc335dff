/**
 * A ufm-ce point in UFM-Z's coordinates: the class-mean logits Z_bar = W H_bar (K x K, column
 * k = the mean logit vector of class k) that Hong & Ling's claims are stated on, with the
 * first-order sensitivity of deviations measured on Z_bar (logitSensitivity).
 */
import type { Mat } from '../linalg/matrix.ts';
import { classLogits, logitSensitivity } from '../predicates/logits.ts';
import type { UfmCeInstance } from '../problems/ufm-ce/problem.ts';
import { ufmCeView, type UfmCeView } from '../problems/ufm-ce/view.ts';

export interface UfmZView extends UfmCeView {
  readonly Z: Mat;
  /** Sensitivity of a deviation measured on Z_bar, relative to ||Z_bar||_F. */
  readonly sens: number;
}

export function ufmZView(inst: UfmCeInstance, x: Float64Array): UfmZView {
  const v = ufmCeView(inst, x);
  const Z = classLogits(v.W, v.Hbar);
  return { ...v, Z, sens: logitSensitivity(v.W, v.Hbar, Z) };
}
