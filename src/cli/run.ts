/**
 * `ncverify run`: checks a suite (src/run/plan.ts) and writes report.json, report.md,
 * index.html and junit.xml; `--shard i/n` checks a deterministic slice of the run.
 */
import path from 'node:path';
import { sampleInstances } from '../engine/check.ts';
import { BACKEND_OPTION, backendLine, fullSolveInstances, setupBackend } from './backend.ts';
import { defaultWorkerCount } from '../parallel/pool.ts';
import { InputError } from '../errors.ts';
import { reportToJson, type RunPlan } from '../report/report.ts';
import { parseShard, shardSelection } from '../report/shard.ts';
import { displayDir, writeReportFiles } from '../report/write.ts';
import { runPlan, runPlanInWorkers } from '../run/plan.ts';
import { catalogue, suites } from '../../theorems/index.ts';
import { isConstruction } from '../engine/catalogue.ts';
import { intFlag, parse } from './args.ts';
import { createProgress } from './progress.ts';

type Out = (line: string) => void;

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
    ...(suite.necessity ? { necessity: suite.necessity } : {}),
    ...(suite.maps ? { maps: suite.maps } : {}),
  };
  // A bar on an interactive terminal; plain lines in pipes and CI (src/cli/progress.ts).
  const selected = shardSelection(plan, shard);
  const total = plan.claims.reduce((a, c, j) => a + Array.from({ length: c.instances }, (_, i) => i).filter((i) => selected.instance(j, i)).length, 0);
  // The float32 backend: loaded only if forced or some instance of the run is large enough (src/cli/backend.ts).
  const bulk = await setupBackend(values.backend, plan.claims.flatMap((c, j) => {
    const entry = catalogue.get(c.id);
    // Constructions solve nothing; anything else a plan names must be a theorem (the catalogue says which command a study needs).
    if (isConstruction(entry)) return [];
    const thm = catalogue.theorem(c.id, 'run');
    return [...fullSolveInstances(thm, sampleInstances(thm, c.instances, seed).filter((_, i) => selected.instance(j, i)))];
  }));
  const progress = createProgress(total, out);
  const runOptions = { seed, shard, bulk, log: values.json ? undefined : (l: string) => progress.line(l), onInstance: values.json ? undefined : () => progress.tick() };
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
