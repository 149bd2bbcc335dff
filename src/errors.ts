/**
 * Errors ncverify raises on purpose. Every one names the input it is about, so a user can tell
 * which file, field or argument was wrong; none of them is ever turned into a verdict.
 */

/** Bad input: a malformed instance or theorem file, impossible dimensions, an unknown id. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** What the error is about, e.g. `instance.lambdaW` or `theorems/zhu2021.ts`. */
  readonly input: string;
  constructor(input: string, message: string) {
    super(`${input}: ${message}`);
    this.input = input;
  }
}

/** A numerical routine that ran out of its iteration budget or met a non-finite value. */
export class NumericalError extends Error {
  override readonly name = 'NumericalError';
  readonly routine: string;
  constructor(routine: string, message: string) {
    super(`${routine}: ${message}`);
    this.routine = routine;
  }
}

/** Throws an InputError unless `value` is a finite number. */
export function requireFinite(input: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(input, `expected a finite number, got ${describe(value)}`);
  }
  return value;
}

/** A short, safe rendering of an arbitrary value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}

/**
 * Array.isArray that keeps the element type of a readonly array (Array.isArray narrows a
 * `readonly T[]` to `any[]`, which would let unchecked values through validation code).
 */
export function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}
