/**
 * Class-count profiles for `--imbalance` (the conventions of Cao et al. 2019, "Learning
 * Imbalanced Datasets with Label-Distribution-Aware Margin Loss", which most imbalanced-NC papers
 * follow, with the ratio R = n_max / n_min):
 *
 * - `none`: every class has n_max samples.
 * - `step:R`: the first K - floor(K/2) classes (the majority cluster) keep n_max, the other
 *   floor(K/2) (the minority cluster) get floor(n_max / R): two clusters, the setting of Hong &
 *   Ling's Thm 3 / Cor 4 (kA = K - floor(K/2), kB = floor(K/2)).
 * - `exp:rho`: n_k = floor(n_max * rho^(-k/(K-1))) for k = 0..K-1 (long tail; n_0 = n_max,
 *   n_{K-1} = floor(n_max / rho)).
 *
 * A profile that leaves a class with no sample is refused, naming `--imbalance`.
 */
import { InputError } from '../errors.ts';

export type Imbalance = { readonly kind: 'none' } | { readonly kind: 'step'; readonly ratio: number } | { readonly kind: 'exp'; readonly ratio: number };

/** Parses `none`, `step:R` or `exp:rho` (R, rho >= 1, finite). */
export function parseImbalance(text: string, flag = '--imbalance'): Imbalance {
  if (text === 'none') return { kind: 'none' };
  const m = /^(step|exp):(.+)$/.exec(text);
  if (!m) throw new InputError(flag, `expected none, step:R or exp:rho (R, rho >= 1), got ${JSON.stringify(text)}`);
  const ratio = Number(m[2]);
  if (!Number.isFinite(ratio) || ratio < 1) throw new InputError(flag, `the ratio in ${JSON.stringify(text)} must be a finite number >= 1 (n_max / n_min)`);
  return { kind: m[1] as 'step' | 'exp', ratio };
}

export function imbalanceText(p: Imbalance): string {
  return p.kind === 'none' ? 'none' : `${p.kind}:${p.ratio}`;
}

/**
 * The per-class counts of a profile for K classes with at most nMax samples per class.
 *
 * Syntax: classCounts({ kind: 'step', ratio: 10 }, 4, 100)  // [100, 100, 10, 10]
 */
export function classCounts(p: Imbalance, K: number, nMax: number, flag = '--imbalance'): number[] {
  const counts = Array.from({ length: K }, (_, k) => {
    if (p.kind === 'none') return nMax;
    if (p.kind === 'step') return k < K - Math.floor(K / 2) ? nMax : Math.floor(nMax / p.ratio);
    // The small relative slack keeps floor() from dropping a count whose exact value is an integer (e.g. 100 * 10^-1).
    return Math.floor(nMax * Math.pow(p.ratio, -k / (K - 1)) * (1 + 1e-12));
  });
  const empty = counts.findIndex((c) => c < 1);
  if (empty >= 0) {
    throw new InputError(
      flag,
      `${imbalanceText(p)} with n_max = ${nMax} leaves class ${empty} with ${counts[empty]} samples (counts ${counts.join(', ')}): every class needs at least one; lower the ratio or raise --per-class`,
    );
  }
  return counts;
}
