/**
 * The deep linear UFM problems `dln-mse` and `dln-ce` (objective and conventions in
 * objective.ts): instance parsing, summaries, balanced random starts.
 */
import type { Rng } from '../../random.ts';
import { InputError, describe } from '../../errors.ts';
import { requireInteger, requirePositive } from '../fields.ts';
import type { Problem } from '../problem.ts';
import { formatNumber } from '../format.ts';
import { deepLinearBlocks, deepLinearObjective, type DeepLinearInstance } from './objective.ts';
import { describeDeepLinearSolution } from './view.ts';

export { deepLinearBlocks, deepLinearLoss, deepLinearObjective, sampleLabels, type DeepLinearInstance, type DeepLinearLoss } from './objective.ts';

const KNOWN_FIELDS = new Set(['problem', 'K', 'n', 'depth', 'd', 'widths', 'lambdaW', 'lambdaH', 'bias', 'id', 'note', 'seed']);

/**
 * Parses a `dln-mse` / `dln-ce` instance: `"depth": M`, either `"d"` (every width) or
 * `"widths": [d_1, ..., d_M]`, `"lambdaW"` a number (every layer) or one per layer, `"lambdaH"`,
 * optional `"bias"` (default false).
 */
export function parseDeepLinear(raw: unknown, source: string): DeepLinearInstance {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (r.problem !== 'dln-mse' && r.problem !== 'dln-ce')
    throw new InputError(`${source}.problem`, `expected "dln-mse" or "dln-ce", got ${describe(r.problem)}`);
  for (const key of Object.keys(r)) {
    if (!KNOWN_FIELDS.has(key)) throw new InputError(`${source}.${key}`, `unknown field for problem "${r.problem}" (known: ${[...KNOWN_FIELDS].join(', ')})`);
  }
  const K = requireInteger(`${source}.K`, r.K, 2, 'at least 2 classes');
  if (!Array.isArray(r.n)) throw new InputError(`${source}.n`, `expected an array of ${K} per-class sample counts, got ${describe(r.n)}`);
  if (r.n.length !== K) throw new InputError(`${source}.n`, `has ${r.n.length} entries but K = ${K}: give one sample count per class`);
  const n = r.n.map((v, k) => requireInteger(`${source}.n[${k}]`, v, 1, 'every class needs at least one sample'));
  const M = requireInteger(`${source}.depth`, r.depth, 1, 'at least one linear layer');
  let widths: number[];
  if (r.widths !== undefined) {
    if (r.d !== undefined) throw new InputError(`${source}.d`, 'give either "d" (all widths) or "widths", not both');
    if (!Array.isArray(r.widths) || r.widths.length !== M) {
      throw new InputError(`${source}.widths`, `expected an array of ${M} widths [d_1, ..., d_M] (one per layer), got ${describe(r.widths)}`);
    }
    widths = r.widths.map((v, m) => requireInteger(`${source}.widths[${m}]`, v, 1, 'a layer needs at least one unit'));
  } else {
    const d = requireInteger(`${source}.d`, r.d, 1, 'the width must be at least 1');
    widths = Array.from({ length: M }, () => d);
  }
  let lambdaW: number[];
  if (Array.isArray(r.lambdaW)) {
    if (r.lambdaW.length !== M)
      throw new InputError(`${source}.lambdaW`, `has ${r.lambdaW.length} entries but depth = ${M}: give one per layer or a single number`);
    lambdaW = r.lambdaW.map((v, m) => requirePositive(`${source}.lambdaW[${m}]`, v));
  } else {
    const l = requirePositive(`${source}.lambdaW`, r.lambdaW);
    lambdaW = Array.from({ length: M }, () => l);
  }
  const lambdaH = requirePositive(`${source}.lambdaH`, r.lambdaH);
  let bias = false;
  if (r.bias !== undefined) {
    if (typeof r.bias !== 'boolean') throw new InputError(`${source}.bias`, `expected true or false, got ${describe(r.bias)}`);
    bias = r.bias;
  }
  return { problem: r.problem, K, n, depth: M, widths, lambdaW, lambdaH, bias };
}

