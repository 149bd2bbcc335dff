/**
 * Class-count profiles, model specs, the terminal-phase rule and the seeded subset: each checked
 * against values worked out here from the definitions, with the refusals that name their flag.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { classCounts, parseImbalance } from '../../src/train/imbalance.ts';
import { featureDim, featureLayers, parseModel } from '../../src/train/model.ts';
import { nextPhase, onPlateau, type TerminalPhase } from '../../src/train/terminal-phase.ts';
import { selectTrainingSet, type ImageSet } from '../../src/train/dataset.ts';

describe('class-count profiles', () => {
  it('step:R keeps n_max for the first K - floor(K/2) classes and floor(n_max/R) for the rest', () => {
    expect(classCounts(parseImbalance('step:10'), 4, 100)).toEqual([100, 100, 10, 10]);
    expect(classCounts(parseImbalance('step:3'), 5, 100)).toEqual([100, 100, 100, 33, 33]);
    expect(classCounts(parseImbalance('none'), 3, 7)).toEqual([7, 7, 7]);
  });

  it('exp:rho decays geometrically from n_max to n_max/rho', () => {
    // n_k = floor(1000 * 100^(-k/4)): 1000, 316.2, 100, 31.6, 10.
    expect(classCounts(parseImbalance('exp:100'), 5, 1000)).toEqual([1000, 316, 100, 31, 10]);
  });

  it('refuses a profile that empties a class, and malformed ratios, naming --imbalance', () => {
    expect(() => classCounts(parseImbalance('step:200'), 4, 100)).toThrow(/--imbalance: step:200 with n_max = 100 leaves class 2 with 0 samples/);
    expect(() => classCounts(parseImbalance('exp:1000'), 3, 100)).toThrow(/--imbalance: .* class 2 with 0/);
    for (const bad of ['step', 'step:0.5', 'exp:abc', 'log:2', 'step:Infinity']) expect(() => parseImbalance(bad)).toThrow(/^--imbalance: /);
  });
});

describe('--model', () => {
  it('parses mlp widths and linear', () => {
    const m = parseModel('mlp:512,256');
    expect(featureLayers(m, 784)).toEqual([
      { fanIn: 784, fanOut: 512, relu: true },
      { fanIn: 512, fanOut: 256, relu: true },
    ]);
    expect(featureDim(m)).toBe(256);
    expect(parseModel('linear')).toEqual({ kind: 'linear', width: 512 });
    expect(featureLayers(parseModel('linear:8'), 3)).toEqual([{ fanIn: 3, fanOut: 8, relu: false }]);
    for (const bad of ['mlp', 'mlp:', 'mlp:12,0', 'mlp:1.5', 'cnn:3', 'linear:-2']) expect(() => parseModel(bad)).toThrow(/^--model: /);
  });
});

describe('terminal phase', () => {
  const flat = [1, 0.5, ...new Array(20).fill(0.1)];
  it('holds at 100% accuracy once the loss moved less than rtol L + atol over the window', () => {
    expect(onPlateau(flat, 11, 1)).toBe(false); // losses[1] = 0.5 is inside the window
    expect(onPlateau(flat, 12, 1)).toBe(true);
    expect(onPlateau(flat, 12, 0.999)).toBe(false); // planted: one misclassified sample
    const slope = Array.from({ length: 30 }, (_, i) => 1 - 0.002 * i); // 2% over 10 epochs
    expect(onPlateau(slope, 20, 1)).toBe(false);
    expect(onPlateau(slope, 20, 1, { window: 10, rtol: 0.03, atol: 0 })).toBe(true);
  });

  it('enters, runs the terminal epochs, then is done', () => {
    let p: TerminalPhase = { state: 'training' };
    const states: string[] = [];
    for (let e = 1; e < flat.length; e++) {
      p = nextPhase(p, flat, e, 1, 3);
      states.push(p.state);
    }
    expect(states.indexOf('entered')).toBe(11); // epoch 12
    expect(p).toEqual({ state: 'done', entered: 12, epoch: 15 });
  });
});

describe('seeded training subset', () => {
  // 3 classes x 10 images of 2 pixels; pixel value = 10 * class + index within the class.
  const labels = Uint8Array.from({ length: 30 }, (_, i) => i % 3);
  const images = Uint8Array.from({ length: 60 }, (_, p) => 10 * labels[p >> 1] + Math.floor((p >> 1) / 3) + (p & 1));
  const set: ImageSet = {
    name: 'fashion-mnist',
    dir: '-',
    images,
    labels,
    count: 30,
    pixels: 2,
    classes: 3,
    classNames: ['a', 'b', 'c'],
    available: [10, 10, 10],
  };

  it('takes n_k images of each class, class by class; a larger n_k extends a smaller one', () => {
    const a = selectTrainingSet(set, [4, 2], 5);
    expect(Array.from(a.labels)).toEqual([0, 0, 0, 0, 1, 1]);
    for (let r = 0; r < a.N; r++) expect(labels[a.indices[r]]).toBe(a.labels[r]);
    expect(new Set(a.indices).size).toBe(6);
    const b = selectTrainingSet(set, [6, 3], 5);
    expect(Array.from(b.indices.subarray(0, 4))).toEqual(Array.from(a.indices.subarray(0, 4)));
    expect(selectTrainingSet(set, [4, 2], 6).indices).not.toEqual(a.indices);
  });

  it('standardises with the subset mean and std of pixel/255', () => {
    const a = selectTrainingSet(set, [5, 5, 5], 1);
    const raw = Array.from(a.indices).flatMap((i) => [images[2 * i] / 255, images[2 * i + 1] / 255]);
    const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
    const std = Math.sqrt(raw.reduce((s, v) => s + (v - mean) ** 2, 0) / raw.length);
    expect(a.standardisation.mean).toBeCloseTo(mean, 14);
    expect(a.standardisation.std).toBeCloseTo(std, 12);
    a.x.forEach((v, j) => expect(v).toBeCloseTo((raw[j] - mean) / std, 5));
  });

  it('refuses more classes or images than there are, naming the flag', () => {
    expect(() => selectTrainingSet(set, [1, 1, 1, 1], 1)).toThrow(/^--classes: fashion-mnist has 3 classes, asked for 4/);
    expect(() => selectTrainingSet(set, [11, 1], 1)).toThrow(/^--per-class: class 0 \(a\) has 10 training images, asked for 11/);
    expect(() => selectTrainingSet(set, [1, 1], 1)).not.toThrow(InputError);
  });
});
