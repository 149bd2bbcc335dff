/**
 * One memo for the convex ground truths: each is deterministic in its instance, and the engine,
 * the planted-variant runs and the symbol tables of a claim ask for the same solve many times.
 * Keys are the JSON of what the solve depends on; the table is bounded (cleared when full) so a
 * long hunt cannot grow it without limit.
 */
export function memoize<A, R>(key: (arg: A) => string, solve: (arg: A) => R, capacity = 2000): (arg: A) => R {
  const table = new Map<string, R>();
  return (arg: A): R => {
    const k = key(arg);
    const hit = table.get(k);
    if (hit !== undefined) return hit;
    const r = solve(arg);
    if (table.size >= capacity) table.clear();
    table.set(k, r);
    return r;
  };
}
