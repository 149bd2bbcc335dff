/**
 * Writing a report directory: report.json (the source of truth), report.md, index.html,
 * junit.xml, and counterexamples/<claim>-<index>.json for every `fail` (the files the replay
 * commands name).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { reportToJson, type Report } from './report.ts';
import { COUNTEREXAMPLE_DIR, counterexampleFile, counterexampleJson } from './replay.ts';

export const REPORT_FILES = { json: 'report.json', markdown: 'report.md', html: 'index.html', junit: 'junit.xml' } as const;

/** How a directory is named in replay commands: relative to the working directory when inside it. */
export function displayDir(dir: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, path.resolve(dir));
  return rel === '' ? '.' : rel.startsWith('..') ? path.resolve(dir) : rel;
}

/** Writes the counterexample files of every fail (replacing the directory's old ones). Returns their paths. */
export function writeCounterexamples(report: Report, dir: string): string[] {
  rmSync(path.join(dir, COUNTEREXAMPLE_DIR), { recursive: true, force: true });
  const written: string[] = [];
  for (const c of report.claims) {
    for (const r of c.results.filter((x) => x.verdict === 'fail')) {
      const file = path.join(dir, counterexampleFile(c.claim, r.index));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, counterexampleJson(r));
      written.push(file);
    }
  }
  return written;
}

/**
 * Writes every format of `report` into `dir`.
 *
 * Syntax: await writeReportFiles(report, 'reports/latest')
 * @returns the paths written
 */
export async function writeReportFiles(report: Report, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const reportDir = displayDir(dir);
  const files: Array<[string, string]> = [
    [REPORT_FILES.json, reportToJson(report)],
    [REPORT_FILES.markdown, renderMarkdown(report, { reportDir })],
    [REPORT_FILES.html, await renderHtml(report, { reportDir })],
    [REPORT_FILES.junit, renderJunit(report, { reportDir })],
  ];
  const written = files.map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  return [...written, ...writeCounterexamples(report, dir)];
}
