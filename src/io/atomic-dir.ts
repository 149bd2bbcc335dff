/**
 * Writing a directory of files so that a reader (or a kill) never sees a mix of two versions:
 * everything is written into a fresh temporary sibling, which then replaces the directory by
 * renames (on one file system a rename is atomic). An existing directory is first renamed
 * aside and removed after the swap, so at every instant the path is the old directory, the new
 * one, or (between the two renames) absent; never a new report.json beside an old index.html.
 *
 * Only a directory that holds nothing but the files being replaced can be swapped whole (it
 * would take other files with it): `outDirProblem` says so up front, and `replaceFiles` is the
 * per-file fallback (each file written aside and renamed over its old version).
 */
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What is wrong with `dir` as a directory to write whole, or null. `owned(name)`: entries it may hold. */
export function outDirProblem(dir: string, owned: (name: string) => boolean): string | null {
  if (dir.trim() === '') return 'is empty: give a directory';
  const abs = path.resolve(dir);
  if (path.dirname(abs) === abs) return `${abs} is the root of the file system, which cannot be replaced`;
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) return `${abs} is an existing file, not a directory`;
    const foreign = readdirSync(abs).filter((n) => !owned(n));
    if (foreign.length > 0) {
      return `${abs} holds ${foreign.length} entr${foreign.length > 1 ? 'ies' : 'y'} that are not report files (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', ...' : ''}); the report replaces the directory as a whole: give an empty or report directory`;
    }
    for (const p of [abs, path.dirname(abs)]) {
      if (!writable(p)) return `${p} is not writable`;
    }
    return null;
  }
  // A new directory: the nearest existing ancestor must be a writable directory.
  let up = path.dirname(abs);
  while (!existsSync(up)) up = path.dirname(up);
  if (!statSync(up).isDirectory()) return `${up} is a file, so ${abs} cannot be created`;
  if (!writable(up)) return `${up} is not writable, so ${abs} cannot be created`;
  return null;
}

/**
 * Whether a file can be created in directory `dir`: tried, not asked (access(2) says yes to
 * root everywhere, also on a read-only mount or in /proc).
 */
function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    const probe = path.join(dir, `.ncverify-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** Leftovers of a replacement that was killed between its steps (hidden siblings of `dir`). */
function leftovers(abs: string): string[] {
  const parent = path.dirname(abs);
  const prefix = `.${path.basename(abs)}.`;
  if (!existsSync(parent)) return [];
  return readdirSync(parent)
    .filter((n) => n.startsWith(prefix) && /\.(tmp|old)-[^/]+$/.test(n))
    .map((n) => path.join(parent, n));
}

/**
 * Fills a temporary sibling of `dir` with `fill(tmp)` and puts it in place of `dir` (see the
 * module comment). The caller holds the directory's lock (src/io/lock.ts), so leftovers of an
 * earlier, killed replacement are removed first.
 */
export async function replaceDirectory(dir: string, fill: (tmp: string) => Promise<void> | void): Promise<void> {
  const abs = path.resolve(dir);
  const parent = path.dirname(abs);
  mkdirSync(parent, { recursive: true });
  for (const l of leftovers(abs)) rmSync(l, { recursive: true, force: true });
  const tmp = mkdtempSync(path.join(parent, `.${path.basename(abs)}.tmp-`));
  try {
    await fill(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (existsSync(abs)) {
    const old = `${tmp.replace(/\.tmp-([^/]+)$/, '.old-$1')}`;
    renameSync(abs, old);
    renameSync(tmp, abs);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, abs);
  }
}

/** Writes one file atomically: beside it under a temporary name, then renamed over it. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
