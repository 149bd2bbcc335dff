/**
 * The `ncverify` command line. Exit codes (EXIT in failure.ts): 0 no `fail`, 1 some `fail` (or a
 * planted variant not rejected), 2 bad input (unknown id, malformed file, bad flag) with a
 * message naming it, 3 an internal error (one line, a crash log, the stack trace with --debug),
 * 4 stopped by --timeout before everything was decided.
 */
import { certify } from '../certify/certificate.ts';
import { symmetryOptions } from '../certify/symmetry.ts';
import { isConstruction, isStudy, isTheorem, type Catalogue } from '../engine/catalogue.ts';
import { loadClaimFile } from '../engine/load.ts';
import { catalogue } from '../../theorems/index.ts';
import { checkInstance, claimResult, sampleInstances } from '../engine/check.ts';
import { bulkDescentFrom, bulkDescentRecord } from '../backends/bulk-descent.ts';
import { BACKEND_OPTION, backendLine, fullSolveInstances, setupBackend } from './backend.ts';
import { checkClaimParallel } from '../parallel/check-parallel.ts';
import { withSolveThreads } from '../linalg/team.ts';
import { runMutations } from '../engine/mutate.ts';
import { runStudyVariants } from '../engine/studies.ts';
import { deriveSeed } from '../random.ts';
import type { Theorem } from '../engine/theorem.ts';
import type { ClaimResult } from '../engine/verdict.ts';
import { InputError, NumericalError } from '../errors.ts';
import { readInstanceFile } from '../problems/registry.ts';
import { solveMultistart } from '../solvers/multistart.ts';
import { parse } from './args.ts';
import {
  MEMORY_OPTION,
  TIMEOUT_OPTION,
  WORKERS_OPTIONS,
  commandLimits,
  coreCount,
  instancesFlag,
  seedFlag,
  startsFlag,
  stoppedLine,
  workersFlag,
} from './limits.ts';
import { BudgetExceeded, undecidedResult, type TimeBudget } from '../engine/budget.ts';
import { CheckPool } from '../parallel/pool.ts';
import { canRunInWorkers } from '../parallel/check-parallel.ts';
import { runMutationsInPool } from '../parallel/mutate-parallel.ts';
import type { MutateResult, VariantResult } from '../engine/mutate.ts';
import type { InstanceResult } from '../engine/verdict.ts';
import type { InstanceBase } from '../problems/problem.ts';
import { BULK_MIN_WORK, type BulkDescent } from '../backends/bulk-descent.ts';
import { mergeCommand } from './merge.ts';
import { metricsCommand } from './metrics.ts';
import { reportCommand } from './report.ts';
import { runCommand } from './run.ts';
import { thresholdCommand } from './threshold.ts';
import { trainCommand } from './train.ts';
import { renderCatalogueDoc } from '../report/catalogue-doc.ts';
import { EXIT, internalErrorLines } from './failure.ts';
import { OutputClosed, lineWriter } from './output.ts';
import { certificateLine, claimSummaryLine, instanceLine, variantLine } from '../report/text.ts';
import { constructCommand } from './construct.ts';
import { coverageCommand } from './coverage.ts';
import { huntCommand } from './hunt.ts';
import { mutateConstructionCommand } from './construct-claim.ts';

