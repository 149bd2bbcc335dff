/**
 * Issue 10, "Crashes, hangs, resources" (1/3): internal errors are exit 3 with one line and no
 * stack trace unless --debug, also after the wasm backend has loaded; a closed pipe ends quietly.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { STACK_LINE, bin, root } from './helpers.ts';

describe('internal errors: exit 3, one line, no stack trace', () => {
  it('a fault inside a command (its output writer throws) is exit 3 with one line naming it and a crash log', async () => {
    const err: string[] = [];
    const code = await main(
      ['list'],
      () => {
        throw new TypeError('planted fault in the output');
      },
      (l) => err.push(l),
    );
    expect(code).toBe(3);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(
      /^ncverify: internal error: TypeError: planted fault in the output \(at tests\/robustness\/crashes\.test\.ts:\d+\); please report it to .*ncverify-crash-\d+-\d+\.log; --debug prints the stack trace$/,
    );
    const log = /(\/\S+ncverify-crash-\S+\.log)/.exec(err[0])![1];
    expect(readFileSync(log, 'utf8')).toMatch(/command: ncverify list[\s\S]*TypeError: planted fault in the output\n\s+at /);
  });

  it('--debug adds the stack trace', async () => {
    const err: string[] = [];
    const code = await main(
      ['list', '--debug'],
      () => {
        throw new RangeError('planted');
      },
      (l) => err.push(l),
    );
    expect(code).toBe(3);
    expect(err.join('\n')).toMatch(STACK_LINE);
  });

  it('the bin: a broken problem in a theorem file is exit 3, one line, not 1 and not a stack trace', () => {
    const r = bin(['check', '--theorems', 'tests/robustness/fixtures/crash.ts', '--instances', '1', '--workers', '1']);
    expect(r.code).toBe(3);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ncverify: internal error: TypeError: planted fault: this objective is broken \(at tests\/robustness\/fixtures\/crash\.ts:\d+\)/);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it('the bin after the wasm backend has loaded: still exit 3 and one line (was 7 and 39 KB of minified source)', () => {
    const r = bin(['check', '--theorems', 'tests/robustness/fixtures/crash.ts', '--instances', '2', '--workers', '2', '--backend', 'wasm']);
    expect(r.code).toBe(3);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err.length).toBeLessThan(1000);
  });

  it('a closed output pipe (ncverify list | head -1) ends quietly: exit 0, nothing on stderr', () => {
    // bash for PIPESTATUS: the exit status of ncverify itself, not of head.
    const r = spawnSync('bash', ['-c', 'node bin/ncverify.js list | head -1 >/dev/null; echo "status=${PIPESTATUS[0]}"'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stdout).toMatch(/status=0/);
    expect(r.stderr).toBe('');
  });
});
