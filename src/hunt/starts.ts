/**
 * A hunt's starts: more and richer than `check`'s, since any lower certified point refutes a
 * global-minimiser claim and any spurious certified minimum refutes a landscape claim:
 *
 * - twice the claim's random starts (at least 8), the first ones exactly `check`'s (same seeds);
 * - low-rank starts: a random start with every matrix block projected onto a random rank-r
 *   subspace on its smaller side, r = K - 2 and ceil((K - 1) / 2) (or latent - 1), where
 *   rank-deficient minimisers that beat a claimed full-rank structure live (dang2023dln.ce's
 *   antipodal pairing of four classes has rank 2 < K - 1);
 * - the claimed minimiser (the claim's `construct`) perturbed by 10% and 100% of its scale: a
 *   claimed minimiser that is a saddle descends from there to something lower;
 * - the problem's own saddle escapes run after every start (Problem.escape, in the solver).
 *
 * Every extra start is seeded from the instance's solver seed, so a replay gives the same starts.
 */
import type { CheckOptions } from '../engine/check.ts';
import type { Theorem } from '../engine/theorem.ts';
import type { InstanceBase, Objective } from '../problems/problem.ts';
import { Rng, deriveSeed } from '../random.ts';

/** A given start as the engine takes it (CheckOptions.extraStarts). */
type ExtraStart = ReturnType<NonNullable<CheckOptions['extraStarts']>>[number];

export interface HuntStartOptions {
  /** Random starts. @defaultValue max(8, 2 x the claim's starts) */
  readonly random?: number;
  /** Low-rank starts. @defaultValue true */
  readonly lowRank?: boolean;
  /** Perturbed claimed minimisers. @defaultValue true */
  readonly claimed?: boolean;
}

/** The claim's own number of random starts (as `check` uses it). */
export function claimStarts(thm: Theorem): number {
  return thm.solve?.starts ?? (thm.kind === 'landscape' ? 8 : 3);
}

/** The ranks of a hunt's low-rank starts for an instance with K classes (or `latent` latents). */
export function lowRanks(instance: InstanceBase): number[] {
  const f = instance as unknown as Record<string, unknown>;
  if (typeof f.K === 'number') {
    const K = f.K;
    return [...new Set([K - 2, Math.ceil((K - 1) / 2)])].filter((r) => r >= 1 && r <= K - 2).sort((a, b) => b - a);
  }
  const latent = typeof f.latent === 'number' ? f.latent : typeof f.latent1 === 'number' ? f.latent1 : 0;
  return latent >= 2 ? [latent - 1] : [];
}

/** Gram-Schmidt on `cols` Gaussian columns of length `n`: an n x cols orthonormal basis (column-major). */
function orthonormalColumns(n: number, cols: number, rng: Rng): Float64Array[] {
  const basis: Float64Array[] = [];
  while (basis.length < cols) {
    const v = rng.normalArray(n);
    for (const b of basis) {
      let d = 0;
      for (let i = 0; i < n; i++) d += v[i] * b[i];
      for (let i = 0; i < n; i++) v[i] -= d * b[i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm < 1e-8) continue;
    for (let i = 0; i < n; i++) v[i] /= norm;
    basis.push(v);
  }
  return basis;
}

/** x with every block of size rows x cols (both > r) projected to rank r on its smaller side, in place. */
export function projectLowRank(x: Float64Array, objective: Objective, r: number, rng: Rng): Float64Array {
  for (const b of objective.blocks) {
    if (Math.min(b.rows, b.cols) <= r) continue;
    const left = b.rows <= b.cols;
    const side = left ? b.rows : b.cols;
    const Q = orthonormalColumns(side, r, rng);
    const at = (i: number, j: number) => b.offset + i * b.cols + j;
    // Left: B <- Q Q^T B (per column of B); right: B <- B Q Q^T (per row).
    const outer = left ? b.cols : b.rows;
    for (let o = 0; o < outer; o++) {
      const v = new Float64Array(side);
      for (let s = 0; s < side; s++) v[s] = left ? x[at(s, o)] : x[at(o, s)];
      const proj = new Float64Array(side);
      for (const q of Q) {
        let d = 0;
        for (let s = 0; s < side; s++) d += q[s] * v[s];
        for (let s = 0; s < side; s++) proj[s] += d * q[s];
      }
      for (let s = 0; s < side; s++) {
        if (left) x[at(s, o)] = proj[s];
        else x[at(o, s)] = proj[s];
      }
    }
  }
  return x;
}

/** The extra starts of a hunt for `thm` on one instance (random starts come from the solver). */
export function huntExtraStarts(thm: Theorem, seed: number, options: HuntStartOptions = {}): NonNullable<CheckOptions['extraStarts']> {
  return ({ instance, predictions, objective }) => {
    const out: ExtraStart[] = [];
    if (options.lowRank ?? true) {
      for (const r of lowRanks(instance)) {
        const rng = new Rng(deriveSeed(seed, 7000 + r));
        const x = projectLowRank(thm.problem.randomStart(instance, rng, 1), objective, r, rng);
        out.push({ kind: `low-rank ${r}`, x });
      }
    }
    if ((options.claimed ?? true) && thm.construct) {
      let built: ReturnType<NonNullable<Theorem['construct']>> | null = null;
      try {
        built = thm.construct(instance, predictions);
      } catch {
        built = null;
      }
      if (built instanceof Float64Array) {
        let norm = 0;
        for (const v of built) norm += v * v;
        const unit = norm > 0 ? Math.sqrt(norm / built.length) : 0.1;
        [0.1, 1].forEach((sigma, j) => {
          const rng = new Rng(deriveSeed(seed, 8000 + j));
          const x = Float64Array.from(built, (v) => v + sigma * unit * rng.normal());
          out.push({ kind: `claimed-perturbed ${sigma}`, x });
        });
      }
    }
    return out;
  };
}

/** The check options of a hunt's solve of one instance with solver seed `seed`. */
export function huntCheckOptions(thm: Theorem, seed: number, options: HuntStartOptions = {}): CheckOptions {
  return { seed, starts: options.random ?? Math.max(8, 2 * claimStarts(thm)), extraStarts: huntExtraStarts(thm, seed, options) };
}
