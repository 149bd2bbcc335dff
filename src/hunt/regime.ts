/**
 * A claim's predicted regime at an instance: the values of its boolean predictions (and
 * per-class flags), which numeric predictions are exactly zero (a dead class, a zero solution,
 * a collapsed mode), and the values of integer-valued ones (live or collapsed counts). Where the
 * regime changes along a parameter the claim has a closed-form threshold: a hunt puts instances
 * just either side of it, and a failure map draws the predicted boundary between cells of
 * different regimes.
 */
import type { Theorem } from '../engine/theorem.ts';
import type { InstanceBase } from '../problems/problem.ts';
import { evaluateExprs, type Value } from '../symbolic/expr.ts';

/** The regime as named parts, e.g. { zero: "false" } or { dead: "[false,true]", hSq: "zero at [2]" }; null when predictions do not evaluate. */
export function regimeParts(thm: Theorem, instance: InstanceBase): Record<string, string> | null {
  let p: Record<string, Value>;
  try {
    p = evaluateExprs(thm.predictions, thm.symbols(instance), `${thm.id}.predictions`);
  } catch {
    return null;
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(p)) {
    if (typeof v === 'boolean') out[name] = String(v);
    else if (typeof v === 'number') {
      if (v === 0) out[name] = '0';
      else if (Number.isInteger(v) && Math.abs(v) < 1e6 && name !== 'optimum') out[name] = String(v);
      else out[name] = 'non-zero';
    } else if (v.length > 0 && typeof v[0] === 'boolean') out[name] = `[${(v as boolean[]).join(',')}]`;
    else {
      const zeros = (v as number[]).flatMap((x, i) => (x === 0 ? [i + 1] : []));
      out[name] = zeros.length > 0 ? `zero at [${zeros.join(',')}]` : 'non-zero';
    }
  }
  return out;
}

/** The regime as one comparable string; null when predictions do not evaluate. */
export function regimeOf(thm: Theorem, instance: InstanceBase): string | null {
  const parts = regimeParts(thm, instance);
  return parts === null ? null : JSON.stringify(parts);
}

/** What changes between two regimes, e.g. "zero: false -> true". */
export function regimeChange(a: string, b: string): string {
  const pa = JSON.parse(a) as Record<string, string>;
  const pb = JSON.parse(b) as Record<string, string>;
  return Object.keys({ ...pa, ...pb })
    .filter((k) => pa[k] !== pb[k])
    .map((k) => `${k}: ${pa[k]} -> ${pb[k]}`)
    .join(', ');
}
