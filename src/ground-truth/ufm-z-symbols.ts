/**
 * The symbols of claims stated on Hong & Ling's UFM-Z (docs/catalogue.md, hongling2024): those of
 * ufmCeClusterSymbols, lambdaZ = sqrt(lambdaW lambdaH), and Fz, the UFM-Z optimal value
 * certified by its duality gap (NaN if the convex solve did not certify, which the engine
 * reports as an inconsistent prediction). Fz carries its error bound (src/symbolic/rounding.ts):
 * the duality gap (the primal value is at most that far above the optimum) plus the rounding of
 * the primal value, a mean of K^2 CE terms and a nuclear norm (gamma of 8 K^2 relative).
 */
import { ufmCeClusterSymbols } from '../problems/ufm-ce/symbols.ts';
import type { UfmCeInstance } from '../problems/ufm-ce/problem.ts';
import type { Scope } from '../symbolic/expr.ts';
import { withSymbolErrors } from '../symbolic/rounding.ts';
import { gamma } from '../linalg/rounding.ts';
import { ufmZGroundTruth } from './ufm-z.ts';

export function ufmZSymbols(inst: UfmCeInstance): Scope {
  const sol = ufmZGroundTruth(inst);
  const Fz = sol.certified ? sol.objective : NaN;
  return withSymbolErrors(
    { ...ufmCeClusterSymbols(inst), lambdaZ: Math.sqrt(inst.lambdaW * inst.lambdaH), Fz },
    { Fz: Math.max(0, sol.gap) + gamma(8 * inst.K * inst.K) * Math.abs(Fz) },
  );
}
