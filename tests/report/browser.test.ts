/**
 * The HTML report in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core, which downloads no browser) opens the generated page from disk and we check
 * that the summary table, the KaTeX formulas (with KaTeX's embedded fonts) and the SVG figures
 * are rendered, that no console error occurs and that nothing is fetched. A full-page
 * screenshot is kept as an artefact: reports/browser-test/screenshot.png (git-ignored).
 *
 * Where Chromium is missing the test is SKIPPED with a message saying so, unless
 * NCVERIFY_REQUIRE_BROWSER=1 (set by .ci/run, which installs chromium), where it FAILS.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { sampleReport } from './sample-report.ts';

/** NCVERIFY_CHROMIUM names the browser to use (and only that one); by default Debian's paths. */
const CANDIDATES = process.env.NCVERIFY_CHROMIUM ? [process.env.NCVERIFY_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const executablePath = CANDIDATES.find((p) => existsSync(p));
const required = process.env.NCVERIFY_REQUIRE_BROWSER === '1';
const ARTEFACT_DIR = path.resolve('reports/browser-test');

describe('HTML report in headless Chromium', () => {
  it('renders the summary table, the formulas and the figures without console errors', async (ctx) => {
    if (!executablePath) {
      const why = `chromium not found (looked at ${CANDIDATES.join(', ')}; install it with "apt-get install -y chromium" or set NCVERIFY_CHROMIUM)`;
      if (required) throw new Error(`NCVERIFY_REQUIRE_BROWSER=1 but ${why}`);
      console.warn(`SKIPPED browser test: ${why}`);
      ctx.skip(`SKIPPED: ${why}`);
    }
    const report = sampleReport();
    mkdirSync(ARTEFACT_DIR, { recursive: true });
    const page_ = path.join(ARTEFACT_DIR, 'index.html');
    writeFileSync(page_, await renderHtml(report, { reportDir: 'reports/browser-test' }));

    const profile = mkdtempSync(path.join(os.tmpdir(), 'ncverify-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`fetched ${r.url()}`);
      });
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      await page.goto(pathToFileURL(page_).href, { waitUntil: 'load' });
      // Page-side code as strings: the test is compiled without the DOM library.
      await page.evaluate('document.fonts.ready.then(() => true)');

      // Summary table: one row per claim, visible, with the coloured fail count of the failing claims.
      const summary = page.locator('#summary');
      await expect(summary.isVisible()).resolves.toBe(true);
      expect(await summary.locator('tbody tr').count()).toBe(report.claims.length);
      const failCells = summary.locator('tbody td.v-fail');
      expect(await failCells.count()).toBeGreaterThanOrEqual(2);
      const failColour = await page.evaluate("getComputedStyle(document.querySelector('#summary tbody td.v-fail')).backgroundColor");
      expect(failColour).toBe('rgb(254, 228, 226)');

      // Formulas: KaTeX's HTML is laid out (non-empty boxes) and its embedded fonts were loaded.
      const formulas = report.claims.reduce((n, c) => n + c.formulas!.assumptions.length + c.formulas!.predictions.length, 0);
      const katex = page.locator('.katex .katex-html');
      expect(await katex.count()).toBeGreaterThanOrEqual(formulas);
      const boxes = await katex.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => r.width * r.height));
      expect(boxes.every((a) => a > 0)).toBe(true);
      const katexFonts = await page.evaluate("[...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').map((f) => f.family)");
      expect(katexFonts).toContain('KaTeX_Main');

      // Figures: inline SVGs with drawn marks and a real size.
      const svgs = page.locator('figure svg');
      const n = await svgs.count();
      expect(n).toBeGreaterThanOrEqual(4);
      const sizes = await svgs.evaluateAll((els) =>
        els.map((e) => ({ area: e.getBoundingClientRect().width * e.getBoundingClientRect().height, marks: e.querySelectorAll('path, rect, line').length })),
      );
      for (const s of sizes) {
        expect(s.area).toBeGreaterThan(10_000);
        expect(s.marks).toBeGreaterThan(5);
      }
      expect(await page.locator('figure.fig-phase svg').count()).toBe(1);

      // The failure map of dang2023dln.ce over lambda x depth: a drawn phase map with its cells,
      // and the clause and necessity tables next to it.
      const map = page.locator('figure.fig-phase-map svg');
      expect(await map.count()).toBe(1);
      const mapMarks = await map.evaluate((e) => ({
        area: e.getBoundingClientRect().width * e.getBoundingClientRect().height,
        cells: e.querySelectorAll('path').length,
      }));
      expect(mapMarks.area).toBeGreaterThan(40_000);
      expect(mapMarks.cells).toBeGreaterThanOrEqual(4);
      await expect(page.locator('figure.fig-phase-map figcaption').innerText()).resolves.toMatch(/dang2023dln.ce|verdicts|Failure map/);
      await expect(page.locator('table.clauses').first().isVisible()).resolves.toBe(true);
      await expect(page.locator('table.necessity').first().isVisible()).resolves.toBe(true);
      await expect(page.locator('#summary thead').innerText()).resolves.toMatch(/clauses checked/);

      await page.screenshot({ path: path.join(ARTEFACT_DIR, 'screenshot.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 90_000);
});