export function summarizeDeepLinear(inst: DeepLinearInstance): string {
  const nTxt = inst.n.every((v) => v === inst.n[0]) ? `n=${inst.n[0]}x${inst.K}` : `n=[${inst.n.join(',')}]`;
  const wTxt = inst.widths.every((v) => v === inst.widths[0]) ? `d=${inst.widths[0]}` : `widths=[${inst.widths.join(',')}]`;
  const lTxt = inst.lambdaW.every((v) => v === inst.lambdaW[0]) ? formatNumber(inst.lambdaW[0]) : `[${inst.lambdaW.map(formatNumber).join(',')}]`;
  return `K=${inst.K} ${nTxt} M=${inst.depth} ${wTxt} λW=${lTxt} λH=${formatNumber(inst.lambdaH)}${inst.bias ? ' bias' : ''}`;
}

/**
 * A start whose layers are balanced the way minimisers are (lambdaW_m s_m^2 = lambdaH n h^2):
 * block spreads proportional to lambda^{-1/2} (lambdaH weighted by the mean class size), scaled
 * together so that the end-to-end map W_M ... W_1 h has gain about scale^{M+1}. Equal spreads
 * put badly regularised problems (tiny lambdaH) far from every live basin.
 */
function randomStart(inst: DeepLinearInstance, rng: Rng, scale: number): Float64Array {
  const blocks = deepLinearBlocks(inst);
  const M = inst.depth;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const gains = [...inst.lambdaW.map((l) => l ** -0.5), ((inst.lambdaH * N) / inst.K) ** -0.5];
  const gamma = gains.reduce((a, b) => a * b, 1) ** (-1 / (M + 1));
  const size = blocks.reduce((s, b) => s + b.rows * b.cols, 0);
  const x = new Float64Array(size);
  for (let m = 0; m <= M; m++) {
    const b = blocks[m];
    // Layer m has fan-in b.cols; H's columns live in R^{d_1} (b.rows).
    const std = (scale * gamma * gains[m]) / Math.sqrt(m < M ? b.cols : b.rows);
    for (let i = b.offset; i < b.offset + b.rows * b.cols; i++) x[i] = std * rng.normal();
  }
  if (inst.bias) {
    const b = blocks[M + 1];
    for (let i = b.offset; i < b.offset + b.rows; i++) x[i] = 0.5 * scale * rng.normal();
  }
  return x;
}

export const dlnMse: Problem<DeepLinearInstance> = {
  name: 'dln-mse',
  description: 'squared loss on W_M ... W_1 H (+ b) with per-layer ridge penalties (deep linear unconstrained features)',
  conventions:
    'f = (1/(2N)) ||W_M ... W_1 H (+ b 1^T) - Y||_F^2 + sum_m lambdaW_m/2 ||W_m||^2 + lambdaH/2 ||H||^2, M linear layers on free features: H is d_1 x N, W_m is d_{m+1} x d_m and W_M is K x d_M; Y is the one-hot K x N label matrix; the loss is averaged over the N samples, ||H||^2 sums over them; the last-layer bias is optional (default off) and never penalised.',
  parse: parseDeepLinear,
  objective: deepLinearObjective,
  randomStart,
  summarize: summarizeDeepLinear,
  describeSolution: describeDeepLinearSolution,
};

export const dlnCe: Problem<DeepLinearInstance> = {
  name: 'dln-ce',
  description: 'mean cross-entropy on W_M ... W_1 H (+ b) with per-layer ridge penalties (deep linear unconstrained features)',
  conventions:
    'f = (1/N) sum_{k,i} CE(W_M ... W_1 h_{k,i} (+ b), k) + sum_m lambdaW_m/2 ||W_m||^2 + lambdaH/2 ||H||^2, with the layers, shapes and penalties of dln-mse; mean cross-entropy over the N samples.',
  parse: parseDeepLinear,
  objective: deepLinearObjective,
  randomStart,
  summarize: summarizeDeepLinear,
  describeSolution: describeDeepLinearSolution,
};
