import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInstance } from '../src/engine/check.ts';
import { deriveSeed } from '../src/random.ts';
import { solveUfSvmConvex } from '../src/ground-truth/uf-svm-convex.ts';
import { seli2022Svm } from '../theorems/seli2022.ts';
import { ufSvmInstances } from '../src/instances/uf-svm.ts';

describe('seli2022.svm', () => {
  // At the edge d = K - 1 and above it, over step / long-tail / cluster / random / balanced counts.
  for (const [edge, dOffset] of [
    ['d = K - 1', [0, 0]],
    ['d > K - 1', [1, 2]],
  ] as const) {
    it(`every certified UF-SVM solution has the SELI geometry (${edge})`, () => {
      let i = 0;
      fc.assert(
        fc.property(ufSvmInstances({ dOffset: [...dOffset], maxN: 30 }), (inst) => {
          const r = checkInstance(seli2022Svm, inst, i, { seed: deriveSeed(5, i++) });
          // pass only: a fail is a finding (save it under tests/fixtures/counterexamples/), an
          // inconclusive means the constrained solver did not certify.
          if (r.verdict !== 'pass') throw new Error(`${r.verdict}: ${r.reason}`);
        }),
        { numRuns: 5, seed: 7 },
      );
    });
  }

  it('the convex ground truth certifies on any imbalance profile', () => {
    fc.assert(
      fc.property(ufSvmInstances({ maxN: 60 }), (inst) => {
        const s = solveUfSvmConvex(inst.n);
        expect(s.certified, `gap ${s.gap}`).toBe(true);
      }),
      { numRuns: 10, seed: 4 },
    );
  });
});
