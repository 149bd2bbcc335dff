/**
 * Planted wrong variants (docs/design.md, "Verdicts must be able to fail"): every numeric constant of
 * every prediction perturbed by a few percent, plus the claim's own explicit variants (e.g. an
 * assumption weakened). For each, `mutate` picks the instances where the variant's predictions
 * differ most from the claim's (out of a broad candidate pool, no solving needed), checks the
 * variant on them, and reports it rejected when some instance gives `fail`.
 */
import fc from 'fast-check';
import { evaluateExpr, evaluateExprs, listConstants, perturbConstant, replaceConstant, type Scope } from '../symbolic/expr.ts';
import { checkInstance } from './check.ts';
import { deriveSeed } from '../random.ts';
import type { Theorem } from './theorem.ts';
import type { InstanceResult, Verdict } from './verdict.ts';
import { claimCall } from './measurement.ts';
import { expired, type TimeBudget } from './budget.ts';
import { parseAs } from '../problems/registry.ts';
import type { InstanceBase } from '../problems/problem.ts';

export interface Variant {
  readonly name: string;
  readonly description: string;
  readonly theorem: Theorem;
}

export interface VariantResult {
  readonly name: string;
  readonly description: string;
  readonly rejected: boolean;
  /** Why: the failing instance's reason, or why no instance rejected it. */
  readonly reason: string;
  readonly instancesTried: number;
  /** The instance that rejected it. */
  readonly instance?: unknown;
  /** The verdict on each instance tried, in order; `artefact` marks a fail that does not count (see artefactualFail). */
  readonly verdicts: VariantVerdict[];
  readonly seconds: number;
}

/** A variant's verdict on one instance: the check's verdict, or `artefact` for a fail that does not reject it. */
export type VariantVerdict = Verdict | 'artefact';

export interface MutateResult {
  readonly claim: string;
  readonly seed: number;
  readonly variants: readonly VariantResult[];
  readonly rejected: number;
  /** Variants decided (rejected or survived). */
  readonly total: number;
  /** Variants the time budget left undecided (absent when none). */
  readonly notRun?: readonly string[];
}

/** Relative size of a constant perturbation. */
export const PERTURBATION = 0.03;

export function plantedVariants(thm: Theorem): Variant[] {
  const out: Variant[] = [];
  for (const [name, src] of Object.entries(thm.predictions)) {
    for (const c of listConstants(src)) {
      // A zero constant is shifted instead of scaled (scaling would change nothing).
      const mutated = c.value === 0 ? replaceConstant(src, c.index, PERTURBATION) : perturbConstant(src, c.index, 1 + PERTURBATION);
      if (mutated === src) continue;
      out.push({
        name: `${name}: constant #${c.index} (${c.text}) ${c.value === 0 ? `-> ${PERTURBATION}` : `x ${1 + PERTURBATION}`}`,
        description: `${name} = ${mutated}`,
        theorem: { ...thm, predictions: { ...thm.predictions, [name]: mutated } },
      });
    }
  }
  for (const v of thm.variants ?? []) {
    out.push({
      name: v.name,
      description: v.description,
      theorem: {
        ...thm,
        assumptions: v.assumptions ?? thm.assumptions,
        predictions: { ...thm.predictions, ...(v.predictions ?? {}) },
      },
    });
  }
  return out;
}

export interface MutateOptions {
  seed: number;
  /** Candidate instances sampled per claim. @defaultValue 400 */
  candidates?: number;
  /** Discriminating instances solved per variant. @defaultValue 4 */
  instancesPerVariant?: number;
  onVariant?: (r: VariantResult) => void;
  /** Stop before the next variant or instance once this runs out (`--timeout`); the variants left are named in `notRun`. */
  budget?: TimeBudget;
}

/** One planted variant with the instances chosen to check it on (most discriminating first). */
export interface MutationJob {
  /** Position in plantedVariants(thm): how a worker thread rebuilds the variant. */
  readonly index: number;
  readonly variant: Variant;
  readonly ranked: readonly InstanceBase[];
}

/** The planted variants of `thm` with their discriminating instances (no solving: ranked by predictions). */
export function mutationJobs(thm: Theorem, options: MutateOptions): MutationJob[] {
  // Candidates go through the problem's parser like any instance (a user's generator included).
  const pool = fc
    .sample(thm.candidates ?? thm.instances, { seed: options.seed, numRuns: options.candidates ?? 400 })
    .map((inst, i) => parseAs(thm.problem, inst, `${thm.id}.candidates[${i}]`));
  const base = pool.map((inst) => baseline(thm, inst));
  return plantedVariants(thm).map((variant, index) => ({
    index,
    variant,
    ranked: rankDiscriminating(thm, variant.theorem, pool, base).slice(0, options.instancesPerVariant ?? 4),
  }));
}

