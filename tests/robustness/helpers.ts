/** Running the CLI for the robustness suite: in this process (main) or as the installed bin. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
export { cli } from '../cli/run-cli.ts';

export const root = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `ncverify ...argv` in this process. */

/** `node bin/ncverify.js ...argv` as a child process (what a user runs). */
export function bin(argv: string[], options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): CliRun & { signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/ncverify.js'), ...argv], {
    cwd: root,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    env: { ...process.env, NCVERIFY_DEBUG: '', ...options.env },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, signal: r.signal };
}

/** A fresh temporary directory. */
export function tmpDir(prefix = 'ncverify-robust-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes `text` (or JSON) to `name` in `dir`; returns the path. */
export function writeFile(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

/** A stack-trace line ("    at f (file:1:2)"). */
export const STACK_LINE = /^\s+at .+[:(]/m;
