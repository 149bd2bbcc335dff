/**
 * The cluster structure of per-class counts (Hong & Ling's Gamma_j): classes with equal n_k
 * form a cluster, clusters ordered by count, largest first (docs/catalogue.md lists n_1 >= ... >= n_K).
 */

export interface ClassClusters {
  /** The distinct counts N_1 > N_2 > ... */
  readonly counts: number[];
  /** Classes per cluster, k_1, k_2, ... */
  readonly sizes: number[];
  /** The class indices of each cluster, ascending. */
  readonly classes: number[][];
}

export function classClusters(n: readonly number[]): ClassClusters {
  const counts = [...new Set(n)].sort((a, b) => b - a);
  const classes = counts.map((c) => n.flatMap((v, k) => (v === c ? [k] : [])));
  return { counts, sizes: classes.map((c) => c.length), classes };
}

/** The classes with the smallest count (the minority cluster). */
export function minorityClasses(n: readonly number[]): number[] {
  const c = classClusters(n).classes;
  return c[c.length - 1];
}

/** The classes with the largest count (the majority cluster). */
export function majorityClasses(n: readonly number[]): number[] {
  return classClusters(n).classes[0];
}
