/**
 * The symbols of claims stated on Hong & Ling's UFM-Z (docs/catalogue.md, hongling2024): those of
 * ufmCeClusterSymbols, lambdaZ = sqrt(lambdaW lambdaH), and Fz, the UFM-Z optimal value
 * certified by its duality gap (NaN if the convex solve did not certify, which the engine
 * reports as an inconsistent prediction).
 */
import { ufmCeClusterSymbols } from '../problems/ufm-ce/symbols.ts';
import type { UfmCeInstance } from '../problems/ufm-ce/problem.ts';
import type { Scope } from '../symbolic/expr.ts';
import { ufmZGroundTruth } from './ufm-z.ts';

export function ufmZSymbols(inst: UfmCeInstance): Scope {
  const sol = ufmZGroundTruth(inst);
  return { ...ufmCeClusterSymbols(inst), lambdaZ: Math.sqrt(inst.lambdaW * inst.lambdaH), Fz: sol.certified ? sol.objective : NaN };
}
