/**
 * `ncverify run`: checks a suite (every claim on its instance budget, then its planted wrong
 * variants) and writes report.json, report.md, index.html and junit.xml. With `--shard i/n`
 * it checks a deterministic slice of the run (see report/shard.ts); `ncverify merge` joins
 * the shards' reports into the report of the whole run.
 */
import path from 'node:path';
import { builtinTheorems, findTheorem } from '../engine/catalogue.ts';
import { checkClaim, sampleInstances } from '../engine/check.ts';
import { bulkDescentRecord, type BulkSetup } from '../backends/bulk-descent.ts';
import { BACKEND_OPTION, backendLine, fullSolveInstances, setupBackend } from './backend.ts';
import { checkClaimParallel } from '../parallel/check-parallel.ts';
import { CheckPool, defaultWorkerCount } from '../parallel/pool.ts';
import { runMutations, type MutateResult } from '../engine/mutate.ts';
import { runStudy, type StudyResult } from '../engine/studies.ts';
import type { Theorem } from '../engine/theorem.ts';
import { InputError } from '../errors.ts';
import { claimFormulas } from '../report/formulas.ts';
import { provenance } from '../report/provenance.ts';
import { buildReport, reportToJson, type Report, type ReportClaim, type RunPlan, type ShardInfo } from '../report/report.ts';
import { parseShard, shardSelection, type ShardSelection } from '../report/shard.ts';
import { displayDir, writeReportFiles } from '../report/write.ts';
import { suites } from '../../theorems/index.ts';
import { intFlag, parse } from './args.ts';
import { claimSummaryLine, instanceLine, variantLine } from './format.ts';
import { createProgress } from './progress.ts';

type Out = (line: string) => void;

export interface RunPlanOptions {
  readonly seed: number;
  readonly shard?: ShardInfo;
  /** Progress lines. */
  readonly log?: Out;
  /** Called once per decided instance (progress bars). */
  readonly onInstance?: () => void;
  /** @defaultValue the built-in catalogue */
  readonly theorems?: readonly Theorem[];
  /** The float32 bulk-descent setup (`--backend`); absent: float64 only. */
  readonly bulk?: BulkSetup;
}

const FLOAT64_ONLY: BulkSetup = { requested: 'none', bulk: null, note: 'no float32 setup: every solve in float64' };

/**
 * Runs a plan (or the slice of it that `shard` names) and builds its report.
 *
 * Syntax: runPlan('quick', { claims: [{ id: 'zhu2021.global', instances: 4 }], mutate: true }, { seed: 1 })
 */
export function runPlan(suiteName: string, plan: RunPlan, options: RunPlanOptions): Report {
  const { seed, shard } = options;
  const log = options.log ?? (() => {});
  const thms = options.theorems ?? builtinTheorems();
  const started = new Date();
  const t0 = performance.now();
  const selected = shardSelection(plan, shard);
  const claims: ReportClaim[] = [];
  for (const [j, entry] of plan.claims.entries()) {
    const thm = findTheorem(thms, entry.id);
    log(`${thm.id} — ${thm.paper}, ${thm.section}: ${entry.instances} instances${shard ? ` (shard ${shard.index}/${shard.count} checks its share)` : ''}`);
    const res = checkClaim(thm, {
      instances: entry.instances, seed, recordHistory: true, recordGram: true, bulk: options.bulk?.bulk ?? undefined, onResult: (r) => {
        options.onInstance?.();
        log(instanceLine(r));
      },
      only: (i) => selected.instance(j, i),
    });
    log(claimSummaryLine(res));
    claims.push({ ...res, citation: thm.citation, formulas: claimFormulas(thm) });
  }
  return finishPlan(suiteName, plan, options, { selected, thms, log, started, t0, claims });
}

/**
 * What follows the claims' checks in both runners: the planted variants and the studies of this
 * shard, then the report with its provenance.
 */
function finishPlan(
  suiteName: string, plan: RunPlan, options: RunPlanOptions,
  done: { selected: ShardSelection; thms: readonly Theorem[]; log: Out; started: Date; t0: number; claims: ReportClaim[] },
): Report {
  const { selected, thms, log, claims } = done;
  const mutations: MutateResult[] = [];
  if (plan.mutate) {
    for (const [j, entry] of plan.claims.entries()) {
      if (!selected.mutations(j)) continue;
      const thm = findTheorem(thms, entry.id);
      const m = runMutations(thm, { seed: options.seed });
      log(`${thm.id}: ${m.rejected}/${m.total} planted wrong variants rejected`);
      for (const v of m.variants.filter((x) => !x.rejected)) log(`  ${variantLine(v)}`);
      mutations.push(m);
    }
  }
  const studies = runSelectedStudies(plan, selected, log);
  const bulkRecord = bulkDescentRecord(options.bulk ?? FLOAT64_ONLY, claims.flatMap((c) => c.results));
  const prov = provenance(options.seed, done.started, (performance.now() - done.t0) / 1000, undefined, bulkRecord);
  return buildReport(suiteName, prov, claims, mutations, { plan, shard: options.shard, studies });
}

