/**
 * fast-check arbitraries for ufm-mixup instances (docs/catalogue.md, fisher2024mixup), with the edges
 * of the claims: K = 2 (w_j = -w_i, the span is a line), d = K - 1 (the ETF fills R^d) and
 * above, lam in {0, 1/2, 1} next to random weights, the same pair mixed at several lam.
 *
 * Regularisation: lambdaH in [1e-3, 0.1] and s in [0.5, 2] for the fixed classifier (features
 * from ~0.1 to ~10, logit gaps well above rounding); lambdaW, lambdaH in [2e-3, 2e-2] for the
 * learnable one, below its zero threshold (W = 0 optimal) at every K here.
 */
import fc from 'fast-check';
import type { Mix, UfmMixupFixedInstance, UfmMixupLearnableInstance } from '../problems/ufm-mixup/instance.ts';
import { allPairsMixes, balancedMixes } from '../problems/ufm-mixup/instance.ts';
import { logUniform, uniform, unitInterval } from './ufm-ce.ts';

/**
 * Which mixes an instance carries:
 * - `same-class`: i = j only, each class mixed at two or three lam (an edge 0, 1/2 or 1 among them);
 * - `cross-class`: i != j, random pairs, lam random or an edge, one pair repeated at two lam;
 * - `boundary`: i != j, at least one at lam = 1/2 and the others at |lam - 1/2| >= 0.1;
 * - `any`: same-class and cross-class mixes together;
 * - `same-or-any`: either `same-class` or `any` instances (a pool for planted variants that
 *   widen a same-class claim to cross-class mixes).
 */
export type MixupMixes = 'same-class' | 'cross-class' | 'boundary' | 'any' | 'same-or-any';

export interface FixedMixupConstraints {
  readonly mixes: MixupMixes;
  /** @defaultValue 2 */
  readonly minK?: number;
  /** @defaultValue 5 */
  readonly maxK?: number;
}

/** lam: an edge (0, 1/2, 1) or uniform in [0, 1]. */
const lamValue = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 0.5, 1) }, { weight: 2, arbitrary: unitInterval() });

/** lam off the decision boundary: in [0, 0.4] or [0.6, 1]. */
const offBoundaryLam = fc.oneof(uniform(0, 0.4), uniform(0.6, 1));

/** Two distinct classes of K (K >= 2), as a cross-class pair. */
const crossPair = (K: number) => fc.tuple(fc.integer({ min: 0, max: K - 1 }), fc.integer({ min: 1, max: K - 1 })).map(([i, t]) => [i, (i + t) % K] as const);

function sameClassMixes(K: number): fc.Arbitrary<Mix[]> {
  const perClass = fc.tuple(fc.constantFrom(0, 0.5, 1), fc.array(lamValue, { minLength: 1, maxLength: 2 }));
  return fc
    .uniqueArray(fc.integer({ min: 0, max: K - 1 }), { minLength: 1, maxLength: Math.min(K, 2) })
    .chain((classes) =>
      fc.tuple(...classes.map(() => perClass)).map((lams) => classes.flatMap((i, c) => [lams[c][0], ...lams[c][1]].map((lam) => ({ i, j: i, lam })))),
    );
}

function crossClassMixes(K: number): fc.Arbitrary<Mix[]> {
  const one = fc.tuple(crossPair(K), lamValue).map(([[i, j], lam]) => ({ i, j, lam }));
  // One pair at two weights, so that a claim of lam-independence has something to compare.
  const repeated = fc.tuple(crossPair(K), lamValue, offBoundaryLam).map(([[i, j], a, b]) => [
    { i, j, lam: a },
    { i, j, lam: b },
  ]);
  return fc.tuple(repeated, fc.array(one, { minLength: 0, maxLength: 3 })).map(([r, rest]) => [...r, ...rest]);
}

function boundaryMixes(K: number): fc.Arbitrary<Mix[]> {
  const at = (lam: fc.Arbitrary<number>) => fc.tuple(crossPair(K), lam).map(([[i, j], l]) => ({ i, j, lam: l }));
  return fc
    .tuple(fc.array(at(fc.constant(0.5)), { minLength: 1, maxLength: 2 }), fc.array(at(offBoundaryLam), { minLength: 1, maxLength: 3 }))
    .map(([on, off]) => [...on, ...off]);
}

