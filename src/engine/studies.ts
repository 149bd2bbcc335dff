/**
 * Running a study (study.ts) as part of a run: each becomes a serialisable result with a
 * verdict, so `ncverify run` can put it into the report next to the theorems and fail the run
 * when a study disagrees; and its planted wrong variants, each of which must be rejected.
 */
import { checkAsymptotic, type AsymptoticRow } from './asymptotic.ts';
import type { ClauseRecord } from './clauses.ts';
import { thresholdPhaseSeries, type PhaseSeries } from './phase.ts';
import type { AsymptoticVariant, Study, ThresholdVariant } from './study.ts';
import { runThresholdStudy, type ThresholdRow } from './threshold.ts';

export interface StudyResult {
  /** The study's id. */
  readonly claim: string;
  readonly kind: 'threshold' | 'asymptotic';
  /** The theorem the study is about, when it names one. */
  readonly of?: string;
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
  /** The study's clauses with their status (added by a run's report, src/engine/clauses.ts). */
  readonly clauses?: readonly ClauseRecord[];
  readonly seconds: number;
}

export interface StudyVariantResult {
  readonly name: string;
  readonly description: string;
  /** Whether the study, run with the variant's prediction, disagreed (fail) as it must. */
  readonly rejected: boolean;
  readonly verdict: StudyResult['verdict'];
  readonly reason: string;
}

/** Runs one study; deterministic (bisection and sequences use no randomness of the run's seed). */
export function runStudy(study: Study, options: { relTol?: number } = {}): StudyResult {
  const t0 = performance.now();
  const of = study.of !== undefined ? { of: study.of } : {};
  if (study.kind === 'threshold') {
    const rows = runThresholdStudy(study, { relTol: options.relTol ?? 1e-6 });
    return {
      claim: study.id,
      kind: 'threshold',
      ...of,
      parameter: study.parameter,
      statement: `${study.property} iff ${study.parameter} > t*`,
      verdict: rows.every((r) => r.outcome === 'agree') ? 'pass' : 'fail',
      threshold: rows,
      phase: thresholdPhaseSeries({ claim: study.id, parameter: study.parameter, property: study.property }, rows),
      seconds: (performance.now() - t0) / 1000,
    };
  }
  const rows = study.configurations.map((c) => checkAsymptotic(study, c));
  return {
    claim: study.id,
    kind: 'asymptotic',
    ...of,
    parameter: study.parameter,
    statement: `${study.deviation} -> 0 along ${study.parameter}, claimed O((${study.rate})^${study.claimedExponent})`,
    verdict: asymptoticVerdict(rows),
    asymptotic: rows,
    seconds: (performance.now() - t0) / 1000,
  };
}

function asymptoticVerdict(rows: readonly AsymptoticRow[]): StudyResult['verdict'] {
  return rows.some((r) => r.verdict === 'fail') ? 'fail' : rows.some((r) => r.verdict === 'inconclusive') ? 'inconclusive' : 'pass';
}

/**
 * Each planted wrong variant, run over the study's configurations until one disagrees. A
 * threshold variant moves the predicted switch (bisection at a coarser resolution suffices to
 * see it is off); an asymptotic variant replaces the deviation's limit.
 */
export function runStudyVariants(study: Study): StudyVariantResult[] {
  return study.variants.map((v) => {
    if (study.kind === 'threshold') {
      const variant = { ...study, predicted: (c: unknown) => (v as ThresholdVariant<unknown>).predicted(c) };
      for (const c of study.configurations) {
        const [row] = runThresholdStudy({ ...variant, configurations: [c] }, { relTol: 1e-4 });
        if (row.outcome !== 'agree')
          return { name: v.name, description: v.description, rejected: true, verdict: 'fail', reason: `${row.configuration}: ${row.detail}` };
      }
      return {
        name: v.name,
        description: v.description,
        rejected: false,
        verdict: 'pass',
        reason: `every configuration agreed with the variant's switch point`,
      };
    }
    const variant = { ...study, evaluate: (c: unknown, t: number) => (v as AsymptoticVariant<unknown>).evaluate(c, t) };
    for (const c of study.configurations) {
      const row = checkAsymptotic(variant, c);
      if (row.verdict === 'fail')
        return { name: v.name, description: v.description, rejected: true, verdict: 'fail', reason: `${row.configuration}: ${row.detail}` };
    }
    return { name: v.name, description: v.description, rejected: false, verdict: 'pass', reason: "every sequence shrank towards the variant's limit" };
  });
}
