import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { fromRows } from '../../../src/linalg/matrix.ts';
import { ufmCePoint } from '../../../src/problems/ufm-ce/point.ts';
import type { UfmCeInstance } from '../../../src/problems/ufm-ce/problem.ts';
import { classClusters, majorityClasses, minorityClasses } from '../../../src/problems/ufm-ce/clusters.ts';
import { reluLiveClasses, ufmCeClusterSymbols, ufmCeReluSymbols } from '../../../src/problems/ufm-ce/symbols.ts';
import { ufmCeReluView, ufmCeView } from '../../../src/problems/ufm-ce/view.ts';

const inst: UfmCeInstance = { problem: 'ufm-ce', K: 2, n: [2, 1], d: 3, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: true };
const W = fromRows([
  [1, 2, 3],
  [4, 5, 6],
]);
const Hbar = fromRows([
  [0.5, 4],
  [1, 9],
  [0, 16],
]);

describe('ufmCePoint', () => {
  it('writes W, every sample at its class mean, and b, in the objective layout', () => {
    const x = ufmCePoint(inst, { W, Hbar, b: [7, 8] });
    // Written out by hand: W row-major, then H (d x N, columns: class 0, class 0, class 1), then b.
    expect([...x]).toEqual([1, 2, 3, 4, 5, 6, 0.5, 0.5, 4, 1, 1, 9, 0, 0, 16, 7, 8]);
    const v = ufmCeView(inst, x);
    expect([...v.Hbar.data]).toEqual([...Hbar.data]);
    expect([...v.b!]).toEqual([7, 8]);
  });

  it('leaves b = 0 when it is not given', () => {
    expect([...ufmCePoint(inst, { W, Hbar }).slice(-2)]).toEqual([0, 0]);
  });

  it('stores G = sqrt(H) for nonnegative features, so the ReLU view reads H_bar back', () => {
    const relu: UfmCeInstance = { ...inst, bias: false, features: 'nonnegative' };
    const x = ufmCePoint(relu, { W, Hbar });
    expect([...x.slice(6)]).toEqual([Math.SQRT1_2, Math.SQRT1_2, 2, 1, 1, 3, 0, 0, 4]);
    const v = ufmCeReluView(relu, x);
    // sqrt(0.5)^2 is 0.5 only to rounding.
    v.Hbar.data.forEach((h, i) => expect(h).toBeCloseTo(Hbar.data[i], 15));
    // ||(W, G)||_F^2 = 91 (W) + 0.5 + 0.5 + 4 + 1 + 1 + 9 + 16.
    expect(v.scale).toBeCloseTo(Math.sqrt(91 + 32), 14);
  });

  it('rejects class-level matrices of the wrong shape or sign, naming the field', () => {
    expect(() => ufmCePoint(inst, { W: fromRows([[1, 2, 3]]), Hbar })).toThrow(InputError);
    expect(() => ufmCePoint(inst, { W, Hbar: fromRows([[1, 2]]) })).toThrow(/^Hbar:/);
    expect(() => ufmCePoint({ ...inst, bias: false }, { W, Hbar, b: [1, 2] })).toThrow(/^b: the instance has no bias/);
    expect(() => ufmCePoint(inst, { W, Hbar, b: [1] })).toThrow(/^b:/);
    expect(() =>
      ufmCePoint(
        { ...inst, features: 'nonnegative' },
        {
          W,
          Hbar: fromRows([
            [1, -1],
            [0, 0],
            [0, 0],
          ]),
        },
      ),
    ).toThrow(/^Hbar: nonnegative/);
  });
});

describe('cluster structure and symbol tables', () => {
  it('groups classes by count, largest first', () => {
    const c = classClusters([5, 5, 2, 2, 1]);
    expect(c).toEqual({ counts: [5, 2, 1], sizes: [2, 2, 1], classes: [[0, 1], [2, 3], [4]] });
    expect(minorityClasses([5, 5, 2, 2, 1])).toEqual([4]);
    expect(majorityClasses([5, 5, 2, 2, 1])).toEqual([0, 1]);
  });

  it('has the two-cluster parameters only with two clusters, and per-cluster vectors always', () => {
    const two = ufmCeClusterSymbols({ ...inst, K: 5, n: [6, 6, 6, 2, 2], d: 5 });
    expect([two.kA, two.kB, two.nA, two.nB, two.clusters, two.Nj, two.kj]).toEqual([3, 2, 6, 2, 2, [6, 2], [3, 2]]);
    const three = ufmCeClusterSymbols({ ...inst, K: 3, n: [9, 4, 1], d: 3 });
    expect(Number.isNaN(three.kA)).toBe(true);
    expect([three.clusters, three.Nj, three.kj]).toEqual([3, [9, 4, 1], [1, 1, 1]]);
  });

  it('counts the live classes of the ReLU model: n_k > (K/(K-1)) N^2 lambdaW lambdaH', () => {
    // K = 2, N = 11: the threshold is 2 * 121 * lambdaW lambdaH; with lambdaW lambdaH = 1/121 it is 2.
    const relu: UfmCeInstance = { ...inst, n: [9, 2], lambdaW: 1 / 11, lambdaH: 1 / 11, bias: false, features: 'nonnegative' };
    expect(reluLiveClasses(relu)).toBe(1);
    expect(ufmCeReluSymbols(relu)).toMatchObject({ nonnegative: 1, live: 1, nk: [9, 2] });
    expect(ufmCeReluSymbols({ ...relu, features: 'free' }).nonnegative).toBe(0);
  });
});
