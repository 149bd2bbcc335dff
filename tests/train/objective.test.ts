/**
 * The hand-written backward pass (src/train/objective.ts) against central finite differences,
 * in float64, of a reference objective written out here from the formula
 *   F = (1/B) sum_i loss(W h_i + b, y_i) + lh/2 (1/B) sum_i ||h_i||^2 + wd/2 ||theta||^2,
 * for both losses, a ReLU and a linear feature model; planted wrong variants of the reference
 * (feature term dropped, weight decay dropped) must disagree. Also: training is deterministic
 * from the seed on one backend, and another seed changes it.
 */
import { describe, expect, it } from 'vitest';
import { trainingBackend } from '../../src/train/backend.ts';
import { objectiveAndGradient, paramList, type LossName, type Params } from '../../src/train/objective.ts';
import { trainNetwork } from '../../src/train/train.ts';
import { parseModel } from '../../src/train/model.ts';
import { Rng } from '../../src/random.ts';
import type { TrainingSet } from '../../src/train/dataset.ts';

const backend = await trainingBackend({ kind: 'forced', name: 'cpu' });
const tf = backend.tf;

interface Ref {
  A: number[][][];
  c: number[][];
  relu: boolean;
  Wt: number[][];
  b: number[];
}

/** The reference objective in float64 (plain loops, no tfjs). */
function reference(p: Ref, x: number[][], y: number[], loss: LossName, wd: number, lh: number, plant: 'none' | 'no-feature' | 'no-decay' = 'none'): number {
  const B = x.length;
  let data = 0,
    feat = 0;
  for (let i = 0; i < B; i++) {
    let a = x[i];
    p.A.forEach((A, l) => {
      a = A[0].map((_, j) => {
        const z = a.reduce((s, v, r) => s + v * A[r][j], p.c[l][j]);
        return p.relu ? Math.max(0, z) : z;
      });
    });
    const z = p.b.map((bk, k) => a.reduce((s, v, j) => s + v * p.Wt[j][k], bk));
    if (loss === 'ce') {
      const m = Math.max(...z);
      data += m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0)) - z[y[i]];
    } else data += 0.5 * z.reduce((s, v, k) => s + (v - (k === y[i] ? 1 : 0)) ** 2, 0);
    feat += a.reduce((s, v) => s + v * v, 0);
  }
  let sq = 0;
  for (const A of p.A) for (const r of A) for (const v of r) sq += v * v;
  for (const c of p.c) for (const v of c) sq += v * v;
  for (const r of p.Wt) for (const v of r) sq += v * v;
  for (const v of p.b) sq += v * v;
  return data / B + (plant === 'no-feature' ? 0 : (lh / 2) * (feat / B)) + (plant === 'no-decay' ? 0 : (wd / 2) * sq);
}

/** Flat views of the reference parameters, in paramList order. */
function slots(p: Ref): Array<{ get: () => number; set: (v: number) => void }[]> {
  const m = (M: number[][]) =>
    M.flatMap((r) =>
      r.map((_, j) => ({
        get: () => r[j],
        set: (v: number) => {
          r[j] = v;
        },
      })),
    );
  const v = (V: number[]) =>
    V.map((_, j) => ({
      get: () => V[j],
      set: (x: number) => {
        V[j] = x;
      },
    }));
  return [...p.A.flatMap((A, l) => [m(A), v(p.c[l])]), m(p.Wt), v(p.b)];
}

function setup(relu: boolean, seed: number) {
  const rng = new Rng(seed);
  const f32 = (n: number, s: number) => Array.from({ length: n }, () => Math.fround(s * rng.normal()));
  const dims = [5, 4, 3],
    K = 3,
    B = 6;
  const A = dims.slice(1).map((o, l) => {
    const v = f32(dims[l] * o, 0.7);
    return Array.from({ length: dims[l] }, (_, r) => v.slice(r * o, r * o + o));
  });
  const c = dims.slice(1).map((o) => f32(o, 0.3));
  const WtFlat = f32(3 * K, 0.8);
  const ref: Ref = { A, c, relu, Wt: Array.from({ length: 3 }, (_, j) => WtFlat.slice(j * K, j * K + K)), b: f32(K, 0.2) };
  const x = Array.from({ length: B }, () => f32(5, 1));
  const y = [0, 1, 2, 0, 1, 2];
  return { ref, x, y, K, B };
}

function tfParams(ref: Ref): Params {
  return {
    layers: ref.A.map((A, l) => ({ A: tf.variable(tf.tensor2d(A)), c: tf.variable(tf.tensor1d(ref.c[l])), relu: ref.relu })),
    Wt: tf.variable(tf.tensor2d(ref.Wt)),
    b: tf.variable(tf.tensor1d(ref.b)),
  };
}

