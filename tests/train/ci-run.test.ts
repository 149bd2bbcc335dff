/**
 * The CI-sized run of issue 13: `ncverify train` on Fashion-MNIST, 4 classes with step
 * imbalance 10 (n_k = 100, 100, 10, 10: 220 images), an MLP 784-64-64 with ReLU, CE, weight
 * decay 5e-3 and feature decay 0.02, to the terminal phase. What must be true:
 *  - train accuracy 100% at the end, and the terminal phase was reached within the budget;
 *  - NC1 at the end is below NC1 at initialisation by at least a factor 10 (measured: ~290);
 *  - the saved .npy files reproduce the reported final metrics exactly through
 *    `ncverify metrics` (same float32 values, same float64 accumulation);
 *  - the report states the float32 training precision, and --compare gives a comparison per claim.
 * Skipped when the data set is not installed, unless NCVERIFY_REQUIRE_DATASET=1 (.ci/run,
 * which installs Debian's dataset-fashion-mnist), where it fails instead.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliLines } from '../cli/run-cli.ts';
import { fashionMnistAvailable, fashionMnistDir } from '../../src/train/dataset.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ncverify-train-ci-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const required = process.env.NCVERIFY_REQUIRE_DATASET === '1';

describe('CI-sized training run', () => {
  it('trains to 100% accuracy, collapses NC1, and its .npy files reproduce the metrics', async (ctx) => {
    if (!fashionMnistAvailable()) {
      const why = `Fashion-MNIST not found in ${fashionMnistDir()} (apt-get install dataset-fashion-mnist)`;
      if (required) throw new Error(`NCVERIFY_REQUIRE_DATASET=1 but ${why}`);
      console.warn(`SKIPPED CI-sized training run: ${why}`);
      ctx.skip();
    }
    const dir = path.join(tmp, 'run');
    const t0 = performance.now();
    const r = await cliLines(
      'train',
      '--dataset',
      'fashion-mnist',
      '--classes',
      '4',
      '--imbalance',
      'step:10',
      '--per-class',
      '100',
      '--model',
      'mlp:64,64',
      '--loss',
      'ce',
      '--weight-decay',
      '5e-3',
      '--feature-decay',
      '0.02',
      '--lr',
      '0.02',
      '--batch-size',
      '32',
      '--epochs',
      '400',
      '--seed',
      '1',
      '--out',
      dir,
      '--compare',
      'hongling2024.thm2,dang2024relu.global,zhu2021.global',
    );
    console.log(`CI-sized training run: ${((performance.now() - t0) / 1000).toFixed(1)} s wall (training and comparison)`);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(dir, 'train.json'), 'utf8'));
    expect(doc.schema).toBe('ncverify/train@1');
    expect(doc.result.settings.counts).toEqual([100, 100, 10, 10]);
    const last = doc.result.epochs.at(-1);
    expect(last.accuracy).toBe(1);
    expect(doc.result.terminal.reached).toBe(true);
    expect(doc.result.terminal.stoppedBy).toBe('terminal-phase');
    const nc1Start = doc.checkpoints[0].nc1,
      nc1End = doc.checkpoints.at(-1).nc1;
    expect(doc.checkpoints[0].epoch).toBe(0);
    expect(nc1End).toBeLessThan(nc1Start / 10);
    expect(doc.precisionNote).toMatch(/^training in float32 on tfjs (wasm|cpu|tfjs-node|tfjs-node-gpu) .*metrics accumulated in float64/);
    expect(readFileSync(path.join(dir, 'train.md'), 'utf8')).toContain('**precision**: training in float32');
    expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('training in float32');
    // --compare: one entry per claim; zhu2021 assumes balanced classes, so it cannot apply here.
    expect(doc.comparison.claims.map((c: { claim: string; kind: string }) => [c.claim, c.kind])).toEqual([
      ['hongling2024.thm2', 'compared'],
      ['dang2024relu.global', 'compared'],
      ['zhu2021.global', 'not-applicable'],
    ]);
    for (const c of doc.comparison.claims.slice(0, 2)) {
      expect(Number.isFinite(c.distance) && Number.isFinite(c.etfDistance)).toBe(true);
      expect(c.scale.text).toMatch(/^normalised quantities are compared/);
    }

    // The saved files through `ncverify metrics`: the same numbers, bit for bit.
    const m = await cliLines(
      'metrics',
      '--features',
      path.join(dir, 'features.npy'),
      '--labels',
      path.join(dir, 'labels.npy'),
      '--classifier',
      path.join(dir, 'W.npy'),
      '--bias',
      path.join(dir, 'bias.npy'),
      '--json',
    );
    expect(m.code).toBe(0);
    const fromFiles = JSON.parse(m.out.join('\n'));
    const reported = doc.result.finalMetrics;
    expect(fromFiles.N).toBe(220);
    expect(fromFiles.run.featureDtype).toBe('<f4');
    for (const key of ['traceSigmaW', 'nc1', 'cdnv', 'nc2', 'classifier', 'nc3', 'nc4', 'perClass', 'figures']) expect(fromFiles[key]).toEqual(reported[key]);
    // And the history's last checkpoint is the same final metrics.
    const history = JSON.parse(readFileSync(path.join(dir, 'history.json'), 'utf8'));
    expect(history.checkpoints.at(-1).metrics.nc1).toEqual(reported.nc1);
    expect(history.epochs.length).toBe(doc.result.terminal.epochsRun + 1);
  });
});
