/**
 * Where a hunt searches: inside every assumption of the claim (a counterexample refutes the
 * claim), or, with `--drop-assumption NAME`, outside NAME and inside the others (a
 * counterexample shows NAME is necessary). The claim checked there is the claim with NAME
 * removed, so the engine solves and judges those instances instead of skipping them.
 */
import type { Theorem } from '../engine/theorem.ts';
import { InputError } from '../errors.ts';
import type { InstanceBase } from '../problems/problem.ts';
import { evaluateExpr, evaluateExprs } from '../symbolic/expr.ts';

export interface Region {
  /** The assumption dropped, or undefined (the claim's own region). */
  readonly dropped?: string;
  /** The claim as checked in this region (without the dropped assumption). */
  readonly target: Theorem;
  /** Whether an instance lies in the region (false where its assumptions cannot be evaluated). */
  readonly contains: (instance: InstanceBase) => boolean;
  /** e.g. "inside every assumption" or "outside dimension (d >= K - 1), inside the others". */
  readonly description: string;
}

/** Each assumption's truth on `instance`; null when one cannot be evaluated (e.g. a symbol the instance lacks). */
export function assumptionTruth(thm: Theorem, instance: InstanceBase): Record<string, boolean> | null {
  try {
    const sym = thm.symbols(instance);
    const out: Record<string, boolean> = {};
    for (const [name, src] of Object.entries(thm.assumptions)) {
      const v = evaluateExpr(src, sym, `${thm.id}.assumptions.${name}`);
      if (typeof v !== 'boolean') return null;
      out[name] = v;
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * Whether every prediction of `thm` is a real number (or a vector of them) on `instance`. Outside
 * an assumption a claim's closed forms may not be defined (zhu2021's n for imbalanced counts): a
 * dropped assumption whose instances all give undefined predictions is needed for the statement
 * to make sense, which is not the same as being shown necessary by a counterexample.
 */
export function predictionsDefined(thm: Theorem, instance: InstanceBase): boolean {
  try {
    const p = evaluateExprs(thm.predictions, thm.symbols(instance), `${thm.id}.predictions`);
    return Object.values(p).every((v) => (Array.isArray(v) ? v : [v]).every((x) => typeof x === 'boolean' || Number.isFinite(x)));
  } catch {
    return false;
  }
}

/** The claim's region, or (dropped = NAME) the region outside NAME and inside the other assumptions. */
export function regionOf(thm: Theorem, dropped?: string): Region {
  if (dropped === undefined) {
    return {
      target: thm,
      contains: (i) => {
        const t = assumptionTruth(thm, i);
        return t !== null && Object.values(t).every(Boolean);
      },
      description: 'inside every assumption',
    };
  }
  if (!(dropped in thm.assumptions)) {
    throw new InputError(
      '--drop-assumption',
      `${thm.id} has no assumption "${dropped}" (its assumptions: ${Object.keys(thm.assumptions).join(', ') || 'none'})`,
    );
  }
  const rest = Object.fromEntries(Object.entries(thm.assumptions).filter(([n]) => n !== dropped));
  return {
    dropped,
    target: { ...thm, assumptions: rest },
    contains: (i) => {
      const t = assumptionTruth(thm, i);
      return t !== null && !t[dropped] && Object.entries(t).every(([n, v]) => n === dropped || v);
    },
    description: `outside ${dropped} (${thm.assumptions[dropped]}), inside the other assumptions`,
  };
}
