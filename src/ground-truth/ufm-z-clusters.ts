/**
 * UFM-Z on cluster profiles (sizes[j] classes of counts[j] samples, clusters listed largest
 * count first), for the threshold studies of Hong & Ling's minority collapse and its
 * per-cluster extension: where, in N lambdaZ, does one cluster's collapse switch on? Each probe
 * is a certified convex solve (duality gap), so a bisection over probes locates the switch.
 */
import { etfShapeDistance } from '../predicates/cluster-logits.ts';
import { logitSpread } from '../predicates/logits.ts';
import { solveUfmZ } from './ufm-z.ts';

/** A cluster profile; the study watches cluster `watch`. */
export interface ClusterThresholdConfig {
  readonly sizes: readonly number[];
  readonly counts: readonly number[];
  readonly watch: number;
  readonly bias: boolean;
  readonly lambdaB: number;
}

/** The per-class counts of a profile, cluster by cluster. */
export function profileCounts(c: ClusterThresholdConfig): number[] {
  return c.sizes.flatMap((k, j) => Array<number>(k).fill(c.counts[j]));
}

export function describeProfile(c: ClusterThresholdConfig): string {
  return `clusters ${c.sizes.map((k, j) => `${k}x${c.counts[j]}`).join(' + ')}, watch n=${c.counts[c.watch]}, ${c.bias ? `λb=${c.lambdaB}` : 'no-bias'}`;
}

/**
 * A bracket around the watched cluster's claimed switch sqrt(N_watch) that stays below the next
 * larger cluster's threshold, where everything above collapses too.
 */
export function switchBracket(c: ClusterThresholdConfig): [number, number] {
  const t = Math.sqrt(c.counts[c.watch]);
  const up = c.watch > 0 ? Math.sqrt(c.counts[c.watch - 1] / c.counts[c.watch]) : 3;
  return [0.5 * t, t * Math.min(1.5, 0.5 * (1 + up))];
}

/**
 * Relative spread at or below which a certified minimiser counts as collapsed in a bisection.
 * The spread vanishes linearly at the switch (slope about 3 in N lambdaZ / t*), so this cutoff
 * biases the measured switch low by about cutoff / 3: 1e-7 showed up as a 3e-8 offset at
 * 1e-10 resolution. Thresholded singular values are exact zeros, so collapsed spreads sit at
 * rounding level (1e-16) and 1e-12 separates them safely.
 */
export const COLLAPSED_SPREAD = 1e-12;

/** Whether the watched cluster's mean logits coincide at the certified UFM-Z minimiser with N lambdaZ = tau. */
export function watchedClusterCollapsed(c: ClusterThresholdConfig, tau: number): { holds: boolean; certified: boolean; measure: number } {
  const n = profileCounts(c);
  const N = n.reduce((a, b) => a + b, 0);
  const sol = solveUfmZ({ problem: 'ufm-z', K: n.length, n, lambdaZ: tau / N, lambdaB: c.lambdaB, bias: c.bias });
  const first = c.sizes.slice(0, c.watch).reduce((a, b) => a + b, 0);
  const classes = Array.from({ length: c.sizes[c.watch] }, (_, i) => first + i);
  const { spread } = logitSpread(sol.Zbar, classes);
  return { holds: spread <= COLLAPSED_SPREAD, certified: sol.certified, measure: spread };
}

/**
 * A two-cluster sequence (Hong & Ling's Thm 5): k_A classes of r n_B samples and k_B of n_B,
 * N lambdaZ = lambda fixed while N grows from (k_A r + k_B) n_B0.
 */
export interface Thm5Config {
  readonly kA: number;
  readonly kB: number;
  readonly r: number;
  /** N lambdaZ, below sqrt(n_B0). */
  readonly lambda: number;
  readonly nB0: number;
  readonly bias: boolean;
  readonly lambdaB: number;
}

/** The distance of the certified UFM-Z minimiser's normalised logits from the ETF shape at N samples, N lambdaZ = lambda. */
export function etfDistanceAt(c: Thm5Config, N: number, lambda: number): { t: number; rate: number; deviation: number; certified: boolean } {
  const nB = N / (c.kA * c.r + c.kB);
  const n = [...Array<number>(c.kA).fill(c.r * nB), ...Array<number>(c.kB).fill(nB)];
  const sol = solveUfmZ({ problem: 'ufm-z', K: n.length, n, lambdaZ: lambda / N, lambdaB: c.lambdaB, bias: c.bias });
  return { t: N, rate: 1 / Math.log(N), deviation: etfShapeDistance(sol.Zbar), certified: sol.certified };
}
