/**
 * `ncverify report FILE [--format html|md|junit|json] [--out PATH]`: renders a report.json in
 * another format. Without --format, rewrites every format next to FILE (report.md, index.html,
 * junit.xml, counterexamples/); with --format, writes that one to --out or stdout.
 */
import { existsSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-dir.ts';
import { lockDirectory } from '../io/lock.ts';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { renderHtml } from '../report/html.ts';
import { renderJunit } from '../report/junit.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { readReport, reportToJson } from '../report/report.ts';
import { displayDir, writeCounterexamples, writeReportFiles } from '../report/write.ts';
import { parse } from './args.ts';

type Out = (line: string) => void;

const FORMATS = ['html', 'md', 'junit', 'json'] as const;
type Format = (typeof FORMATS)[number];

export async function reportCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv, { format: { type: 'string' }, out: { type: 'string' } }, 'report');
  if (positionals.length !== 1) throw new InputError('ncverify report', 'give exactly one report.json (e.g. reports/latest/report.json)');
  const file = String(positionals[0]);
  const report = readReport(file);
  const dir = path.dirname(file);
  if (values.format === undefined) {
    if (values.out !== undefined) throw new InputError('--out', 'needs --format (without it every format is written next to the report)');
    // Locked against a concurrent writer; written atomically (the directory whole when it holds only report files).
    const lock = lockDirectory(dir, file);
    let written: string[];
    try {
      written = await writeReportFiles(report, dir);
    } finally {
      lock.release();
    }
    out(`wrote ${written.map((f) => displayDir(f)).join(', ')}`);
    return 0;
  }
  const format = String(values.format) as Format;
  if (!FORMATS.includes(format)) throw new InputError('--format', `expected one of ${FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`);
  // Replay commands name the counterexample files of the directory the output goes to.
  const target = typeof values.out === 'string' ? values.out : undefined;
  if (target !== undefined && target.trim() === '') throw new InputError('--out', 'is empty: give a file');
  if (target !== undefined && existsSync(target) && statSync(target).isDirectory())
    throw new InputError('--out', `${target} is a directory: give the file to write`);
  const reportDir = displayDir(target ? path.dirname(target) : dir);
  let text: string;
  switch (format) {
    case 'html':
      text = await renderHtml(report, { reportDir });
      break;
    case 'md':
      text = renderMarkdown(report, { reportDir });
      break;
    case 'junit':
      text = renderJunit(report, { reportDir });
      break;
    case 'json':
      text = reportToJson(report);
      break;
  }
  if (target) {
    writeFileAtomic(target, text);
    if (format !== 'json') writeCounterexamples(report, path.dirname(target));
    out(`wrote ${displayDir(target)}`);
  } else {
    out(text.replace(/\n$/, ''));
  }
  return 0;
}
