import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random.ts';
import { expectGradientMatchesDifferences, expectHessVecMatchesDifferences } from '../../helpers/derivatives.ts';
import { InputError } from '../../../src/errors.ts';
import { deepLinearObjective, parseDeepLinear, type DeepLinearInstance } from '../../../src/problems/deep-linear/problem.ts';
import { deepLinearView } from '../../../src/problems/deep-linear/view.ts';

function inst(over: Partial<DeepLinearInstance> = {}): DeepLinearInstance {
  return { problem: 'dln-mse', K: 3, n: [3, 2, 1], depth: 3, widths: [4, 3, 5], lambdaW: [0.01, 0.03, 0.02], lambdaH: 0.005, bias: false, ...over };
}

/** Central differences of f along each coordinate. */
/**
 * The loss written out independently of the problem code, sample by sample:
 * (1/(2N)) sum ||W_M..W_1 h_j + b - e_{y_j}||^2 or (1/N) sum CE, plus the penalties.
 */
function referenceValue(I: DeepLinearInstance, x: Float64Array): number {
  const v = deepLinearView(I, x);
  const N = v.N;
  let L = 0;
  for (let j = 0; j < N; j++) {
    let z = Array.from({ length: v.H.rows }, (_, i) => v.H.data[i * N + j]);
    for (const W of v.layers) z = Array.from({ length: W.rows }, (_, r) => z.reduce((s, zi, c) => s + W.data[r * W.cols + c] * zi, 0));
    if (v.b) z = z.map((zi, k) => zi + v.b![k]);
    const y = v.labels[j];
    if (I.problem === 'dln-mse') L += z.reduce((s, zi, k) => s + (zi - (k === y ? 1 : 0)) ** 2, 0) / (2 * N);
    else L += (Math.log(z.reduce((s, zi) => s + Math.exp(zi), 0)) - z[y]) / N;
  }
  let pen = 0;
  v.layers.forEach((W, m) => {
    pen += 0.5 * I.lambdaW[m] * W.data.reduce((s, a) => s + a * a, 0);
  });
  pen += 0.5 * I.lambdaH * v.H.data.reduce((s, a) => s + a * a, 0);
  return L + pen;
}

const cases: Array<[string, DeepLinearInstance]> = [
  ['mse M=3 imbalanced', inst()],
  ['mse M=1 with bias', inst({ depth: 1, widths: [4], lambdaW: [0.02], bias: true })],
  ['mse M=2 narrow with bias', inst({ depth: 2, widths: [2, 2], lambdaW: [0.02, 0.01], bias: true })],
  ['ce M=2', inst({ problem: 'dln-ce', depth: 2, widths: [3, 4], lambdaW: [0.02, 0.01] })],
  ['ce M=3 with bias', inst({ problem: 'dln-ce', bias: true })],
];

describe.each(cases)('deep linear objective: %s', (_name, I) => {
  const obj = deepLinearObjective(I);
  const x = new Rng(7).normalArray(obj.size, 0.7);

  it('value matches the loss written out sample by sample', () => {
    expect(obj.value(x)).toBeCloseTo(referenceValue(I, x), 12);
  });

  it('gradient matches central differences', () => {
    expectGradientMatchesDifferences(obj, x, 1e-7);
  });

  it('Hessian-vector product matches differences of the gradient', () => {
    expectHessVecMatchesDifferences(obj, x, new Rng(11).normalArray(obj.size), 1e-6);
  });
});

describe('parseDeepLinear', () => {
  it('expands "d" and a scalar lambdaW to every layer', () => {
    const p = parseDeepLinear({ problem: 'dln-mse', K: 3, n: [2, 2, 2], depth: 3, d: 4, lambdaW: 0.1, lambdaH: 0.2 }, 'x');
    expect(p.widths).toEqual([4, 4, 4]);
    expect(p.lambdaW).toEqual([0.1, 0.1, 0.1]);
    expect(p.bias).toBe(false);
  });
  it('names the field that is wrong', () => {
    const base = { problem: 'dln-ce', K: 3, n: [2, 2, 2], depth: 2, widths: [3, 3], lambdaW: [0.1, 0.1], lambdaH: 0.2 };
    expect(() => parseDeepLinear({ ...base, widths: [3] }, 'f')).toThrow(/f\.widths/);
    expect(() => parseDeepLinear({ ...base, lambdaW: [0.1, -1] }, 'f')).toThrow(/f\.lambdaW\[1\]/);
    expect(() => parseDeepLinear({ ...base, d: 3 }, 'f')).toThrow(InputError);
    expect(() => parseDeepLinear({ ...base, depth: 0 }, 'f')).toThrow(/f\.depth/);
    expect(() => parseDeepLinear({ ...base, extra: 1 }, 'f')).toThrow(/f\.extra/);
  });
});