const HELP = `ncverify — check published theorems about collapse phenomena, with verdicts that can fail.

Usage:
  ncverify list [--json | --markdown] [--theorems FILE]   every claim and study with its kind (--markdown: docs/catalogue.md)
  ncverify check [ID] [--instances N] [--seed S] [--instance FILE [--index I]] [--theorems FILE] [--workers N] [--backend B] [--json]
  ncverify solve --instance FILE [--starts N] [--seed S] [--backend B] [--json]
  ncverify mutate ID [--seed S] [--theorems FILE] [--workers N] [--json]
  ncverify run [--suite default|quick|practice] [--seed S] [--out DIR] [--no-mutate] [--shard i/n] [--workers N] [--backend B] [--json]
               writes report.json, report.md, index.html, junit.xml (default DIR reports/latest)
  ncverify report FILE [--format html|md|junit|json] [--out PATH]   render a report.json
  ncverify merge A.json B.json ... [--out DIR]   merge the shard reports of one run
  ncverify threshold ID [--digits D] [--json]   predicted vs measured switch point of a threshold claim
  ncverify construct ebv --N N --d D [--alpha A] [--method official|best] [--seed S] [--out V.npy] [--json]
  ncverify construct ebv --check V.npy [--columns] [--json]   measure given vectors against the packing bounds
  ncverify construct sse-c --K K --d D [--sparsity 0.6] [--seed S] [--out W.npy] [--json]
               constructions with their claimed properties checked (exit 1 if one fails)
  ncverify hunt ID [--minutes M | --budget N] [--seed S] [--json] [--out DIR] [--drop-assumption NAME] [--theorems FILE]
               search for a certified counterexample (edges, adaptive search, shrinking); exit 1 if one is found
  ncverify hunt ID --map P1,P2 [--grid 12x12] [--at NAME=V,...] [--range NAME=LO:HI] [--minutes M]   verdicts over two parameters
  ncverify hunt --replay FIXTURE.json   re-check a saved counterexample with the starts that found it
  ncverify coverage [ID] [--json]   every clause of every claim: checked by what, or why not
  ncverify metrics --features F --labels L [--classifier W] [--bias B] [--json] [--out DIR] [--pairs N] [--workers N]
               neural-collapse metrics of real features (.npy, .safetensors[:NAME], .csv; N x d, integer labels);
               both global means, float64, streamed; --out writes metrics.json, metrics.md, index.html;
               --pairs N estimates the class-pair statistics from N sampled pairs (with standard errors)
               --compare CLAIM[,CLAIM...] [--lambda-w L] [--lambda-h L]: the geometry next to each claim's prediction
  ncverify train --dataset fashion-mnist [--classes K] [--imbalance none|step:R|exp:rho] [--per-class n_max]
               [--model mlp:512,512|linear[:W]] [--loss ce|mse] [--weight-decay wd] [--feature-decay lh]
               [--epochs E] [--seed S] [--out DIR] [--compare CLAIM[,CLAIM...]] [--backend B] [--json]
               trains to the terminal phase (float32 on tfjs); writes features/labels/W/bias .npy,
               history.json, train.json, train.md, index.html (default DIR reports/train)
  ncverify construct ebv2023.welch [--instances N] [--seed S] [--json]
               a construction claim on N random parameter sets (its variants: ncverify mutate ID)
Resource flags (check, solve, mutate, run; threshold takes --timeout):
  --timeout T       time budget (90, 90s, 10m, 2h): stop cleanly at T with what was decided so far, and say so
  --max-memory M    refuse instances estimated to need more than M (default 4G; e.g. 16G)
  --force-workers   allow --workers above the core count
  --debug           print the stack trace of an internal error

--instances is at most 10000 per claim, --starts at most 64, --seed and --index below 2^32.
--workers N spreads instances over N threads (default: one per core, at most one per core unless
  --force-workers); verdicts do not depend on N.
--backend B picks the float32 bulk-descent backend for large ufm-ce instances (K N d >= 1e7):
  auto (default: webgpu with a hardware adapter, tfjs-node-gpu, tfjs-node, wasm, cpu, the first
  that loads), webgpu, gpu, node, wasm, cpu, or none (float64 only). Verdicts are always decided
  in float64.
Verdicts: pass (certified, within tolerance), fail (certified counterexample),
inconclusive (solver did not certify), skipped (outside the claim's assumptions).
Exit code: 0 no fail, 1 a fail (or a planted variant survived), 2 bad input, 3 internal error,
4 stopped by --timeout before everything was decided (and no fail among what was).`;

type Out = (line: string) => void;