/**
 * The state of one variant while its instances are checked in order: each result is folded in
 * until a fail that counts (artefactualFail). Shared by this thread's runMutations and the
 * worker-pool runner (src/parallel/mutate-parallel.ts), so both decide alike.
 */
export class VariantRun {
  private readonly t0 = performance.now();
  private readonly verdicts: VariantVerdict[] = [];
  private readonly artefacts: string[] = [];
  private rejectedBy: InstanceResult | undefined;

  constructor(
    private readonly thm: Theorem,
    readonly job: MutationJob,
  ) {}

  /** Folds in the result on ranked instance i; true when the variant is now rejected (stop). */
  add(i: number, r: InstanceResult): boolean {
    const artefact = r.verdict === 'fail' ? artefactualFail(this.thm, this.job.variant.theorem, this.job.ranked[i], r) : null;
    this.verdicts.push(artefact ? 'artefact' : r.verdict);
    if (artefact) this.artefacts.push(`instance ${i}: ${artefact}`);
    if (r.verdict === 'fail' && !artefact) this.rejectedBy = r;
    return this.rejectedBy !== undefined;
  }

  result(): VariantResult {
    const { variant: v, ranked } = this.job;
    const rejectedBy = this.rejectedBy;
    return {
      name: v.name,
      description: v.description,
      rejected: !!rejectedBy,
      reason: rejectedBy
        ? rejectedBy.reason
        : ranked.length === 0
          ? 'no sampled candidate instance distinguishes this variant from the claim'
          : `no fail on ${ranked.length} discriminating instances (verdicts: ${this.verdicts.join(', ')})${this.artefacts.length > 0 ? `; not counted: ${this.artefacts.join('; ')}` : ''}`,
      instancesTried: this.verdicts.length,
      instance: rejectedBy?.instance,
      verdicts: [...this.verdicts],
      seconds: (performance.now() - this.t0) / 1000,
    };
  }
}

/** The MutateResult of the variants decided (in plantedVariants order), naming those the budget left. */
export function mutateResult(thm: Theorem, seed: number, jobs: readonly MutationJob[], results: ReadonlyArray<VariantResult | null>): MutateResult {
  const done = results.filter((r): r is VariantResult => r !== null);
  const notRun = jobs.filter((_, k) => results[k] === null).map((j) => j.variant.name);
  return {
    claim: thm.id,
    seed,
    variants: done,
    rejected: done.filter((r) => r.rejected).length,
    total: done.length,
    ...(notRun.length > 0 ? { notRun } : {}),
  };
}

/** Runs every planted variant of `thm` in this thread (see the module comment). */
export function runMutations(thm: Theorem, options: MutateOptions): MutateResult {
  const jobs = mutationJobs(thm, options);
  const results: Array<VariantResult | null> = [];
  for (const job of jobs) {
    const run = new VariantRun(thm, job);
    let decided = true;
    for (const [i, inst] of job.ranked.entries()) {
      // The budget is looked at between instances: a check in this thread cannot be interrupted.
      if (expired(options.budget)) {
        decided = false;
        break;
      }
      if (run.add(i, checkInstance(job.variant.theorem, inst, i, { seed: deriveSeed(options.seed, i), stopAtFirstFail: true }))) break;
    }
    const res = decided ? run.result() : null;
    if (res) options.onVariant?.(res);
    results.push(res);
  }
  return mutateResult(thm, options.seed, jobs, results);
}

interface Baseline {
  inAssumptions: boolean;
  predictions: Scope | null;
}

/**
 * Why a variant's fail on `inst` does not reject it, or null when it does.
 *
 * The rule: a fail rejects a planted variant only when it is evidence against the variant.
 * A fail that comes from a closed form of the variant that is not a real number (NaN or
 * Infinity, kind `inconsistent`, decided before any solve) is not such evidence when
 * - the instance is outside the original claim's assumptions: there the claim says nothing and
 *   its formulas need not be defined, so a NaN is the formula evaluated off its domain (most
 *   often the mutation itself moved a root or a square root argument there), not a property of
 *   any minimiser the harness found; or
 * - the unmutated claim's closed forms are not real numbers on that instance either: the same
 *   fail would refute the true claim, so the mutation is not what it shows wrong.
 * Every other fail counts, inside the assumptions and outside: a point below the variant's
 * optimum, a violated structure at a certified minimiser, a spurious minimum, a claimed
 * minimiser that cannot exist or that is not stationary or misses the claimed value (computed
 * from the objective, a fact about the problem), a scalar reduction whose argmin differs. Inside
 * the assumptions a non-finite closed form also counts: there the true closed form is a real
 * number (the claim is checked on such instances), so a variant that has none is wrong.
 */
