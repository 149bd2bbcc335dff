/**
 * Count, mean and sum of squared deviations (M2) of a statistic, merged in a fixed order.
 * Each tile of class pairs computes its moments by two passes over its values (mean, then
 * deviations: a sum of squares, never negative, so equal values give a variance at the rounding
 * level of their squares, not the -1e-17 of sum x^2 - (sum x)^2/n), and tiles
 * are merged with Chan, Golub & LeVeque's pairwise update in tile order, which fixes every
 * rounding whatever the number of threads.
 */

/** Moments packed as [n, mean, M2]. */
export type Moments = [number, number, number];

export const emptyMoments = (): Moments => [0, 0, 0];

/** Moments of values[0..n) by two passes. */
export function momentsOf(values: Float64Array, n: number): Moments {
  if (n === 0) return [0, 0, 0];
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const mean = s / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const e = values[i] - mean;
    m2 += e * e;
  }
  return [n, mean, m2];
}

/** Merges b into a (Chan et al. 1979). */
export function mergeMoments(a: Moments, b: Moments): void {
  const [na, ma, qa] = a;
  const [nb, mb, qb] = b;
  if (nb === 0) return;
  if (na === 0) {
    a[0] = nb;
    a[1] = mb;
    a[2] = qb;
    return;
  }
  const n = na + nb;
  const delta = mb - ma;
  a[0] = n;
  a[1] = ma + (delta * nb) / n;
  a[2] = qa + qb + (delta * delta * na * nb) / n;
}

/** Fixed-edge histogram counts: bins [lo + i w, lo + (i+1) w), plus below / above. */
export interface HistogramSpec {
  readonly lo: number;
  readonly width: number;
  readonly bins: number;
}

/** Adds value v to counts (length bins + 2: [below, bins..., above]). */
export function histAdd(spec: HistogramSpec, counts: Float64Array, v: number): void {
  const i = Math.floor((v - spec.lo) / spec.width);
  counts[i < 0 ? 0 : i >= spec.bins ? spec.bins + 1 : i + 1]++;
}
