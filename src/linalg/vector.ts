/** Float64Array vectors: the two reductions every solver and certificate needs. */

/** Euclidean norm ||v||_2. */
export function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** a . b (same length assumed). */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/*
 * Reductions over arrays of any length. `Math.max(...values)` and `Math.hypot(...values)` pass
 * every element as a call argument, and V8 overflows its stack near 1e5 arguments (a valid
 * instance with n = [40000, 40000] crashed that way): data is never spread into a call.
 */

/** Math.max over `values`, without spreading them into a call: NaN if any is NaN, -Infinity when empty, +0 over -0. */
export function maxOf(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return NaN;
    if (v > m || (v === 0 && m === 0 && Object.is(m, -0))) m = v;
  }
  return m;
}

/** Math.min over `values`, without spreading them into a call: NaN if any is NaN, Infinity when empty, -0 over +0. */
export function minOf(values: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return NaN;
    if (v < m || (v === 0 && m === 0 && Object.is(v, -0))) m = v;
  }
  return m;
}

/**
 * Math.hypot over `values`, without spreading them into a call, bit for bit: V8's algorithm
 * (src/builtins/math.tq, MathHypot) scales by the largest magnitude and sums the squares with
 * Kahan compensation; any infinity gives Infinity (even beside a NaN), then any NaN gives NaN.
 */
export function hypotOf(values: ArrayLike<number>): number {
  let max = 0;
  let nan = false;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a === Infinity) return Infinity;
    if (Number.isNaN(a)) nan = true;
    else if (a > max) max = a;
  }
  if (nan) return NaN;
  if (max === 0) return 0;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const n = Math.abs(values[i]) / max;
    const summand = n * n - compensation;
    const preliminary = sum + summand;
    compensation = preliminary - sum - summand;
    sum = preliminary;
  }
  return Math.sqrt(sum) * max;
}
