import type { UfmCeInstance } from '../../../src/problems/ufm-ce/problem.ts';

/** Sizes that cross the gemm tile (16) and the 128-column workgroups, with and without bias. */
export const F32_CASES: Array<{ name: string; inst: UfmCeInstance; scale: number }> = [
  {
    name: 'K=5 d=19 N=300 with bias',
    inst: { problem: 'ufm-ce', K: 5, n: [100, 90, 70, 25, 15], d: 19, lambdaW: 5e-3, lambdaH: 5e-3, lambdaB: 1e-2, bias: true },
    scale: 0.5,
  },
  {
    name: 'K=17 d=33 N=1000 without bias, large logits',
    inst: {
      problem: 'ufm-ce',
      K: 17,
      n: Array.from({ length: 17 }, (_, k) => (k < 8 ? 100 : 25)),
      d: 33,
      lambdaW: 5e-4,
      lambdaH: 5e-4,
      lambdaB: 0,
      bias: false,
    },
    scale: 1.5,
  },
  {
    name: 'K=3 d=2 N=7, one partial tile everywhere',
    inst: { problem: 'ufm-ce', K: 3, n: [3, 2, 2], d: 2, lambdaW: 1e-1, lambdaH: 1e-2, lambdaB: 1e-3, bias: true },
    scale: 1,
  },
];
