/**
 * report.json: the source of truth of a run. Every other format (Markdown, HTML, JUnit) is
 * rendered from it. Versioned: bump REPORT_SCHEMA on any incompatible change; fields added
 * since @1 are optional (`formulas`, `citation`, `phase`, `gram`, `shard`, `plan`,
 * `provenance.shards`, `clauses`, `necessity`, `maps`, starts' `kind` and `escapes`), so every
 * @1 file stays readable.
 */
import { parseJson, readTextFile } from '../io/json.ts';
import type { ClaimResult, InstanceResult, VerdictCounts } from '../engine/verdict.ts';
import type { MutateResult } from '../engine/mutate.ts';
import { InputError } from '../errors.ts';
import { validateReport } from './schema.ts';
import type { ClaimFormulas } from './formulas.ts';
import { compactJson } from './json-format.ts';
import type { PhaseSeries } from './figures/phase.ts';
import type { Provenance } from './provenance.ts';
import type { StudyResult } from '../engine/studies.ts';
import type { PracticeSection } from './practice/section.ts';
import type { ClauseRecord } from '../engine/clauses.ts';
import type { HuntMap } from '../hunt/map.ts';
import type { NecessityResult } from '../hunt/necessity.ts';

export const REPORT_SCHEMA = 'ncverify/report@1';

/** A claim's results as carried in a report: the engine's ClaimResult plus what a reader needs. */
export interface ReportClaim extends ClaimResult {
  /** The paper's full citation. */
  readonly citation?: string;
  /** The assumptions and predictions as LaTeX (and their mathjs source). */
  readonly formulas?: ClaimFormulas;
  /** Threshold claims: the measured switch against the predicted curve (drawn as a phase diagram). */
  readonly phase?: readonly PhaseSeries[];
  /** Every clause of the claim's catalogue text with what checks it (src/engine/clauses.ts). */
  readonly clauses?: readonly ClauseRecord[];
}

/** A failure map the run drew (`ncverify hunt --map`): which claim, over which two parameters. */
export interface MapPlan {
  readonly claim: string;
  readonly axes: readonly [string, string];
  readonly grid: readonly [number, number];
  /** Values of other parameters over the base point. */
  readonly at?: Readonly<Record<string, number | string | boolean>>;
  readonly ranges?: Readonly<Record<string, readonly [number, number]>>;
}

/** Which slice of a run a report holds: shard `index` of `count` (1-based, as in `--shard 2/4`). */
export interface ShardInfo {
  readonly index: number;
  readonly count: number;
}

/** What the run was asked to do, so `merge` can verify that the shards cover it exactly. */
export interface RunPlan {
  readonly claims: readonly { readonly id: string; readonly instances: number }[];
  readonly mutate: boolean;
  /** Threshold and asymptotic studies (ids), run after the planted variants. */
  readonly studies?: readonly string[];
  /** Training experiments (src/practice/suite.ts ids), run last; only the practice suite has them. */
  readonly practice?: readonly string[];
  /** An assumption-necessity table per claim (src/hunt/necessity.ts) from this many instances per assumption. */
  readonly necessity?: { readonly instances: number };
  /** Failure maps, drawn after the necessity tables. */
  readonly maps?: readonly MapPlan[];
}

/**
 * Verdict counts of a run and its throughput. `instancesPerMinute` = `certifiedInstances` per
 * minute of `checkSeconds`: instances decided by a certified solve (every `pass`, and every `fail`
 * whose counterexample is a solver point: below the optimum, a violated structure at a certified
 * minimiser, a spurious certified minimum; not fails decided before any solve, such as a closed
 * form that is not a real number) over the wall time spent checking instances (the claims'
 * checks, without the planted-variant runs; in a merged report, summed over the shards).
 * Construction claims (no solve) count in the verdicts only.
 */
export interface RunTotals extends VerdictCounts {
  instances: number;
  instancesPerMinute: number;
  /** Absent in reports written before it existed. */
  certifiedInstances?: number;
  /** Absent in reports written before it existed. */
  checkSeconds?: number;
}

/** Counterexample kinds that come from a solver point (the others are decided before any solve). */
const SOLVED_FAIL_KINDS = new Set(['below-optimum', 'structure', 'spurious-minimum']);

export interface Report {
  readonly schema: typeof REPORT_SCHEMA;
  readonly suite: string;
  readonly provenance: Provenance;
  readonly claims: readonly ReportClaim[];
  readonly mutations: readonly MutateResult[];
  readonly totals: RunTotals;
  /** Present on a shard's report; absent on an unsharded or merged one. */
  readonly shard?: ShardInfo;
  readonly plan?: RunPlan;
  /** Threshold and asymptotic studies of the run (absent when it ran none). */
  readonly studies?: readonly StudyResult[];
  /** Networks trained and compared with the claims (`--suite practice` only; absent otherwise). */
  readonly practice?: PracticeSection;
  /** Assumption-necessity tables, one per theorem of the plan (absent when the plan has none). */
  readonly necessity?: readonly NecessityResult[];
  /** Failure maps (absent when the plan draws none). */
  readonly maps?: readonly ReportMap[];
  /** Present when the time budget (`--timeout`) ran out before everything was decided. */
  readonly stopped?: StoppedRun;
}

