/**
 * `ncverify construct <claim-id>` and `ncverify mutate <construction-claim-id>` end to end: the
 * catalogue's construction claims run from the command line with the verdicts of `ncverify run`.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('construction claims on the command line', () => {
  it('construct ID checks the claim on random parameter sets', async () => {
    const r = await run(['construct', 'ebv2023.simplex-welch', '--instances', '5', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ebv2023\.simplex-welch: 5 pass, 0 fail, 0 inconclusive, 0 skipped/);
    const j = await run(['construct', 'ebv2023.orthonormal', '--instances', '3', '--json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({ claim: 'ebv2023.orthonormal', kind: 'construction', summary: { pass: 3, fail: 0 } });
  });

  it('mutate ID runs its planted variants; every one is rejected', async () => {
    const r = await run(['mutate', 'ebv2023.welch', '--seed', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2\/2 variants rejected/);
    const j = JSON.parse((await run(['mutate', 'fedloge2024.sse-c', '--json'])).out);
    expect(j).toMatchObject({ claim: 'fedloge2024.sse-c', rejected: 2, total: 2 });
  });

  it('bad input: an unknown name lists the construction claims; a theorem id names its command; a bad flag exits 2', async () => {
    const u = await run(['construct', 'nope']);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/ebv2023\.welch, ebv2023\.orthonormal, ebv2023\.simplex-welch, fedloge2024\.sse-c, fedloge2024\.refinement/);
    const t = await run(['construct', 'fisher2024mixup.span']);
    expect([t.code, t.err]).toEqual([2, expect.stringMatching(/ncverify check fisher2024mixup\.span/)]);
    const f = await run(['construct', 'ebv2023.welch', '--instances', '0']);
    expect([f.code, f.err]).toEqual([2, expect.stringMatching(/--instances/)]);
  });
});