export async function main(argv: string[], out: Out = lineWriter(1), err: Out = lineWriter(2)): Promise<number> {
  // --debug anywhere on the line (or NCVERIFY_DEBUG=1): internal errors print their stack trace.
  const debug = argv.includes('--debug') || process.env.NCVERIFY_DEBUG === '1';
  const [command, ...rest] = argv.filter((a) => a !== '--debug');
  try {
    switch (command) {
      case 'list':
        return await list(rest, out);
      case 'check':
        return await check(rest, out);
      case 'solve':
        return await solve(rest, out);
      case 'mutate':
        return await mutate(rest, out);
      case 'run':
        return await runCommand(rest, out);
      case 'report':
        return await reportCommand(rest, out);
      case 'merge':
        return await mergeCommand(rest, out);
      case 'threshold':
        return thresholdCommand(rest, out);
      case 'construct':
        return constructCommand(rest, out, err);
      case 'hunt':
        return await huntCommand(rest, out);
      case 'coverage':
        return await coverageCommand(rest, out);
      case 'metrics':
        return await metricsCommand(rest, out, err);
      case 'train':
        return await trainCommand(rest, out, err);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new InputError(`command "${command}"`, 'unknown; see `ncverify help`');
    }
  } catch (e) {
    return reportError(e, argv, debug, err);
  }
}

/** The exit code for an error that reached the top, after its one line on stderr (src/cli/failure.ts). */
function reportError(e: unknown, argv: readonly string[], debug: boolean, err: Out): number {
  // The reader went away (`ncverify run | head`): end quietly, nothing more to say to anyone.
  if (e instanceof OutputClosed) return EXIT.ok;
  const lines = e instanceof InputError || e instanceof NumericalError ? [`ncverify: ${e.message}`] : internalErrorLines(e, argv, debug);
  try {
    for (const l of lines) err(l);
  } catch {
    // stderr is closed too: the exit code is all that is left.
  }
  return e instanceof InputError || e instanceof NumericalError ? EXIT.input : EXIT.internal;
}

/** The built-in catalogue, plus the claims of a user's theorem file (an id it reuses is an error). */
async function catalogueFrom(file: unknown): Promise<Catalogue> {
  if (typeof file === 'string') return catalogue.with(await loadClaimFile(file), file);
  return catalogue;
}

async function list(argv: string[], out: Out): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' }, markdown: { type: 'boolean' }, theorems: { type: 'string' } }, 'list');
  const cat = await catalogueFrom(values.theorems);
  if (values.markdown) {
    // docs/catalogue.md is this output for the built-in catalogue (npm run docs).
    out(renderCatalogueDoc(cat).trimEnd());
    return 0;
  }
  const rows = cat.entries.map((c) => ({
    id: c.id,
    kind: c.kind,
    paper: c.paper,
    section: c.section,
    status: c.status ?? 'theorem',
    confidence: c.confidence,
    ...(isTheorem(c) ? { problem: c.problem.name } : isStudy(c) ? { ...(c.of !== undefined ? { of: c.of } : {}), parameter: c.parameter } : {}),
    statement: c.statement,
  }));
  if (values.json) out(JSON.stringify(rows, null, 1));
  else for (const r of rows) out(`${r.id.padEnd(30)} ${r.kind.padEnd(16)} ${`${r.paper}, ${r.section}`.padEnd(34).slice(0, 60)} ${r.statement}`);
  return 0;
}

