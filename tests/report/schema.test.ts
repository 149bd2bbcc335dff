/**
 * report.schema.json is generated from the `Report` type (tests/report/report-schema.ts): the
 * committed file must equal what the types give today, and real reports must validate against
 * it (the generator once resolved `Provenance['machine']` to the whole Provenance, which only a
 * real report showed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport, reportToJson } from '../../src/report/report.ts';
import { validateReport } from '../../src/report/schema.ts';
import { generateReportSchema, SCHEMA_FILE } from './report-schema.ts';
import { sampleReport } from './sample-report.ts';

describe('report.schema.json', () => {
  it('is the schema the TypeScript types give (npm run build:schema rewrites it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generateReportSchema());
  }, 60_000);

  it('accepts a report the code writes, and refuses it with one field changed', () => {
    const report = sampleReport();
    const back = parseReport(reportToJson(report), 'sample.json');
    expect(back.claims.length).toBe(report.claims.length);
    const raw = JSON.parse(reportToJson(report));
    raw.claims[0].results[0].verdict = 'maybe';
    expect(() => validateReport(raw, 'r.json')).toThrow(
      /r\.json\.claims\[0\]\.results\[0\]\.verdict: must be one of "pass", "fail", "inconclusive", "skipped", got "maybe"/,
    );
  });
});
