/**
 * report.json: the source of truth of a run. Every other format (Markdown, HTML, JUnit) is
 * rendered from it. Versioned: bump REPORT_SCHEMA on any incompatible change.
 */
import type { ClaimResult, VerdictCounts } from '../core/verdict.ts';
import type { MutateResult } from '../core/mutate.ts';
import type { Provenance } from './provenance.ts';

export const REPORT_SCHEMA = 'ncverify/report@1';

export interface Report {
  readonly schema: typeof REPORT_SCHEMA;
  readonly suite: string;
  readonly provenance: Provenance;
  readonly claims: readonly ClaimResult[];
  readonly mutations: readonly MutateResult[];
  readonly totals: VerdictCounts & { instances: number; instancesPerMinute: number };
}

export function buildReport(suite: string, prov: Provenance, claims: ClaimResult[], mutations: MutateResult[]): Report {
  const totals = { pass: 0, fail: 0, inconclusive: 0, skipped: 0, instances: 0, instancesPerMinute: 0 };
  for (const c of claims) {
    for (const k of ['pass', 'fail', 'inconclusive', 'skipped'] as const) totals[k] += c.summary[k];
    totals.instances += c.results.length;
  }
  const certified = totals.pass + totals.fail;
  totals.instancesPerMinute = prov.durationSeconds > 0 ? (60 * certified) / prov.durationSeconds : 0;
  return { schema: REPORT_SCHEMA, suite, provenance: prov, claims, mutations, totals };
}

/** JSON with non-finite numbers kept readable (JSON has no NaN/Infinity). */
export function reportToJson(report: Report): string {
  return JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1);
}
