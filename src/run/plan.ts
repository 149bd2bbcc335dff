/**
 * Running a suite's plan: every claim on its instance budget (in this thread or spread over
 * worker threads), then its planted wrong variants and the studies, into one report. With a
 * shard it runs a deterministic slice of the plan (src/report/shard.ts); `ncverify merge` joins
 * the shards' reports into the report of the whole run.
 */
import { checkClaim } from '../engine/check.ts';
import { isConstruction, isTheorem, type Catalogue, type Claim } from '../engine/catalogue.ts';
import { checkConstruction, runConstructionVariants, type Construction } from '../engine/construction.ts';
import type { Theorem } from '../engine/theorem.ts';
import type { ClaimResult, InstanceResult } from '../engine/verdict.ts';
import type { BulkSetup } from '../backends/bulk-descent.ts';
import { bulkDescentRecord } from '../backends/bulk-descent.ts';
import { canRunInWorkers, checkClaimParallel } from '../parallel/check-parallel.ts';
import { runMutationsInPool } from '../parallel/mutate-parallel.ts';
import { expired, type TimeBudget } from '../engine/budget.ts';
import { CheckPool } from '../parallel/pool.ts';
import { runMutations, type MutateResult } from '../engine/mutate.ts';
import { runStudy, type StudyResult } from '../engine/studies.ts';
import { claimFormulas } from '../report/formulas.ts';
import { provenance } from '../report/provenance.ts';
import { buildReport, type Report, type ReportClaim, type RunPlan, type ShardInfo } from '../report/report.ts';
import { shardSelection, type ShardSelection } from '../report/shard.ts';
import { catalogue } from '../../theorems/index.ts';
import { clauseRecords } from '../engine/clauses.ts';
import { necessityTable, type NecessityResult } from '../hunt/necessity.ts';
import { huntMap } from '../hunt/map.ts';
import type { ReportMap } from '../report/report.ts';
import { deriveSeed } from '../random.ts';
import { claimSummaryLine, instanceLine, variantLine } from '../report/text.ts';

type Out = (line: string) => void;

export interface RunPlanOptions {
  readonly seed: number;
  readonly shard?: ShardInfo;
  /** Progress lines. */
  readonly log?: Out;
  /** Called once per decided instance (progress bars). */
  readonly onInstance?: () => void;
  /** @defaultValue the built-in catalogue */
  readonly catalogue?: Catalogue;
  /** The float32 bulk-descent setup (`--backend`); absent: float64 only. */
  readonly bulk?: BulkSetup;
  /**
   * The time budget (`--timeout`). Instances, planted variants and studies not decided by the
   * deadline are reported as such (Report.stopped). In this thread the budget is looked at
   * between units; runPlanInWorkers also stops a check running at the deadline.
   */
  readonly budget?: TimeBudget;
}

const FLOAT64_ONLY: BulkSetup = { requested: 'none', bulk: null, note: 'no float32 setup: every solve in float64' };

/** What both runners share while checking the entries of a plan. */
interface EntryContext {
  readonly cat: Catalogue;
  readonly options: RunPlanOptions;
  readonly selected: ShardSelection;
  readonly log: Out;
}

/** The header line of an entry, and the callbacks every check of it reports through. */
function entryStart(ctx: EntryContext, claim: Claim, instances: number, threads?: number): { onResult: (r: InstanceResult) => void } {
  const { shard } = ctx.options;
  ctx.log(
    `${claim.id} — ${claim.paper}, ${claim.section}: ${instances} instances${threads ? ` on ${threads} threads` : ''}${shard ? ` (shard ${shard.index}/${shard.count} checks its share)` : ''}`,
  );
  return {
    onResult: (r) => {
      ctx.options.onInstance?.();
      ctx.log(instanceLine(r));
    },
  };
}

function entryDone(ctx: EntryContext, claim: Claim, res: ClaimResult): ReportClaim {
  ctx.log(claimSummaryLine(res));
  return { ...res, citation: claim.citation, ...(isTheorem(claim) ? { formulas: claimFormulas(claim) } : {}), clauses: clauseRecords(claim.clauses) };
}

/** One plan entry in this thread: a theorem's instances, or a construction's parameter sets. */
function checkEntry(ctx: EntryContext, j: number, entry: RunPlan['claims'][number]): ReportClaim {
  const claim = planned(ctx.cat, entry.id);
  const { onResult } = entryStart(ctx, claim, entry.instances);
  const only = (i: number) => ctx.selected.instance(j, i);
  const res = isTheorem(claim)
    ? checkClaim(claim, {
        instances: entry.instances,
        seed: ctx.options.seed,
        recordHistory: true,
        recordGram: true,
        bulk: ctx.options.bulk?.bulk ?? undefined,
        onResult,
        only,
        budget: ctx.options.budget,
      })
    : checkConstruction(claim, { instances: entry.instances, seed: ctx.options.seed, onResult, only });
  return entryDone(ctx, claim, res);
}

