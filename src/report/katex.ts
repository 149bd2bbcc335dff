/**
 * Formulas for the HTML report, typeset on the server with KaTeX: the page needs no script and
 * no network. KaTeX's stylesheet is inlined with its fonts as data: URIs, and only the font
 * files the rendered formulas can use are embedded (all of them would add ~350 KB).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import katex from 'katex';

/**
 * HTML for one LaTeX formula. KaTeX's MathML copy would double the page, so screen readers get
 * `label` (the expression as the engine evaluates it) instead. A formula KaTeX cannot parse is
 * shown as its source (class katex-error) instead of failing the whole report.
 */
export function renderMath(latex: string, display = false, label?: string): string {
  const html = katex.renderToString(latex, { displayMode: display, throwOnError: false, output: 'html', strict: 'ignore' });
  return `<span class="math" role="math" aria-label="${(label ?? latex).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}">${html}</span>`;
}

/**
 * When each KaTeX font file can be needed, judged from the class names KaTeX put in the page.
 * Regular, math italic and the delimiter sizes are used by nearly every formula.
 */
const FONT_NEEDED: ReadonlyArray<[RegExp, RegExp | null]> = [
  [/KaTeX_(Main-Regular|Math-Italic|Size[1-4]-Regular)\.woff2/, null],
  [/KaTeX_Main-Bold\.woff2/, /\b(mathbf|textbf|boldsymbol)\b/],
  [/KaTeX_Main-Italic\.woff2/, /\b(mathit|textit)\b/],
  [/KaTeX_(Main|Math)-BoldItalic\.woff2/, /\bboldsymbol\b/],
  [/KaTeX_AMS-Regular\.woff2/, /\b(amsrm|mathbb|textbb)\b/],
  [/KaTeX_Caligraphic-\w+\.woff2/, /\bmathcal\b/],
  [/KaTeX_Fraktur-\w+\.woff2/, /\b(mathfrak|textfrak)\b/],
  [/KaTeX_SansSerif-\w+\.woff2/, /\b(mathsf|textsf|mathsfit)\b/],
  [/KaTeX_Script-\w+\.woff2/, /\bmathscr\b/],
  [/KaTeX_Typewriter-\w+\.woff2/, /\b(mathtt|texttt)\b/],
];

function katexDist(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('katex'));
}

/**
 * KaTeX's stylesheet for a page whose formulas are `renderedHtml`: every @font-face either
 * points at an embedded woff2 data: URI or is dropped (the glyphs then fall back to a local
 * serif font; nothing is fetched).
 */
export function katexStylesheet(renderedHtml: string): string {
  const dist = katexDist();
  const css = readFileSync(path.join(dist, 'katex.min.css'), 'utf8');
  return css.replace(/@font-face\{[^}]*\}/g, (rule) => {
    const file = /url\((fonts\/KaTeX_[\w-]+\.woff2)\)/.exec(rule)?.[1];
    if (!file) return '';
    const need = FONT_NEEDED.find(([name]) => name.test(file));
    if (!need || (need[1] !== null && !need[1].test(renderedHtml))) return '';
    const data = readFileSync(path.join(dist, file)).toString('base64');
    const src = `src:url(data:font/woff2;base64,${data}) format("woff2")`;
    return rule.replace(/src:[^}]*/, src);
  });
}