export function artefactualFail(original: Theorem, variant: Theorem, inst: InstanceBase, r: InstanceResult): string | null {
  if (r.verdict !== 'fail' || r.counterexample.kind !== 'inconsistent') return null;
  const bad = nonFiniteClosedForm(variant, inst);
  if (!bad) return null;
  if (!inAssumptions(original, inst)) {
    return `the variant's closed form "${bad}" is not a real number on an instance outside ${original.id}'s assumptions (an artefact of the formula's domain, not a refutation)`;
  }
  const alsoOriginal = nonFiniteClosedForm(original, inst);
  if (alsoOriginal)
    return `the unmutated claim's closed form "${alsoOriginal}" is not a real number there either (the same fail would refute the claim itself)`;
  return null;
}

/** The first prediction of `thm` on `inst` that is a non-finite number, or null. */
function nonFiniteClosedForm(thm: Theorem, inst: InstanceBase): string | null {
  const sym = claimCall(`${thm.id}: symbols`, () => thm.symbols(inst));
  const predicted = evaluateExprs(thm.predictions, sym, `${thm.id}.predictions`);
  for (const [name, v] of Object.entries(predicted)) {
    if ((Array.isArray(v) ? v : [v]).some((x) => typeof x === 'number' && !Number.isFinite(x))) return name;
  }
  return null;
}

function inAssumptions(thm: Theorem, inst: InstanceBase): boolean {
  const sym = claimCall(`${thm.id}: symbols`, () => thm.symbols(inst));
  return Object.entries(thm.assumptions).every(([n, s]) => evaluateExpr(s, sym, `${thm.id}.assumptions.${n}`) === true);
}

function baseline(thm: Theorem, inst: InstanceBase): Baseline {
  const sym = claimCall(`${thm.id}: symbols`, () => thm.symbols(inst));
  const ok = Object.entries(thm.assumptions).every(([n, s]) => evaluateExpr(s, sym, `${thm.id}.assumptions.${n}`) === true);
  return { inAssumptions: ok, predictions: ok ? evaluateExprs(thm.predictions, sym, `${thm.id}.predictions`) : null };
}

/** Instances inside the variant's assumptions, most discriminating first. */
function rankDiscriminating(thm: Theorem, variant: Theorem, pool: InstanceBase[], base: Baseline[]): InstanceBase[] {
  const scored: Array<{ inst: InstanceBase; score: number }> = [];
  pool.forEach((inst, i) => {
    const sym = claimCall(`${variant.id}: symbols`, () => variant.symbols(inst));
    const inVariant = Object.entries(variant.assumptions).every(([n, s]) => evaluateExpr(s, sym, `${variant.id}.assumptions.${n}`) === true);
    if (!inVariant) return;
    const pv = evaluateExprs(variant.predictions, sym, `${variant.id}.predictions`);
    let score: number;
    if (!base[i].inAssumptions) {
      // Outside the claim's assumptions: prefer instances where the variant predicts a non-trivial structure.
      score = 1 + Object.values(pv).reduce<number>((a, v) => a + (typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.abs(v)) : 0), 0);
    } else score = predictionDistance(base[i].predictions!, pv);
    if (score > 1e-12) scored.push({ inst, score });
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.map((s) => s.inst);
}

function predictionDistance(a: Scope, b: Scope): number {
  let worst = 0;
  for (const [k, va] of Object.entries(a)) {
    const vb = b[k];
    // Per-class predictions compare entry by entry; a length change is a different prediction.
    const xs = Array.isArray(va) ? va : [va];
    const ys = Array.isArray(vb) ? vb : [vb];
    if (xs.length !== ys.length) return Infinity;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const y = ys[i];
      if (typeof x === 'boolean' || typeof y === 'boolean') {
        if (x !== y) return Infinity;
        continue;
      }
      if (typeof x !== 'number' || typeof y !== 'number') continue;
      if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
      const diff = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-300);
      if (Number.isFinite(diff)) worst = Math.max(worst, diff);
    }
  }
  return worst;
}
