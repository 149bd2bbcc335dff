/**
 * Threshold and asymptotic studies inside a run: they land in report.json with a verdict, and
 * every format renders them (Markdown tables, an HTML phase diagram, JUnit testcases whose
 * failures carry the evidence).
 */
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/run/plan.ts';
import { catalogue } from '../../theorems/index.ts';
import { InputError } from '../../src/errors.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';

describe('studies in a run', () => {
  const report = runPlan('studies', { claims: [], mutate: false, studies: ['hongling2024.cor4.switch', 'seli2022.ridge-limit'] }, { seed: 1 });

  it('runs each study with a verdict; the threshold study carries its phase series', () => {
    expect(report.studies?.map((s) => [s.claim, s.kind, s.verdict])).toEqual([
      ['hongling2024.cor4.switch', 'threshold', 'pass'],
      ['seli2022.ridge-limit', 'asymptotic', 'pass'],
    ]);
    const cor4 = report.studies![0];
    expect(cor4.threshold!.length).toBeGreaterThanOrEqual(6);
    for (const r of cor4.threshold!) expect(Math.abs(r.measured - r.predicted)).toBeLessThanOrEqual(2 * (r.hi - r.lo) + 1e-12 * r.predicted);
    expect(cor4.phase!.points.length).toBe(cor4.threshold!.length);
  });

  it('renders the studies in Markdown, HTML (phase diagram) and JUnit', async () => {
    expect(renderMarkdown(report)).toMatch(/## Study `hongling2024\.cor4\.switch` \(threshold\): pass/);
    const html = await renderHtml(report);
    expect(html).toContain('id="studies"');
    expect(html).toMatch(/class="figure fig-phase"><svg/);
    const junit = renderJunit(report);
    expect(junit).toContain('name="hongling2024.cor4.switch threshold study"');
    expect(junit).not.toContain('<failure');
  });

  it('a study that disagrees is a JUnit failure with its numbers', () => {
    const cor4 = report.studies![0];
    const bad = {
      ...cor4,
      verdict: 'fail' as const,
      threshold: [{ ...cor4.threshold![0], outcome: 'disagree' as const, detail: 'measured 1.5 vs predicted 1.41' }],
    };
    const junit = renderJunit({ ...report, studies: [bad] });
    expect(junit).toMatch(/<failure message="measured 1\.5 vs predicted 1\.41" type="threshold-study">/);
  });

  it('names an unknown study', () => {
    expect(catalogue.studies.map((s) => s.id)).toEqual(expect.arrayContaining(['hongling2024.cor4.switch', 'hongling2024.thm5', 'seli2022.ridge-limit']));
    expect(() => catalogue.study('zhu2021.nothing')).toThrow(InputError);
    expect(() => catalogue.study('hongling2024.cor4')).toThrow(/is a global-minimiser claim.*its threshold study is hongling2024\.cor4\.switch/);
  });
});
