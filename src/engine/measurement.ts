/**
 * Guards around the code a claim brings (its symbols, claimed minimiser, view, and each check's
 * `when` and `measure`), which may be a user's theorem file: what it returns is validated before
 * anything is decided from it, and what it throws names the claim and the function.
 *
 * A measurement decides a check only when it is a Measurement with a finite deviation >= 0 and
 * a finite sensitivity >= 0. Anything else (NaN or Infinity, a negative deviation, a bare number
 * or string, a NaN sensitivity) cannot be compared with a tolerance: the instance is then
 * `inconclusive` with the reason naming the check, never `fail` (-1 would have passed, NaN and
 * Infinity failed: both wrong verdicts about a paper).
 */
import { InputError, describe } from '../errors.ts';
import type { Measurement } from '../predicates/predicate.ts';

/** A measurement that can decide a check, or why it cannot. */
export type MeasurementCheck = { readonly ok: true; readonly measurement: Measurement } | { readonly ok: false; readonly why: string };

const KINDS = new Set(['relative', 'absolute']);

/** Validates what a check's `measure` returned (see the module comment). */
export function validateMeasurement(value: unknown): MeasurementCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, why: `returned ${describe(value)}, not a measurement { deviation, kind, sensitivity }` };
  }
  const m = value as Record<string, unknown>;
  const dev = m.deviation;
  if (typeof dev !== 'number') return { ok: false, why: `deviation is ${describe(dev)}, not a number` };
  if (!Number.isFinite(dev)) return { ok: false, why: `deviation is ${dev}: the structure could not be compared` };
  if (dev < 0) return { ok: false, why: `deviation is negative (${dev}): a deviation is a distance, >= 0` };
  if (typeof m.kind !== 'string' || !KINDS.has(m.kind)) return { ok: false, why: `kind is ${describe(m.kind)}, not "relative" or "absolute"` };
  const sens = m.sensitivity;
  if (typeof sens !== 'number' || !Number.isFinite(sens) || sens < 0) return { ok: false, why: `sensitivity is ${describe(sens)}, not a finite number >= 0` };
  if (m.detail !== undefined && typeof m.detail !== 'string') return { ok: false, why: `detail is ${describe(m.detail)}, not a string` };
  return {
    ok: true,
    measurement: { deviation: dev, kind: m.kind as Measurement['kind'], sensitivity: sens, ...(typeof m.detail === 'string' ? { detail: m.detail } : {}) },
  };
}

/**
 * Runs a function the claim brings; an error it throws becomes an InputError naming `where`
 * (e.g. `mine.claim: check "NC1".measure`), so that it reaches the user as bad input naming the
 * check, in this thread and in a worker thread alike, and never as a crash or a verdict.
 */
export function claimCall<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(where, e.message);
    throw new InputError(where, `threw ${e instanceof Error ? `${e.name}: ${e.message}` : describe(e)}`);
  }
}
