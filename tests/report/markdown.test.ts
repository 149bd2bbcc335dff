import { describe, expect, it } from 'vitest';
import { MARKDOWN_BUDGET, renderMarkdown } from '../../src/report/markdown.ts';
import type { Report } from '../../src/report/report.ts';
import { countVerdicts } from '../../src/engine/verdict.ts';
import { sampleReport } from './sample-report.ts';
import { FAILS_INSIDE } from '../../src/report/hunt-sections.ts';
import { renderHtml } from '../../src/report/html.ts';

const report = sampleReport();

describe('Markdown summary', () => {
  it('lists every claim with its counts, every fail with its instance and replay command', () => {
    const md = renderMarkdown(report, { reportDir: 'reports/latest' });
    expect(md).toContain('| `zhu2021.landscape` | Zhu et al. 2021, Thm 3.2 | 1 | 0 | 1 | 1 | 5/6 (1 unchecked) **not all checked** |');
    expect(md).toContain('**fail on #0**');
    expect(md).toContain(
      'Replay: `npx ncverify check zhu2021.global-overstated --instance reports/latest/counterexamples/zhu2021.global-overstated-0.json --seed 11 --index 0`',
    );
    expect(md).toContain('NOT rejected: `zhu2021.landscape` a variant that survives');
  });

  it('warns beside a necessity table that "necessary" means little when the claim fails inside its assumptions too', async () => {
    // The sample's necessity table belongs to zhu2021.global-overstated, which has a fail.
    const owner = report.claims.find((c) => c.claim === report.necessity![0].claim)!;
    expect(owner.summary.fail).toBeGreaterThan(0);
    expect(renderMarkdown(report).split(FAILS_INSIDE)).toHaveLength(2);
    expect((await renderHtml(report)).split(FAILS_INSIDE.replace(/"/g, '&quot;'))).toHaveLength(2);
    // The same table under a claim without a fail: no warning.
    const passing: Report = { ...report, claims: report.claims.map((c) => (c === owner ? { ...c, summary: { ...c.summary, fail: 0 } } : c)) };
    expect(renderMarkdown(passing)).not.toContain(FAILS_INSIDE);
    expect(await renderHtml(passing)).not.toContain(FAILS_INSIDE.replace(/"/g, '&quot;'));
  });

  it('stays under the 1 MiB job-summary limit however large the run, saying what it left out', () => {
    // 4000 copies of each claim's instances: a full listing would be several MiB.
    const big: Report = {
      ...report,
      claims: report.claims.map((c) => {
        const results = Array.from({ length: 4000 }, (_, i) => c.results.map((r) => ({ ...r, index: i }))).flat();
        return { ...c, results, summary: countVerdicts(results) };
      }),
    };
    const md = renderMarkdown(big);
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(MARKDOWN_BUDGET);
    expect(MARKDOWN_BUDGET).toBeLessThan(1024 * 1024);
    expect(md).toMatch(/left out|Compact rendering/);
    // The summary table survives any truncation.
    expect(md).toContain('| `zhu2021.landscape` | Zhu et al. 2021, Thm 3.2 | 4000 | 0 | 4000 | 4000 | 5/6 (1 unchecked) **not all checked** |');
  });
});
