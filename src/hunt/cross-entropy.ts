/**
 * The cross-entropy method (Rubinstein & Kroese, "The Cross-Entropy Method", 2004) over an
 * instance space: a sampling distribution over the space's parameters (a clipped Gaussian per
 * real parameter, in its [0, 1] coordinate, log scale where the parameter is; a categorical per
 * integer or choice parameter), refitted after each generation to the elite fraction of points
 * ranked by the violation score (src/hunt/score.ts), with smoothing so that one lucky
 * generation does not collapse it. Deterministic for its Rng.
 */
import type { Rng } from '../random.ts';
import { discreteValues, realAt, realCoordinate, type InstanceSpace, type ParameterValue, type SpacePoint } from '../instances/space.ts';
import { maxOf } from '../linalg/vector.ts';

export interface CrossEntropyOptions {
  /** Points per generation. @defaultValue 8 */
  readonly population?: number;
  /** Fraction of each generation refitted to. @defaultValue 0.25 */
  readonly eliteFraction?: number;
  /** Weight of the new fit against the old distribution. @defaultValue 0.7 */
  readonly smoothing?: number;
  /** Floor of a Gaussian's standard deviation, in coordinates. @defaultValue 0.04 */
  readonly minSigma?: number;
  /** Floor of a categorical probability (before renormalising). @defaultValue 0.03 */
  readonly minProbability?: number;
  /** Where the distribution starts: its means and (with weight 0.4) its most likely values. */
  readonly around?: SpacePoint;
}

interface Gaussian {
  mu: number;
  sigma: number;
}

export class CrossEntropySearch {
  private readonly gauss = new Map<string, Gaussian>();
  private readonly cats = new Map<string, { values: ParameterValue[]; p: number[] }>();
  readonly population: number;

  constructor(
    private readonly space: InstanceSpace,
    private readonly rng: Rng,
    private readonly options: CrossEntropyOptions = {},
  ) {
    this.population = options.population ?? 8;
    for (const p of space.parameters) {
      const at = options.around?.[p.name];
      if (p.kind === 'real') this.gauss.set(p.name, { mu: typeof at === 'number' ? realCoordinate(p, at) : 0.5, sigma: 0.3 });
      else {
        const values = discreteValues(p);
        const k = values.indexOf(at as ParameterValue);
        const probs = values.map((_, i) => 0.6 / values.length + (i === k ? 0.4 : k < 0 ? 0.4 / values.length : 0));
        this.cats.set(p.name, { values, p: probs });
      }
    }
  }

  /** One point drawn from the current distribution. */
  sample(): SpacePoint {
    const out: Record<string, ParameterValue> = {};
    for (const p of this.space.parameters) {
      if (p.kind === 'real') {
        const g = this.gauss.get(p.name)!;
        out[p.name] = realAt(p, g.mu + g.sigma * this.rng.normal());
      } else {
        const c = this.cats.get(p.name)!;
        let u = this.rng.uniform();
        let i = 0;
        while (i < c.p.length - 1 && u >= c.p[i]) u -= c.p[i++];
        out[p.name] = c.values[i];
      }
    }
    return out;
  }

  /** Refits to the best points of a generation (scores: higher is closer to a fail; -Infinity never counts). */
  update(scored: readonly { readonly point: SpacePoint; readonly score: number }[]): void {
    const ranked = scored.filter((s) => s.score > -Infinity).sort((a, b) => b.score - a.score);
    const nElite = Math.max(1, Math.ceil((this.options.eliteFraction ?? 0.25) * scored.length));
    const elite = ranked.slice(0, nElite);
    if (elite.length === 0) return;
    const a = this.options.smoothing ?? 0.7;
    for (const p of this.space.parameters) {
      if (p.kind === 'real') {
        const g = this.gauss.get(p.name)!;
        const us = elite.map((e) => realCoordinate(p, e.point[p.name] as number));
        const mean = us.reduce((s, u) => s + u, 0) / us.length;
        const sd = Math.sqrt(us.reduce((s, u) => s + (u - mean) ** 2, 0) / us.length);
        g.mu = (1 - a) * g.mu + a * mean;
        g.sigma = Math.max(this.options.minSigma ?? 0.04, (1 - a) * g.sigma + a * sd);
      } else {
        const c = this.cats.get(p.name)!;
        const freq = c.values.map((v) => elite.filter((e) => e.point[p.name] === v).length / elite.length);
        const floor = this.options.minProbability ?? 0.03;
        const next = c.p.map((q, i) => Math.max(floor, (1 - a) * q + a * freq[i]));
        const total = next.reduce((s, q) => s + q, 0);
        c.p = next.map((q) => q / total);
      }
    }
  }

  /** The current distribution, for reports: per real parameter its mean value, per discrete one its most likely value. */
  mode(): SpacePoint {
    const out: Record<string, ParameterValue> = {};
    for (const p of this.space.parameters) {
      if (p.kind === 'real') out[p.name] = realAt(p, this.gauss.get(p.name)!.mu);
      else {
        const c = this.cats.get(p.name)!;
        out[p.name] = c.values[c.p.indexOf(maxOf(c.p))];
      }
    }
    return out;
  }
}