/** The plan's threshold and asymptotic studies that this shard runs, logged one line each. */
function runSelectedStudies(plan: RunPlan, selected: ShardSelection, log: Out): StudyResult[] {
  const out: StudyResult[] = [];
  for (const [k, id] of (plan.studies ?? []).entries()) {
    if (!selected.study(k)) continue;
    const r = runStudy(id);
    const rows = r.threshold
      ? `${r.threshold.filter((x) => x.outcome === 'agree').length}/${r.threshold.length} switch points agree with the prediction`
      : `${(r.asymptotic ?? []).filter((x) => x.verdict === 'pass').length}/${(r.asymptotic ?? []).length} sequences shrink (fitted exponents ${(r.asymptotic ?? []).map((x) => x.fittedExponent.toFixed(2)).join(', ')})`;
    log(`${id} (${r.kind} study): ${r.verdict.toUpperCase()}, ${rows}`);
    out.push(r);
  }
  return out;
}

/**
 * `runPlan` with each claim's instances spread over `workers` threads (src/parallel). The
 * instances, their seeds and so the verdicts are those of `runPlan`, whatever the thread count.
 */
export async function runPlanInWorkers(suiteName: string, plan: RunPlan, options: RunPlanOptions & { readonly workers: number }): Promise<Report> {
  const { seed, shard } = options;
  const log = options.log ?? (() => {});
  const thms = options.theorems ?? builtinTheorems();
  const started = new Date();
  const t0 = performance.now();
  const selected = shardSelection(plan, shard);
  const claims: ReportClaim[] = [];
  const pool = new CheckPool(options.workers);
  try {
    for (const [j, entry] of plan.claims.entries()) {
      const thm = findTheorem(thms, entry.id);
      log(`${thm.id} — ${thm.paper}, ${thm.section}: ${entry.instances} instances on ${pool.size} threads${shard ? ` (shard ${shard.index}/${shard.count} checks its share)` : ''}`);
      const res = await checkClaimParallel(thm, {
        instances: entry.instances, seed, recordHistory: true, recordGram: true, bulk: options.bulk?.bulk ?? undefined, onResult: (r) => {
        options.onInstance?.();
        log(instanceLine(r));
      },
        only: (i) => selected.instance(j, i), pool,
      });
      log(claimSummaryLine(res));
      claims.push({ ...res, citation: thm.citation, formulas: claimFormulas(thm) });
    }
  } finally {
    await pool.close();
  }
  return finishPlan(suiteName, plan, options, { selected, thms, log, started, t0, claims });
}

export async function runCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parse(argv, {
    suite: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, 'no-mutate': { type: 'boolean' },
    shard: { type: 'string' }, workers: { type: 'string' }, ...BACKEND_OPTION,
  }, 'run');
  const workers = intFlag(values.workers, '--workers', 1) ?? defaultWorkerCount();
  const suiteName = typeof values.suite === 'string' ? values.suite : 'default';
  const suite = suites[suiteName];
  if (!suite) throw new InputError('--suite', `unknown suite "${suiteName}" (known: ${Object.keys(suites).join(', ')})`);
  const seed = intFlag(values.seed, '--seed', 0) ?? 1;
  const dir = path.resolve(typeof values.out === 'string' ? values.out : 'reports/latest');
  const shard = typeof values.shard === 'string' ? parseShard(values.shard) : undefined;
  const plan: RunPlan = {
    claims: suite.claims.map(({ id, instances }) => ({ id, instances })), mutate: !values['no-mutate'],
    ...(suite.studies ? { studies: suite.studies } : {}),
  };
  // A bar on an interactive terminal; plain lines in pipes and CI (src/cli/progress.ts).
  const selected = shardSelection(plan, shard);
  const total = plan.claims.reduce((a, c, j) => a + Array.from({ length: c.instances }, (_, i) => i).filter((i) => selected.instance(j, i)).length, 0);
  // The float32 backend: loaded only if forced or some instance of the run is large enough (src/cli/backend.ts).
  const thms = builtinTheorems();
  const bulk = await setupBackend(values.backend, plan.claims.flatMap((c, j) => {
    const thm = findTheorem(thms, c.id);
    return [...fullSolveInstances(thm, sampleInstances(thm, c.instances, seed).filter((_, i) => selected.instance(j, i)))];
  }));
  const progress = createProgress(total, out);
  const runOptions = { seed, shard, bulk, log: values.json ? undefined : progress.line, onInstance: values.json ? undefined : progress.tick };
  const report = workers > 1 ? await runPlanInWorkers(suiteName, plan, { ...runOptions, workers }) : runPlan(suiteName, plan, runOptions);
  progress.done();
  const written = await writeReportFiles(report, dir);
  const t = report.totals;
  if (values.json) out(reportToJson(report));
  else {
    out(`total: ${t.pass} pass, ${t.fail} fail, ${t.inconclusive} inconclusive, ${t.skipped} skipped; ${t.instancesPerMinute.toFixed(1)} instances decided by certified solves per minute of checking (${t.certifiedInstances ?? 0} in ${(t.checkSeconds ?? 0).toFixed(1)} s)`);
    const b = report.provenance.bulkDescent;
    if (b) out(backendLine(bulk, b));
    out(`wrote ${written.map((f) => displayDir(f)).join(', ')} (${report.provenance.durationSeconds.toFixed(1)} s)`);
  }
  const survived = report.mutations.some((m) => m.rejected < m.total);
  const studyFailed = (report.studies ?? []).some((x) => x.verdict === 'fail');
  return t.fail > 0 || survived || studyFailed ? 1 : 0;
}
