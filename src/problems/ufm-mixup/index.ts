/**
 * The `ufm-mixup` problem (docs/catalogue.md, fisher2024mixup): features of mixed examples under a
 * fixed simplex-ETF classifier (fixed.ts, the catalogue's setting), or the full UFM with W
 * learnable under the mixup loss (learnable.ts, the conjecture of issue 14). Instance format in
 * instance.ts; closed form and the log-odds limit in closed-form.ts.
 */
import type { Rng } from '../../random.ts';
import type { Problem } from '../problem.ts';
import { formatNumber } from '../format.ts';
import { fixedMixupDistanceBound, fixedMixupObjective } from './fixed.ts';
import { parseUfmMixup, type UfmMixupInstance } from './instance.ts';
import { learnableMixupObjective, learnableMixupSymmetries } from './learnable.ts';
import { ufmMixupView } from './view.ts';

export type { Mix, UfmMixupFixedInstance, UfmMixupInstance, UfmMixupLearnableInstance } from './instance.ts';
export { allPairsMixes, balancedMixes, parseUfmMixup } from './instance.ts';
export { fixedClassifier, fixedMixupDistanceBound, fixedMixupObjective } from './fixed.ts';
export { learnableMixupObjective, learnableMixupSymmetries } from './learnable.ts';
export { spanProjection, ufmMixupView, type MixView, type UfmMixupView } from './view.ts';
export { etfClassifier } from './classifier.ts';
export {
  MIXUP_CLOSED_FORM,
  closedFormFeature,
  fixedPointResiduals,
  mixupLogOddsPoint,
  newtonFeature,
  solveMixupFixedPoint,
  type MixupClosedForm,
  type MixupFixedPoint,
  type MixupLogOddsPoint,
  type MixupParameters,
} from './closed-form.ts';

export const ufmMixup: Problem<UfmMixupInstance> = {
  name: 'ufm-mixup',
  description: 'mixup cross-entropy lam CE(W h, i) + (1 - lam) CE(W h, j) per mixed example, fixed simplex-ETF or learnable W, ridge penalties',
  conventions:
    'One feature h per mixed example (i, j, lam), minimising lam CE(W h, i) + (1 - lam) CE(W h, j) + lambdaH/2 ||h||^2. With the fixed classifier (the default) W is the simplex ETF with ||w_k|| = s in R^d (d >= K - 1, rows w_k, w_k.w_l = -s^2/(K-1)), each feature problem is strictly convex (strong convexity lambdaH) and the distance to the minimiser is bounded by ||grad|| / lambdaH. With `classifier: "learnable"` W is a variable too, penalised by lambdaW/2 ||W||^2, the mixup losses are averaged over the mixes and ||H||^2 sums over them.',
  parse: parseUfmMixup,
  objective: (inst) => (inst.classifier === 'learnable' ? learnableMixupObjective(inst) : fixedMixupObjective(inst)),
  randomStart(inst: UfmMixupInstance, rng: Rng, scale: number): Float64Array {
    const size = (inst.classifier === 'learnable' ? inst.K * inst.d : 0) + inst.d * inst.mixes.length;
    return rng.normalArray(size, 0.5 * scale);
  },
  summarize(inst: UfmMixupInstance): string {
    const head = inst.classifier === 'learnable' ? `learnable W λW=${formatNumber(inst.lambdaW)}` : `fixed ETF s=${formatNumber(inst.s)}`;
    const mixes = inst.mixes.length <= 4 ? inst.mixes.map((m) => `(${m.i},${m.j},${formatNumber(m.lam)})`).join(' ') : `${inst.mixes.length} mixes`;
    return `K=${inst.K} d=${inst.d} ${head} λH=${formatNumber(inst.lambdaH)} ${mixes}`;
  },
  // The fixed-classifier objective is strictly convex: no continuous symmetry.
  symmetries: (inst: UfmMixupInstance, x: Float64Array) => (inst.classifier === 'learnable' ? learnableMixupSymmetries(inst, x) : []),
  describeSolution(inst: UfmMixupInstance, x: Float64Array) {
    const v = ufmMixupView(inst, x);
    const out: Record<string, number[][] | number[]> = {};
    v.mixes.forEach((m, k) => {
      const key = `mix ${k} (i=${m.mix.i}, j=${m.mix.j}, lam=${m.mix.lam})`;
      out[`${key} h`] = Array.from(m.h);
      out[`${key} coefficients on w_i, w_j`] = [...m.coefficients];
      out[`${key} distance from span{w_i, w_j}`] = [m.distanceFromSpan];
      out[`${key} logits`] = Array.from(m.logits);
    });
    if (inst.classifier === 'fixed-etf') {
      // Strong convexity: ||x - x*|| <= ||grad|| / lambdaH, exact (fixed.ts).
      out['distance bound ||g||/lambdaH'] = [fixedMixupDistanceBound(inst, x).distanceBound];
    } else {
      const W = v.W;
      const G: number[][] = [];
      for (let k = 0; k < inst.K; k++) {
        G.push([]);
        for (let l = 0; l < inst.K; l++) {
          let s = 0;
          for (let q = 0; q < inst.d; q++) s += W.data[k * inst.d + q] * W.data[l * inst.d + q];
          G[k].push(s);
        }
      }
      out.WWt = G;
    }
    return out;
  },
};