async function check(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      json: { type: 'boolean' },
      instances: { type: 'string' },
      seed: { type: 'string' },
      instance: { type: 'string' },
      theorems: { type: 'string' },
      index: { type: 'string' },
      ...WORKERS_OPTIONS,
      ...BACKEND_OPTION,
      ...TIMEOUT_OPTION,
      ...MEMORY_OPTION,
    },
    'check',
  );
  const workers = workersFlag(values.workers, values['force-workers']);
  const seed = seedFlag(values.seed, 1);
  const count = instancesFlag(values.instances, 20);
  const { budget } = commandLimits(values);
  let claims: readonly Theorem[];
  if (positionals.length > 0) {
    const all = await catalogueFrom(values.theorems);
    claims = positionals.map((id) => all.theorem(id, 'check'));
  } else if (typeof values.theorems === 'string') {
    const file = values.theorems;
    const loaded = await loadClaimFile(file);
    catalogue.with(loaded, file);
    claims = loaded.filter(isTheorem);
    if (claims.length === 0) throw new InputError(file, 'defines no theorem to check (its studies run with `ncverify threshold ID`)');
  } else {
    throw new InputError('ncverify check', 'name a claim id (see `ncverify list`) or give --theorems FILE');
  }
  const fromFile = typeof values.instance === 'string' ? readInstanceFile(values.instance) : undefined;
  // The float32 backend: loaded only if forced or some instance is large enough (src/cli/backend.ts).
  const setup = await setupBackend(
    values.backend,
    claims.flatMap((thm) => [...fullSolveInstances(thm, fromFile ? [fromFile.instance] : sampleInstances(thm, count, seed))]),
  );
  const bulk = setup.bulk ?? undefined;
  const results: ClaimResult[] = [];
  for (const thm of claims) {
    let res: ClaimResult;
    const onResult = values.json ? undefined : (r: Parameters<typeof instanceLine>[0]) => out(instanceLine(r));
    if (fromFile && typeof values.instance === 'string') {
      const { problem, instance } = fromFile;
      if (problem.name !== thm.problem.name) {
        throw new InputError(values.instance, `is a "${problem.name}" instance but ${thm.id} is about "${thm.problem.name}"`);
      }
      const t0 = performance.now();
      // --index I replays instance I of a run exactly: it had the solver sub-seed deriveSeed(seed, I).
      const index = seedFlag(values.index, 0, '--index');
      const theoremsFile = typeof values.theorems === 'string' ? values.theorems : undefined;
      const r =
        budget && canRunInWorkers(thm, theoremsFile)
          ? await checkOneInThread(thm, instance, index, { seed: deriveSeed(seed, index), theoremsFile, bulk, budget, solveThreads: workers })
          : checkInstance(thm, instance, index, { seed: deriveSeed(seed, index), bulk, solveThreads: workers });
      onResult?.(r);
      res = claimResult(thm, seed, [r], (performance.now() - t0) / 1000);
    } else {
      if (!values.json) out(`${thm.id} — ${thm.paper}, ${thm.section}: ${count} instances, seed ${seed}`);
      const theoremsFile = typeof values.theorems === 'string' ? values.theorems : undefined;
      res = await checkClaimParallel(thm, { instances: count, seed, onResult, workers, theoremsFile, bulk, budget });
    }
    results.push(res);
    if (!values.json) out(claimSummaryLine(res));
  }
  const undecided = results.reduce((a, r) => a + r.results.filter((x) => x.verdict === 'inconclusive' && x.stoppedBy === 'timeout').length, 0);
  if (budget && undecided > 0 && !values.json) out(stoppedLine(budget, `${undecided} instance${undecided > 1 ? 's' : ''} not decided`));
  const backend = bulkDescentRecord(
    setup,
    results.flatMap((r) => r.results),
  );
  if (!values.json) out(backendLine(setup, backend));
  if (values.json) {
    const payload = results.map((r) => ({
      claim: r.claim,
      results: r.results,
      summary: r.summary,
      largestDeviation: r.largestDeviation,
      seed: r.seed,
      backend,
    }));
    out(JSON.stringify(payload.length === 1 ? payload[0] : payload, jsonSafe, 1));
  }
  if (results.some((r) => r.summary.fail > 0)) return EXIT.fail;
  return undecided > 0 ? EXIT.stopped : EXIT.ok;
}

/** One instance in a worker thread of its own, so that the budget can stop it (`check --instance FILE --timeout T`). */
async function checkOneInThread(
  thm: Theorem,
  instance: InstanceBase,
  index: number,
  options: { seed: number; theoremsFile?: string; bulk?: BulkDescent; budget: TimeBudget; solveThreads: number },
): Promise<InstanceResult> {
  const pool = new CheckPool(1);
  try {
    return await pool.check(
      {
        claimId: thm.id,
        theoremsFile: options.theoremsFile,
        instance,
        index,
        seed: options.seed,
        solveThreads: options.solveThreads,
        ...(options.bulk ? { bulk: { backend: options.bulk.backend.name, minWork: options.bulk.minWork ?? BULK_MIN_WORK } } : {}),
      },
      options.budget,
    );
  } catch (e) {
    if (e instanceof BudgetExceeded) return undecidedResult(thm, instance, index, e.budget, e.started);
    throw e;
  } finally {
    await pool.close();
  }
}

