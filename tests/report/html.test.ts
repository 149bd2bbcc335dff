import { describe, expect, it } from 'vitest';
import { expressionLatex, symbolLatex } from '../../src/report/formulas.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderMath } from '../../src/report/katex.ts';
import { overstatedOptimum, sampleReport, wrongVariant } from './sample-report.ts';

const report = sampleReport();
const html = await renderHtml(report, { reportDir: 'reports/latest' });
const count = (re: RegExp) => (html.match(re) ?? []).length;

describe('formulas', () => {
  it('typesets symbols as the papers write them', () => {
    expect(symbolLatex('lambdaW')).toBe('\\lambda_{W}');
    expect(symbolLatex('sigma')).toBe('\\sigma');
    expect(symbolLatex('nmin')).toBe('n_{\\min}');
    expect(symbolLatex('K')).toBe('K');
    expect(symbolLatex('x2')).toBe('x_{2}');
    expect(symbolLatex('wNormSq')).toBe('\\mathrm{wNormSq}');
    expect(expressionLatex('d >= K - 1')).toBe('{d}\\geq{K}-1');
    expect(expressionLatex('sqrt(n * lambdaW)')).toBe('\\sqrt{{n}\\cdot{\\lambda_{W}}}');
  });

  it('renders every formula of every claim with KaTeX without a parse error', () => {
    for (const c of report.claims) {
      for (const f of [...c.formulas!.assumptions, ...c.formulas!.predictions]) {
        expect(renderMath(f.latex), `${c.claim} ${f.name}: ${f.latex}`).not.toContain('katex-error');
      }
    }
    expect(renderMath('\\frac{1}{')).toContain('katex-error');
  });
});

describe('HTML report', () => {
  it('is one self-contained page: no script, no stylesheet link, no fetched font, no remote URL', () => {
    expect(html).not.toMatch(/<script|<link |<img |<iframe/i);
    expect(html).not.toMatch(/url\((?!data:|#)/);
    // The only http(s) strings are XML namespace names inside the SVGs.
    const urls = (html.match(/https?:\/\/[^\s"')<]+/g) ?? []).filter((u) => !u.startsWith('http://www.w3.org/'));
    expect(urls).toEqual([]);
    expect(html).toMatch(/@font-face\{[^}]*font-family:KaTeX_Main[^}]*url\(data:font\/woff2;base64,/);
  });

  it('has the summary table with the verdict counts of every claim', () => {
    expect(count(/<table id="summary"/g)).toBe(1);
    const rows = html.slice(html.indexOf('<table id="summary"'), html.indexOf('</table>', html.indexOf('<table id="summary"')));
    // landscape: 1 pass, 0 fail, 1 inconclusive, 1 skipped; planted variants 1/2 rejected.
    expect(rows).toMatch(
      /zhu2021\.landscape.*?<td class="num v-pass">1<\/td><td class="num zero">0<\/td><td class="num v-inconclusive">1<\/td><td class="num v-skipped">1<\/td><td class="num v-fail">1\/2<\/td>/s,
    );
    expect(rows).toMatch(/zhu2021\.global-overstated.*?<td class="num zero">0<\/td><td class="num v-fail">1<\/td>/s);
  });

  it('typesets each assumption and prediction of each claim', () => {
    const formulas = report.claims.reduce((n, c) => n + c.formulas!.assumptions.length + c.formulas!.predictions.length, 0);
    expect(count(/<span class="katex">/g)).toBeGreaterThanOrEqual(formulas);
    expect(html).not.toContain('katex-error');
  });

  it('draws the figures as inline SVG: deviations, convergence, measured vs predicted Grams, the phase diagram', () => {
    const kinds = [...html.matchAll(/<figure class="figure fig-(\w+)"><svg /g)].map((m) => m[1]);
    expect(kinds.filter((k) => k === 'deviation').length).toBe(3);
    expect(kinds).toContain('convergence');
    expect(kinds).toContain('phase');
    // ufm-ce describes two Grams (W W^T and the class-mean Gram) per drawn instance.
    const grams = kinds.filter((k) => k === 'gram').length;
    expect(grams).toBeGreaterThanOrEqual(2);
    expect(grams % 2).toBe(0);
    expect(html).toContain("next to the claimed minimiser's");
    // SVG ids are unique across the page (each figure's ids are prefixed).
    const ids = [...html.matchAll(/<svg[^>]*>|\sid="([^"]+)"/g)].map((m) => m[1]).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows every fail with its counterexample, the numbers and the replay command', () => {
    for (const thm of [wrongVariant, overstatedOptimum]) {
      expect(html).toContain(`npx ncverify check ${thm.id} --instance reports/latest/counterexamples/${thm.id}-0.json --seed 11 --index 0`);
      expect(html).toContain(`href="counterexamples/${thm.id}-0.json"`);
    }
    // The overstated optimum's violated check, with its relative deviation 0.03/1.03.
    expect(html).toContain((0.03 / 1.03).toExponential(3));
    expect(html).toContain('claimed minimiser attains the optimum');
  });

  it('escapes text from theorem files', () => {
    expect(html).toContain('&lt;with markup &amp; &quot;quotes&quot;&gt;');
    expect(html).not.toContain('<with markup');
  });
});
