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

export const catalogue = new Catalogue([...zhu2021, ...hongling2024, ...dang2024relu, ...fang2021, ...seli2022, ...dang2023dln, ...dang2024vae,
  ...fisher2024mixup, ...ebv2023, ...fedloge2024]);

/** Named suites for `ncverify run --suite`: claim ids with their instance budgets. */
export const suites: Record<string, {
  description: string;
  claims: Array<{ id: string; instances: number }>;
  /** Threshold and asymptotic studies run after the claims (src/engine/studies.ts). */
  studies?: string[];
}> = {
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
    studies: ['hongling2024.cor4.switch', 'hongling2024.thm5', 'seli2022.ridge-limit', 'fisher2024mixup.log-odds'],
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
};