/** What a run stopped by its time budget left undecided (the rest of the report is what it decided). */
export interface StoppedRun {
  readonly reason: 'timeout';
  readonly budgetSeconds: number;
  /** Instances reported inconclusive with `stoppedBy: 'timeout'`. */
  readonly undecidedInstances: number;
  /** Planted variants not decided (named in each MutateResult's `notRun`). */
  readonly variantsNotRun: number;
  /** Study ids not run. */
  readonly studiesNotRun: readonly string[];
}

/** A failure map in a report: the hunt's map and which entry of the plan's `maps` drew it. */
export type ReportMap = HuntMap & { readonly planIndex?: number };

/** Points kept of each convergence curve in a report, and their significant digits: enough to draw it. */
export const CONVERGENCE_POINTS = 120;
const CONVERGENCE_DIGITS = 4;

/**
 * A result with its convergence curve thinned to at most CONVERGENCE_POINTS points (evenly
 * spaced iterations, the first and last always kept) at 4 significant digits, the kept
 * iteration numbers in `convergenceIterations`. Idempotent, so merging thinned shards thins
 * nothing further. The full curve of an instance is one `ncverify solve` away.
 */
export function thinConvergence(r: InstanceResult): InstanceResult {
  const h = r.convergence;
  if (!h || h.length === 0) return r;
  const its = r.convergenceIterations ?? h.map((_, i) => i);
  const keep: number[] = [];
  const stride = Math.max(1, Math.ceil(h.length / (CONVERGENCE_POINTS - 1)));
  for (let i = 0; i < h.length; i += stride) keep.push(i);
  if (keep[keep.length - 1] !== h.length - 1) keep.push(h.length - 1);
  const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(CONVERGENCE_DIGITS)) : x);
  return {
    ...r,
    convergence: keep.map((i) => [round(h[i][0]), round(h[i][1])] as [number, number]),
    convergenceIterations: keep.map((i) => its[i]),
  };
}

export function buildReport(
  suite: string,
  prov: Provenance,
  claims: ReportClaim[],
  mutations: MutateResult[],
  extra: {
    shard?: ShardInfo;
    plan?: RunPlan;
    studies?: readonly StudyResult[];
    necessity?: readonly NecessityResult[];
    maps?: readonly ReportMap[];
    stopped?: StoppedRun;
  } = {},
): Report {
  const totals: RunTotals = { pass: 0, fail: 0, inconclusive: 0, skipped: 0, instances: 0, instancesPerMinute: 0, certifiedInstances: 0, checkSeconds: 0 };
  let certified = 0;
  let checkSeconds = 0;
  for (const c of claims) {
    for (const k of ['pass', 'fail', 'inconclusive', 'skipped'] as const) totals[k] += c.summary[k];
    totals.instances += c.results.length;
    // A construction claim runs an algorithm and measures it: no solve, nothing certified.
    if (c.kind === 'construction') continue;
    certified += c.results.filter((r) => r.verdict === 'pass' || (r.verdict === 'fail' && SOLVED_FAIL_KINDS.has(r.counterexample?.kind ?? ''))).length;
    checkSeconds += c.seconds;
  }
  totals.certifiedInstances = certified;
  totals.checkSeconds = checkSeconds;
  totals.instancesPerMinute = checkSeconds > 0 ? (60 * certified) / checkSeconds : 0;
  const thinned = claims.map((c) => ({ ...c, results: c.results.map(thinConvergence) }));
  const report: Report = { schema: REPORT_SCHEMA, suite, provenance: prov, claims: thinned, mutations, totals };
  return {
    ...report,
    ...(extra.plan ? { plan: extra.plan } : {}),
    ...(extra.shard ? { shard: extra.shard } : {}),
    ...(extra.studies && extra.studies.length > 0 ? { studies: extra.studies } : {}),
    ...(extra.necessity && extra.necessity.length > 0 ? { necessity: extra.necessity } : {}),
    ...(extra.maps && extra.maps.length > 0 ? { maps: extra.maps } : {}),
    ...(extra.stopped ? { stopped: extra.stopped } : {}),
  };
}

/** JSON with non-finite numbers kept readable (JSON has no NaN/Infinity), laid out by `compactJson`. */
export function reportToJson(report: Report): string {
  return (
    compactJson(report, (_k, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
      if (v instanceof Float64Array) return Array.from(v);
      return v;
    }) + '\n'
  );
}

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/**
 * Parses report.json text (the inverse of `reportToJson`: "NaN", "Infinity" and "-Infinity"
 * become numbers again). Throws InputError naming `source` when it is not an ncverify report.
 */
export function parseReport(text: string, source: string): Report {
  // Strict JSON: a duplicate key is refused (src/io/json.ts).
  const raw = parseJson(text, source, (_k, v: unknown) => (typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v));
  const r = raw as Partial<Report> | null;
  if (!r || typeof r !== 'object') throw new InputError(source, 'is not an ncverify report (expected a JSON object)');
  if (r.schema !== REPORT_SCHEMA) {
    throw new InputError(`${source}.schema`, `expected "${REPORT_SCHEMA}", got ${JSON.stringify(r.schema)} (not a report of this ncverify version)`);
  }
  // Everything else against the versioned JSON schema (src/report/schema.ts): unknown verdicts,
  // fields and claim ids are refused with the field named, before any renderer sees them.
  validateReport(r, source);
  return r as Report;
}

/** Reads and parses a report.json file. */
export function readReport(file: string): Report {
  return parseReport(readTextFile(file), file);
}
