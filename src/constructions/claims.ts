/**
 * The decided checks of each construction, as the catalogue claims them (docs/catalogue.md, ebv2023 and
 * fedloge2024): one list per construction, each entry a measurement (packing-checks.ts,
 * sse-c-checks.ts) decided against its stated tolerance. `ncverify construct` prints them; a
 * `construction` claim of the catalogue can map them to verdicts (all ok: pass; any not ok: fail).
 */
import type { Measurement } from '../predicates/predicate.ts';
import { COSINE_ROUNDING, ORTHONORMAL_TOLERANCE, ATTAINMENT_TOLERANCE, checkOrthonormal, checkWelchChain } from './packing-checks.ts';
import {
  DENSE_ETF_TOLERANCE,
  SSE_C_ANGLE_GAP_TOLERANCE,
  SSE_C_NORM_TOLERANCE,
  checkDenseSimplexEtf,
  checkNearestAngleGap,
  checkRankinBound,
  checkRealignment,
  checkRowNorms,
  checkZeroPattern,
  nearestAngles,
} from './sse-c-checks.ts';
import type { SseCResult } from './sse-c.ts';
import type { VectorSetMeasurement } from './vector-set.ts';

/** One decided check of a construction. */
export interface ConstructionCheck {
  readonly name: string;
  /** The claim, as in docs/catalogue.md. */
  readonly claim: string;
  readonly deviation: number;
  readonly kind: Measurement['kind'];
  readonly tolerance: number;
  readonly ok: boolean;
  readonly detail?: string;
}

/** A measurement decided against a tolerance (a non-finite deviation never passes). */
export function decideCheck(name: string, claim: string, m: Measurement, tolerance: number): ConstructionCheck {
  return { name, claim, deviation: m.deviation, kind: m.kind, tolerance, ok: Number.isFinite(m.deviation) && m.deviation <= tolerance, detail: m.detail };
}

/**
 * The ebv2023 checks of a measured set: for N > d the Welch chain (and the orthoplex bound where
 * it applies), for any set; for N <= d, exact orthonormality, claimed of the `best` construction
 * only (a file or the official method is measured, not held to it).
 *
 * Syntax: ebvClaimChecks(measureVectorSet(V), 'best') -> [{ name: 'welch-chain', ok: true, ... }]
 */
export function ebvClaimChecks(m: VectorSetMeasurement, source: 'official' | 'best' | 'file'): ConstructionCheck[] {
  const checks: ConstructionCheck[] = [];
  if (m.N > m.d) {
    checks.push(decideCheck('welch-chain', 'max|cos| >= RMS cos >= sqrt((N-d)/(d(N-1))) for N > d', checkWelchChain(m), COSINE_ROUNDING));
    if (m.bound.name === 'orthoplex') {
      checks.push(
        decideCheck(
          'orthoplex',
          'max|cos| >= 1/sqrt(d) for N > d(d+1)/2',
          {
            deviation: Math.max(0, m.bound.bound - m.maxAbsCos) / m.bound.bound,
            kind: 'relative',
            detail: `max|cos| ${m.maxAbsCos} vs 1/sqrt(d) ${m.bound.bound}`,
            sensitivity: 0,
          },
          COSINE_ROUNDING,
        ),
      );
    }
  } else if (source === 'best') {
    checks.push(decideCheck('orthonormal', 'N <= d: an exactly orthonormal set (max |V V^T - I| <= 1e-12)', checkOrthonormal(m), ORTHONORMAL_TOLERANCE));
  }
  return checks;
}

/**
 * The fedloge2024 checks of an SSE-C build: dense ETF exact, zero count, zeros stay zero, class
 * norms and nearest angles within the stated tolerances, Rankin's bound, GLA-FR.
 *
 * Syntax: sseCClaimChecks(sseC({ K: 10, d: 32 })) -> 7 checks
 */
export function sseCClaimChecks(r: SseCResult): ConstructionCheck[] {
  const stats = nearestAngles(r.refined);
  return [
    decideCheck('dense-etf', 'M = sqrt(K/(K-1)) P C is an exact simplex ETF (up to scale)', checkDenseSimplexEtf(r.dense), DENSE_ETF_TOLERANCE),
    decideCheck('zero-count', `exactly floor(sparsity d K) = ${r.zeroCount} zeros after sparsifying`, checkZeroPattern(r.sparse, r.zeroMask, r.zeroCount), 0),
    decideCheck(
      'zeros-stay-zero',
      'the refinement keeps every zero at zero and moves no other entry to zero',
      checkZeroPattern(r.refined, r.zeroMask, r.zeroCount),
      0,
    ),
    decideCheck(
      'column-norms',
      `class norms within ${SSE_C_NORM_TOLERANCE * 100}% of ${r.normTarget}`,
      checkRowNorms(r.refined, r.normTarget),
      SSE_C_NORM_TOLERANCE,
    ),
    decideCheck(
      'nearest-angle-gap',
      `mean nearest angle within ${SSE_C_ANGLE_GAP_TOLERANCE} deg of arccos(-1/(K-1))`,
      checkNearestAngleGap(stats, SSE_C_ANGLE_GAP_TOLERANCE),
      SSE_C_ANGLE_GAP_TOLERANCE,
    ),
    decideCheck('rankin', 'smallest angle <= arccos(-1/(K-1)) (Rankin)', checkRankinBound(stats), ATTAINMENT_TOLERANCE),
    decideCheck('gla-fr', `GLA-FR rows gamma w_k/||w_k||, gamma = ${r.gamma}`, checkRealignment(r.refined, r.realigned, r.gamma), DENSE_ETF_TOLERANCE),
  ];
}
