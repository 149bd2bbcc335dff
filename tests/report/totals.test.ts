import { describe, expect, it } from 'vitest';
import type { InstanceResult } from '../../src/engine/verdict.ts';
import { provenance } from '../../src/report/provenance.ts';
import { buildReport, type ReportClaim } from '../../src/report/report.ts';

function result(verdict: InstanceResult['verdict'], kind?: NonNullable<InstanceResult['counterexample']>['kind']): InstanceResult {
  return {
    index: 0, instance: {}, summary: '', verdict, reason: '', predictions: {}, checks: [], worst: null, certificate: null, starts: [], seconds: 1,
    ...(kind ? { counterexample: { kind, message: '' } } : {}),
  };
}

function claim(results: InstanceResult[], seconds: number): ReportClaim {
  const summary = { pass: 0, fail: 0, inconclusive: 0, skipped: 0 };
  for (const r of results) summary[r.verdict]++;
  return {
    claim: 'x.y', paper: 'p', section: 's', statement: 's', kind: 'global-minimiser', status: 'theorem', seed: 1, results, summary,
    largestDeviation: {}, seconds, citation: 'c', formulas: { assumptions: [], predictions: [] },
  } as unknown as ReportClaim;
}

describe('instances certified per minute', () => {
  it('counts passes and solver-found fails over the checking time, not fails decided before a solve, nor the mutation time', () => {
    const claims = [
      claim([result('pass'), result('fail', 'structure'), result('fail', 'below-optimum'), result('inconclusive')], 30),
      claim([result('fail', 'reduction'), result('fail', 'inconsistent'), result('fail', 'spurious-minimum'), result('skipped')], 30),
    ];
    // The run took 600 s in all (planted variants included); its instances were checked in 60 s.
    const report = buildReport('t', provenance(1, new Date(), 600), claims, []);
    expect(report.totals.certifiedInstances).toBe(4);
    expect(report.totals.checkSeconds).toBe(60);
    expect(report.totals.instancesPerMinute).toBe(4);
  });
});