function mixesOf(kind: MixupMixes, K: number): fc.Arbitrary<Mix[]> {
  switch (kind) {
    case 'same-class':
      return sameClassMixes(K);
    case 'cross-class':
      return crossClassMixes(K);
    case 'boundary':
      return boundaryMixes(K);
    case 'any':
      return fc.tuple(sameClassMixes(K), crossClassMixes(K)).map(([a, b]) => [...a, ...b]);
    case 'same-or-any':
      return fc.oneof(mixesOf('same-class', K), mixesOf('any', K));
  }
}

/**
 * Fixed simplex-ETF classifier instances: K in [minK, maxK] (K = 2 weighted up), d in
 * [K - 1, K + 1] (d >= 1).
 *
 * Syntax: fixedMixupInstances({ mixes: 'boundary' }) -> Arbitrary<UfmMixupFixedInstance>
 */
export function fixedMixupInstances(c: FixedMixupConstraints): fc.Arbitrary<UfmMixupFixedInstance> {
  const minK = c.minK ?? 2;
  const maxK = c.maxK ?? 5;
  const K = fc.oneof({ weight: 1, arbitrary: fc.constant(minK) }, { weight: 3, arbitrary: fc.integer({ min: minK, max: maxK }) });
  return K.chain((k) =>
    fc.record({
      K: fc.constant(k),
      d: fc.integer({ min: Math.max(1, k - 1), max: k + 1 }),
      s: logUniform(0.5, 2),
      lambdaH: logUniform(1e-3, 0.1),
      mixes: mixesOf(c.mixes, k),
    }),
  ).map((r) => ({ problem: 'ufm-mixup' as const, classifier: 'fixed-etf' as const, ...r }));
}

export interface LearnableMixupConstraints {
  /**
   * `all-pairs`: every ordered pair once per lam (one or two lam), the class-symmetric mixing
   * set; `batch`: the mixup batch of a balanced set (n in 1..3 per class, one random partner
   * each, fixed lam); `both`: either, the batches then with K >= 3 and n >= 2 (observed: the
   * optimum of every K = 2 batch is an ETF, and of 3 in 8 batches with n = 1 and 2 in 16 with
   * n = 2, 3 at K = 3, 4).
   */
  readonly mixes: 'all-pairs' | 'batch' | 'both';
  /** @defaultValue 4 */
  readonly maxK?: number;
}

/**
 * Learnable-classifier instances: K in [2, maxK], d in [K - 1, K].
 *
 * Syntax: learnableMixupInstances({ mixes: 'all-pairs' }) -> Arbitrary<UfmMixupLearnableInstance>
 */
export function learnableMixupInstances(c: LearnableMixupConstraints): fc.Arbitrary<UfmMixupLearnableInstance> {
  const lam = uniform(0.55, 0.9);
  const allPairs = (K: number) => fc.uniqueArray(lam, { minLength: 1, maxLength: 2 }).map((lams) => allPairsMixes(K, lams));
  const batch = (K: number, minN: number) =>
    fc.record({ n: fc.integer({ min: minN, max: 3 }), seed: fc.integer({ min: 0, max: 1e6 }), lam }).map((b) => balancedMixes(K, b.n, b.seed, b.lam));
  const mixes = (K: number) =>
    c.mixes === 'all-pairs' ? allPairs(K) : c.mixes === 'batch' ? batch(K, 1) : K >= 3 ? fc.oneof(allPairs(K), batch(K, 2)) : allPairs(K);
  return fc
    .integer({ min: 2, max: c.maxK ?? 4 })
    .chain((K) =>
      fc.record({
        K: fc.constant(K),
        d: fc.integer({ min: Math.max(1, K - 1), max: K }),
        lambdaW: logUniform(2e-3, 2e-2),
        lambdaH: logUniform(2e-3, 2e-2),
        mixes: mixes(K),
      }),
    )
    .map((r) => ({ problem: 'ufm-mixup' as const, classifier: 'learnable' as const, ...r }));
}
