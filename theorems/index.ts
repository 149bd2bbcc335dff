/**
 * The built-in catalogue, in the order of ../shared/theorems.md. Each paper's module default-
 * exports its claims; add a paper by adding its module here.
 */
import type { Theorem } from '../src/core/theorem.ts';
import zhu2021 from './zhu2021.ts';

export const catalogue: readonly Theorem[] = [...zhu2021];

/** Named suites for `ncverify run --suite`: claim ids with their instance budgets. */
export const suites: Record<string, { description: string; claims: Array<{ id: string; instances: number }> }> = {
  default: {
    description: 'every encoded claim with a moderate budget',
    claims: [
      { id: 'zhu2021.global', instances: 24 },
      { id: 'zhu2021.landscape', instances: 8 },
    ],
  },
  quick: {
    description: 'a smoke run for CI: a few instances per claim',
    claims: [
      { id: 'zhu2021.global', instances: 4 },
      { id: 'zhu2021.landscape', instances: 2 },
    ],
  },
};
