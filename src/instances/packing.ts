/**
 * fast-check arbitraries for the parameters of the ebv2023 construction claims: (N, d) with the
 * edges of the packing bounds (N = d + 1, where the simplex meets Welch; N = d(d+1)/2 + 1, the
 * first N where the orthoplex bound applies; N = d, the largest orthonormal set), a method and a
 * seed. Sizes stay small (N <= 40, d <= 8 above the dimension; d <= 40 within it) so that a claim's
 * parameter sets build in well under a second each.
 */
import fc from 'fast-check';
import type { EbvMethod } from '../constructions/ebv.ts';
import { uniform } from './ufm-ce.ts';

export interface PackingParameters {
  readonly N: number;
  readonly d: number;
  readonly seed: number;
}

export interface EbvParameters extends PackingParameters {
  readonly method: EbvMethod;
  /** official: alpha as a factor above the best lower bound (src/constructions/attempts.ts). */
  readonly alphaFactor: number;
}

const seed = fc.integer({ min: 0, max: 1e6 });

/** The first N above d(d+1)/2, where the orthoplex bound 1/sqrt(d) applies. */
export const orthoplexEdge = (d: number): number => (d * (d + 1)) / 2 + 1;

/**
 * N > d: d in [1, 8], N = d + 1, N = d(d+1)/2 + 1 (when <= 40) or uniform in [d + 2, 40]
 * (capped at d(d+1)/2 + 6); both methods (best 3 : 2 official), official at alpha 1.3 to 2
 * times the bound.
 *
 * Syntax: ebvAboveDimension() -> Arbitrary<EbvParameters>
 */
export function ebvAboveDimension(): fc.Arbitrary<EbvParameters> {
  // noBias: fast-check's small-value bias would make d = 1 (every set is +-1: max|cos| = 1) a third of the draws.
  return fc.noBias(fc.integer({ min: 1, max: 8 })).chain((d) => {
    const top = Math.min(40, orthoplexEdge(d) + 5);
    const N = fc.oneof(
      { weight: 2, arbitrary: fc.constant(d + 1) },
      { weight: 2, arbitrary: fc.constant(Math.min(40, orthoplexEdge(d))) },
      { weight: 3, arbitrary: fc.integer({ min: Math.min(d + 2, top), max: top }) },
    );
    return fc.record({
      N,
      d: fc.constant(d),
      seed,
      method: fc.oneof({ weight: 3, arbitrary: fc.constant<EbvMethod>('best') }, { weight: 2, arbitrary: fc.constant<EbvMethod>('official') }),
      alphaFactor: uniform(1.3, 2),
    });
  });
}

/**
 * N <= d: d in [1, 40], N = d (a quarter) or uniform in [1, d]; the best method (the claim is
 * about it).
 *
 * Syntax: ebvWithinDimension() -> Arbitrary<EbvParameters>
 */
export function ebvWithinDimension(): fc.Arbitrary<EbvParameters> {
  return fc.noBias(fc.integer({ min: 1, max: 40 })).chain((d) =>
    fc.record({
      N: fc.oneof({ weight: 1, arbitrary: fc.constant(d) }, { weight: 3, arbitrary: fc.noBias(fc.integer({ min: 1, max: d })) }),
      d: fc.constant(d),
      seed,
      method: fc.constant<EbvMethod>('best'),
      alphaFactor: fc.constant(1),
    }),
  );
}

/**
 * Simplex sizes: d in [1, 10], N in [2, d + 1] with N = d + 1 and N = d weighted up.
 *
 * Syntax: simplexSizes() -> Arbitrary<PackingParameters>
 */
export function simplexSizes(): fc.Arbitrary<PackingParameters> {
  return fc.integer({ min: 1, max: 10 }).chain((d) =>
    fc.record({
      N: fc.oneof(
        { weight: 2, arbitrary: fc.constant(d + 1) },
        { weight: 1, arbitrary: fc.constant(Math.max(2, d)) },
        { weight: 1, arbitrary: fc.integer({ min: 2, max: d + 1 }) },
      ),
      d: fc.constant(d),
      seed: fc.constant(0),
    }),
  );
}