/** A plan names theorems and constructions (studies have their own list). */
function planned(cat: Catalogue, id: string): Theorem | Construction {
  const c = cat.get(id);
  return isConstruction(c) ? c : cat.theorem(id, 'run');
}

/**
 * Runs a plan (or the slice of it that `shard` names) and builds its report.
 *
 * Syntax: runPlan('quick', { claims: [{ id: 'zhu2021.global', instances: 4 }], mutate: true }, { seed: 1 })
 */
export function runPlan(suiteName: string, plan: RunPlan, options: RunPlanOptions): Report {
  const ctx: EntryContext = { cat: options.catalogue ?? catalogue, options, selected: shardSelection(plan, options.shard), log: options.log ?? (() => {}) };
  const started = new Date();
  const t0 = performance.now();
  const claims = plan.claims.map((entry, j) => checkEntry(ctx, j, entry));
  const mutations: MutateResult[] = [];
  if (plan.mutate) {
    for (const [j, entry] of plan.claims.entries()) {
      if (ctx.selected.mutations(j)) mutations.push(logMutations(variantsInThread(ctx, entry.id), ctx.log));
    }
  }
  return finishPlan(suiteName, plan, options, { ...ctx, started, t0, claims, mutations });
}

/**
 * The assumption-necessity tables of this shard's theorems (src/hunt/necessity.ts): a hunt outside
 * each assumption with the plan's small instance budget, seeded from the run's seed and the
 * claim's place in the plan, so every shard and thread count gives the same table.
 */
function runSelectedNecessity(plan: RunPlan, selected: ShardSelection, cat: Catalogue, seed: number, log: Out, budget?: TimeBudget): NecessityResult[] {
  if (!plan.necessity) return [];
  const out: NecessityResult[] = [];
  for (const [j, entry] of plan.claims.entries()) {
    const claim = planned(cat, entry.id);
    if (!selected.necessity(j) || !isTheorem(claim)) continue;
    // Past --timeout the table is left out (the report then has none for this claim), never half-filled.
    if (expired(budget)) {
      log(`${claim.id}: assumption necessity not run (--timeout)`);
      continue;
    }
    const n = necessityTable(claim, { seed: deriveSeed(seed, 5000 + j), instances: plan.necessity.instances });
    log(`${claim.id}: assumptions ${n.rows.map((r) => `${r.assumption} ${r.outcome}`).join(', ') || '(none)'} (${n.seconds.toFixed(1)} s)`);
    out.push(n);
  }
  return out;
}

/** The failure maps of this shard (src/hunt/map.ts), one line each. */
function runSelectedMaps(plan: RunPlan, selected: ShardSelection, cat: Catalogue, seed: number, log: Out, budget?: TimeBudget): ReportMap[] {
  const out: ReportMap[] = [];
  for (const [k, m] of (plan.maps ?? []).entries()) {
    if (!selected.map(k)) continue;
    if (expired(budget)) {
      log(`${m.claim} map over ${m.axes.join(' x ')} not run (--timeout)`);
      continue;
    }
    const r = huntMap(cat.theorem(m.claim, 'run'), { axes: m.axes, grid: m.grid, at: m.at, ranges: m.ranges, seed });
    log(
      `${m.claim} map over ${m.axes.join(' x ')}: ${r.counts.pass} pass, ${r.counts.fail} fail, ${r.counts.inconclusive} inconclusive, ${r.counts.skipped} skipped (${r.seconds.toFixed(1)} s)`,
    );
    out.push({ ...r, planIndex: k });
  }
  return out;
}

/** A theorem's or a construction's planted variants, in this thread. */
function variantsInThread(ctx: EntryContext, id: string): MutateResult {
  const claim = planned(ctx.cat, id);
  return isTheorem(claim)
    ? runMutations(claim, { seed: ctx.options.seed, budget: ctx.options.budget })
    : runConstructionVariants(claim, { seed: ctx.options.seed });
}

/** One line per claim's planted variants (and one per survivor). */
function logMutations(m: MutateResult, log: Out): MutateResult {
  log(`${m.claim}: ${m.rejected}/${m.total} planted wrong variants rejected${m.notRun ? ` (${m.notRun.length} not run: --timeout)` : ''}`);
  for (const v of m.variants.filter((x) => !x.rejected)) log(`  ${variantLine(v)}`);
  return m;
}

/**
 * What follows the claims' checks and planted variants in both runners: the studies of this
 * shard, then the report with its provenance (and, when the budget ran out, what it left).
 */
