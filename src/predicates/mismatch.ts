/**
 * The one way ncverify compares a measured quantity with a claimed one: relative to the size the
 * claim predicts, and absolute when the claim predicts zero (dividing by a rounding-level norm
 * would turn noise into a relative error of order one). Every matrix, vector, spectrum and
 * scalar comparison of the predicates goes through `mismatch`.
 */
import { frobNorm, type Mat } from '../linalg/matrix.ts';
import type { Measurement } from './predicate.ts';

/**
 * `diff` = ||measured - claimed|| in some norm, `ref` = the claimed quantity's size in the same
 * norm. `sensitivity` bounds the change of `diff` per unit move of the point; the relative form
 * divides it by `ref` like the deviation. `what` describes the compared quantities for reports:
 * `{ diff: '||W W^T - G||_F', ref: '||G||_F' }`.
 */
export function mismatch(diff: number, ref: number, what: { readonly diff: string; readonly ref: string }, sensitivity: number): Measurement {
  if (!Number.isFinite(ref)) return { deviation: Infinity, kind: 'absolute', detail: `${what.diff}: the claimed size ${what.ref} is ${ref}`, sensitivity };
  return ref > 0
    ? { deviation: diff / ref, kind: 'relative', detail: `${what.diff} / ${what.ref}`, sensitivity: sensitivity / ref }
    : { deviation: diff, kind: 'absolute', detail: `${what.diff} (claimed 0)`, sensitivity };
}

/** ||A - T||_F relative to `ref` (default ||T||_F, the claimed matrix's norm). */
export function matrixMismatch(A: Mat, T: Mat, label: string, sensitivity: number, ref = frobNorm(T)): Measurement {
  let s = 0;
  for (let i = 0; i < A.data.length; i++) s += (A.data[i] - T.data[i]) ** 2;
  return mismatch(Math.sqrt(s), ref, { diff: `||${label}||_F`, ref: fmtRef(ref) }, sensitivity);
}

/**
 * Two lists of non-negative values (singular values, eigenvalues, per-mode quantities) agree
 * after sorting both descending: max_i |measured_i - claimed_i| relative to max claimed; the
 * shorter list is padded with zeros. `slope` bounds the change of any measured value per unit move.
 */
export function sortedValuesMatch(measured: readonly number[], claimed: readonly number[], what: string, slope: number): Measurement {
  const a = [...measured].sort((p, q) => q - p);
  const c = [...claimed].sort((p, q) => q - p);
  const len = Math.max(a.length, c.length);
  let worst = 0;
  for (let i = 0; i < len; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (c[i] ?? 0)));
  let ref = 0;
  for (const v of c) ref = Math.max(ref, Math.abs(v));
  const listed = c.map(fmtRef).join(', ');
  return mismatch(worst, ref, { diff: `max_i |${what}_i - claimed_i| (claimed ${listed})`, ref: fmtRef(ref) }, slope);
}

/** An integer count (collapsed latents, live classes) equals the claimed one; exact, so no sensitivity. */
export function countMatches(measured: number, claimed: number, what: string): Measurement {
  return { deviation: Math.abs(measured - claimed), kind: 'absolute', detail: `measured ${measured} ${what}, claimed ${claimed}`, sensitivity: 0 };
}

/**
 * A squared norm ||X||_F^2 (an energy) equals the claimed value; `norm` = ||X||_F, whose square
 * changes by at most 2 ||X|| per unit move.
 */
export function energyMatches(norm: number, claimed: number, what: string): Measurement {
  return mismatch(Math.abs(norm * norm - claimed), claimed, { diff: `|${what} - ${fmtRef(claimed)}|`, ref: fmtRef(claimed) }, 2 * norm);
}

function fmtRef(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x);
}
