/**
 * The practice section of a run report: rendered in report.md and index.html when present,
 * round-tripping through report.json, and absent (the output exactly as before) in every other
 * suite. The section is built from a real (small, synthetic) training run and a real
 * comparison, not from made-up numbers; `run --suite practice` refuses --shard.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { compareWithClaims, parseCompare } from '../../src/practice/compare.ts';
import { measuredFromTraining } from '../../src/practice/from-training.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import type { PracticeSection } from '../../src/report/practice/section.ts';
import { parseReport, reportToJson } from '../../src/report/report.ts';
import { precisionNote, summariseCheckpoint } from '../../src/report/train/document.ts';
import { Rng } from '../../src/random.ts';
import type { TrainingSet } from '../../src/train/dataset.ts';
import { parseModel } from '../../src/train/model.ts';
import { trainNetwork } from '../../src/train/train.ts';
import { suites } from '../../theorems/index.ts';
import { sampleReport } from './sample-report.ts';

async function section(): Promise<PracticeSection> {
  // Three Gaussian classes (12, 12, 4 samples) in 8 dimensions.
  const rng = new Rng(5);
  const counts = [12, 12, 4];
  const labels = Int32Array.from(counts.flatMap((c, k) => new Array<number>(c).fill(k)));
  const N = labels.length;
  const x = Float32Array.from({ length: N * 8 }, (_, j) => rng.normal() + (j % 8 === labels[Math.floor(j / 8)] ? 3 : 0));
  const set: TrainingSet = {
    x,
    labels,
    N,
    inputDim: 8,
    K: 3,
    counts,
    classNames: ['a', 'b', 'c'],
    indices: Int32Array.from({ length: N }, (_, i) => i),
    standardisation: { mean: 0, std: 1 },
  };
  const r = await trainNetwork(
    set,
    {
      model: parseModel('mlp:6'),
      loss: 'ce',
      weightDecay: 5e-3,
      featureDecay: 0.02,
      epochs: 30,
      seed: 3,
      batchSize: 8,
      learningRate: 0.05,
      terminalEpochs: 5,
      backend: { kind: 'forced', name: 'cpu' },
    },
    { dataset: 'synthetic', imbalance: { kind: 'step', ratio: 3 }, perClass: 12 },
  );
  const { layer, lambdas } = measuredFromTraining(r);
  const comparison = compareWithClaims(parseCompare('hongling2024.thm2,zhu2021.global'), layer, lambdas, { seed: 1 });
  const { last: _l, checkpoints, final, ...rest } = r;
  return {
    seconds: r.seconds,
    experiments: [
      {
        id: 'tiny',
        description: 'a tiny synthetic run',
        seconds: r.seconds,
        precisionNote: precisionNote(r),
        result: { ...rest, finalMetrics: final },
        checkpoints: checkpoints.map((c) => summariseCheckpoint(c.epoch, c.metrics)),
        comparison,
      },
    ],
  };
}

describe('the practice section of a run report', () => {
  it('is rendered when present and survives report.json', async () => {
    const base = sampleReport();
    const report = { ...base, practice: await section() };
    const md = renderMarkdown(report);
    expect(md).toContain('## Theory against practice: trained networks');
    expect(md).toContain('| `tiny` |');
    expect(md).toContain('**precision**: training in float32 on tfjs cpu (cpu); metrics accumulated in float64');
    expect(md).toMatch(/\| `hongling2024\.thm2` \| K=3 n=\[12,12,4\]/);
    expect(md).toMatch(/\| `zhu2021\.global` \| — \| not applicable/);
    const html = await renderHtml(report);
    expect(html).toContain('<section id="practice">');
    expect(html).toContain('training in float32 on tfjs cpu (cpu)');
    const back = parseReport(reportToJson(report), 'report.json');
    expect(back.practice?.experiments[0].comparison?.claims.length).toBe(2);
    expect(renderMarkdown(back)).toBe(md);
  });

  it('is absent from other reports, which render exactly as without the feature', async () => {
    const base = sampleReport();
    expect('practice' in base).toBe(false);
    expect(reportToJson(base)).not.toContain('"practice"');
    expect(renderMarkdown(base)).not.toContain('Theory against practice');
    expect(await renderHtml(base)).not.toContain('id="practice"');
    expect(suites.default.practice).toBeUndefined();
    expect(suites.quick.practice).toBeUndefined();
    expect(suites.practice.practice!.length).toBeGreaterThan(0);
  });

  it('run --suite practice refuses --shard, naming it', async () => {
    const err: string[] = [];
    const code = await main(
      ['run', '--suite', 'practice', '--shard', '1/2', '--out', '/tmp/never'],
      () => {},
      (l) => err.push(l),
    );
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--shard: the practice suite trains networks and is not sharded/);
  });
});
