/**
 * Threshold and asymptotic studies as parts of a run: each study (src/engine/threshold.ts,
 * src/engine/asymptotic.ts) becomes a serialisable result with a verdict, so `ncverify run` can
 * put it into the report next to the claims and fail the run when a study disagrees.
 */
import { checkAsymptotic, type AsymptoticRow, type AsymptoticStudy } from './asymptotic.ts';
import { runThresholdStudy, type ThresholdRow, type ThresholdStudy } from './threshold.ts';
import { InputError } from '../errors.ts';
import { thresholdPhaseSeries, type PhaseSeries } from './phase.ts';
import { asymptoticStudies, thresholdStudies } from '../../theorems/index.ts';

export interface StudyResult {
  readonly claim: string;
  readonly kind: 'threshold' | 'asymptotic';
  /** The parameter that moves (e.g. "N lambdaZ"). */
  readonly parameter: string;
  /** What is studied, e.g. "minority classes collapse iff N lambdaZ > t*". */
  readonly statement: string;
  /**
   * - pass: every threshold configuration agrees / every sequence shrinks.
   * - fail: a switch point off the prediction or missing / a deviation that does not shrink.
   * - inconclusive: (asymptotic) a sequence that could not be certified.
   */
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  readonly threshold?: readonly ThresholdRow[];
  readonly asymptotic?: readonly AsymptoticRow[];
  /** Threshold studies: measured switch points against the predicted curve. */
  readonly phase?: PhaseSeries;
  readonly seconds: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const thresholds = thresholdStudies as readonly ThresholdStudy<any>[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const sequences = asymptoticStudies as readonly AsymptoticStudy<any>[];

/** Ids of every study `runStudy` knows. */
export function studyIds(): string[] {
  return [...thresholds.map((s) => s.claim), ...sequences.map((s) => s.claim)];
}

/** Runs one study; deterministic (bisection and sequences use no randomness of the run's seed). */
export function runStudy(id: string, options: { relTol?: number } = {}): StudyResult {
  const t0 = performance.now();
  const th = thresholds.find((s) => s.claim === id);
  if (th) {
    const rows = runThresholdStudy(th, { relTol: options.relTol ?? 1e-6 });
    return {
      claim: id, kind: 'threshold', parameter: th.parameter, statement: `${th.property} iff ${th.parameter} > t*`,
      verdict: rows.every((r) => r.outcome === 'agree') ? 'pass' : 'fail',
      threshold: rows, phase: thresholdPhaseSeries(th, rows), seconds: (performance.now() - t0) / 1000,
    };
  }
  const as = sequences.find((s) => s.claim === id);
  if (as) {
    const rows = as.configurations.map((c) => checkAsymptotic(as, c));
    const verdict = rows.some((r) => r.verdict === 'fail') ? 'fail' : rows.some((r) => r.verdict === 'inconclusive') ? 'inconclusive' : 'pass';
    return {
      claim: id, kind: 'asymptotic', parameter: as.parameter,
      statement: `${as.deviation} -> 0 along ${as.parameter}, claimed O((${as.rate})^${as.claimedExponent})`,
      verdict, asymptotic: rows, seconds: (performance.now() - t0) / 1000,
    };
  }
  throw new InputError(`study "${id}"`, `unknown (known: ${studyIds().join(', ')})`);
}
