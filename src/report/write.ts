/**
 * Writing a report directory: report.json (the source of truth), report.md, index.html,
 * junit.xml, and counterexamples/<claim>-<index>.json for every `fail` (the files the replay
 * commands name).
 *
 * Atomic (src/io/atomic-dir.ts): every file is rendered first, then written into a temporary
 * sibling directory that replaces the report directory by renames, so a kill at any moment
 * leaves the old report or the new one, never a new report.json beside an old index.html. A
 * directory that also holds other files (`ncverify report FILE` next to a downloaded artefact)
 * gets each file replaced atomically instead. `claimReportDir` refuses a bad --out up front and
 * locks the directory against a second concurrent writer (src/io/lock.ts).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { outDirProblem, replaceDirectory, writeFileAtomic } from '../io/atomic-dir.ts';
import { lockDirectory, type DirectoryLock } from '../io/lock.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { reportToJson, type Report } from './report.ts';
import { COUNTEREXAMPLE_DIR, counterexampleFile, counterexampleJson } from './replay.ts';

export const REPORT_FILES = { json: 'report.json', markdown: 'report.md', html: 'index.html', junit: 'junit.xml' } as const;

const REPORT_ENTRIES = new Set<string>([...Object.values(REPORT_FILES), COUNTEREXAMPLE_DIR]);

/** Whether a directory entry is one a report writes (and so may be replaced with it). */
export function isReportEntry(name: string): boolean {
  return REPORT_ENTRIES.has(name);
}

/** How a directory is named in replay commands: relative to the working directory when inside it. */
export function displayDir(dir: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, path.resolve(dir));
  return rel === '' ? '.' : rel.startsWith('..') ? path.resolve(dir) : rel;
}

/**
 * Refuses a report directory that cannot be written whole (an empty --out, an existing file, a
 * directory that is not writable or holds other files: InputError naming `flag`, exit 2) and
 * locks it against a concurrent writer. Called before the work whose report goes there.
 */
export function claimReportDir(dir: string, flag: string): DirectoryLock {
  const problem = outDirProblem(dir, isReportEntry);
  if (problem) throw new InputError(flag, problem);
  return lockDirectory(dir, flag);
}

/** `counterexamples/<claim>-<index>.json` of every fail, relative to the report directory, with its text. */
function counterexampleFiles(report: Report): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const c of report.claims) {
    for (const r of c.results.filter((x) => x.verdict === 'fail')) out.push([counterexampleFile(c.claim, r.index), counterexampleJson(r)]);
  }
  return out;
}

/** Writes `rel` under `dir`, refusing a path that would leave `dir` (a crafted claim id in a report). */
function writeInside(dir: string, rel: string, text: string): string {
  const root = path.resolve(dir);
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep)) throw new InputError(rel, `would be written outside ${root}`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Writes the counterexample files of every fail (replacing the directory's old ones). Returns their paths. */
export function writeCounterexamples(report: Report, dir: string): string[] {
  rmSync(path.join(dir, COUNTEREXAMPLE_DIR), { recursive: true, force: true });
  return counterexampleFiles(report).map(([rel, text]) => writeInside(dir, rel, text));
}

/** Every format of `report`, rendered for a report directory named `reportDir` in replay commands. */
async function renderAll(report: Report, reportDir: string): Promise<Array<[string, string]>> {
  return [
    [REPORT_FILES.json, reportToJson(report)],
    [REPORT_FILES.markdown, renderMarkdown(report, { reportDir })],
    [REPORT_FILES.html, await renderHtml(report, { reportDir })],
    [REPORT_FILES.junit, renderJunit(report, { reportDir })],
  ];
}

/**
 * Writes every format of `report` into `dir`, atomically (see the module comment).
 *
 * Syntax: await writeReportFiles(report, 'reports/latest')
 * @returns the paths written
 */
export async function writeReportFiles(report: Report, dir: string): Promise<string[]> {
  const abs = path.resolve(dir);
  const files = await renderAll(report, displayDir(dir));
  const examples = counterexampleFiles(report);
  const written = [...files.map(([name]) => path.join(abs, name)), ...examples.map(([rel]) => path.resolve(abs, rel))];
  if (outDirProblem(abs, isReportEntry) === null) {
    await replaceDirectory(abs, (tmp) => {
      for (const [name, text] of files) writeFileSync(path.join(tmp, name), text);
      for (const [rel, text] of examples) writeInside(tmp, rel, text);
    });
    return written;
  }
  // Other files live here: each report file is replaced on its own, the counterexamples as one directory.
  mkdirSync(abs, { recursive: true });
  for (const [name, text] of files) writeFileAtomic(path.join(abs, name), text);
  await replaceDirectory(path.join(abs, COUNTEREXAMPLE_DIR), (tmp) => {
    for (const [rel, text] of examples) writeInside(tmp, path.relative(COUNTEREXAMPLE_DIR, rel), text);
  });
  return written;
}
