/**
 * Studies along a parameter, declared like theorems and kept in the same catalogue:
 *
 * - `threshold`: "property P holds iff the parameter crosses t*" (threshold.ts bisects on
 *   certified solutions for the switch point);
 * - `asymptotic`: "the deviation from X vanishes along a sequence at rate r" (asymptotic.ts
 *   fits the rate along certified solutions).
 *
 * A study has the citation fields of every claim, names the theorem it studies (`of`) when
 * there is one, and carries planted wrong variants: a wrong switch point or a wrong limit,
 * which the harness must report as a disagreement (studies.ts).
 */
import { InputError, describe, isList } from '../errors.ts';
import type { AsymptoticPoint, AsymptoticSweep } from './asymptotic.ts';
import { validateClaimInfo, type ClaimInfo } from './claim.ts';
import { validateClauses } from './clauses.ts';
import type { ThresholdSweep } from './threshold.ts';

interface StudyInfo extends ClaimInfo {
  /** The theorem this study is about, when there is one (e.g. "hongling2024.cor4"). */
  readonly of?: string;
}

/** A threshold study's planted wrong variant: the switch put somewhere else. */
export interface ThresholdVariant<C> {
  readonly name: string;
  readonly description: string;
  predicted(c: C): number;
}

/** An asymptotic study's planted wrong variant: a wrong limit, or a wrong way of approaching it. */
export interface AsymptoticVariant<C> {
  readonly name: string;
  readonly description: string;
  evaluate(c: C, t: number): AsymptoticPoint;
}

export interface ThresholdStudySpec<C> extends StudyInfo, ThresholdSweep<C> {
  readonly kind: 'threshold';
  readonly variants: readonly ThresholdVariant<C>[];
}

export interface AsymptoticStudySpec<C> extends StudyInfo, AsymptoticSweep<C> {
  readonly kind: 'asymptotic';
  readonly variants: readonly AsymptoticVariant<C>[];
}

/** Studies as the catalogue stores them, configuration types erased. */
export type ThresholdStudy = ThresholdStudySpec<unknown>;
export type AsymptoticStudy = AsymptoticStudySpec<unknown>;
export type Study = ThresholdStudy | AsymptoticStudy;

/** Validates a study (citation fields, configurations, functions, at least one planted variant) and freezes it. */
export function defineStudy<C>(spec: ThresholdStudySpec<C>): ThresholdStudySpec<C>;
export function defineStudy<C>(spec: AsymptoticStudySpec<C>): AsymptoticStudySpec<C>;
export function defineStudy<C>(spec: ThresholdStudySpec<C> | AsymptoticStudySpec<C>): ThresholdStudySpec<C> | AsymptoticStudySpec<C> {
  const where = `defineStudy(${JSON.stringify(spec?.id)})`;
  if (spec === null || typeof spec !== 'object') throw new InputError('defineStudy', `expected a study object, got ${describe(spec)}`);
  validateClaimInfo(spec, where);
  if (spec.kind !== 'threshold' && spec.kind !== 'asymptotic') {
    throw new InputError(
      `${where}.kind`,
      `must be "threshold" or "asymptotic" (theorems use defineTheorem), got ${JSON.stringify((spec as { kind: unknown }).kind)}`,
    );
  }
  if (spec.of !== undefined && (typeof spec.of !== 'string' || spec.of === spec.id))
    throw new InputError(`${where}.of`, 'must name another claim id when given');
  if (typeof spec.parameter !== 'string' || spec.parameter.trim() === '') throw new InputError(`${where}.parameter`, 'must be a non-empty string');
  if (!isList(spec.configurations) || spec.configurations.length === 0) throw new InputError(`${where}.configurations`, 'must list at least one configuration');
  const fns = spec.kind === 'threshold' ? (['describe', 'predicted', 'bracket', 'probe'] as const) : (['describe', 'sequence', 'evaluate'] as const);
  for (const fn of fns) {
    if (typeof (spec as unknown as Record<string, unknown>)[fn] !== 'function') throw new InputError(`${where}.${fn}`, 'must be a function');
  }
  if (spec.kind === 'threshold' && (typeof spec.property !== 'string' || spec.property.trim() === ''))
    throw new InputError(`${where}.property`, 'must be a non-empty string');
  if (spec.kind === 'asymptotic') {
    if (!(typeof spec.claimedExponent === 'number' && spec.claimedExponent > 0)) throw new InputError(`${where}.claimedExponent`, 'must be a positive number');
    for (const field of ['rate', 'deviation'] as const) {
      if (typeof spec[field] !== 'string' || spec[field].trim() === '') throw new InputError(`${where}.${field}`, 'must be a non-empty string');
    }
  }
  if (!isList(spec.variants) || spec.variants.length === 0) {
    throw new InputError(
      `${where}.variants`,
      'must list at least one planted wrong variant (a wrong switch point or a wrong limit) that the study must reject',
    );
  }
  // A study's clauses are checked by studies (itself included) and claims, all named by id.
  validateClauses(spec.clauses, where, new Set());
  for (const [i, v] of spec.variants.entries()) {
    if (!v || typeof v.name !== 'string' || v.name.trim() === '') throw new InputError(`${where}.variants[${i}].name`, 'must be a non-empty string');
    const fn = spec.kind === 'threshold' ? 'predicted' : 'evaluate';
    if (typeof (v as unknown as Record<string, unknown>)[fn] !== 'function') throw new InputError(`${where}.variants[${i}].${fn}`, 'must be a function');
  }
  return Object.freeze({ ...spec });
}
