/**
 * `ncverify hunt CLAIM`: spends a budget looking for a certified counterexample (src/hunt/hunt.ts)
 * and prints a failure the way fast-check does: seed and path, the shrunk instance, the command
 * that replays it; the fixture is saved under --out. `--drop-assumption NAME` hunts outside one
 * assumption (is it necessary?), `--map P1,P2` draws verdicts over two parameters, `--replay FILE`
 * re-checks a saved fixture. Exit codes: 0 no counterexample (every map cell not a fail), 1 a
 * certified counterexample (in every mode), 2 bad input.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkInstance } from '../engine/check.ts';
import { loadClaimFile } from '../engine/load.ts';
import type { Theorem } from '../engine/theorem.ts';
import { InputError, describe } from '../errors.ts';
import { huntClaim, type HuntCounterexample, type HuntEvent, type HuntResult } from '../hunt/hunt.ts';
import { huntMap, type HuntMap } from '../hunt/map.ts';
import { regionOf } from '../hunt/region.ts';
import { huntCheckOptions } from '../hunt/starts.ts';
import type { ParameterValue } from '../instances/space.ts';
import { renderHuntHtml } from '../report/hunt-html.ts';
import { counterexampleJson } from '../report/replay.ts';
import { instanceLine } from '../report/text.ts';
import { displayDir } from '../report/write.ts';
import { catalogue } from '../../theorems/index.ts';
import { readJsonFile } from '../io/json.ts';
import { outDirProblem, writeFileAtomic } from '../io/atomic-dir.ts';
import { intFlag, parse } from './args.ts';
import { MAX_INSTANCES, seedFlag } from './limits.ts';
import { createProgress, type Progress } from './progress.ts';
import { maxOf } from '../linalg/vector.ts';

type Out = (line: string) => void;

function positiveNumber(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(v) || v <= 0)
    throw new InputError(flag, `expected a positive number, got ${JSON.stringify(value)}`);
  return v;
}

/** Longest --minutes: a day. */
const MAX_MINUTES = 24 * 60;

/**
 * The --out directory, checked before the budget is spent (a hunt that ran for minutes must not
 * fail at its last write). Its files are written one by one, each atomically, beside whatever
 * else is there (earlier hunts' fixtures), so it is not replaced whole as a report directory is.
 */
function checkOutDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError('--out', `${dir} is an existing file, not a directory`);
  const problem = outDirProblem(dir, () => true);
  if (problem) throw new InputError('--out', problem);
}

/** "P1,P2". */
function mapAxes(text: string): [string, string] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length !== 2) throw new InputError('--map', `expected two parameters "P1,P2" (e.g. depth,lambda), got ${JSON.stringify(text)}`);
  return [parts[0], parts[1]];
}

/** "12x12". */
function gridSize(text: string | undefined): [number, number] {
  if (text === undefined) return [12, 12];
  const m = /^(\d+)x(\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1 || Number(m[1]) > 40 || Number(m[2]) > 40)
    throw new InputError('--grid', `expected AxB with 1 <= A, B <= 40 (e.g. 12x12), got ${JSON.stringify(text)}`);
  return [Number(m[1]), Number(m[2])];
}

/** "K=4,bias=true,profile=step": numbers, booleans or words. */
function atValues(text: string | undefined): Record<string, ParameterValue> {
  if (text === undefined) return {};
  const out: Record<string, ParameterValue> = {};
  for (const part of text.split(',').filter((s) => s.trim())) {
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) throw new InputError('--at', `expected NAME=VALUE[,NAME=VALUE...], got ${JSON.stringify(part)}`);
    const v = m[2];
    out[m[1]] = v === 'true' ? true : v === 'false' ? false : Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}

/** "lambda=0.01:0.5,depth=1:4". */
function rangeValues(text: string | undefined): Record<string, [number, number]> {
  if (text === undefined) return {};
  const out: Record<string, [number, number]> = {};
  for (const part of text.split(',').filter((s) => s.trim())) {
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*([^:]+):(.+?)\s*$/.exec(part);
    const lo = m ? Number(m[2]) : NaN;
    const hi = m ? Number(m[3]) : NaN;
    if (!m || !Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo))
      throw new InputError('--range', `expected NAME=LO:HI with LO < HI, got ${JSON.stringify(part)}`);
    out[m[1]] = [lo, hi];
  }
  return out;
}

