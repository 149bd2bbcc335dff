/**
 * The deep linear UFM instance spaces (dln-mse, dln-ce; src/instances/space.ts) for hunts.
 * Regularisation is one common level `lambda` (log scale), with lambdaH = lambda hRatio and the
 * layers' lambdaW_m spread geometrically around lambda by `layerSpread` (first to last layer).
 * The claims' thresholds (Dang et al. 2023: class k live iff b_k < thr_M, b_k = N lambdaBar
 * (N lambdaH)^{1/M} / n_k; for CE, the margin rho = 0 where the ETF stops beating log K) are
 * fixed values of combinations of lambda, n and M, so a hunt finds them along `lambda` by
 * scanning each claim's predictions, and `--map depth,lambda` draws them.
 */
import type { DeepLinearInstance } from '../problems/deep-linear/problem.ts';
import { countSteps, profileCounts, roundingSteps, type InstanceSpace, type ShrinkStep, type SpacePoint } from './space.ts';
import { minOf } from '../linalg/vector.ts';

const num = (p: SpacePoint, k: string) => p[k] as number;

function builder(problem: DeepLinearInstance['problem']) {
  return (p: SpacePoint): DeepLinearInstance | null => {
    const K = num(p, 'K');
    const M = num(p, 'depth');
    const n = profileCounts(p.profile as string, K, num(p, 'nMin'), num(p, 'R'), num(p, 'kMinority'));
    if (!n) return null;
    // Alternate widths K + widthOffset and K + widthOffset + widthStep, starting with the first layer.
    const widths = Array.from({ length: M }, (_, m) => Math.max(1, K + num(p, 'widthOffset') + (m % 2 === 1 ? num(p, 'widthStep') : 0)));
    const lambda = num(p, 'lambda');
    const spread = num(p, 'layerSpread');
    // lambdaW_m = lambda spread^{(m - (M-1)/2)/max(1, M-1)}: geometric mean lambda, ratio `spread` from first to last.
    const lambdaW = Array.from({ length: M }, (_, m) => (M === 1 ? lambda : lambda * spread ** ((m - (M - 1) / 2) / (M - 1))));
    return { problem, K, n, depth: M, widths, lambdaW, lambdaH: lambda * num(p, 'hRatio'), bias: p.bias === true };
  };
}

/**
 * The factor on every lambda that keeps an instance at the same place relative to its claims'
 * thresholds when its counts change: for CE, lambdaT / lambdaT0 with lambdaT0 = 1 / (K n^{1/(M+1)})
 * (the level where the ETF stops beating log K at M = 1, src/instances/deep-linear.ts); for MSE,
 * the smallest class's b_k = N lambdaBar (N lambdaH)^{1/M} / n_k, which scales like s^{1+1/M}.
 */
function regimeScale(from: DeepLinearInstance, K: number, n: readonly number[]): number {
  const M = from.depth;
  const nOld = minOf(from.n);
  const nNew = minOf(n);
  if (from.problem === 'dln-ce') return (from.K * nOld ** (1 / (M + 1))) / (K * nNew ** (1 / (M + 1)));
  const N0 = from.n.reduce((a, b) => a + b, 0);
  const N1 = n.reduce((a, b) => a + b, 0);
  const bRatio = N0 ** (1 + 1 / M) / nOld / (N1 ** (1 + 1 / M) / nNew);
  return bRatio ** (M / (M + 1));
}

