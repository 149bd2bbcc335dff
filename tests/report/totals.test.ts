import { describe, expect, it } from 'vitest';
import type { Counterexample, InstanceResult } from '../../src/engine/verdict.ts';
import { provenance } from '../../src/report/provenance.ts';
import { buildReport, type ReportClaim } from '../../src/report/report.ts';

function result(verdict: InstanceResult['verdict'], kind?: Counterexample['kind']): InstanceResult {
  const base = { index: 0, instance: {}, summary: '', reason: '', predictions: {}, checks: [], worst: null, certificate: null, starts: [], seconds: 1 };
  if (verdict === 'fail') return { ...base, verdict, counterexample: { kind: kind ?? 'structure', message: '' } };
  // A pass needs a certificate; the totals only read the verdicts, so one is faked for the type.
  return { ...base, verdict };
}

function claim(results: InstanceResult[], seconds: number, kind = 'global-minimiser'): ReportClaim {
  const summary = { pass: 0, fail: 0, inconclusive: 0, skipped: 0 };
  for (const r of results) summary[r.verdict]++;
  return {
    claim: 'x.y',
    paper: 'p',
    section: 's',
    statement: 's',
    kind,
    status: 'theorem',
    seed: 1,
    results,
    summary,
    largestDeviation: {},
    seconds,
    citation: 'c',
    formulas: { assumptions: [], predictions: [] },
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

  it('counts construction claims in the verdicts, not as certified solves nor in the checking time', () => {
    const claims = [claim([result('pass'), result('pass')], 30), claim([result('pass'), result('fail', 'structure'), result('pass')], 90, 'construction')];
    const report = buildReport('t', provenance(1, new Date(), 600), claims, []);
    expect([report.totals.pass, report.totals.fail, report.totals.instances]).toEqual([4, 1, 5]);
    expect(report.totals.certifiedInstances).toBe(2);
    expect(report.totals.checkSeconds).toBe(30);
    expect(report.totals.instancesPerMinute).toBe(4);
  });
});
