import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { runPlan } from '../../src/run/plan.ts';
import { mergeReports } from '../../src/report/merge.ts';
import { parseReport, reportToJson, type Report, type RunPlan } from '../../src/report/report.ts';
import { parseShard, shardSelection } from '../../src/report/shard.ts';

/** Everything but timings and provenance (when and where each part ran). */
function comparable(r: Report): unknown {
  return JSON.parse(reportToJson(r), (k, v) => (k === 'seconds' || k === 'provenance' || k === 'instancesPerMinute' || k === 'checkSeconds' ? undefined : v));
}

const plan: RunPlan = {
  claims: [
    { id: 'zhu2021.landscape', instances: 3 },
    { id: 'zhu2021.global', instances: 2 },
  ],
  mutate: false,
  studies: ['hongling2024.cor4.switch'],
};
const seed = 17;

describe('sharded runs', () => {
  it('parses i/n and rejects anything else naming the flag', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/3', '4/3', '1/0', 'x', '1/2/3', '']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });

  it("assigns every claim x instance unit and every claim's variants to exactly one shard", () => {
    const p: RunPlan = {
      claims: [
        { id: 'a', instances: 5 },
        { id: 'b', instances: 0 },
        { id: 'c', instances: 3 },
      ],
      mutate: true,
      studies: ['s1', 's2'],
    };
    for (const n of [1, 2, 3, 7, 12]) {
      const sel = Array.from({ length: n }, (_, i) => shardSelection(p, { index: i + 1, count: n }));
      p.claims.forEach((c, j) => {
        for (let i = 0; i < c.instances; i++) expect(sel.filter((s) => s.instance(j, i)).length).toBe(1);
        expect(sel.filter((s) => s.mutations(j)).length).toBe(1);
      });
      p.studies!.forEach((_, k) => expect(sel.filter((s) => s.study(k)).length).toBe(1));
    }
  });

  it('merging the shards gives the unsharded report for the same seed (all but timings and provenance)', async () => {
    const whole = runPlan('test', plan, { seed });
    const shards = [1, 2, 3].map((index) => runPlan('test', plan, { seed, shard: { index, count: 3 } }));
    // Each shard holds a real slice: units 0..4 round-robin over 3 shards.
    expect(shards.map((s) => s.totals.instances)).toEqual([2, 2, 1]);
    // Shards given in any order, through report.json files as CI would pass them.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ncverify-merge-'));
    const files = [3, 1, 2].map((i) => {
      const f = path.join(dir, `shard-${i}.json`);
      writeFileSync(f, reportToJson(shards[i - 1]));
      return f;
    });
    const merged = mergeReports(files.map((f) => ({ report: parseReport(readFileSync(f, 'utf8'), f), name: f })));
    expect(comparable(merged)).toEqual(comparable(whole));
    expect(merged.studies?.map((x) => [x.claim, x.verdict])).toEqual([['hongling2024.cor4.switch', 'pass']]);
    expect(merged.shard).toBeUndefined();
    expect(merged.provenance.shards?.map((s) => s.shard)).toEqual(['1/3', '2/3', '3/3']);

    // The CLI writes every format of the merged report.
    const out: string[] = [];
    const code = await main(
      ['merge', ...files, '--out', path.join(dir, 'merged')],
      (l) => out.push(l),
      (l) => out.push(l),
    );
    expect(code).toBe(0);
    const fromCli = parseReport(readFileSync(path.join(dir, 'merged', 'report.json'), 'utf8'), 'merged');
    expect(comparable(fromCli)).toEqual(comparable(whole));
    for (const f of ['report.md', 'index.html', 'junit.xml']) expect(readFileSync(path.join(dir, 'merged', f), 'utf8').length).toBeGreaterThan(100);
  });

  it('assigns necessity tables and failure maps to exactly one shard each, and merges them into the unsharded report', () => {
    const p: RunPlan = {
      claims: [
        { id: 'zhu2021.global', instances: 1 },
        { id: 'dang2023dln.ce', instances: 1 },
      ],
      mutate: false,
      necessity: { instances: 1 },
      maps: [
        {
          claim: 'dang2023dln.ce',
          axes: ['lambda', 'depth'],
          grid: [2, 1],
          at: { K: 4, nMin: 1, widthOffset: 0 },
          ranges: { lambda: [0.03, 0.6], depth: [2, 2] },
        },
      ],
    };
    for (const n of [1, 2, 3, 5]) {
      const sel = Array.from({ length: n }, (_, i) => shardSelection(p, { index: i + 1, count: n }));
      p.claims.forEach((_, j) => expect(sel.filter((x) => x.necessity(j)).length).toBe(1));
      expect(sel.filter((x) => x.map(0)).length).toBe(1);
    }
    const whole = runPlan('test', p, { seed: 5 });
    expect(whole.necessity?.map((x) => x.claim)).toEqual(['zhu2021.global', 'dang2023dln.ce']);
    expect(whole.maps?.[0].cells.map((c) => c.verdict)).toEqual(['fail', 'pass']);
    const shards = [1, 2, 3].map((index) => runPlan('test', p, { seed: 5, shard: { index, count: 3 } }));
    const merged = mergeReports(shards.map((report, i) => ({ report: parseReport(reportToJson(report), `s${i + 1}`), name: `s${i + 1}` })));
    expect(comparable(merged)).toEqual(comparable(whole));
  }, 120_000);

  it('merges planted-variant results into the unsharded order', () => {
    const p: RunPlan = { claims: [{ id: 'zhu2021.landscape', instances: 1 }], mutate: true };
    const whole = runPlan('test', p, { seed: 3 });
    const shards = [1, 2].map((index) => runPlan('test', p, { seed: 3, shard: { index, count: 2 } }));
    // 1 instance unit (shard 1) and 1 variants unit (shard 2).
    expect(shards.map((s) => [s.totals.instances, s.mutations.length])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const merged = mergeReports(shards.map((report, i) => ({ report, name: `s${i + 1}` })));
    expect(comparable(merged)).toEqual(comparable(whole));
  });

  it('refuses shards that are not one complete run', () => {
    const tiny: RunPlan = { claims: [{ id: 'zhu2021.landscape', instances: 2 }], mutate: false };
    const [a, b] = [1, 2].map((index) => runPlan('test', tiny, { seed: 1, shard: { index, count: 2 } }));
    const other = runPlan('test', tiny, { seed: 2, shard: { index: 2, count: 2 } });
    expect(() => mergeReports([{ report: a, name: 'a' }])).toThrow(/shard 2\/2 missing/);
    expect(() =>
      mergeReports([
        { report: a, name: 'a' },
        { report: a, name: 'a2' },
      ]),
    ).toThrow(/is shard 1\/2 again/);
    expect(() =>
      mergeReports([
        { report: a, name: 'a' },
        { report: other, name: 'other' },
      ]),
    ).toThrow(/other: seed 2 differs/);
    const unsharded = runPlan('test', tiny, { seed: 1 });
    expect(() =>
      mergeReports([
        { report: unsharded, name: 'whole' },
        { report: b, name: 'b' },
      ]),
    ).toThrow(/whole: is not a shard report/);
  });
});