async function solve(argv: string[], out: Out): Promise<number> {
  const { values } = parse(
    argv,
    {
      json: { type: 'boolean' },
      instance: { type: 'string' },
      starts: { type: 'string' },
      seed: { type: 'string' },
      ...BACKEND_OPTION,
      ...TIMEOUT_OPTION,
      ...MEMORY_OPTION,
    },
    'solve',
  );
  const seed = seedFlag(values.seed, 1);
  const starts = startsFlag(values.starts, 4);
  const { budget } = commandLimits(values);
  if (typeof values.instance !== 'string') throw new InputError('ncverify solve', 'needs --instance FILE (a JSON instance)');
  const { problem, instance } = readInstanceFile(values.instance);
  const setup = await setupBackend(values.backend, [instance]);
  const bulk = setup.bulk;
  const obj = problem.objective(instance);
  // The budget is looked at before each start (the first always runs): a solve in this thread cannot be interrupted.
  // The starts run one after another here, so each may use every core (large solves only, src/linalg/team.ts).
  const runs = withSolveThreads(coreCount(), () =>
    solveMultistart(problem, instance, {
      starts,
      seed,
      objective: obj,
      deadline: budget?.deadline,
      preDescent: bulk
        ? (x0) => {
            const r = bulkDescentFrom(bulk, instance, x0);
            return r && { x: r.x, by: bulk.backend.name, iterations: r.iterations };
          }
        : undefined,
    }),
  );
  const backend = bulkDescentRecord(setup, [{ starts: runs.map((r) => ({ bulkDescent: r.preDescent })) }]);
  const best = runs.reduce((a, b) => (b.f < a.f ? b : a));
  const cert = certify(obj, best.x, { seed, ...symmetryOptions(problem, instance, best.x) });
  const stopped = runs.length < starts;
  const summary = problem.describeSolution?.(instance, best.x) ?? {};
  const payload = {
    instance,
    problem: problem.name,
    objective: cert.objective,
    gradNorm: cert.gradNorm,
    minHessianEig: cert.minHessianEig,
    maxHessianEig: cert.maxHessianEig,
    certificate: cert,
    starts: runs.map((r) => ({
      start: r.start,
      scale: r.scale,
      objective: r.f,
      gradNorm: r.gradNorm,
      iterations: r.iterations,
      escapes: r.escapes ?? 0,
      seconds: r.seconds,
      ...(r.preDescent ? { bulkDescent: { backend: r.preDescent.by, iterations: r.preDescent.iterations } } : {}),
    })),
    decidedIn: 'float64',
    backend,
    ...(stopped ? { stopped: { reason: 'timeout', startsRun: runs.length, startsAsked: starts } } : {}),
    ...summary,
  };
  if (values.json) {
    out(JSON.stringify(payload, jsonSafe, 1));
    return stopped ? EXIT.stopped : EXIT.ok;
  }
  out(`${problem.name}: ${problem.summarize(instance)}`);
  // escapes: problem-specific saddle escapes the start needed (Problem.escape), e.g. a live class stuck at h_k = 0.
  out(backendLine(setup, backend));
  for (const r of runs)
    out(
      `  start ${r.start} (scale ${r.scale}): f=${r.f.toPrecision(14)} |g|=${r.gradNorm.toExponential(1)} ${r.preDescent ? `${r.preDescent.iterations} float32 its on ${r.preDescent.by}, then ` : ''}${r.iterations} L-BFGS its${r.escapes ? `, ${r.escapes} saddle escape${r.escapes > 1 ? 's' : ''}` : ''}, ${r.seconds.toFixed(2)} s`,
    );
  out(`best: ${certificateLine(cert)}`);
  out(`  objective        ${cert.objective}`);
  out(`  gradNorm         ${cert.gradNorm.toExponential(3)}`);
  out(
    `  minHessianEig    ${cert.minHessianEig.toExponential(3)} (Lanczos residual ${cert.eigResidual.toExponential(1)}, tolerance ${cert.eigTol.toExponential(1)})`,
  );
  out(`  distance to critical point ≈ ${cert.distanceEstimate.toExponential(2)}`);
  for (const [name, m] of Object.entries(summary)) {
    out(`  ${name}:`);
    const rows = Array.isArray(m[0]) ? (m as number[][]) : [m as number[]];
    for (const row of rows) out('    ' + row.map((v) => v.toFixed(6).padStart(11)).join(' '));
  }
  if (stopped && budget) {
    out(stoppedLine(budget, `${runs.length} of ${starts} starts ran`));
    return EXIT.stopped;
  }
  return EXIT.ok;
}

