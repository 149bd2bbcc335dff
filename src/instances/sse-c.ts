/**
 * fast-check arbitraries for the parameters of the fedloge2024 SSE-C claims: K classes, feature
 * dimension d >= K, the fraction of entries zeroed, a seed.
 *
 * A random zero pattern empties a class with probability about K sparsity^d (the construction
 * then cannot refine it: an inconclusive), so the exact-property parameters keep d >= 12 with
 * sparsity <= 0.6, and the K = d edge at K in [6, 10] with sparsity <= 0.4.
 */
import fc from 'fast-check';
import { uniform } from './ufm-ce.ts';

export interface SseCParameters {
  readonly K: number;
  readonly d: number;
  readonly sparsity: number;
  readonly seed: number;
}

const seed = fc.integer({ min: 0, max: 1e6 });

/** A sparsity in [0, max], with the edges 0 (the dense ETF refined) and max weighted up. */
const sparsityUpTo = (max: number) => fc.oneof(fc.constant(0), fc.constant(max), uniform(0, max));

/**
 * Any K <= d: K in [2, 8] with d in [max(K + 1, 12), 32] and sparsity in [0, 0.6], or the edge
 * K = d in [6, 10] with sparsity in [0, 0.4]. Each builds in ~0.1-0.2 s (10000 Adam steps).
 *
 * Syntax: sseCParameters() -> Arbitrary<SseCParameters>
 */
export function sseCParameters(): fc.Arbitrary<SseCParameters> {
  const general = fc.integer({ min: 2, max: 8 }).chain((K) =>
    fc.record({
      K: fc.constant(K),
      d: fc.integer({ min: Math.max(K + 1, 12), max: 32 }),
      sparsity: sparsityUpTo(0.6),
      seed,
    }),
  );
  const square = fc.integer({ min: 6, max: 10 }).chain((K) => fc.record({ K: fc.constant(K), d: fc.constant(K), sparsity: sparsityUpTo(0.4), seed }));
  return fc.oneof({ weight: 3, arbitrary: general }, { weight: 1, arbitrary: square });
}

/**
 * The regime of the authors' settings (K = 10 or 100 classes, d = 512, sparsity 0.6), scaled
 * down: K in [10, 12], d in [4K, 5K], sparsity in [0.3, 0.6] with 0.6 weighted up. Each builds
 * in ~0.3-0.6 s.
 *
 * Syntax: sseCAuthorsRegime() -> Arbitrary<SseCParameters>
 */
export function sseCAuthorsRegime(): fc.Arbitrary<SseCParameters> {
  return fc.integer({ min: 10, max: 12 }).chain((K) =>
    fc.record({
      K: fc.constant(K),
      d: fc.integer({ min: 4 * K, max: 5 * K }),
      sparsity: fc.oneof(fc.constant(0.6), uniform(0.3, 0.6)),
      seed,
    }),
  );
}