describe('objectiveAndGradient', () => {
  for (const [loss, relu] of [
    ['ce', true],
    ['mse', true],
    ['ce', false],
    ['mse', false],
  ] as const) {
    it(`matches finite differences of the reference (${loss}, ${relu ? 'ReLU' : 'linear'} features), and planted variants do not`, async () => {
      const { ref, x, y, K } = setup(relu, loss === 'ce' ? 3 : 4);
      const wd = 0.03,
        lh = 0.4;
      const p = tfParams(ref);
      const yOne = tf.tensor2d(y.map((k) => Array.from({ length: K }, (_, j) => (j === k ? 1 : 0))));
      const xT = tf.tensor2d(x);
      const out = tf.tidy(() => {
        const r = objectiveAndGradient(tf, p, xT, yOne, { loss, weightDecay: wd, featureDecay: lh });
        return [r.value, ...r.grads];
      });
      const grads = await Promise.all(out.slice(1).map(async (g) => Array.from(await g.data())));
      const value = (await out[0].data())[0];
      // The returned value is the data loss plus the feature term (the decay is in the gradient only).
      expect(value).toBeCloseTo(reference(ref, x, y, loss, 0, lh), 5);
      const h = 1e-6;
      const fd = (plant: 'none' | 'no-feature' | 'no-decay') =>
        slots(ref).map((group) =>
          group.map((s) => {
            const v0 = s.get();
            s.set(v0 + h);
            const fp = reference(ref, x, y, loss, wd, lh, plant);
            s.set(v0 - h);
            const fm = reference(ref, x, y, loss, wd, lh, plant);
            s.set(v0);
            return (fp - fm) / (2 * h);
          }),
        );
      const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((g, i) => g.map((v, j) => Math.abs(v - b[i][j]))));
      const scale = Math.max(...grads.flat().map(Math.abs));
      expect(maxDiff(grads, fd('none'))).toBeLessThan(2e-5 * scale);
      expect(maxDiff(grads, fd('no-feature'))).toBeGreaterThan(1e-2 * scale);
      expect(maxDiff(grads, fd('no-decay'))).toBeGreaterThan(1e-3 * scale);
      tf.dispose([...out, ...paramList(p), yOne, xT]);
    });
  }
});

describe('trainNetwork determinism', () => {
  // Two well separated Gaussian classes in 6 dimensions.
  const rng = new Rng(11);
  const N = 24;
  const labels = Int32Array.from({ length: N }, (_, i) => (i < 12 ? 0 : 1));
  const x = Float32Array.from({ length: N * 6 }, (_, j) => rng.normal() + (labels[Math.floor(j / 6)] === 0 ? 1.5 : -1.5) * (j % 6 === 0 ? 1 : 0));
  const set: TrainingSet = {
    x,
    labels,
    N,
    inputDim: 6,
    K: 2,
    counts: [12, 12],
    classNames: ['a', 'b'],
    indices: Int32Array.from({ length: N }, (_, i) => i),
    standardisation: { mean: 0, std: 1 },
  };
  const run = (seed: number) =>
    trainNetwork(
      set,
      {
        model: parseModel('mlp:8'),
        loss: 'ce',
        weightDecay: 1e-3,
        featureDecay: 1e-2,
        epochs: 15,
        seed,
        batchSize: 8,
        learningRate: 0.05,
        terminalEpochs: 2,
        checkpointEvery: 5,
        backend: { kind: 'forced', name: 'cpu' },
      },
      { dataset: 'synthetic', imbalance: { kind: 'none' }, perClass: 12 },
    );

  it('gives the same bits for the same seed and different weights for another', async () => {
    const a = await run(1),
      b = await run(1),
      c = await run(2);
    expect(Array.from(a.last.W)).toEqual(Array.from(b.last.W));
    expect(Array.from(a.last.features)).toEqual(Array.from(b.last.features));
    expect(a.epochs.map((e) => e.objective)).toEqual(b.epochs.map((e) => e.objective));
    expect(Array.from(c.last.W)).not.toEqual(Array.from(a.last.W));
    expect(a.precision.training).toBe('float32 on tfjs cpu (cpu)');
    expect(a.checkpoints.map((k) => k.epoch)).toEqual(a.checkpoints.map((k) => k.epoch).sort((p, q) => p - q));
    expect(a.checkpoints[0].epoch).toBe(0);
    expect(a.checkpoints.at(-1)!.epoch).toBe(a.terminal.epochsRun);
  });
});
