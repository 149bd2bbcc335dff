/**
 * The Gram matrices a report draws as heatmaps: the problem's `describeSolution` at the point a
 * verdict is about, and at the claimed minimiser built from the closed forms. Kept small on
 * purpose (report.json is read by people and shipped as a CI artefact).
 */
import type { InstanceBase } from '../problems/problem.ts';
import type { Predictions } from './predictions.ts';
import type { Theorem } from './theorem.ts';
import type { GramComparison } from './verdict.ts';

/** Largest side of a matrix kept in a report. */
const MAX_SIDE = 16;
/** Significant digits kept: plenty for a heatmap, and the checks record the exact deviations. */
const DIGITS = 6;

function squareMatrices(described: Record<string, number[][] | number[]> | undefined): Record<string, number[][]> {
  const out: Record<string, number[][]> = {};
  for (const [name, m] of Object.entries(described ?? {})) {
    if (!Array.isArray(m[0])) continue;
    const rows = m as number[][];
    if (rows.length === 0 || rows.length > MAX_SIDE || rows.some((r) => r.length !== rows.length)) continue;
    out[name] = rows.map((r) => r.map((v) => (Number.isFinite(v) ? Number(v.toPrecision(DIGITS)) : v)));
  }
  return out;
}

/**
 * Measured vs predicted Grams for `x`, or undefined when the problem describes no square matrix.
 *
 * Syntax: solutionGrams(thm, instance, x, predictions, point)
 * See also: Problem.describeSolution, TheoremSpec.construct
 */
export function solutionGrams(
  thm: Theorem,
  instance: InstanceBase,
  x: Float64Array,
  predictions: Predictions,
  point: GramComparison['point'],
): GramComparison | undefined {
  const describe = thm.problem.describeSolution?.bind(thm.problem);
  if (!describe) return undefined;
  const measured = squareMatrices(describe(instance, x));
  if (Object.keys(measured).length === 0) return undefined;
  const built = thm.construct?.(instance, predictions);
  const predicted = built instanceof Float64Array ? squareMatrices(describe(instance, built)) : undefined;
  return predicted ? { point, measured, predicted } : { point, measured };
}
