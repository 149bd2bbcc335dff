import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random.ts';
import { expectGradientMatchesDifferences, expectHessVecMatchesDifferences } from '../../helpers/derivatives.ts';
import { InputError } from '../../../src/errors.ts';
import { parseUfmCe, ufmCe, ufmCeObjective, type UfmCeInstance } from '../../../src/problems/ufm-ce/problem.ts';

const inst = (over: Partial<UfmCeInstance> = {}): UfmCeInstance => ({
  problem: 'ufm-ce',
  K: 3,
  n: [3, 2, 4],
  d: 4,
  lambdaW: 0.03,
  lambdaH: 0.02,
  lambdaB: 0.01,
  bias: true,
  ...over,
});

/** Independent reference: the objective written straight from docs/catalogue.md, sample by sample. */
function referenceObjective(I: UfmCeInstance, x: Float64Array): number {
  const { K, d, n } = I;
  const N = n.reduce((a, b) => a + b, 0);
  const W = (k: number, i: number) => x[k * d + i];
  const H = (i: number, j: number) => x[K * d + i * N + j];
  const b = (k: number) => (I.bias ? x[K * d + d * N + k] : 0);
  let ce = 0;
  let j = 0;
  for (let y = 0; y < K; y++) {
    for (let s = 0; s < n[y]; s++, j++) {
      const z = Array.from({ length: K }, (_, k) => {
        let v = b(k);
        for (let i = 0; i < d; i++) v += W(k, i) * H(i, j);
        return v;
      });
      ce += Math.log(z.reduce((a, v) => a + Math.exp(v), 0)) - z[y];
    }
  }
  let w2 = 0;
  for (let i = 0; i < K * d; i++) w2 += x[i] ** 2;
  let h2 = 0;
  for (let i = 0; i < d * N; i++) h2 += x[K * d + i] ** 2;
  let b2 = 0;
  if (I.bias) for (let k = 0; k < K; k++) b2 += b(k) ** 2;
  return ce / N + (I.lambdaW / 2) * w2 + (I.lambdaH / 2) * h2 + (I.bias ? (I.lambdaB / 2) * b2 : 0);
}

describe('ufm-ce objective', () => {
  for (const bias of [true, false]) {
    it(`matches the objective written out from the catalogue (bias=${bias})`, () => {
      const I = inst({ bias });
      const x = ufmCe.randomStart(I, new Rng(3), 1);
      expect(ufmCeObjective(I).value(x)).toBeCloseTo(referenceObjective(I, x), 13);
    });

    it(`has an exact gradient (central differences, bias=${bias})`, () => {
      const I = inst({ bias });
      expectGradientMatchesDifferences(ufmCeObjective(I), ufmCe.randomStart(I, new Rng(5), 1), 1e-8, { absolute: true });
    });

    it(`has an exact Hessian-vector product (differences of gradients, bias=${bias})`, () => {
      const I = inst({ bias });
      const rng = new Rng(7);
      const x = ufmCe.randomStart(I, rng, 1);
      expectHessVecMatchesDifferences(ufmCeObjective(I), x, rng.normalArray(x.length), 1e-7, { absolute: true });
    });
  }

  it('reduced (K weighted columns) equals full at a collapsed point', () => {
    const I = inst();
    const rng = new Rng(11);
    const full = ufmCeObjective(I, 'full');
    const reduced = ufmCeObjective(I, 'reduced');
    const xr = rng.normalArray(reduced.size);
    // Spread each class column over its samples: an NC1 point of the full problem.
    const { K, d, n } = I;
    const N = n.reduce((a, b) => a + b, 0);
    const xf = new Float64Array(full.size);
    xf.set(xr.subarray(0, K * d));
    let j = 0;
    for (let k = 0; k < K; k++) {
      for (let s = 0; s < n[k]; s++, j++) for (let i = 0; i < d; i++) xf[K * d + i * N + j] = xr[K * d + i * K + k];
    }
    xf.set(xr.subarray(K * d + d * K), K * d + d * N);
    expect(reduced.value(xr)).toBeCloseTo(full.value(xf), 13);
  });
});

describe('ufm-ce instance parsing', () => {
  const good = { problem: 'ufm-ce', K: 4, n: [5, 5, 5, 5], d: 6, lambdaW: 0.005, lambdaH: 0.01, lambdaB: 0, bias: true };
  it('accepts the documented example', () => {
    expect(parseUfmCe(good, 'inst.json')).toMatchObject({ K: 4, d: 6, bias: true });
  });
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['negative lambda', { lambdaW: -1 }, /inst\.json\.lambdaW: must be > 0/],
    ['zero lambdaH', { lambdaH: 0 }, /inst\.json\.lambdaH: must be > 0/],
    ['d = 0', { d: 0 }, /inst\.json\.d: must be >= 1/],
    ['n_k = 0', { n: [5, 0, 5, 5] }, /inst\.json\.n\[1\]: must be >= 1/],
    ['K = 1', { K: 1, n: [5] }, /inst\.json\.K: must be >= 2/],
    ['NaN lambda', { lambdaW: Number.NaN }, /inst\.json\.lambdaW: expected a finite number/],
    ['string lambda', { lambdaH: '0.1' }, /inst\.json\.lambdaH: expected a finite number/],
    ['n of the wrong length', { n: [5, 5] }, /inst\.json\.n: has 2 entries but K = 4/],
    ['non-integer d', { d: 2.5 }, /inst\.json\.d: expected an integer/],
    ['negative lambdaB', { lambdaB: -0.1 }, /inst\.json\.lambdaB: must be >= 0/],
    ['misspelt field', { lamdaW: 1 }, /inst\.json\.lamdaW: unknown field/],
  ];
  for (const [what, patch, msg] of bad) {
    it(`rejects ${what} with an error naming the field`, () => {
      expect(() => parseUfmCe({ ...good, ...patch }, 'inst.json')).toThrow(InputError);
      expect(() => parseUfmCe({ ...good, ...patch }, 'inst.json')).toThrow(msg);
    });
  }
});
