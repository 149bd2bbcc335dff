/**
 * The built-in catalogue, in the order of docs/catalogue.md: each paper's module default-exports
 * its claims and studies in the paper's order; add a paper by adding its module here.
 */
import { Catalogue } from '../src/engine/catalogue.ts';
import zhu2021 from './zhu2021.ts';
import dang2023dln from './dang2023dln.ts';
import dang2024vae from './dang2024vae.ts';
import hongling2024 from './hongling2024.ts';
import seli2022 from './seli2022.ts';
import dang2024relu from './dang2024relu.ts';
import fang2021 from './fang2021.ts';
import fisher2024mixup from './fisher2024mixup.ts';
import ebv2023 from './ebv2023.ts';
import fedloge2024 from './fedloge2024.ts';

export const catalogue = new Catalogue([
  ...zhu2021,
  ...hongling2024,
  ...dang2024relu,
  ...fang2021,
  ...seli2022,
  ...dang2023dln,
  ...dang2024vae,
  ...fisher2024mixup,
  ...ebv2023,
  ...fedloge2024,
]);

/** Named suites for `ncverify run --suite`: claim ids with their instance budgets. */
export const suites: Record<
  string,
  {
    description: string;
    claims: Array<{ id: string; instances: number }>;
    /** Threshold and asymptotic studies run after the claims (src/engine/studies.ts). */
    studies?: string[];
    /** Training experiments of src/practice/suite.ts, run after everything else (they train networks). */
    practice?: string[];
    /** Assumption-necessity tables for every claim, from this many instances per assumption (src/hunt/necessity.ts). */
    necessity?: { instances: number };
    /** Failure maps (`ncverify hunt --map`), drawn in the report. */
    maps?: Array<{
      claim: string;
      axes: [string, string];
      grid: [number, number];
      at?: Record<string, number | string | boolean>;
      ranges?: Record<string, [number, number]>;
    }>;
  }
> = {
  default: {
    description: 'every encoded claim with a moderate budget',
    claims: [
      { id: 'zhu2021.global', instances: 24 },
      { id: 'zhu2021.landscape', instances: 8 },
      { id: 'hongling2024.thm2', instances: 12 },
      { id: 'hongling2024.thm2-balanced', instances: 8 },
      { id: 'hongling2024.thm3', instances: 8 },
      { id: 'hongling2024.cor4', instances: 12 },
      { id: 'hongling2024.thm6', instances: 6 },
      { id: 'hongling2024.clusters', instances: 6 },
      { id: 'dang2024relu.global', instances: 12 },
      { id: 'fang2021.balanced', instances: 8 },
      { id: 'fang2021.minority', instances: 4 },
      { id: 'seli2022.svm', instances: 8 },
      { id: 'dang2023dln.mse', instances: 12 },
      { id: 'dang2023dln.mse-narrow', instances: 6 },
      { id: 'dang2023dln.mse-bias', instances: 6 },
      { id: 'dang2023dln.ce', instances: 8 },
      { id: 'dang2024vae.cvae', instances: 12 },
      { id: 'dang2024vae.vae', instances: 12 },
      { id: 'dang2024vae.hvae', instances: 8 },
      { id: 'fisher2024mixup.same-class', instances: 4 },
      { id: 'fisher2024mixup.span', instances: 4 },
      { id: 'fisher2024mixup.boundary', instances: 4 },
      { id: 'fisher2024mixup.closed-form', instances: 4 },
      { id: 'fisher2024mixup.learnable', instances: 4 },
      { id: 'ebv2023.welch', instances: 6 },
      { id: 'ebv2023.orthonormal', instances: 4 },
      { id: 'ebv2023.simplex-welch', instances: 6 },
      { id: 'fedloge2024.sse-c', instances: 3 },
      { id: 'fedloge2024.refinement', instances: 2 },
    ],
    studies: [
      'hongling2024.cor4.switch',
      'hongling2024.thm5',
      'hongling2024.thm5.classifier',
      'hongling2024.thm5.means',
      'hongling2024.thm5.classifier-limit',
      'hongling2024.thm5.means-limit',
      'seli2022.ridge-limit',
      'fisher2024mixup.log-odds',
    ],
    necessity: { instances: 2 },
    // Where dang2023dln.ce fails: four classes, one sample each, over depth and the common lambda.
    maps: [
      {
        claim: 'dang2023dln.ce',
        axes: ['lambda', 'depth'],
        grid: [6, 4],
        at: { K: 4, nMin: 1, widthOffset: 0 },
        ranges: { lambda: [0.003, 0.3], depth: [1, 4] },
      },
    ],
  },
  quick: {
    description: 'a smoke run for CI: a few instances per claim',
    claims: [
      { id: 'zhu2021.global', instances: 4 },
      { id: 'zhu2021.landscape', instances: 2 },
      { id: 'hongling2024.cor4', instances: 2 },
      { id: 'dang2023dln.mse', instances: 1 },
    ],
  },
  practice: {
    description:
      'theory against practice: the claims the experiments compare with, then networks trained on Fashion-MNIST and their last layers next to the predictions (trains; not in the default suite)',
    claims: [
      { id: 'zhu2021.global', instances: 4 },
      { id: 'hongling2024.thm2', instances: 4 },
      { id: 'hongling2024.cor4', instances: 4 },
      { id: 'dang2024relu.global', instances: 4 },
      { id: 'dang2023dln.mse', instances: 2 },
    ],
    practice: ['balanced-ce', 'step10-ce', 'minority-collapse-ce', 'step10-mse'],
  },
};