async function mutate(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      json: { type: 'boolean' },
      seed: { type: 'string' },
      theorems: { type: 'string' },
      ...WORKERS_OPTIONS,
      ...TIMEOUT_OPTION,
      ...MEMORY_OPTION,
    },
    'mutate',
  );
  const seed = seedFlag(values.seed, 1);
  const workers = workersFlag(values.workers, values['force-workers']);
  const { budget } = commandLimits(values);
  if (positionals.length !== 1) throw new InputError('ncverify mutate', 'name exactly one claim id (see `ncverify list`)');
  const cat = await catalogueFrom(values.theorems);
  const entry = cat.get(String(positionals[0]));
  if (isConstruction(entry))
    return mutateConstructionCommand(
      entry,
      argv.filter((a) => a !== positionals[0]),
      out,
    );
  if (!isTheorem(entry)) {
    // A study's planted variants: a wrong switch point or a wrong limit, each of which the study must reject.
    if (!values.json) out(`${entry.id}: planted wrong variants of the ${entry.kind} study (each must be rejected)`);
    const variants = runStudyVariants(cat.study(entry.id, 'mutate'));
    const rejected = variants.filter((v) => v.rejected).length;
    if (values.json) out(JSON.stringify({ claim: entry.id, variants, rejected, total: variants.length }, jsonSafe, 1));
    else {
      for (const v of variants) out(`  ${v.rejected ? 'rejected' : 'SURVIVED'}  ${v.name}: ${v.reason}`);
      out(`${rejected}/${variants.length} variants rejected`);
    }
    return rejected === variants.length ? 0 : 1;
  }
  const thm = entry;
  if (!values.json) out(`${thm.id}: planted wrong variants (each must be rejected with a fail)`);
  const onVariant = values.json ? undefined : (v: VariantResult) => out(variantLine(v));
  const theoremsFile = typeof values.theorems === 'string' ? values.theorems : undefined;
  // In worker threads when there are several, or when a budget must be able to stop a check (src/parallel/mutate-parallel.ts).
  let res: MutateResult;
  if ((workers > 1 || budget) && canRunInWorkers(thm, theoremsFile)) {
    const pool = new CheckPool(workers);
    try {
      res = await runMutationsInPool(thm, { seed, onVariant, pool, theoremsFile, budget });
    } finally {
      await pool.close();
    }
  } else res = runMutations(thm, { seed, onVariant, budget });
  if (values.json) out(JSON.stringify(res, jsonSafe, 1));
  else {
    out(`${res.rejected}/${res.total} variants rejected`);
    if (budget && res.notRun) out(stoppedLine(budget, `${res.notRun.length} variant${res.notRun.length > 1 ? 's' : ''} not run: ${res.notRun.join('; ')}`));
  }
  if (res.rejected < res.total) return EXIT.fail;
  return res.notRun ? EXIT.stopped : EXIT.ok;
}

function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v instanceof Float64Array) return Array.from(v);
  return v;
}
