import { describe, expect, it } from 'vitest';
import { createProgress, progressText, wantsBar } from '../../src/cli/progress.ts';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream, writes };
}

describe('progress', () => {
  it('draws no bar when stderr is not a terminal or CI is set: the plain lines are the progress', () => {
    expect(wantsBar(fakeStream(false).stream, {})).toBe(false);
    expect(wantsBar(fakeStream(true).stream, { CI: 'true' })).toBe(false);
    expect(wantsBar(fakeStream(true).stream, {})).toBe(true);
    const { stream, writes } = fakeStream(false);
    const lines: string[] = [];
    const p = createProgress(3, (l) => lines.push(l), { stream, bar: false });
    p.line('#0 PASS');
    p.tick();
    p.done();
    expect(lines).toEqual(['#0 PASS']);
    expect(writes).toEqual([]);
  });

  it('on a terminal redraws the bar below each output line and clears it at the end', () => {
    const { stream, writes } = fakeStream(true);
    let t = 0;
    const lines: string[] = [];
    const p = createProgress(4, (l) => lines.push(l), { stream, bar: true, now: () => t });
    t = 30_000;
    p.tick();
    expect(p.current).toBe('[######..................] 1/4 instances  2.0/min  ~1m30s left');
    p.line('#0 PASS');
    expect(lines).toEqual(['#0 PASS']);
    // Cleared before the line, redrawn after it.
    expect(writes.slice(-2)).toEqual(['\r\x1b[K', `\r\x1b[K${p.current}`]);
    p.done();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('reports the total time when finished', () => {
    expect(progressText(4, 4, 125)).toBe('[########################] 4/4 instances  1.9/min  2m05s total');
  });
});
