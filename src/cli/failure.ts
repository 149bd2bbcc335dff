/**
 * What the CLI prints when ncverify itself fails (an error that is not an InputError, in ncverify
 * or in code it ran from a theorem file): one line naming the error and
 * where in ncverify it was raised, where to report it, and a crash log with the full stack trace
 * and the command line. The stack trace itself is printed only with `--debug`. Exit code 3, so
 * that CI can tell a crash from a refuted theorem (1) and from bad input (2).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Exit codes of every ncverify command. */
export const EXIT = {
  /** No `fail`. */
  ok: 0,
  /** Some `fail`, or a planted variant that was not rejected. */
  fail: 1,
  /** Bad input: a flag, a file, a field (the message names it). */
  input: 2,
  /** ncverify itself failed: a bug to report. */
  internal: 3,
  /** `--timeout` ran out before everything was decided (and nothing decided was a `fail`). */
  stopped: 4,
} as const;

/** Where internal errors are to be reported. */
export const REPORT_TO = 'the ncverify issue tracker (attach the crash log)';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The first stack frame inside ncverify's own sources (or the first frame at all), as `file:line`. */
export function whereRaised(e: unknown): string {
  const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : '';
  const frames = stack
    .split('\n')
    .slice(1)
    .map((l) => l.trim().replace(/^at\s+/, ''));
  const located = frames.map((f) => /(?:\(|^)(?:file:\/\/)?([^()\s]+?):(\d+):\d+\)?$/.exec(f)).filter((m): m is RegExpExecArray => m !== null);
  const own = located.find((m) => m[1].startsWith(ROOT) && !m[1].includes('node_modules')) ?? located[0];
  if (!own) return 'unknown location';
  const file = own[1].startsWith(ROOT) ? path.relative(ROOT, own[1]) : own[1];
  return `${file}:${own[2]}`;
}

/** One line: the error's name and message (newlines folded, at most 300 characters). */
export function errorSummary(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : `thrown ${typeof e}: ${String(e)}`;
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 300 ? flat.slice(0, 297) + '...' : flat;
}

/** Writes the crash log (stack trace, command line, versions) to the temporary directory; returns its path, or null if it cannot be written. */
export function writeCrashLog(e: unknown, argv: readonly string[]): string | null {
  const file = path.join(os.tmpdir(), `ncverify-crash-${process.pid}-${Date.now()}.log`);
  const stack = e instanceof Error ? (e.stack ?? errorSummary(e)) : errorSummary(e);
  const body = [
    `ncverify internal error, ${new Date().toISOString()}`,
    `command: ncverify ${argv.map((a) => (/^[\w./:=@-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`,
    `cwd: ${process.cwd()}`,
    `node ${process.version} on ${process.platform}-${process.arch}`,
    '',
    stack,
    '',
  ].join('\n');
  try {
    writeFileSync(file, body);
    return file;
  } catch {
    return null;
  }
}

/**
 * The line for an internal error (and, with `debug`, the stack trace after it). Writes the crash
 * log unless `log` is false.
 */
export function internalErrorLines(e: unknown, argv: readonly string[], debug: boolean, log = true): string[] {
  const crash = log ? writeCrashLog(e, argv) : null;
  const lines = [
    `ncverify: internal error: ${errorSummary(e)} (at ${whereRaised(e)}); please report it to ${REPORT_TO}${crash ? `, ${crash}` : ''}${debug ? '' : '; --debug prints the stack trace'}`,
  ];
  if (debug && e instanceof Error && e.stack) lines.push(e.stack);
  return lines;
}