function finishPlan(
  suiteName: string,
  plan: RunPlan,
  options: RunPlanOptions,
  done: EntryContext & { started: Date; t0: number; claims: ReportClaim[]; mutations: MutateResult[] },
): Report {
  const { selected, cat, log, claims, mutations } = done;
  const { studies, notRun: studiesNotRun } = runSelectedStudies(plan, selected, cat, log, options.budget);
  const necessity = runSelectedNecessity(plan, selected, cat, options.seed, log, options.budget);
  const maps = runSelectedMaps(plan, selected, cat, options.seed, log, options.budget);
  const bulkRecord = bulkDescentRecord(
    options.bulk ?? FLOAT64_ONLY,
    claims.flatMap((c) => c.results),
  );
  const prov = provenance(options.seed, done.started, (performance.now() - done.t0) / 1000, undefined, bulkRecord);
  const undecided = claims.reduce((a, c) => a + c.results.filter((r) => r.verdict === 'inconclusive' && r.stoppedBy === 'timeout').length, 0);
  const variantsNotRun = mutations.reduce((a, m) => a + (m.notRun?.length ?? 0), 0);
  const stopped =
    options.budget && (undecided > 0 || variantsNotRun > 0 || studiesNotRun.length > 0)
      ? { reason: 'timeout' as const, budgetSeconds: options.budget.seconds, undecidedInstances: undecided, variantsNotRun, studiesNotRun }
      : undefined;
  return buildReport(suiteName, prov, claims, mutations, { plan, shard: options.shard, studies, necessity, maps, stopped });
}

/** The plan's threshold and asymptotic studies that this shard runs, logged one line each; the budget is looked at before each. */
function runSelectedStudies(
  plan: RunPlan,
  selected: ShardSelection,
  cat: Catalogue,
  log: Out,
  budget?: TimeBudget,
): { studies: StudyResult[]; notRun: string[] } {
  const out: StudyResult[] = [];
  const notRun: string[] = [];
  for (const [k, id] of (plan.studies ?? []).entries()) {
    if (!selected.study(k)) continue;
    if (expired(budget)) {
      notRun.push(id);
      continue;
    }
    const r = runStudy(cat.study(id, 'run'));
    const rows = r.threshold
      ? `${r.threshold.filter((x) => x.outcome === 'agree').length}/${r.threshold.length} switch points agree with the prediction`
      : `${(r.asymptotic ?? []).filter((x) => x.verdict === 'pass').length}/${(r.asymptotic ?? []).length} sequences shrink (fitted exponents ${(r.asymptotic ?? []).map((x) => x.fittedExponent.toFixed(2)).join(', ')})`;
    log(`${id} (${r.kind} study): ${r.verdict.toUpperCase()}, ${rows}`);
    out.push({ ...r, clauses: clauseRecords(cat.get(id).clauses) });
  }
  if (notRun.length > 0) log(`studies not run (--timeout): ${notRun.join(', ')}`);
  return { studies: out, notRun };
}

/**
 * `runPlan` with each claim's instances spread over `workers` threads (src/parallel). The
 * instances, their seeds and so the verdicts are those of `runPlan`, whatever the thread count.
 */
export async function runPlanInWorkers(suiteName: string, plan: RunPlan, options: RunPlanOptions & { readonly workers: number }): Promise<Report> {
  const ctx: EntryContext = { cat: options.catalogue ?? catalogue, options, selected: shardSelection(plan, options.shard), log: options.log ?? (() => {}) };
  const started = new Date();
  const t0 = performance.now();
  const claims: ReportClaim[] = [];
  const mutations: MutateResult[] = [];
  const pool = new CheckPool(options.workers);
  try {
    for (const [j, entry] of plan.claims.entries()) {
      const claim = planned(ctx.cat, entry.id);
      if (!isTheorem(claim)) {
        claims.push(checkEntry(ctx, j, entry));
        continue;
      }
      const { onResult } = entryStart(ctx, claim, entry.instances, pool.size);
      const res = await checkClaimParallel(claim, {
        instances: entry.instances,
        seed: options.seed,
        recordHistory: true,
        recordGram: true,
        bulk: options.bulk?.bulk ?? undefined,
        onResult,
        only: (i) => ctx.selected.instance(j, i),
        pool,
        budget: options.budget,
      });
      claims.push(entryDone(ctx, claim, res));
    }
    // The planted variants side by side on the same threads (src/parallel/mutate-parallel.ts): the
    // same results as runMutations in this thread, and a check at the deadline can be stopped.
    if (plan.mutate) {
      for (const [j, entry] of plan.claims.entries()) {
        if (!ctx.selected.mutations(j)) continue;
        const claim = planned(ctx.cat, entry.id);
        const m =
          isTheorem(claim) && canRunInWorkers(claim)
            ? await runMutationsInPool(claim, { seed: options.seed, pool, budget: options.budget })
            : variantsInThread(ctx, entry.id);
        mutations.push(logMutations(m, ctx.log));
      }
    }
  } finally {
    await pool.close();
  }
  return finishPlan(suiteName, plan, options, { ...ctx, started, t0, claims, mutations });
}
