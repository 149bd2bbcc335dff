/**
 * Issue 10, "Outputs": atomic report directories, --out refused up front, concurrent writers
 * refused by a lock, report.json validated against its schema (unknown verdicts, fields and
 * crafted claim ids refused naming the field), duplicate keys and a byte-order mark.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceDirectory } from '../../src/io/atomic-dir.ts';
import { lockDirectory, lockFileOf } from '../../src/io/lock.ts';
import { reportToJson } from '../../src/report/report.ts';
import { sampleReport } from '../report/sample-report.ts';
import { cli, root, tmpDir, writeFile } from './helpers.ts';

type Json = Record<string, unknown>;
const claims = (r: Json) => r.claims as Json[];
const results = (r: Json, c: number) => claims(r)[c].results as Json[];

const dir = tmpDir();
const reportText = reportToJson(sampleReport());

describe('--out is refused up front (exit 2), before any work', () => {
  it.each([
    ['an existing file', () => writeFile(dir, 'a-file', 'x'), /--out: .*a-file is an existing file, not a directory/],
    ['empty', () => '', /--out: is empty: give a directory/],
    [
      'unwritable (also for root: a write is tried, not asked)',
      () => '/proc/ncverify-robust-out',
      /--out: \/proc is not writable, so \/proc\/ncverify-robust-out cannot be created/,
    ],
    [
      'a directory with other files (the report replaces it whole)',
      () => {
        const d = path.join(dir, 'mixed');
        mkdirSync(d, { recursive: true });
        writeFileSync(path.join(d, 'notes.txt'), 'mine');
        return d;
      },
      /--out: .*mixed holds 1 entry that are not report files \(notes\.txt\)/,
    ],
  ])('%s', async (_what, target, message) => {
    const t0 = performance.now();
    const r = await cli('run', '--suite', 'quick', '--out', target());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it("a second concurrent run to one directory is refused while the first holds the lock; a dead owner's lock is taken over", async () => {
    const out = path.join(dir, 'locked');
    // The first writer: another process holding the lock of `out` (as a run does while it checks).
    const script = `import { lockDirectory } from './src/io/lock.ts'; lockDirectory(${JSON.stringify(out)}, '--out'); process.stdout.write('locked\\n'); setTimeout(() => {}, 60000);`;
    const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const r = await cli('run', '--suite', 'quick', '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`--out: .*locked is being written by another ncverify \\(pid ${holder.pid}, since .*\\): wait for it to finish`));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // Killed, its lock is left behind, stale: the next writer takes it over.
    expect(existsSync(lockFileOf(out))).toBe(true);
    const again = lockDirectory(out, '--out');
    expect(JSON.parse(readFileSync(lockFileOf(out), 'utf8')).pid).toBe(process.pid);
    again.release();
    expect(existsSync(lockFileOf(out))).toBe(false);
  });
});

describe('report directories are replaced atomically', () => {
  it('a writer that fails (or is killed) half-way leaves the old directory whole, and its leftovers are cleaned next time', async () => {
    const target = path.join(dir, 'atomic');
    await replaceDirectory(target, (tmp) => {
      writeFileSync(path.join(tmp, 'report.json'), 'old');
      writeFileSync(path.join(tmp, 'index.html'), 'old');
    });
    await expect(
      replaceDirectory(target, (tmp) => {
        writeFileSync(path.join(tmp, 'report.json'), 'new');
        throw new Error('killed before index.html');
      }),
    ).rejects.toThrow('killed');
    expect(readFileSync(path.join(target, 'report.json'), 'utf8')).toBe('old');
    expect(readFileSync(path.join(target, 'index.html'), 'utf8')).toBe('old');
    // A process killed inside the writer (process.exit there): the old report stays, a temporary sibling is left over.
    const script = `import { replaceDirectory } from './src/io/atomic-dir.ts'; import { writeFileSync } from 'node:fs'; await replaceDirectory(${JSON.stringify(target)}, (tmp) => { writeFileSync(tmp + '/report.json', 'new'); process.exit(9); });`;
    const k = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(k.status).toBe(9);
    expect(readFileSync(path.join(target, 'report.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((n) => n.startsWith('.atomic.tmp-'))).toHaveLength(1);
    await replaceDirectory(target, (tmp) => writeFileSync(path.join(tmp, 'report.json'), 'newest'));
    expect(readdirSync(path.join(target))).toEqual(['report.json']);
    expect(readdirSync(dir).filter((n) => n.startsWith('.atomic.'))).toEqual([]);
  });
});

describe('report and merge validate report.json against its schema', () => {
  const mutate = (name: string, change: (r: Json) => void): string => {
    const r = JSON.parse(reportText);
    change(r);
    return writeFile(dir, name, JSON.stringify(r));
  };
  it.each([
    [
      'an unknown verdict',
      (r: Json) => {
        results(r, 0)[0].verdict = 'maybe';
      },
      /\.claims\[0\]\.results\[0\]\.verdict: must be one of "pass", "fail", "inconclusive", "skipped", got "maybe"/,
    ],
    [
      'an unknown field in a result',
      (r: Json) => {
        results(r, 0)[0].surprise = 1;
      },
      /\.claims\[0\]\.results\[0\]\.surprise: unknown field/,
    ],
    [
      'a check deviation that is not a number',
      (r: Json) => {
        (results(r, 0)[0].checks as Json[])[0].deviation = 'small';
      },
      /\.claims\[0\]\.results\[0\]\.checks\[0\]\.deviation: must be number/,
    ],
    [
      'results that are not an array (crashed the renderers)',
      (r: Json) => {
        claims(r)[1].results = { 0: 1 };
      },
      /\.claims\[1\]\.results: must be array/,
    ],
    [
      'a crafted claim id naming a path outside the directory',
      (r: Json) => {
        claims(r)[0].claim = '../../../tmp/owned';
      },
      /\.claims\[0\]\.claim: must match pattern/,
    ],
  ])('%s is exit 2 naming the field (report and merge)', async (name, change, message) => {
    const file = mutate(`${name.replace(/\W+/g, '-')}.json`, change);
    const r = await cli('report', file, '--format', 'md');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    const m = await cli('merge', file, '--out', path.join(dir, 'merged-out'));
    expect(m.code).toBe(2);
    expect(m.err).toMatch(message);
  });

  it('a duplicate key is refused with its path and line; a byte-order mark is accepted', async () => {
    const dup = writeFile(dir, 'dup.json', reportText.replace('"suite": "sample"', '"suite": "sample", "suite": "other"'));
    const r = await cli('report', dup, '--format', 'md');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/dup\.json\.suite: appears twice in one object \(line \d+\)/);
    const bom = writeFile(dir, 'bom.json', '\ufeff' + reportText);
    const ok = await cli('report', bom, '--format', 'md');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^# ncverify report/);
  });

  it('counterexample files stay inside the report directory whatever the id (sanitised even past the schema)', async () => {
    const { counterexampleFile } = await import('../../src/report/replay.ts');
    expect(counterexampleFile('../../etc/passwd', 3)).toBe('counterexamples/.._.._etc_passwd-3.json'.replace(/^counterexamples\/\./, 'counterexamples/_'));
    expect(counterexampleFile('zhu2021.global', 3)).toBe('counterexamples/zhu2021.global-3.json');
    expect(counterexampleFile('x/y', -1)).toBe('counterexamples/x_y-0.json');
  });
});
