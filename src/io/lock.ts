/**
 * A lock file beside a directory that a command writes as a whole (`run --out DIR`, `merge`,
 * `report`): two runs writing one directory at once would each replace the other's report
 * without a word. The lock is `.<name>.lock` in the parent (the directory itself is replaced by
 * a rename, src/io/atomic-dir.ts), created exclusively (O_EXCL), holding the owner's pid, host
 * and start time. A lock whose process is gone (killed, crashed) is stale and taken over.
 */
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.ts';

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

/** Where the lock of `dir` lives. */
export function lockFileOf(dir: string): string {
  const abs = path.resolve(dir);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but is not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host, started: String(v.started) } : null;
  } catch {
    return null;
  }
}

/** A held lock: release it when the directory is written (also done on process exit). */
export interface DirectoryLock {
  readonly file: string;
  release(): void;
}

/**
 * Takes the lock of `dir` or throws an InputError naming `flag` when another live ncverify holds
 * it. A lock left by a process that is gone (or unreadable, e.g. half written) is taken over.
 */
export function lockDirectory(dir: string, flag: string): DirectoryLock {
  const file = lockFileOf(dir);
  const me: LockInfo = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let held = true;
      const release = (): void => {
        if (!held) return;
        held = false;
        process.removeListener('exit', release);
        // Only our own lock: a stale-lock takeover by another process must not be undone.
        if (readLock(file)?.pid === me.pid) {
          try {
            unlinkSync(file);
          } catch {
            // Already gone.
          }
        }
      };
      process.on('exit', release);
      return { file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new InputError(flag, `${dir}: cannot create the lock file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    const owner = readLock(file);
    if (owner && owner.pid !== process.pid && owner.host === me.host && alive(owner.pid)) {
      throw new InputError(
        flag,
        `${dir} is being written by another ncverify (pid ${owner.pid}, since ${owner.started}): wait for it to finish, or give another directory`,
      );
    }
    if (owner && owner.host !== me.host) {
      throw new InputError(
        flag,
        `${dir} is locked by ncverify on host ${owner.host} (pid ${owner.pid}, since ${owner.started}); remove ${file} if that run is gone`,
      );
    }
    if (owner && owner.pid === process.pid) throw new InputError(flag, `${dir} is already being written by this process`);
    // Stale: its process is gone. Take it over (a race with another taker is settled by O_EXCL on the retry).
    try {
      unlinkSync(file);
    } catch {
      // Someone else removed it first.
    }
  }
  throw new InputError(flag, `${dir}: could not take the lock ${file}`);
}
