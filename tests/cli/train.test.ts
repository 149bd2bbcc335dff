/**
 * `ncverify train` and `ncverify metrics --compare`: every bad input of issue 13 exits 2 naming
 * its flag before anything is trained, and a missing data set names the Debian package. (The
 * CI-sized training run is tests/train/ci-run.test.ts.)
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';
import { trainProgressText } from '../../src/cli/train.ts';

describe('ncverify train: bad input exits 2 naming the flag', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--dataset', 'cifar10'], /^ncverify: --dataset: unknown dataset "cifar10" \(known: fashion-mnist\)/],
    [['--classes', '11'], /^ncverify: --classes: fashion-mnist has 10 classes, asked for 11/],
    [['--classes', '1'], /^ncverify: --classes: expected an integer >= 2/],
    [['--classes', '4', '--imbalance', 'step:1000', '--per-class', '100'], /^ncverify: --imbalance: step:1000 with n_max = 100 leaves class 2 with 0 samples/],
    [['--imbalance', 'exp:0.5'], /^ncverify: --imbalance: /],
    [['--epochs', '0'], /^ncverify: --epochs: expected an integer >= 1, got "0"/],
    [['--epochs=-3'], /^ncverify: --epochs: expected an integer >= 1, got "-3"/],
    // Without "=" a negative value reads as an option; node's parser then names the flag.
    [['--epochs', '-3'], /^ncverify: ncverify train: Option '--epochs' argument is ambiguous/],
    [['--weight-decay=-1e-4'], /^ncverify: --weight-decay: expected a finite number >= 0, got "-1e-4"/],
    [['--feature-decay', 'nan'], /^ncverify: --feature-decay: expected a finite number >= 0/],
    [['--loss', 'hinge'], /^ncverify: --loss: expected ce or mse/],
    [['--model', 'cnn'], /^ncverify: --model: /],
    [
      ['--per-class', '7000'],
      /^ncverify: --per-class: class 0 \(T-shirt\/top\) has 6000 training images, asked for 7000|--dataset: fashion-mnist: the training files/,
    ],
    [['--compare', 'zhu2021.global,nope.claim'], /^ncverify: --compare: unknown claim id "nope.claim"/],
    [['--backend', 'webgpu'], /^ncverify: --backend: webgpu runs the ufm-ce bulk descent only|--dataset: /],
    [['--lr', '0'], /^ncverify: --lr: expected a finite number > 0/],
    // Seeds are 32-bit everywhere; a larger one would silently be another seed.
    [['--seed', '4294967296'], /^ncverify: --seed: must be below 2\^32/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const r = await cli('train', ...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    });
  }

  it('names the Debian package when the files are absent', async () => {
    const before = process.env.NCVERIFY_FASHION_MNIST;
    process.env.NCVERIFY_FASHION_MNIST = '/nonexistent/fashion-mnist';
    try {
      const r = await cli('train', '--classes', '2', '--per-class', '5', '--epochs', '1');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /^ncverify: --dataset: fashion-mnist: the training files .* are not in \/nonexistent\/fashion-mnist; install Debian's package dataset-fashion-mnist \(`apt-get install dataset-fashion-mnist`\)/,
      );
    } finally {
      if (before === undefined) delete process.env.NCVERIFY_FASHION_MNIST;
      else process.env.NCVERIFY_FASHION_MNIST = before;
    }
  });

  it('refuses a malformed data set directory, naming the file, before training', async () => {
    // Tiny IDX files from tests/fixtures/idx (make.py) under the Fashion-MNIST names.
    const fx = (name: string) => path.join(import.meta.dirname, '../fixtures/idx', name);
    const cases: Array<[string, string, RegExp]> = [
      ['truncated.idx3', 'labels-u8.idx1', /^ncverify: .*train-images-idx3-ubyte: has 17 data bytes but its shape \(3 x 2 x 3\) of u8 needs 18/],
      ['labels-u8.idx1', 'labels-u8.idx1', /^ncverify: .*train-images-idx3-ubyte: expected unsigned-byte images N x rows x cols, got u8 of shape 4/],
      ['images-u8.idx3', 'labels-u8.idx1', /^ncverify: .*train-labels-idx1-ubyte: has 4 labels for 3 images/],
      ['images-u8.idx3', 'values-i16.idx1', /^ncverify: .*train-labels-idx1-ubyte: expected unsigned-byte labels of shape N, got i16/],
    ];
    const before = process.env.NCVERIFY_FASHION_MNIST;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ncverify-bad-idx-'));
    try {
      process.env.NCVERIFY_FASHION_MNIST = dir;
      for (const [images, labels, message] of cases) {
        copyFileSync(fx(images), path.join(dir, 'train-images-idx3-ubyte'));
        copyFileSync(fx(labels), path.join(dir, 'train-labels-idx1-ubyte'));
        const r = await cli('train', '--classes', '2', '--per-class', '1', '--epochs', '1', '--out', path.join(dir, 'out'));
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
        expect(existsSync(path.join(dir, 'out'))).toBe(false);
      }
    } finally {
      if (before === undefined) delete process.env.NCVERIFY_FASHION_MNIST;
      else process.env.NCVERIFY_FASHION_MNIST = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an --out that cannot take the outputs before training', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ncverify-train-out-'));
    try {
      const file = path.join(dir, 'a-file');
      writeFileSync(file, 'x');
      let r = await cli('train', '--classes', '2', '--per-class', '5', '--epochs', '1', '--out', file);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^ncverify: --out: .*a-file is an existing file, not a directory/);
      // A directory with other files in it: the outputs replace only their own files.
      const other = path.join(dir, 'other');
      mkdirSync(other);
      writeFileSync(path.join(other, 'notes.txt'), 'mine');
      r = await cli('train', '--classes', '2', '--per-class', '5', '--epochs', '1', '--out', other);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^ncverify: --out: .*other holds 1 entry that are not report files \(notes\.txt\)/);
      expect(readFileSync(path.join(other, 'notes.txt'), 'utf8')).toBe('mine');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --lambda-w on metrics without --compare', async () => {
    const r = await cli('metrics', '--features', 'x.npy', '--labels', 'y.npy', '--lambda-w', '1e-3');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--lambda-w: only applies with --compare/);
  });
});

describe('the progress bar', () => {
  const rec = { epoch: 30, objective: 0.5, dataLoss: 1.234e-3, featureTerm: 0, weightTerm: 0, accuracy: 1, learningRate: 0.1, seconds: 15 };
  it('shows epoch, loss, accuracy, NC1 so far and the time left', () => {
    // Before the terminal phase the budget bounds the time left: (400 - 30) epochs x 0.5 s.
    expect(trainProgressText({ record: rec, budget: 400, nc1: 0.0123, phase: { state: 'training' }, terminalEpochs: 100 }, 10)).toBe(
      '[#.........] epoch 30/400 (to TPT)  loss 1.23e-3  acc 100.00%  NC1 1.23e-2  ≤3m05s left',
    );
    // In the terminal phase entered at 20 with 100 terminal epochs, the end is epoch 120: 90 x 0.5 s.
    expect(trainProgressText({ record: rec, budget: 400, nc1: null, phase: { state: 'entered', epoch: 20 }, terminalEpochs: 100 }, 10)).toBe(
      '[###.......] epoch 30/120 (TPT since 20)  loss 1.23e-3  acc 100.00%  NC1 —  ~45s left',
    );
    // 359 epochs left at 0.5 s = 179.5 s: whole seconds first, so 3m00s (not 2m60s).
    expect(trainProgressText({ record: rec, budget: 389, nc1: null, phase: { state: 'training' }, terminalEpochs: 100 }, 10)).toMatch(/ ≤3m00s left$/);
  });
});
