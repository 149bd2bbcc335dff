/**
 * Field readers shared by the instance parsers: each validates one JSON value and throws an
 * InputError naming the field (`${source}.field`) and what was expected.
 */
import { InputError, describe, requireFinite } from '../errors.ts';

/** An integer >= min; `why` says in the message why the bound is there. */
export function requireInteger(input: string, value: unknown, min: number, why: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InputError(input, `expected an integer, got ${describe(value)}`);
  if (value < min) throw new InputError(input, `must be >= ${min} (${why}), got ${value}`);
  return value;
}

/** A regularisation weight: finite and > 0. */
export function requirePositive(input: string, value: unknown): number {
  const v = requireFinite(input, value);
  if (!(v > 0)) throw new InputError(input, `must be > 0 (the regulariser keeps minimisers bounded), got ${v}`);
  return v;
}

/** `K` (>= 2 classes) and `n` (one count >= 1 per class) of a class-level instance. */
export function requireClassCounts(r: Record<string, unknown>, source: string): { K: number; n: number[] } {
  const K = r.K;
  if (typeof K !== 'number' || !Number.isInteger(K) || K < 2) throw new InputError(`${source}.K`, `expected an integer >= 2, got ${describe(K)}`);
  if (!Array.isArray(r.n) || r.n.length !== K) throw new InputError(`${source}.n`, `expected ${K} per-class sample counts, got ${describe(r.n)}`);
  const n = r.n.map((v, k) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(`${source}.n[${k}]`, `expected an integer >= 1, got ${describe(v)}`);
    return v;
  });
  return { K, n };
}
