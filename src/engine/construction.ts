/**
 * Construction claims: an algorithm's output with claimed properties (EBV's nearly equiangular
 * vectors against the packing bounds, FedLoGe's sparse ETF classifier), checked on random
 * parameters. There is no optimisation problem to certify: the algorithm is run, every claimed
 * property is measured on its output in float64, and each check has an explicit tolerance
 * derived from the arithmetic (orthonormality to 1e-12, a bound met to rounding, ...).
 *
 * Verdicts are the engine's four: `pass` (every check within its tolerance), `fail` (a check
 * violated: the output lacks a claimed property, shown by the parameters and the numbers),
 * `inconclusive` (the algorithm did not reach its own stopping rule, or a measurement could not
 * be compared), `skipped` (the parameters are outside the claim's assumptions). Results take the
 * shape of a theorem's (ClaimResult, InstanceResult with no certificate), so every report format
 * renders them, and planted wrong variants (a wrong bound, a property the output does not have)
 * must be rejected like any claim's.
 */
import fc, { type Arbitrary } from 'fast-check';
import { InputError, describe, isList } from '../errors.ts';
import { decide, type Measurement } from '../predicates/predicate.ts';
import { deriveSeed } from '../random.ts';
import { validateClaimInfo, type ClaimInfo } from './claim.ts';
import { validateClauses } from './clauses.ts';
import type { MutateResult, VariantResult, VariantVerdict } from './mutate.ts';
import { countVerdicts, worstOf, type CheckRecord, type ClaimResult, type InstanceResult } from './verdict.ts';

export interface ConstructionCheck<P, R> {
  readonly name: string;
  /** The claimed property, in the catalogue's notation. */
  readonly claim: string;
  when?(parameters: P): boolean;
  measure(result: R, parameters: P): Measurement;
  /** The largest deviation that still counts as the property holding (from the precision of the arithmetic). */
  tolerance(parameters: P, result: R): number;
}

/** A deliberately wrong version: some checks replaced (a wrong bound, a property claimed that the output lacks). */
export interface ConstructionVariant<P, R> {
  readonly name: string;
  readonly description: string;
  /** Checks replacing the claim's checks of the same name, or added. */
  readonly checks: readonly ConstructionCheck<P, R>[];
}

/** What building reports: the output, or why it could not be built (an inconclusive, not a fail). */
export type Built<R> = { readonly result: R } | { readonly failed: string };

export interface ConstructionSpec<P, R> extends ClaimInfo {
  readonly kind: 'construction';
  /** Random parameters of the algorithm (sizes, seed, options), including their edges. */
  readonly parameters: Arbitrary<P>;
  /** Why these parameters are outside the claim's assumptions (then `skipped`), or null. */
  outside(parameters: P): string | null;
  describe(parameters: P): string;
  build(parameters: P): Built<R>;
  readonly checks: readonly ConstructionCheck<P, R>[];
  readonly variants: readonly ConstructionVariant<P, R>[];
}

export type Construction = ConstructionSpec<unknown, unknown>;

export function defineConstruction<P, R>(spec: ConstructionSpec<P, R>): ConstructionSpec<P, R> {
  const where = `defineConstruction(${JSON.stringify(spec?.id)})`;
  if (spec === null || typeof spec !== 'object') throw new InputError('defineConstruction', `expected a claim object, got ${describe(spec)}`);
  validateClaimInfo(spec, where);
  if (spec.kind !== 'construction') throw new InputError(`${where}.kind`, `must be "construction", got ${JSON.stringify(spec.kind)}`);
  for (const fn of ['outside', 'describe', 'build'] as const) {
    if (typeof spec[fn] !== 'function') throw new InputError(`${where}.${fn}`, 'must be a function');
  }
  if (!spec.parameters || typeof (spec.parameters as { generate?: unknown }).generate !== 'function') {
    throw new InputError(`${where}.parameters`, 'must be a fast-check arbitrary of parameters');
  }
  const validateChecks = (checks: unknown, at: string): void => {
    if (!isList(checks)) throw new InputError(at, 'must be a list of checks');
    const names = new Set<string>();
    checks.forEach((c, i) => {
      const ck = c as Partial<ConstructionCheck<P, R>> | null;
      if (!ck || typeof ck.name !== 'string' || ck.name.trim() === '') throw new InputError(`${at}[${i}].name`, 'must be a non-empty string');
      if (names.has(ck.name)) throw new InputError(`${at}[${i}].name`, `"${ck.name}" is used by two checks`);
      names.add(ck.name);
      if (typeof ck.measure !== 'function' || typeof ck.tolerance !== 'function') throw new InputError(`${at}[${i}]`, 'needs measure and tolerance functions');
    });
  };
  validateChecks(spec.checks, `${where}.checks`);
  if (spec.checks.length === 0) throw new InputError(`${where}.checks`, 'must list at least one check');
  validateClauses(spec.clauses, where, new Set(spec.checks.map((c) => c.name)));
  if (!isList(spec.variants) || spec.variants.length === 0) throw new InputError(`${where}.variants`, 'must list at least one planted wrong variant');
  spec.variants.forEach((v, i) => {
    if (!v || typeof v.name !== 'string' || v.name.trim() === '') throw new InputError(`${where}.variants[${i}].name`, 'must be a non-empty string');
    validateChecks(v.checks, `${where}.variants[${i}].checks`);
  });
  return Object.freeze({ ...spec });
}