function shrink(inst: DeepLinearInstance): ShrinkStep<DeepLinearInstance>[] {
  const out: ShrinkStep<DeepLinearInstance>[] = [];
  // Fewer classes or samples with the regime kept (every lambda rescaled), widths keeping their offset from K.
  for (const item of countSteps(inst.n, (n) => {
    const s = regimeScale(inst, n.length, n);
    return {
      ...inst,
      K: n.length,
      n,
      widths: inst.widths.map((w) => Math.max(1, w - (inst.K - n.length))),
      lambdaW: inst.lambdaW.map((l) => l * s),
      lambdaH: inst.lambdaH * s,
    };
  }).map((st) => ({ ...st, step: `${st.step}, lambdas rescaled to keep the regime` })))
    out.push(item);
  // The same with the lambdas as they are.
  for (const item of countSteps(inst.n, (n) => ({ ...inst, K: n.length, n, widths: inst.widths.map((w) => Math.max(1, w - (inst.K - n.length))) })))
    out.push(item);
  for (const item of countSteps(inst.n, (n) => ({ ...inst, K: n.length, n })).filter((s) => s.instance.K !== inst.K)) out.push(item);
  if (inst.depth > 1) {
    const M = inst.depth;
    out.push({
      step: `depth ${M} -> ${M - 1} (last layer dropped)`,
      instance: { ...inst, depth: M - 1, widths: inst.widths.slice(0, -1), lambdaW: inst.lambdaW.slice(0, -1) },
    });
    out.push({
      step: `depth ${M} -> ${M - 1} (first layer dropped)`,
      instance: { ...inst, depth: M - 1, widths: inst.widths.slice(1), lambdaW: inst.lambdaW.slice(1) },
    });
  }
  const dmin = minOf(inst.widths);
  if (inst.widths.some((w) => w > dmin))
    out.push({ step: `widths [${inst.widths.join(',')}] -> all ${dmin}`, instance: { ...inst, widths: inst.widths.map(() => dmin) } });
  inst.widths.forEach((w, m) => {
    if (w > 1) out.push({ step: `width d_${m + 1} ${w} -> ${w - 1}`, instance: { ...inst, widths: inst.widths.map((v, j) => (j === m ? v - 1 : v)) } });
  });
  const geo = inst.lambdaW.reduce((a, b) => a * b, 1) ** (1 / inst.depth);
  if (inst.lambdaW.some((l) => l !== inst.lambdaW[0]))
    out.push({ step: 'lambdaW equal across layers (their geometric mean)', instance: { ...inst, lambdaW: inst.lambdaW.map(() => geo) } });
  if (inst.bias) out.push({ step: 'bias removed', instance: { ...inst, bias: false } });
  for (const item of roundingSteps(inst, ['lambdaW', 'lambdaH'])) out.push(item);
  return out;
}

function space(problem: DeepLinearInstance['problem']): InstanceSpace<DeepLinearInstance> {
  const base = { K: 3, profile: 'balanced', nMin: 2, R: 3, kMinority: 2, depth: 2, widthOffset: 1, widthStep: 0, layerSpread: 1, hRatio: 1, bias: false };
  return {
    problem,
    parameters: [
      { kind: 'int', name: 'K', min: 2, max: 6, doc: 'number of classes K' },
      { kind: 'choice', name: 'profile', values: ['balanced', 'step', 'long-tail'], doc: 'class-count profile' },
      { kind: 'int', name: 'nMin', min: 1, max: 5, doc: 'smallest class count' },
      { kind: 'real', name: 'R', min: 1.5, max: 8, log: true, doc: 'imbalance ratio n_max / n_min' },
      { kind: 'int', name: 'kMinority', min: 1, max: 3, doc: 'classes in the smallest cluster' },
      { kind: 'int', name: 'depth', min: 1, max: 5, doc: 'number of linear layers M' },
      { kind: 'int', name: 'widthOffset', min: -2, max: 3, doc: 'width of the odd layers d_m = K + widthOffset' },
      { kind: 'int', name: 'widthStep', min: 0, max: 2, doc: 'even layers are widthStep wider' },
      { kind: 'real', name: 'lambda', min: 1e-3, max: 1, log: true, threshold: true, doc: 'common regularisation level (geometric mean of the lambdaW_m)' },
      { kind: 'real', name: 'layerSpread', min: 1 / 3, max: 3, log: true, doc: 'lambdaW_M / lambdaW_1' },
      { kind: 'real', name: 'hRatio', min: 0.3, max: 3, log: true, doc: 'lambdaH / lambda' },
      { kind: 'choice', name: 'bias', values: [false, true], doc: 'a last-layer bias (unregularised)' },
    ],
    seeds: [
      { ...base, lambda: problem === 'dln-ce' ? 0.05 : 0.01 },
      { ...base, profile: 'step', lambda: 0.01 },
      { ...base, widthOffset: -1, lambda: 0.01 },
      { ...base, bias: true, lambda: 0.01 },
    ],
    build: builder(problem),
    shrink,
  };
}

export const dlnMseSpace = space('dln-mse');
export const dlnCeSpace = space('dln-ce');
