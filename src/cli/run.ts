/**
 * `ncverify run`: checks a suite (src/run/plan.ts) and writes report.json, report.md,
 * index.html and junit.xml; `--shard i/n` checks a deterministic slice of the run.
 */
import path from 'node:path';
import { sampleInstances } from '../engine/check.ts';
import { BACKEND_OPTION, backendLine, fullSolveInstances, setupBackend } from './backend.ts';
import { InputError } from '../errors.ts';
import { reportToJson, type RunPlan, type ShardInfo } from '../report/report.ts';
import { parseShard, shardSelection } from '../report/shard.ts';
import { claimReportDir, displayDir, writeReportFiles } from '../report/write.ts';
import type { TimeBudget } from '../engine/budget.ts';
import { runPlan, runPlanInWorkers } from '../run/plan.ts';
import { runPractice } from '../run/practice.ts';
import { parseBackendFlag, type BackendRequest } from '../backends/tfjs.ts';
import { catalogue, suites } from '../../theorems/index.ts';
import { isConstruction } from '../engine/catalogue.ts';
import { parse } from './args.ts';
import { EXIT } from './failure.ts';
import { MEMORY_OPTION, TIMEOUT_OPTION, WORKERS_OPTIONS, commandLimits, seedFlag, stoppedLine, workersFlag } from './limits.ts';
import { createProgress } from './progress.ts';

type Out = (line: string) => void;

export async function runCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parse(
    argv,
    {
      suite: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      'no-mutate': { type: 'boolean' },
      shard: { type: 'string' },
      ...WORKERS_OPTIONS,
      ...BACKEND_OPTION,
      ...TIMEOUT_OPTION,
      ...MEMORY_OPTION,
    },
    'run',
  );
  const workers = workersFlag(values.workers, values['force-workers']);
  const suiteName = typeof values.suite === 'string' ? values.suite : 'default';
  const suite = suites[suiteName];
  if (!suite) throw new InputError('--suite', `unknown suite "${suiteName}" (known: ${Object.keys(suites).join(', ')})`);
  const seed = seedFlag(values.seed, 1);
  const { budget } = commandLimits(values);
  const dir = path.resolve(typeof values.out === 'string' ? values.out : 'reports/latest');
  if (typeof values.out === 'string' && values.out.trim() === '') throw new InputError('--out', 'is empty: give a directory');
  const shard = typeof values.shard === 'string' ? parseShard(values.shard) : undefined;
  // Training runs in one process, each network after the previous one: the practice suite is not split into shards.
  if (shard && suite.practice) throw new InputError('--shard', `the ${suiteName} suite trains networks and is not sharded; run it whole`);
  const backendRequest = parseBackendFlag(values.backend);
  if (suite.practice && backendRequest.kind === 'forced' && backendRequest.name === 'webgpu')
    throw new InputError('--backend', `webgpu runs the ufm-ce bulk descent only; the ${suiteName} suite also trains networks (auto, gpu, node, wasm or cpu)`);
  const plan: RunPlan = {
    claims: suite.claims.map(({ id, instances }) => ({ id, instances })),
    mutate: !values['no-mutate'],
    ...(suite.studies ? { studies: suite.studies } : {}),
    ...(suite.practice ? { practice: suite.practice } : {}),
    ...(suite.necessity ? { necessity: suite.necessity } : {}),
    ...(suite.maps ? { maps: suite.maps } : {}),
  };
  // Up front, before the work: a --out that cannot take the report (an existing file, not
  // writable, other files in it) is exit 2 now, not after an hour; a second run writing the
  // same directory is refused while this one holds the lock (src/report/write.ts).
  const lock = claimReportDir(dir, '--out');
  try {
    return await runLocked(values, { suiteName, plan, seed, shard, workers, budget, dir, backendRequest }, out);
  } finally {
    lock.release();
  }
}

async function runLocked(
  values: { json?: boolean; backend?: unknown },
  run: {
    suiteName: string;
    plan: RunPlan;
    seed: number;
    shard: ShardInfo | undefined;
    workers: number;
    budget: TimeBudget | undefined;
    dir: string;
    backendRequest: BackendRequest;
  },
  out: Out,
): Promise<number> {
  const { suiteName, plan, seed, shard, workers, budget, dir, backendRequest } = run;
  // A bar on an interactive terminal; plain lines in pipes and CI (src/cli/progress.ts).
  const selected = shardSelection(plan, shard);
  const total = plan.claims.reduce((a, c, j) => a + Array.from({ length: c.instances }, (_, i) => i).filter((i) => selected.instance(j, i)).length, 0);
  // The float32 backend: loaded only if forced or some instance of the run is large enough (src/cli/backend.ts).
  const bulk = await setupBackend(
    values.backend,
    plan.claims.flatMap((c, j) => {
      const entry = catalogue.get(c.id);
      // Constructions solve nothing; anything else a plan names must be a theorem (the catalogue says which command a study needs).
      if (isConstruction(entry)) return [];
      const thm = catalogue.theorem(c.id, 'run');
      return [
        ...fullSolveInstances(
          thm,
          sampleInstances(thm, c.instances, seed).filter((_, i) => selected.instance(j, i)),
        ),
      ];
    }),
  );
  const progress = createProgress(total, out);
  const runOptions = {
    seed,
    shard,
    bulk,
    budget,
    log: values.json ? undefined : (l: string) => progress.line(l),
    onInstance: values.json ? undefined : () => progress.tick(),
  };
  // With a budget the checks run in threads (even one) that can be stopped at the deadline.
  let report = workers > 1 || budget ? await runPlanInWorkers(suiteName, plan, { ...runOptions, workers }) : runPlan(suiteName, plan, runOptions);
  // Training is not stopped half-way by the budget: a run whose checks already used it up trains nothing (and says so in `stopped`).
  if (plan.practice && !report.stopped) {
    // --backend names the float32 backend here too: the solver's bulk descent and the training.
    const practice = await runPractice(plan.practice, { seed, log: runOptions.log, ...(backendRequest.kind === 'none' ? {} : { backend: backendRequest }) });
    report = { ...report, practice, provenance: { ...report.provenance, durationSeconds: report.provenance.durationSeconds + practice.seconds } };
  }
  progress.done();
  const written = await writeReportFiles(report, dir);
  const t = report.totals;
  if (values.json) out(reportToJson(report));
  else {
    out(
      `total: ${t.pass} pass, ${t.fail} fail, ${t.inconclusive} inconclusive, ${t.skipped} skipped; ${t.instancesPerMinute.toFixed(1)} instances decided by certified solves per minute of checking (${t.certifiedInstances ?? 0} in ${(t.checkSeconds ?? 0).toFixed(1)} s)`,
    );
    const b = report.provenance.bulkDescent;
    if (b) out(backendLine(bulk, b));
    out(`wrote ${written.map((f) => displayDir(f)).join(', ')} (${report.provenance.durationSeconds.toFixed(1)} s)`);
    const st = report.stopped;
    if (st && budget) {
      const left = [
        `${st.undecidedInstances} instances not decided`,
        `${st.variantsNotRun} planted variants not run`,
        ...(st.studiesNotRun.length > 0 ? [`studies not run: ${st.studiesNotRun.join(', ')}`] : []),
      ];
      out(stoppedLine(budget, left.join(', ')));
    }
  }
  const survived = report.mutations.some((m) => m.rejected < m.total);
  const studyFailed = (report.studies ?? []).some((x) => x.verdict === 'fail');
  if (t.fail > 0 || survived || studyFailed) return EXIT.fail;
  return report.stopped ? EXIT.stopped : EXIT.ok;
}
