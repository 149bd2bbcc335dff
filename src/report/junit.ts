/**
 * JUnit XML of a report, for CI test tabs: one <testsuite> per claim with one <testcase> per
 * instance, and one <testsuite> of planted wrong variants per claim.
 *
 * Mapping of verdicts (JUnit has no "undecided" outcome):
 * - pass -> a passing testcase;
 * - fail -> <failure> whose message is the reason and whose body is the evidence (the
 *   counterexample, every violated check with deviation and tolerance, the certificate, the
 *   instance JSON and the replay command);
 * - skipped -> <skipped message="outside the assumptions: ...">;
 * - inconclusive -> <skipped message="inconclusive: ...">: nothing was shown false and nothing
 *   crashed, so it is neither a failure nor an error (the CLI exits 0 on it too), but it must
 *   not count as a pass either. The "inconclusive: " prefix and the testcase property
 *   verdict=inconclusive tell it apart from an assumption skip.
 * A planted variant that was NOT rejected is a <failure> (the harness could not tell a wrong
 * claim from the right one).
 */
import type { InstanceResult } from '../engine/verdict.ts';
import type { Report, ReportClaim } from './report.ts';
import { replayCommand } from './replay.ts';

/** Escapes text for XML attributes and character data; drops characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const num = (x: number) => (Number.isFinite(x) ? x.toExponential(3) : String(x));
const secs = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '0');

function evidence(c: ReportClaim, r: InstanceResult, seed: number, reportDir: string): string {
  const lines: string[] = [`verdict: ${r.verdict}`, `reason: ${r.reason}`];
  if (r.counterexample) {
    lines.push(`counterexample (${r.counterexample.kind}): ${r.counterexample.message}`);
    if (r.counterexample.objective !== undefined) lines.push(`objective at the counterexample: ${r.counterexample.objective}`);
  }
  const objective = r.predictions.optimum;
  if (typeof objective === 'number') lines.push(`claimed optimum: ${objective}`);
  for (const k of r.checks.filter((x) => !x.ok)) {
    lines.push(
      `violated: ${k.name} (${k.claim})${k.start !== null ? ` at start ${k.start}` : ''}: ${k.detail ?? k.name} = ${num(k.deviation)} > tolerance ${num(k.tolerance)}`,
    );
  }
  if (r.certificate) {
    const z = r.certificate;
    lines.push(`certificate: f = ${z.objective}, |grad| = ${num(z.gradNorm)}, min Hessian eigenvalue = ${num(z.minHessianEig)} (${z.stationarity})`);
  }
  lines.push(`instance: ${JSON.stringify(r.instance)}`);
  if (r.verdict === 'fail') lines.push(`replay: ${replayCommand(c.claim, r, seed, reportDir)}`);
  return lines.join('\n');
}

/**
 * Renders JUnit XML.
 *
 * Syntax: renderJunit(report, { reportDir: 'reports/latest' })
 * @param options.reportDir - where the report lives, for the replay commands. @defaultValue '.'
 */
export function renderJunit(report: Report, options: { reportDir?: string } = {}): string {
  const reportDir = options.reportDir ?? '.';
  const seed = report.provenance.seed;
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  let time = 0;
  for (const c of report.claims) {
    const cases: string[] = [];
    let f = 0;
    let s = 0;
    for (const r of c.results) {
      const name = xmlEscape(`#${r.index} ${r.summary}`);
      const props = `<properties><property name="verdict" value="${r.verdict}"/></properties>`;
      let body = '';
      if (r.verdict === 'fail') {
        f++;
        body = `<failure message="${xmlEscape(r.reason)}" type="${xmlEscape(r.counterexample?.kind ?? 'fail')}">${xmlEscape(evidence(c, r, seed, reportDir))}</failure>`;
      } else if (r.verdict === 'skipped') {
        s++;
        body = `<skipped message="${xmlEscape(r.reason)}"/>`;
      } else if (r.verdict === 'inconclusive') {
        s++;
        body = `<skipped message="${xmlEscape(`inconclusive: ${r.reason}`)}"/><system-out>${xmlEscape(evidence(c, r, seed, reportDir))}</system-out>`;
      }
      cases.push(`    <testcase classname="${xmlEscape(c.claim)}" name="${name}" time="${secs(r.seconds)}">${props}${body}</testcase>`);
    }
    tests += c.results.length;
    failures += f;
    skipped += s;
    time += c.seconds;
    suites.push(
      `  <testsuite name="${xmlEscape(`${c.claim} — ${c.paper}, ${c.section}`)}" tests="${c.results.length}" failures="${f}" errors="0" skipped="${s}" time="${secs(c.seconds)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  for (const m of report.mutations) {
    const cases = m.variants.map((v) => {
      const body = v.rejected
        ? ''
        : `<failure message="${xmlEscape(`planted wrong variant not rejected: ${v.reason}`)}" type="variant-survived">${xmlEscape(
            `${v.description}\n${v.instancesTried} instances tried, verdicts: ${v.verdicts.join(', ')}`,
          )}</failure>`;
      return `    <testcase classname="${xmlEscape(`${m.claim}.variants`)}" name="${xmlEscape(v.name)}" time="${secs(v.seconds)}">${body}</testcase>`;
    });
    const f = m.total - m.rejected;
    const t = m.variants.reduce((a, v) => a + v.seconds, 0);
    tests += m.total;
    failures += f;
    time += t;
    suites.push(
      `  <testsuite name="${xmlEscape(`${m.claim} planted wrong variants`)}" tests="${m.total}" failures="${f}" errors="0" skipped="0" time="${secs(t)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  for (const st of report.studies ?? []) {
    // One testcase per configuration: a threshold off its prediction or a sequence that does not shrink fails.
    const rows = st.threshold
      ? st.threshold.map((r) => ({ name: r.configuration, failed: r.outcome !== 'agree', inconclusive: false, detail: r.detail }))
      : (st.asymptotic ?? []).map((r) => ({
          name: r.configuration,
          failed: r.verdict === 'fail',
          inconclusive: r.verdict === 'inconclusive',
          detail: r.detail,
        }));
    const each = st.seconds / Math.max(1, rows.length);
    const cases = rows.map((r) => {
      const body = r.failed
        ? `<failure message="${xmlEscape(r.detail)}" type="${st.kind}-study">${xmlEscape(r.detail)}</failure>`
        : r.inconclusive
          ? `<skipped message="${xmlEscape(`inconclusive: ${r.detail}`)}"/>`
          : '';
      return `    <testcase classname="${xmlEscape(`${st.claim}.${st.kind}`)}" name="${xmlEscape(r.name)}" time="${secs(each)}">${body}</testcase>`;
    });
    const f = rows.filter((r) => r.failed).length;
    const sk = rows.filter((r) => r.inconclusive).length;
    tests += rows.length;
    failures += f;
    skipped += sk;
    time += st.seconds;
    suites.push(
      `  <testsuite name="${xmlEscape(`${st.claim} ${st.kind} study`)}" tests="${rows.length}" failures="${f}" errors="0" skipped="${sk}" time="${secs(st.seconds)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(`ncverify ${report.suite} (seed ${seed})`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${secs(time)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
