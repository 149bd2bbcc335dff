/**
 * Instances of the ReLU feature model (docs/catalogue.md, dang2024relu: `"features": "nonnegative"`).
 * Class k is dead iff N lambdaZ >= tau_k = sqrt((K-1) n_k / K), so N lambdaZ is drawn against a
 * random class's tau_k and d from the number of live classes.
 */
import fc from 'fast-check';
import type { UfmCeInstance } from '../problems/ufm-ce/problem.ts';
import { reluLiveClasses } from '../problems/ufm-ce/symbols.ts';
import type { ImbalanceProfile } from './imbalanced.ts';
import { logUniform } from './ufm-ce.ts';

export interface ReluInstanceConstraints {
  /** d = live + offset, offsets from this range (d >= 1). */
  readonly dOffset: [number, number];
  /**
   * Keep N lambdaZ more than this relative margin from every class's tau_k, and keep one class
   * live; 0 keeps every instance (mutation pools).
   */
  readonly margin: number;
  /** A bias (penalised, lambdaB = 0.01) on every instance. @defaultValue false */
  readonly bias?: boolean;
  /** Also crowd N lambdaZ within 3% of the drawn class's tau_k. @defaultValue false */
  readonly nearThreshold?: boolean;
}

/** The dead threshold tau_k = sqrt((K-1) n_k / K) of class k, in N lambdaZ. */
function tauOf(n: readonly number[], k: number): number {
  return Math.sqrt(((n.length - 1) * n[k]) / n.length);
}

/** N lambdaZ = f tau_j for a random class j and f in [0.3, 1.6]; lambdaW / lambdaH in [0.3, 3]. */
export function reluUfmCe(profile: fc.Arbitrary<ImbalanceProfile>, c: ReluInstanceConstraints): fc.Arbitrary<UfmCeInstance> {
  const f = c.nearThreshold ? fc.oneof(logUniform(0.3, 1.6), logUniform(0.97, 1.03)) : logUniform(0.3, 1.6);
  return fc
    .tuple(profile, fc.integer({ min: 0, max: 3 }), f, fc.integer({ min: c.dOffset[0], max: c.dOffset[1] }), logUniform(0.3, 3), fc.constant(c.bias ?? false))
    .map(([p, j, f, off, ratio, bias]) => {
      const K = p.n.length;
      const N = p.n.reduce((a, b) => a + b, 0);
      const lambdaZ = (f * tauOf(p.n, j % K)) / N;
      const live = p.n.filter((_, k) => N * lambdaZ < tauOf(p.n, k)).length;
      const inst: UfmCeInstance = {
        problem: 'ufm-ce',
        K,
        n: [...p.n],
        d: Math.max(1, live + off),
        lambdaW: lambdaZ * Math.sqrt(ratio),
        lambdaH: lambdaZ / Math.sqrt(ratio),
        lambdaB: bias ? 0.01 : 0,
        bias,
        features: 'nonnegative',
      };
      return inst;
    })
    .filter((inst) => {
      if (c.margin === 0) return true;
      // At least one live class: W = H = 0 is flat to fourth order in G = sqrt(H), so no certificate decides there.
      if (inst.d < 1 || reluLiveClasses(inst) < 1) return false;
      const N = inst.n.reduce((a, b) => a + b, 0);
      const tau = N * Math.sqrt(inst.lambdaW * inst.lambdaH);
      return inst.n.every((_, k) => Math.abs(tau / tauOf(inst.n, k) - 1) > c.margin);
    });
}
