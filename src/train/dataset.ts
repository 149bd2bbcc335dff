/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from Debian's `dataset-fashion-mnist` package:
 * the four IDX files under /usr/share/datasets/fashion-mnist (gzip-compressed as shipped), or
 * under $NCVERIFY_FASHION_MNIST. Only the training split is used: the issue studies the
 * geometry of the training features in the terminal phase.
 *
 * A training set is the first n_k images of each chosen class in a seeded permutation of that
 * class's images (so a larger n_k extends a smaller one, and the subset depends only on the
 * seed and the counts), laid out class by class (class 0's images first), which is also the
 * column order of the ufm-ce instances it is compared with.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { readIdx } from '../io/idx.ts';
import { Rng, deriveSeed } from '../random.ts';

export const DATASETS = ['fashion-mnist'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** Where Debian's package installs the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_PACKAGE = 'dataset-fashion-mnist';
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
const FILES = { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' } as const;

/** The full training split: N images of rows x cols unsigned-byte pixels, labels 0..9. */
export interface ImageSet {
  readonly name: DatasetName;
  readonly dir: string;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly pixels: number;
  readonly classes: number;
  readonly classNames: readonly string[];
  /** Images per class in the split. */
  readonly available: readonly number[];
}

/** The directory the files are read from: $NCVERIFY_FASHION_MNIST, else Debian's. */
export function fashionMnistDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.NCVERIFY_FASHION_MNIST && env.NCVERIFY_FASHION_MNIST.length > 0 ? env.NCVERIFY_FASHION_MNIST : FASHION_MNIST_DIR;
}

function locate(dir: string, base: string): string | null {
  for (const f of [base + '.gz', base]) if (existsSync(path.join(dir, f))) return path.join(dir, f);
  return null;
}

/** Whether the training files are present (tests skip, CI installs the package). */
export function fashionMnistAvailable(dir = fashionMnistDir()): boolean {
  return locate(dir, FILES.images) !== null && locate(dir, FILES.labels) !== null;
}

/** Checks a `--dataset` value. */
export function parseDataset(name: string): DatasetName {
  if (!(DATASETS as readonly string[]).includes(name))
    throw new InputError('--dataset', `unknown dataset ${JSON.stringify(name)} (known: ${DATASETS.join(', ')})`);
  return name as DatasetName;
}

/** Reads the training split. Missing files: an InputError naming `--dataset` and the Debian package. */
export function loadImageSet(name: DatasetName, dir = fashionMnistDir()): ImageSet {
  const imagesFile = locate(dir, FILES.images);
  const labelsFile = locate(dir, FILES.labels);
  if (!imagesFile || !labelsFile) {
    throw new InputError(
      '--dataset',
      `${name}: the training files ${FILES.images}(.gz) and ${FILES.labels}(.gz) are not in ${dir}; install Debian's package ${FASHION_MNIST_PACKAGE} (\`apt-get install ${FASHION_MNIST_PACKAGE}\`) or set NCVERIFY_FASHION_MNIST to a directory holding them`,
    );
  }
  const img = readIdx(imagesFile);
  const lab = readIdx(labelsFile);
  if (img.type !== 'u8' || img.shape.length !== 3)
    throw new InputError(imagesFile, `expected unsigned-byte images N x rows x cols, got ${img.type} of shape ${img.shape.join(' x ')}`);
  if (lab.type !== 'u8' || lab.shape.length !== 1)
    throw new InputError(labelsFile, `expected unsigned-byte labels of shape N, got ${lab.type} of shape ${lab.shape.join(' x ')}`);
  if (lab.shape[0] !== img.shape[0]) throw new InputError(labelsFile, `has ${lab.shape[0]} labels for ${img.shape[0]} images in ${imagesFile}`);
  const classes = FASHION_MNIST_CLASSES.length;
  const available = new Array<number>(classes).fill(0);
  for (const y of lab.data) {
    if (y >= classes) throw new InputError(labelsFile, `has label ${y}; Fashion-MNIST labels are 0..${classes - 1}`);
    available[y]++;
  }
  return {
    name,
    dir,
    images: img.data,
    labels: lab.data,
    count: img.shape[0],
    pixels: img.shape[1] * img.shape[2],
    classes,
    classNames: FASHION_MNIST_CLASSES,
    available,
  };
}

/** A training subset: the chosen images as float32 inputs, labels 0..K-1, class by class. */
export interface TrainingSet {
  /** N x pixels, standardised (see `standardisation`). */
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly N: number;
  readonly inputDim: number;
  readonly K: number;
  readonly counts: readonly number[];
  readonly classNames: readonly string[];
  /** Indices of the chosen images in the split, in the order of `x`. */
  readonly indices: Int32Array;
  /** x = (pixel / 255 - mean) / std with the mean and std of the subset's pixels (float64). */
  readonly standardisation: { readonly mean: number; readonly std: number };
}

/**
 * The first `counts[k]` images of class k in a permutation of that class seeded by `seed`.
 * `counts` longer than the data set has classes, or a count above a class's images, is an
 * InputError naming `--classes` / `--per-class`.
 */
export function selectTrainingSet(set: ImageSet, counts: readonly number[], seed: number): TrainingSet {
  const K = counts.length;
  if (K > set.classes) throw new InputError('--classes', `${set.name} has ${set.classes} classes, asked for ${K}`);
  if (K < 2) throw new InputError('--classes', `need at least 2 classes, got ${K}`);
  counts.forEach((c, k) => {
    if (c > set.available[k]) throw new InputError('--per-class', `class ${k} (${set.classNames[k]}) has ${set.available[k]} training images, asked for ${c}`);
  });
  const byClass: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < set.count; i++) if (set.labels[i] < K) byClass[set.labels[i]].push(i);
  const N = counts.reduce((a, b) => a + b, 0);
  const indices = new Int32Array(N);
  const labels = new Int32Array(N);
  let o = 0;
  for (let k = 0; k < K; k++) {
    const idx = byClass[k];
    const rng = new Rng(deriveSeed(seed, 7, k));
    // Partial Fisher-Yates: only the first counts[k] positions are needed.
    for (let i = 0; i < counts[k]; i++) {
      const j = i + Math.floor(rng.uniform() * (idx.length - i));
      [idx[i], idx[j]] = [idx[j], idx[i]];
      indices[o] = idx[i];
      labels[o++] = k;
    }
  }
  const P = set.pixels;
  let s = 0,
    s2 = 0;
  for (let r = 0; r < N; r++) {
    const base = indices[r] * P;
    for (let j = 0; j < P; j++) {
      const v = set.images[base + j] / 255;
      s += v;
      s2 += v * v;
    }
  }
  const mean = s / (N * P);
  const std = Math.sqrt(Math.max(s2 / (N * P) - mean * mean, 1e-12));
  const x = new Float32Array(N * P);
  for (let r = 0; r < N; r++) {
    const base = indices[r] * P;
    for (let j = 0; j < P; j++) x[r * P + j] = (set.images[base + j] / 255 - mean) / std;
  }
  return { x, labels, N, inputDim: P, K, counts: [...counts], classNames: set.classNames.slice(0, K), indices, standardisation: { mean, std } };
}