/** One set of parameters: build, measure every check, decide. */
export function checkConstructionInstance<P, R>(spec: ConstructionSpec<P, R>, parameters: P, index: number): InstanceResult {
  const t0 = performance.now();
  const summary = spec.describe(parameters);
  const checks: CheckRecord[] = [];
  const base = (reason: string) => ({
    index,
    instance: parameters,
    summary,
    reason,
    predictions: {},
    checks,
    worst: worstOf(checks),
    starts: [],
    seconds: (performance.now() - t0) / 1000,
  });
  const outside = spec.outside(parameters);
  if (outside !== null) return { ...base(`outside the assumptions: ${outside}`), verdict: 'skipped', certificate: null };
  const built = spec.build(parameters);
  if ('failed' in built) return { ...base(`the construction did not finish: ${built.failed}`), verdict: 'inconclusive', certificate: null };
  const undecided: string[] = [];
  for (const c of spec.checks) {
    if (c.when && !c.when(parameters)) continue;
    const m = c.measure(built.result, parameters);
    const tol = c.tolerance(parameters, built.result);
    const rec: CheckRecord = { name: c.name, claim: c.claim, start: null, ...decide(m, tol) };
    checks.push(rec);
    if (!Number.isFinite(m.deviation) || m.deviation < 0) {
      undecided.push(`${c.name} (deviation ${m.deviation})`);
      continue;
    }
    if (!rec.ok) {
      return {
        ...base(`${c.name} violated: ${rec.detail ?? ''} = ${rec.deviation} > ${rec.tolerance}`),
        verdict: 'fail',
        certificate: null,
        counterexample: { kind: 'structure', message: `${c.name}: ${c.claim} violated by ${rec.deviation}` },
      };
    }
  }
  if (undecided.length > 0) return { ...base(`measurements that cannot be compared: ${undecided.join(', ')}`), verdict: 'inconclusive', certificate: null };
  return { ...base('every claimed property holds within its tolerance'), verdict: 'pass', certificate: null };
}

export function sampleParameters<P, R>(spec: ConstructionSpec<P, R>, count: number, seed: number): P[] {
  return count > 0 ? fc.sample(spec.parameters, { seed, numRuns: count }) : [];
}

/** A construction claim on `instances` random parameter sets (the same ones for a seed). */
export function checkConstruction<P, R>(
  spec: ConstructionSpec<P, R>,
  options: {
    instances: number;
    seed: number;
    onResult?: (r: InstanceResult) => void;
    only?: (index: number) => boolean;
  },
): ClaimResult {
  const t0 = performance.now();
  const results: InstanceResult[] = [];
  sampleParameters(spec, options.instances, options.seed).forEach((p, i) => {
    if (options.only && !options.only(i)) return;
    const r = checkConstructionInstance(spec, p, i);
    options.onResult?.(r);
    results.push(r);
  });
  const largest: Record<string, { deviation: number; tolerance: number }> = {};
  for (const r of results)
    for (const c of r.checks)
      if (!largest[c.name] || c.deviation > largest[c.name].deviation) largest[c.name] = { deviation: c.deviation, tolerance: c.tolerance };
  return {
    claim: spec.id,
    paper: spec.paper,
    section: spec.section,
    statement: spec.statement,
    kind: spec.kind,
    status: spec.status ?? 'theorem',
    seed: options.seed,
    results,
    summary: countVerdicts(results),
    largestDeviation: largest,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Each planted wrong variant on fresh parameters until one fails (at most `instancesPerVariant`). */
export function runConstructionVariants<P, R>(spec: ConstructionSpec<P, R>, options: { seed: number; instancesPerVariant?: number }): MutateResult {
  const variants: VariantResult[] = spec.variants.map((v, j) => {
    const t0 = performance.now();
    const replaced = new Set(v.checks.map((c) => c.name));
    const variant: ConstructionSpec<P, R> = { ...spec, checks: [...spec.checks.filter((c) => !replaced.has(c.name)), ...v.checks] };
    const verdicts: VariantVerdict[] = [];
    let rejectedBy: InstanceResult | undefined;
    for (const [i, p] of sampleParameters(spec, options.instancesPerVariant ?? 6, deriveSeed(options.seed, j)).entries()) {
      const r = checkConstructionInstance(variant, p, i);
      verdicts.push(r.verdict);
      if (r.verdict === 'fail') {
        rejectedBy = r;
        break;
      }
    }
    return {
      name: v.name,
      description: v.description,
      rejected: !!rejectedBy,
      reason: rejectedBy ? rejectedBy.reason : `no fail on ${verdicts.length} parameter sets (verdicts: ${verdicts.join(', ')})`,
      instancesTried: verdicts.length,
      instance: rejectedBy?.instance,
      verdicts,
      seconds: (performance.now() - t0) / 1000,
    };
  });
  return { claim: spec.id, seed: options.seed, variants, rejected: variants.filter((r) => r.rejected).length, total: variants.length };
}
