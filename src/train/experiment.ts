/**
 * One training experiment from its description: the data set, the classes and their counts
 * (imbalance.ts), the seeded subset (dataset.ts), then trainNetwork.
 */
import { classCounts, type Imbalance } from './imbalance.ts';
import { FASHION_MNIST_CLASSES, fashionMnistDir, loadImageSet, selectTrainingSet, type DatasetName } from './dataset.ts';
import { trainNetwork, validateTrainOptions, type TrainOptions } from './train.ts';
import type { TrainResult } from './types.ts';
import { InputError } from '../errors.ts';

export interface ExperimentOptions extends TrainOptions {
  readonly dataset: DatasetName;
  /** K: the first K classes of the data set. */
  readonly classes: number;
  readonly imbalance: Imbalance;
  /** n_max: images of the largest class. */
  readonly perClass: number;
  /** @defaultValue $NCVERIFY_FASHION_MNIST or Debian's directory */
  readonly dataDir?: string;
}

/** Validates, loads and trains. Bad options are InputErrors naming their flag, before anything loads. */
export async function trainExperiment(o: ExperimentOptions): Promise<TrainResult> {
  if (!Number.isInteger(o.classes) || o.classes < 2) throw new InputError('--classes', `must be an integer >= 2, got ${o.classes}`);
  if (!Number.isInteger(o.perClass) || o.perClass < 1) throw new InputError('--per-class', `must be an integer >= 1, got ${o.perClass}`);
  // Known before the files are read, so a bad --classes is refused even where the data set is missing.
  if (o.classes > FASHION_MNIST_CLASSES.length)
    throw new InputError('--classes', `${o.dataset} has ${FASHION_MNIST_CLASSES.length} classes, asked for ${o.classes}`);
  validateTrainOptions(o);
  const counts = classCounts(o.imbalance, o.classes, o.perClass);
  const set = loadImageSet(o.dataset, o.dataDir ?? fashionMnistDir());
  return trainNetwork(selectTrainingSet(set, counts, o.seed), o, { dataset: o.dataset, imbalance: o.imbalance, perClass: o.perClass });
}
