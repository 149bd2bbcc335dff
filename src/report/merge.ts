/**
 * Merging shard reports (`ncverify merge`) into the report the unsharded run would have
 * written for the same seed: same claims in the same order, every instance once in index
 * order, the same summaries and largest deviations, the planted variants of every claim. Only
 * timings and provenance times differ. Refuses shards that are not one run (different seed,
 * suite, plan, commit or shard count) or that do not cover it exactly.
 */
import { countVerdicts, type InstanceResult } from '../engine/verdict.ts';
import type { MutateResult } from '../engine/mutate.ts';
import { InputError } from '../errors.ts';
import { maxOf } from '../linalg/vector.ts';
import type { Provenance, ShardProvenance } from './provenance.ts';
import { buildReport, type Report, type ReportClaim, type StoppedRun } from './report.ts';

interface Source {
  readonly report: Report;
  readonly name: string;
}

/** The per-check largest deviation, first maximum in index order (as the engine's claimResult). */
function largestDeviation(results: readonly InstanceResult[]): ReportClaim['largestDeviation'] {
  const largest: Record<string, { deviation: number; tolerance: number }> = {};
  for (const r of results) {
    for (const c of r.checks) {
      const cur = largest[c.name];
      if (!cur || c.deviation > cur.deviation) largest[c.name] = { deviation: c.deviation, tolerance: c.tolerance };
    }
  }
  return largest;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Merges the reports of shards 1..n of one run.
 *
 * Syntax: mergeReports([{ report, name: 'shard-1/report.json' }, ...])
 * See also: shard.ts (which units a shard runs)
 */
export function mergeReports(sources: readonly Source[]): Report {
  if (sources.length === 0) throw new InputError('ncverify merge', 'give the report.json of every shard');
  const first = sources[0];
  for (const s of sources) {
    if (!s.report.shard) throw new InputError(s.name, 'is not a shard report (written by `ncverify run --shard i/n`)');
    if (!s.report.plan) throw new InputError(s.name, 'has no run plan (written by an older ncverify); cannot verify coverage');
  }
  const count = first.report.shard!.count;
  const plan = first.report.plan!;
  const seen = new Map<number, string>();
  for (const s of sources) {
    const r = s.report;
    const differs = (what: string, a: unknown, b: unknown) => {
      if (!same(a, b)) throw new InputError(s.name, `${what} ${JSON.stringify(b)} differs from ${first.name}'s ${JSON.stringify(a)}: not shards of one run`);
    };
    differs('suite', first.report.suite, r.suite);
    differs('seed', first.report.provenance.seed, r.provenance.seed);
    differs('commit', first.report.provenance.commit, r.provenance.commit);
    differs('shard count', count, r.shard!.count);
    differs('plan', plan, r.plan);
    const dup = seen.get(r.shard!.index);
    if (dup) throw new InputError(s.name, `is shard ${r.shard!.index}/${count} again (also ${dup})`);
    seen.set(r.shard!.index, s.name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new InputError('ncverify merge', `shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);

  const bySharded = [...sources].sort((a, b) => a.report.shard!.index - b.report.shard!.index);
  const claims: ReportClaim[] = plan.claims.map(({ id, instances }) => {
    const parts = bySharded.flatMap((s) => s.report.claims.filter((c) => c.claim === id));
    if (parts.length === 0) throw new InputError('ncverify merge', `no shard reports claim ${id}`);
    const results = parts.flatMap((c) => c.results).sort((a, b) => a.index - b.index);
    const indices = results.map((r) => r.index);
    const expected = Array.from({ length: instances }, (_, i) => i);
    if (!same(indices, expected)) {
      const dupes = indices.filter((v, i) => indices.indexOf(v) !== i);
      const absent = expected.filter((i) => !indices.includes(i));
      throw new InputError(
        `claim ${id}`,
        `the shards hold instances [${indices.join(', ')}], expected 0..${instances - 1} once each` +
          (dupes.length ? `; duplicated ${dupes.join(', ')}` : '') +
          (absent.length ? `; missing ${absent.join(', ')}` : ''),
      );
    }
    return {
      ...parts[0],
      results,
      summary: countVerdicts(results),
      largestDeviation: largestDeviation(results),
      seconds: parts.reduce((t, c) => t + c.seconds, 0),
    };
  });

  const mutations: MutateResult[] = [];
  if (plan.mutate) {
    for (const { id } of plan.claims) {
      const found = bySharded.flatMap((s) => s.report.mutations.filter((m) => m.claim === id));
      if (found.length !== 1) throw new InputError('ncverify merge', `expected the planted variants of ${id} in exactly one shard, found ${found.length}`);
      mutations.push(found[0]);
    }
  }

  const provs = bySharded.map((s) => s.report.provenance);
  const shards: ShardProvenance[] = bySharded.map((s) => ({
    shard: `${s.report.shard!.index}/${count}`,
    startedAt: s.report.provenance.startedAt,
    durationSeconds: s.report.provenance.durationSeconds,
    machine: s.report.provenance.machine,
  }));
  const prov: Provenance = {
    ...provs[0],
    dirty: provs.some((p) => p.dirty),
    startedAt: provs.map((p) => p.startedAt).sort()[0],
    // The shards ran side by side: the run took as long as its slowest shard.
    durationSeconds: maxOf(provs.map((p) => p.durationSeconds)),
    shards,
  };
  // A shard stopped by its --timeout holds what it decided; the merged run is stopped too.
  const stops = bySharded.flatMap((s) => (s.report.stopped ? [s.report.stopped] : []));
  const notRun = new Set(stops.flatMap((x) => x.studiesNotRun));
  const studies = (plan.studies ?? []).flatMap((id) => {
    const found = bySharded.flatMap((s) => (s.report.studies ?? []).filter((x) => x.claim === id));
    if (found.length === 0 && notRun.has(id)) return [];
    if (found.length !== 1) throw new InputError('ncverify merge', `expected the study ${id} in exactly one shard, found ${found.length}`);
    return [found[0]];
  });
  // Necessity tables: one per theorem of the plan, each in one shard (constructions have none).
  const necessity = plan.necessity
    ? plan.claims.flatMap(({ id }) => {
        const found = bySharded.flatMap((s) => (s.report.necessity ?? []).filter((x) => x.claim === id));
        if (found.length > 1) throw new InputError('ncverify merge', `expected the necessity table of ${id} in at most one shard, found ${found.length}`);
        return found;
      })
    : [];
  const maps = (plan.maps ?? []).map((m, k) => {
    const found = bySharded.flatMap((s) => (s.report.maps ?? []).filter((x) => x.planIndex === k && x.claim === m.claim));
    if (found.length !== 1)
      throw new InputError('ncverify merge', `expected map ${k + 1} (${m.claim} over ${m.axes.join(' x ')}) in exactly one shard, found ${found.length}`);
    return found[0];
  });
  const stopped: StoppedRun | undefined =
    stops.length === 0
      ? undefined
      : {
          reason: 'timeout',
          budgetSeconds: maxOf(stops.map((x) => x.budgetSeconds)),
          undecidedInstances: stops.reduce((a, x) => a + x.undecidedInstances, 0),
          variantsNotRun: stops.reduce((a, x) => a + x.variantsNotRun, 0),
          studiesNotRun: [...notRun],
        };
  return buildReport(first.report.suite, prov, claims, mutations, { plan, studies, necessity, maps, stopped });
}
