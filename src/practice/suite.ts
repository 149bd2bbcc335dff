/**
 * The practice suite (`ncverify run --suite practice`): a small fixed set of networks trained on
 * Fashion-MNIST (4 classes, a few hundred images each run, so the suite takes minutes on two
 * cores), each compared with the claims that speak about its setting:
 *
 *  - balanced-ce: balanced classes, ReLU MLP, CE: the simplex ETF of Zhu et al. and the
 *    orthogonal ReLU class means of Dang et al.;
 *  - step10-ce: step imbalance 10, ReLU MLP, CE: Hong & Ling's imbalanced geometry (below the
 *    minority-collapse threshold), Dang et al.'s ReLU geometry, the SELI limit;
 *  - minority-collapse-ce: step imbalance 100 (n_k = 200, 200, 2, 2) with decays chosen so that
 *    N sqrt(lambdaW lambdaH) = sqrt(N wd lh) = 2.01 exceeds sqrt(n_B) = 1.41: Hong & Ling's Cor 4
 *    predicts that the minority classifiers collapse (their logits coincide, so 100% train
 *    accuracy is unreachable and the run ends at its epoch budget, which the report says);
 *    free (linear) features, the model Cor 4 is about;
 *  - step10-mse: step imbalance 10, ReLU MLP, MSE: Dang et al.'s orthogonal frame for MSE
 *    (dang2023dln.mse at depth 1).
 * The lambdas of every comparison are the network's (lambdaW = wd, lambdaH = lh / N).
 */
import { parseImbalance } from '../train/imbalance.ts';
import { parseModel } from '../train/model.ts';
import type { ExperimentOptions } from '../train/experiment.ts';

export interface PracticeExperiment {
  readonly id: string;
  readonly description: string;
  /** Everything but the seed, the backend and the progress callback (the run gives those). */
  readonly options: Omit<ExperimentOptions, 'seed' | 'backend' | 'onEpoch'>;
  readonly compare: readonly string[];
}

const common = {
  dataset: 'fashion-mnist',
  classes: 4,
  loss: 'ce',
  learningRate: 0.02,
  batchSize: 32,
  epochs: 400,
  terminalEpochs: 100,
  checkpointEvery: 5,
} as const;

export const PRACTICE_EXPERIMENTS: readonly PracticeExperiment[] = [
  {
    id: 'balanced-ce',
    description: 'balanced (100 per class), ReLU MLP 64-64, cross-entropy, wd 5e-3, lh 0.02',
    options: { ...common, imbalance: parseImbalance('none'), perClass: 100, model: parseModel('mlp:64,64'), weightDecay: 5e-3, featureDecay: 0.02 },
    compare: ['zhu2021.global', 'hongling2024.thm2-balanced', 'dang2024relu.global'],
  },
  {
    id: 'step10-ce',
    description: 'step imbalance 10 (100, 100, 10, 10), ReLU MLP 64-64, cross-entropy, wd 5e-3, lh 0.02',
    options: { ...common, imbalance: parseImbalance('step:10'), perClass: 100, model: parseModel('mlp:64,64'), weightDecay: 5e-3, featureDecay: 0.02 },
    compare: ['hongling2024.thm2', 'hongling2024.cor4', 'dang2024relu.global', 'seli2022.svm'],
  },
  {
    id: 'minority-collapse-ce',
    description:
      "step imbalance 100 (200, 200, 2, 2), linear features (64), cross-entropy, wd 5e-2, lh 0.2: past the minority-collapse threshold of Hong & Ling's Cor 4",
    options: {
      ...common,
      imbalance: parseImbalance('step:100'),
      perClass: 200,
      model: parseModel('linear:64'),
      weightDecay: 5e-2,
      featureDecay: 0.2,
      learningRate: 0.01,
      epochs: 300,
    },
    compare: ['hongling2024.cor4', 'hongling2024.thm2'],
  },
  {
    id: 'step10-mse',
    description: 'step imbalance 10 (100, 100, 10, 10), ReLU MLP 64-64, MSE, wd 5e-3, lh 0.02',
    options: {
      ...common,
      loss: 'mse',
      imbalance: parseImbalance('step:10'),
      perClass: 100,
      model: parseModel('mlp:64,64'),
      weightDecay: 5e-3,
      featureDecay: 0.02,
    },
    compare: ['dang2023dln.mse', 'hongling2024.thm2'],
  },
];

export function practiceExperiment(id: string): PracticeExperiment {
  const e = PRACTICE_EXPERIMENTS.find((x) => x.id === id);
  if (!e) throw new Error(`unknown practice experiment "${id}" (known: ${PRACTICE_EXPERIMENTS.map((x) => x.id).join(', ')})`);
  return e;
}
