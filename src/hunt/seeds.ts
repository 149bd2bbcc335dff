/**
 * Solver seeds of a hunt: instance X of a hunt with seed S is solved with the sub-seed
 * deriveSeed(S, index(X)), index(X) a 32-bit FNV-1a hash of the instance's JSON. The seed depends
 * on the instance, not on when the hunt reached it, so every re-check of an instance (a shrink
 * step, a map cell, a replay) gives it the same starts, and
 * `ncverify check CLAIM --instance X.json --seed S --index index(X)` replays its random starts.
 */
import { deriveSeed } from '../random.ts';

/** FNV-1a of the instance's JSON (keys in the order the instance has them). */
export function instanceIndex(instance: unknown): number {
  const text = JSON.stringify(instance);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The solver sub-seed of `instance` in a hunt with seed `seed`. */
export function instanceSeed(seed: number, instance: unknown): number {
  return deriveSeed(seed, instanceIndex(instance));
}