const fmt = (x: number | undefined, d = 10) => (x === undefined ? '?' : Number.isFinite(x) ? x.toPrecision(d) : String(x));
const sci = (x: number) => (Number.isFinite(x) ? x.toExponential(1) : String(x));
const seconds = (s: number) => (s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

/** The text of the progress bar: instances, fails, inconclusive, best violation, what is left. */
function barText(p: Extract<HuntEvent, { type: 'instance' }>['progress']): string {
  const best = p.best === Infinity ? 'a fail' : Number.isFinite(p.best) ? `10^${p.best.toFixed(1)} of a fail` : 'none yet';
  const left = Number.isFinite(p.secondsLeft) ? `${seconds(p.secondsLeft)} left` : `${p.instancesLeft} instances left`;
  return `[hunt] ${p.instances} instances, ${p.fail} fail, ${p.inconclusive} inconclusive, best violation ${best}, ${left}`;
}

/** File names of a hunt's outputs: <claim>[-without-NAME]. */
function stem(claim: string, dropped?: string): string {
  return `${claim}${dropped ? `-without-${dropped}` : ''}`;
}

/** Saves the counterexample's fixture and its plain instance; returns the replay commands. */
function saveCounterexample(c: HuntCounterexample, k: number, dir: string): { fixture: string; instance: string; replay: string; check: string | null } {
  const name = `${stem(c.claim, c.droppedAssumption)}-${k}.json`;
  const fixture = path.join(dir, 'counterexamples', name);
  const instance = path.join(dir, 'instances', name);
  writeFileAtomic(
    fixture,
    JSON.stringify(c.fixture, null, 1).replace(/\[\s+([^[\]{}"]*?)\s+\]/g, (_m, inner: string) => `[${inner.split(/\s*,\s*/).join(', ')}]`) + '\n',
  );
  writeFileAtomic(instance, counterexampleJson({ instance: c.instance }));
  const replay = `npx ncverify hunt ${c.claim} --replay ${displayDir(fixture)}`;
  const check =
    c.plainCheck && !c.droppedAssumption ? `npx ncverify check ${c.claim} --instance ${displayDir(instance)} --seed ${c.seed} --index ${c.index}` : null;
  return { fixture: displayDir(fixture), instance: displayDir(instance), replay, check };
}

function counterexampleLines(c: HuntCounterexample, saved: ReturnType<typeof saveCounterexample>, out: Out): void {
  out('');
  out(`Counterexample (${c.kind}) after ${c.found} instance${c.found === 1 ? '' : 's'} (${c.phase} phase${c.why ? `: ${c.why}` : ''})`);
  out(
    `{ seed: ${c.seed}, path: "${c.path}", endOnFailure: true }${c.fastCheck ? `   (fast-check: { seed: ${c.fastCheck.seed}, path: "${c.fastCheck.path}" }, ${c.fastCheck.shrinks} shrinks)` : ''}`,
  );
  out(`Counterexample: ${JSON.stringify(c.instance)}`);
  out(
    `Shrunk ${c.shrink.steps.length} time(s) (${c.shrink.checks} re-checks, each judged again by the engine${c.certificate ? ' on a fresh certified solve' : ''}; stopped: ${c.shrink.stoppedBy})${c.shrink.steps.length ? `: ${c.shrink.steps.join('; ')}` : ''}`,
  );
  out(`  from ${JSON.stringify(c.shrunkFrom)}`);
  if (c.objective !== undefined && c.claimedOptimum !== undefined) {
    out(
      `  f = ${fmt(c.objective)} against the claimed optimum ${fmt(c.claimedOptimum)} (${c.objective < c.claimedOptimum ? `below it by ${sci(c.claimedOptimum - c.objective)}` : `above it by ${sci(c.objective - c.claimedOptimum)}`})`,
    );
  }
  if (c.certificate)
    out(
      `  certificate: |grad| = ${sci(c.certificate.gradNorm)}, min Hessian eigenvalue ${sci(c.certificate.minHessianEig)} (${c.certificate.stationarity})${c.deciding ? `; found from start ${c.deciding.start} (${c.deciding.kind})` : ''}`,
    );
  out(`  ${c.reason}`);
  if (c.corroboration) {
    const k = c.corroboration;
    out(
      `  and a solve of it: best certified point f = ${fmt(k.objective)} (${k.stationarity}, |grad| = ${sci(k.gradNorm)}), ${k.objective > k.claimedOptimum ? 'above' : 'not above'} the claimed optimum ${fmt(k.claimedOptimum)}`,
    );
  }
  out(`Saved ${saved.fixture} (fixture) and ${saved.instance} (instance)`);
  out(`Replay: ${saved.replay}`);
  if (saved.check) out(`        ${saved.check}`);
}

/** What a drop-assumption hunt shows. */
export function necessityLine(r: HuntResult, thm: Theorem): string {
  const name = r.droppedAssumption!;
  const expr = thm.assumptions[name];
  if (r.counterexamples.length > 0) return `${name} (${expr}) is necessary: a certified counterexample outside it (${r.counterexamples[0].kind})`;
  if (r.summary.instances === 0 && r.summary.undefinedPredictions > 0) {
    return `${name} (${expr}): the claim's predictions are not real numbers outside it (${r.summary.undefinedPredictions} instances): the statement needs it, no counterexample can be shown`;
  }
  return `${name} (${expr}): no counterexample in ${r.summary.instances} instances outside it; it may be superfluous (not proved)`;
}

async function theoremFor(id: string | undefined, theorems: unknown): Promise<Theorem> {
  if (id === undefined) throw new InputError('ncverify hunt', 'name one claim id (see `ncverify list`)');
  const cat = typeof theorems === 'string' ? catalogue.with(await loadClaimFile(theorems), theorems) : catalogue;
  return cat.theorem(id, 'hunt');
}

export async function huntCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      minutes: { type: 'string' },
      budget: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      'drop-assumption': { type: 'string' },
      map: { type: 'string' },
      grid: { type: 'string' },
      at: { type: 'string' },
      range: { type: 'string' },
      replay: { type: 'string' },
      theorems: { type: 'string' },
      'shrink-checks': { type: 'string' },
    },
    'hunt',
  );
  if (positionals.length > 1) throw new InputError('ncverify hunt', `name one claim id, got ${positionals.length}: ${positionals.join(' ')}`);
  if (typeof values.replay === 'string') return replay(values.replay, positionals[0], values.theorems, Boolean(values.json), out);
  const thm = await theoremFor(positionals[0], values.theorems);
  const seed = seedFlag(values.seed, 1);
  const dir = path.resolve(typeof values.out === 'string' ? values.out : 'reports/hunt');
  const minutes = positiveNumber(values.minutes, '--minutes');
  const budget = intFlag(values.budget, '--budget', 1);
  if (budget !== undefined && budget > MAX_INSTANCES)
    throw new InputError(
      '--budget',
      `at most ${MAX_INSTANCES} instances (each is a certified multistart solve), got ${budget}: use --minutes for a longer hunt`,
    );
  if (minutes !== undefined && minutes > MAX_MINUTES) throw new InputError('--minutes', `at most ${MAX_MINUTES} (24 hours), got ${minutes}`);
  checkOutDir(dir);
  if (minutes !== undefined && budget !== undefined) throw new InputError('--budget', 'give --minutes M or --budget N, not both');
  const json = Boolean(values.json);
  if (typeof values.map === 'string') {
    if (values['drop-assumption'] !== undefined) throw new InputError('--map', "maps are drawn inside the claim's assumptions: drop --drop-assumption");
    return map(
      thm,
      {
        axes: mapAxes(values.map),
        grid: gridSize(values.grid as string | undefined),
        at: atValues(values.at as string | undefined),
        ranges: rangeValues(values.range as string | undefined),
        seed,
        seconds: minutes !== undefined ? minutes * 60 : undefined,
      },
      dir,
      json,
      out,
    );
  }
  for (const f of ['grid', 'at', 'range'] as const) if (values[f] !== undefined) throw new InputError(`--${f}`, 'only with --map');
  const dropped = typeof values['drop-assumption'] === 'string' ? values['drop-assumption'] : undefined;
  const region = regionOf(thm, dropped);
  const secondsBudget = budget === undefined ? (minutes ?? 3) * 60 : undefined;
  const shrinkChecks = intFlag(values['shrink-checks'], '--shrink-checks', 0);
  if (!json) out(`${thm.id}: hunting ${region.description} for ${budget !== undefined ? `${budget} instances` : seconds(secondsBudget!)}, seed ${seed}`);
  const progress: Progress | null = json
    ? null
    : createProgress(budget ?? 0, out, { text: (done) => (lastProgress ? barText(lastProgress) : `[hunt] ${done} instances`) });
  let lastProgress: Extract<HuntEvent, { type: 'instance' }>['progress'] | null = null;
  const onEvent = (e: HuntEvent) => {
    if (!progress) return;
    if (e.type === 'phase') progress.line(`${e.phase}: ${e.detail}`);
    if (e.type === 'instance') {
      lastProgress = e.progress;
      progress.line(`${e.phase.padEnd(8)} ${instanceLine({ ...e.result, index: e.number })}`);
      progress.tick();
    }
    if (e.type === 'shrink' && e.attempt.verdict !== 'outside')
      progress.line(`  shrink ${e.attempt.taken ? 'TAKEN ' : 'kept  '} ${e.attempt.step}: ${e.attempt.verdict}${e.attempt.kind ? ` (${e.attempt.kind})` : ''}`);
  };
  const r = huntClaim(thm, {
    seed,
    instances: budget,
    seconds: secondsBudget,
    dropAssumption: dropped,
    onEvent,
    ...(shrinkChecks !== undefined ? { shrinkChecks } : {}),
  });
  progress?.done();
  const saved = r.counterexamples.map((c, k) => saveCounterexample(c, k + 1, dir));
  const payload = {
    claim: r.claim,
    summary: r.summary,
    counterexamples: r.counterexamples.map((c, k) => ({
      instance: c.instance,
      shrunkFrom: c.shrunkFrom,
      kind: c.kind,
      objective: c.objective ?? null,
      claimedOptimum: c.claimedOptimum ?? null,
      replay: saved[k].replay,
      checkReplay: saved[k].check,
      fixture: saved[k].fixture,
      seed: c.seed,
      path: c.path,
      fastCheck: c.fastCheck ?? null,
      reason: c.reason,
      phase: c.phase,
      why: c.why ?? null,
      shrink: c.shrink,
      deciding: c.deciding,
      certificate: c.certificate,
      corroboration: c.corroboration ?? null,
    })),
    seed: r.seed,
    budget: r.budget,
    region: r.region,
    ...(dropped ? { droppedAssumption: dropped, necessity: necessityLine(r, thm) } : {}),
    phases: r.phases,
    stoppedBy: r.stoppedBy,
    best: r.best,
    errors: r.errors,
    space: r.space,
    seconds: r.seconds,
  };
  const file = path.join(dir, `${stem(thm.id, dropped)}.json`);
  writeFileAtomic(file, JSON.stringify(payload, jsonSafe, 1) + '\n');
  if (json) {
    out(JSON.stringify(payload, jsonSafe, 1));
    return r.counterexamples.length > 0 ? 1 : 0;
  }
  r.counterexamples.forEach((c, k) => counterexampleLines(c, saved[k], out));
  out('');
  const s = r.summary;
  out(
    `${thm.id}: ${s.instances} instances (${r.phases.edges} edge, ${r.phases.adaptive} adaptive, ${r.phases.random} from the arbitrary) in ${seconds(r.seconds)}: ${s.fail} fail, ${s.inconclusive} inconclusive, ${s.pass} pass` +
      `${s.outside ? `; ${s.outside} generated outside the region (not solved)` : ''}${s.undefinedPredictions ? `; ${s.undefinedPredictions} with undefined predictions (not solved)` : ''}${s.errors ? `; ${s.errors} errors` : ''}; stopped: ${r.stoppedBy}`,
  );
  if (r.counterexamples.length === 0) {
    out(
      dropped
        ? necessityLine(r, thm)
        : `no counterexample in ${s.instances} instances${r.best ? `; closest: ${r.best.summary} (violation 10^${r.best.score.toFixed(1)} of a fail)` : ''}`,
    );
  } else if (dropped) out(necessityLine(r, thm));
  for (const e of r.errors) out(`  error on ${JSON.stringify(e.instance)}: ${e.message}`);
  out(`wrote ${displayDir(file)}`);
  return r.counterexamples.length > 0 ? 1 : 0;
}

async function map(thm: Theorem, options: Parameters<typeof huntMap>[1], dir: string, json: boolean, out: Out): Promise<number> {
  const progress = json ? null : createProgress(0, out, { text: (done) => `[map] ${done} cells solved or skipped` });
  if (!json) out(`${thm.id}: verdicts over ${options.axes.join(' x ')} (grid ${options.grid?.join('x') ?? '12x12'}), seed ${options.seed ?? 1}`);
  const m = huntMap(thm, { ...options, onCell: () => progress?.tick() });
  progress?.done();
  const base = `${thm.id}-map-${m.x.name}-${m.y.name}`;
  const file = path.join(dir, `${base}.json`);
  writeFileAtomic(file, JSON.stringify({ claim: thm.id, map: m }, jsonSafe, 1) + '\n');
  const html = path.join(dir, `${base}.html`);
  writeFileAtomic(html, await renderHuntHtml({ title: `${thm.id}: verdicts over ${m.x.name} x ${m.y.name}`, claim: thm, maps: [m] }));
  if (json) out(JSON.stringify({ claim: thm.id, map: m }, jsonSafe, 1));
  else {
    for (const line of mapText(m)) out(line);
    out(
      `${m.counts.pass} pass, ${m.counts.fail} fail, ${m.counts.inconclusive} inconclusive, ${m.counts.skipped} skipped${m.unsolved ? `, ${m.unsolved} not solved (time budget)` : ''} in ${seconds(m.seconds)}; predicted boundary between ${m.boundary.length} cell pairs`,
    );
    out(`wrote ${displayDir(file)}, ${displayDir(html)}`);
  }
  return m.counts.fail > 0 ? 1 : 0;
}

/** The map as rows of letters (P pass, F fail, I inconclusive, . skipped), y growing upwards, `|` on the predicted boundary. */
export function mapText(m: HuntMap): string[] {
  const cell = (i: number, j: number) => m.cells.find((c) => c.i === i && c.j === j);
  const letter = { pass: 'P', fail: 'F', inconclusive: 'I', skipped: '.' } as const;
  const v = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(2));
  const width = maxOf(m.y.values.map((y) => v(y).length));
  const lines = [`${m.y.name} \\ ${m.x.name}`];
  for (let j = m.y.values.length - 1; j >= 0; j--) {
    let row = `${v(m.y.values[j]).padStart(width)}  `;
    m.x.values.forEach((_, i) => {
      const c = cell(i, j);
      const edge = i > 0 && m.boundary.some((b) => b.j === j && b.j2 === j && Math.min(b.i, b.i2) === i - 1);
      row += `${edge ? '|' : ' '}${c ? letter[c.verdict] : '?'}`;
    });
    lines.push(row);
  }
  lines.push(`${' '.repeat(width + 2)}${m.x.values.map((x, i) => (i % 3 === 0 ? v(x).padEnd(6) : '')).join('')}`);
  return lines;
}

async function replay(file: string, id: string | undefined, theorems: unknown, json: boolean, out: Out): Promise<number> {
  // Strict JSON (src/io/json.ts): a duplicate key or a syntax error names the file and line.
  const raw = readJsonFile(file);
  const fx = raw as { claim?: unknown; instance?: unknown; seed?: unknown; starts?: unknown; dropAssumption?: unknown };
  if (!fx || typeof fx.claim !== 'string')
    throw new InputError(`${file}.claim`, `expected the claim id of a counterexample fixture, got ${describe(fx?.claim)}`);
  if (id !== undefined && id !== fx.claim) throw new InputError(file, `is a fixture of ${fx.claim}, not ${id}`);
  if (typeof fx.seed !== 'number' || !Number.isInteger(fx.seed) || fx.seed < 0)
    throw new InputError(`${file}.seed`, `expected the solver seed (an integer >= 0), got ${describe(fx.seed)}`);
  if (fx.starts !== undefined && fx.starts !== 'hunt') throw new InputError(`${file}.starts`, `expected "hunt" or nothing, got ${describe(fx.starts)}`);
  const thm = await theoremFor(fx.claim, theorems);
  const region = regionOf(thm, typeof fx.dropAssumption === 'string' ? fx.dropAssumption : undefined);
  // The instance through the problem's own parser, so a malformed one is an error naming its field.
  const instance = thm.problem.parse(fx.instance, `${file}.instance`);
  const options = fx.starts === 'hunt' ? huntCheckOptions(region.target, fx.seed) : { seed: fx.seed };
  const r = checkInstance(region.target, instance, 0, options);
  if (json)
    out(
      JSON.stringify(
        { claim: thm.id, replayed: file, starts: fx.starts ?? 'random', ...(region.dropped ? { droppedAssumption: region.dropped } : {}), result: r },
        jsonSafe,
        1,
      ),
    );
  else {
    out(
      `${thm.id}${region.dropped ? ` without ${region.dropped}` : ''}: replaying ${file} (solver seed ${fx.seed}, ${fx.starts === 'hunt' ? "the hunt's starts" : "check's random starts"})`,
    );
    out(instanceLine(r));
  }
  return r.verdict === 'fail' ? 1 : 0;
}

function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v instanceof Float64Array) return Array.from(v);
  return v;
}
