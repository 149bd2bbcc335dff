import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit, xmlEscape } from '../../src/report/junit.ts';
import { failInstance, sampleReport } from './sample-report.ts';

const report = sampleReport();
const xml = renderJunit(report, { reportDir: 'reports/latest' });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });
const doc = parser.parse(xml) as {
  testsuites: {
    tests: string;
    failures: string;
    skipped: string;
    errors: string;
    testsuite: Array<{ name: string; tests: string; failures: string; skipped: string; testcase: Array<Record<string, unknown>> }>;
  };
};

describe('JUnit XML', () => {
  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has one testcase per claim x instance and one per planted variant, counted in the totals', () => {
    // sample-report: landscape 3 instances, wrong variant 2, overstated 1; 2 planted variants.
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s) => s.testcase.length)).toEqual([3, 2, 1, 2]);
    expect(doc.testsuites.tests).toBe('8');
    // fails: the impossible ETF, the overstated optimum, the surviving variant.
    expect(doc.testsuites.failures).toBe('3');
    // skipped: one outside the assumptions, one inconclusive.
    expect(doc.testsuites.skipped).toBe('2');
    expect(doc.testsuites.errors).toBe('0');
    for (const s of suites) {
      expect(Number(s.tests)).toBe(s.testcase.length);
      expect(Number(s.failures)).toBe(s.testcase.filter((c) => 'failure' in c).length);
      expect(Number(s.skipped)).toBe(s.testcase.filter((c) => 'skipped' in c).length);
    }
  });

  it('maps skipped to <skipped/> and inconclusive to <skipped/> with an "inconclusive:" message and a verdict property', () => {
    const cases = doc.testsuites.testsuite[0].testcase as Array<{
      skipped?: { message: string };
      properties: { property: Array<{ name: string; value: string }> };
    }>;
    expect(cases[0].skipped).toBeUndefined();
    expect(cases[1].skipped!.message).toMatch(/^outside the assumptions: balanced/);
    expect(cases[2].skipped!.message).toMatch(/^inconclusive: /);
    expect(cases.map((c) => c.properties.property[0].value)).toEqual(['pass', 'skipped', 'inconclusive']);
  });

  it('puts the evidence in a failure: the numbers, the instance and the exact replay command', () => {
    const overstated = doc.testsuites.testsuite[2].testcase[0] as { failure: { message: string; type: string; '#text': string } };
    expect(overstated.failure.type).toBe('inconsistent');
    const text = overstated.failure['#text'];
    // The optimum was overstated by 3%: f*/(1.03 f*) is off by 0.03/1.03 relative.
    const expected = (0.03 / 1.03).toExponential(3);
    expect(text).toContain(`= ${expected} > tolerance`);
    expect(text).toContain(
      'replay: npx ncverify check zhu2021.global-overstated --instance reports/latest/counterexamples/zhu2021.global-overstated-0.json --seed 11 --index 0',
    );
    const impossible = doc.testsuites.testsuite[1].testcase[0] as { failure: { '#text': string; type: string } };
    expect(impossible.failure.type).toBe('impossible');
    expect(impossible.failure['#text']).toContain(`instance: ${JSON.stringify(failInstance)}`);
  });

  it('escapes markup in names and messages', () => {
    expect(xml).toContain('a variant that survives &lt;&amp;&gt;');
    expect(xmlEscape('a<b & "c" \u0001')).toBe('a&lt;b &amp; &quot;c&quot; ');
  });
});
