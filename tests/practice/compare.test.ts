/**
 * The practice comparison: the scale-free quantities on exact constructions (a simplex ETF, the
 * same ETF shifted by a common offset, an orthogonal frame), the claim instances built for a
 * network, and compareWithClaims end to end on measured layers whose geometry is known: an
 * exact ETF against zhu2021 (distance 0 by Zhu et al.'s theorem) and the same ETF against the
 * imbalanced prediction of Hong & Ling (which is not an ETF, so the distance must be large).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { distances, etfGeometry, geometryFromGrams, headline, minorityClasses, rowGram } from '../../src/practice/geometry.ts';
import { claimInstance } from '../../src/practice/instance.ts';
import { networkLambdas, resolveLambdas } from '../../src/practice/lambdas.ts';
import { compareWithClaims, parseCompare, type MeasuredLayer } from '../../src/practice/compare.ts';
import { catalogue } from '../../theorems/index.ts';

/** Rows of a K-class simplex ETF in R^K: e_k - 1/K, scaled. */
const etfRows = (K: number, s: number) => Array.from({ length: K }, (_, k) => Array.from({ length: K }, (_, j) => s * ((j === k ? 1 : 0) - 1 / K)));
const gram = (rows: number[][]) => rowGram(rows.flat(), rows.length, rows[0].length);

describe('geometry', () => {
  it('is the ETF for an exact simplex ETF, at any scale, and for a shifted one in its centred quantities', () => {
    const K = 5;
    const n = [3, 3, 3, 3, 3];
    const etf = etfGeometry(K, n);
    const g = geometryFromGrams(gram(etfRows(K, 7)), gram(etfRows(K, 0.2)), n);
    for (const q of distances(g, etf, etf)) expect(q.toEtf).toBeLessThan(1e-12);
    // Shift every class mean by the same vector: the centred Gram is unchanged, the uncentred cosines are not.
    const shifted = etfRows(K, 1).map((r) => r.map((v, j) => v + (j === 0 ? 3 : 0)));
    const s = geometryFromGrams(gram(shifted), null, n);
    const ds = distances(s, etf, etf);
    expect(ds.find((q) => q.quantity === 'meanGram')!.toEtf).toBeLessThan(1e-12);
    expect(ds.find((q) => q.quantity === 'uncentredMeanCosine')!.toEtf).toBeGreaterThan(0.5);
    expect(ds.find((q) => q.quantity === 'uncentredMeanGram')!.toEtf).toBeGreaterThan(0.5);
    expect(ds.some((q) => q.quantity === 'wGram')).toBe(false);
  });

  it('reads orthogonal class means of unequal lengths', () => {
    const a = [1, 2, 3];
    const g = geometryFromGrams(
      a.map((x, k) => a.map((_, l) => (k === l ? x * x : 0))),
      null,
      [9, 4, 1],
    );
    expect(g.uncentredMeanCosine).toBe(0);
    // ||c_k||^2 = a_k^2 (1 - 2/K) + sum_l a_l^2 / K^2 for c = m - mean(m) of orthogonal m.
    const norms = a.map((x) => Math.sqrt(x * x * (1 - 2 / 3) + (1 + 4 + 9) / 9));
    const mean = norms.reduce((p, q) => p + q, 0) / 3;
    g.meanNormRatios.forEach((r, k) => expect(r).toBeCloseTo(norms[k] / mean, 12));
    expect(g.minority).toEqual([2]); // n_k <= sqrt(9 * 1) = 3: only the class with 1 (4 > 3)
  });

  it('finds the minority classes of step and long-tail counts', () => {
    expect(minorityClasses([100, 100, 10, 10])).toEqual([2, 3]);
    expect(minorityClasses([1000, 316, 100, 31, 10])).toEqual([2, 3, 4]);
    expect(minorityClasses([5, 5, 5])).toEqual([]);
  });
});

describe('claim instances and lambdas', () => {
  const lam = networkLambdas(5e-3, 0.02, 220);
  it('maps the network decay to the UFM lambdas (lambdaH = lh / N) and says when one is chosen', () => {
    expect(lam.lambdaW).toBe(5e-3);
    expect(lam.lambdaH).toBe(0.02 / 220);
    const r = resolveLambdas(1e-3, undefined, '(test)');
    expect(r.lambdaH).toBe(1e-3);
    expect(r.given).toEqual({ lambdaW: true, lambdaH: false });
    expect(r.notes.join(' ')).toMatch(/lambda_H not given/);
  });

  const facts = { counts: [100, 100, 10, 10], nonnegative: true, hasBias: true, loss: 'ce' as const };
  it("builds the claim's model variant with the network's counts, or says why not", () => {
    const hl = claimInstance(catalogue.theorem('hongling2024.thm2'), facts, lam, 1);
    expect(hl.kind).toBe('instance');
    if (hl.kind === 'instance') {
      expect(hl.instance).toMatchObject({
        problem: 'ufm-ce',
        K: 4,
        n: [100, 100, 10, 10],
        d: 4,
        lambdaW: 5e-3,
        lambdaH: 0.02 / 220,
        bias: true,
        lambdaB: 5e-3,
      });
      expect(hl.notes.join(' ')).toMatch(/ReLU outputs/);
    }
    const relu = claimInstance(catalogue.theorem('dang2024relu.global'), facts, lam, 1);
    expect(relu.kind === 'instance' && relu.instance).toMatchObject({ features: 'nonnegative', bias: false });
    const zhu = claimInstance(catalogue.theorem('zhu2021.global'), facts, lam, 1);
    expect(zhu).toEqual({ kind: 'not-applicable', reason: expect.stringMatching(/balanced \(nmin == nmax\)/) });
    expect(claimInstance(catalogue.theorem('dang2024vae.vae'), facts, lam, 1)).toMatchObject({
      kind: 'not-applicable',
      reason: expect.stringMatching(/"vae" problem/),
    });
  });

  it('solves uf-svm at n_k / gcd(n): the same normalised W Wᵀ as (C D C)^{1/2} at the full counts', () => {
    const svm = claimInstance(catalogue.theorem('seli2022.svm'), facts, lam, 1);
    expect(svm.kind === 'instance' && svm.instance).toMatchObject({ problem: 'uf-svm', n: [10, 10, 1, 1] });
    expect(svm.kind === 'instance' && svm.notes.join(' ')).toMatch(/uf-svm solved at n_k \/ 10 \(the gcd/);
    // uf-svm has no lambdas: with one not given, no note may say the prediction depends on it.
    const unset = claimInstance(catalogue.theorem('seli2022.svm'), facts, resolveLambdas(undefined, undefined, '(test)'), 1);
    expect(unset.kind === 'instance' && unset.notes.join(' ')).not.toMatch(/not given|depends on this choice/);
    const cmp = compareWithClaims(parseCompare('seli2022.svm'), { ...facts, meanGram: gram(etfRows(4, 1)), wGram: gram(etfRows(4, 1)) }, lam, { seed: 1 });
    const c = cmp.claims[0];
    expect(c.kind).toBe('compared');
    if (c.kind !== 'compared') return;
    // Independently: W Wᵀ = (C D C)^{1/2} with D = diag(100, 100, 10, 10), C = I - J/4, via its eigendecomposition.
    const K = 4;
    const D = [100, 100, 10, 10];
    const CDC = new Matrix(
      Array.from({ length: K }, (_, i) =>
        Array.from({ length: K }, (_, j) => {
          let v = 0;
          for (let k = 0; k < K; k++) v += ((i === k ? 1 : 0) - 1 / K) * D[k] * ((k === j ? 1 : 0) - 1 / K);
          return v;
        }),
      ),
    );
    const e = new EigenvalueDecomposition(CDC);
    const V = e.eigenvectorMatrix;
    const root = V.mmul(Matrix.diag(e.realEigenvalues.map((x) => Math.sqrt(Math.max(x, 0)))))
      .mmul(V.transpose())
      .to2DArray();
    const fro = (m: number[][]) => Math.hypot(...m.flat());
    const expected = root.map((r) => r.map((v) => v / fro(root)));
    const predicted = c.predicted.wGram!;
    const got = predicted.map((r) => r.map((v) => v / fro(predicted)));
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) expect(Math.abs(got[i][j] - expected[i][j])).toBeLessThan(1e-5);
    // A planted wrong geometry (the minority rows and columns halved) is far from it: the check can fail.
    const wrong = root.map((r, i) => r.map((v, j) => v * (i < 2 ? 1 : 0.5) * (j < 2 ? 1 : 0.5)));
    const wrongN = wrong.map((r) => r.map((v) => v / fro(wrong))).flat();
    expect(Math.max(...got.flat().map((v, k) => Math.abs(v - wrongN[k])))).toBeGreaterThan(1e-2);
  });

  it('refuses unknown ids and non-theorems, naming --compare', () => {
    expect(() => parseCompare('zhu2021.global,nope.x')).toThrow(/^--compare: unknown claim id "nope.x"/);
    expect(() => parseCompare('hongling2024.thm5')).toThrow(InputError);
    expect(() => parseCompare(' , ')).toThrow(/^--compare: name one or more/);
  });
});

describe('compareWithClaims', () => {
  it('puts an exact ETF at distance 0 from zhu2021 (balanced) and far from the imbalanced prediction', () => {
    const K = 4;
    const layer = (counts: number[]): MeasuredLayer => ({
      counts,
      nonnegative: false,
      hasBias: true,
      meanGram: gram(etfRows(K, 2)),
      wGram: gram(etfRows(K, 3)),
    });
    const lam = resolveLambdas(5e-3, 5e-4, '(test)');
    const bal = compareWithClaims(parseCompare('zhu2021.global'), layer([30, 30, 30, 30]), lam, { seed: 1 });
    const z = bal.claims[0];
    expect(z.kind).toBe('compared');
    if (z.kind === 'compared') {
      expect(z.verdict).toBe('pass');
      expect(z.distance).toBeLessThan(1e-5);
      expect(z.etfDistance).toBeLessThan(1e-12);
      expect(z.scale.text).toMatch(/normalised quantities are compared/);
    }
    const imb = compareWithClaims(parseCompare('hongling2024.thm2'), layer([300, 300, 3, 3]), resolveLambdas(5e-3, 5e-3, '(test)'), { seed: 1 });
    const h = imb.claims[0];
    expect(h.kind).toBe('compared');
    if (h.kind === 'compared') {
      expect(h.verdict).toBe('pass');
      expect(h.distance).toBeGreaterThan(0.1);
      expect(h.etfDistance).toBeLessThan(1e-12);
      // The prediction itself: minority classifiers closer together than the ETF's -1/(K-1).
      expect(h.predicted.minorityCosine!).toBeGreaterThan(-1 / 3 + 0.1);
      expect(headline(h.quantities, 'toPrediction')).toBe(h.distance);
    }
  });
});

describe('the practice suite', () => {
  it('names experiments that exist, each comparing with catalogued theorems', async () => {
    const { suites } = await import('../../theorems/index.ts');
    const { PRACTICE_EXPERIMENTS, practiceExperiment } = await import('../../src/practice/suite.ts');
    expect(suites.practice.practice).toEqual(PRACTICE_EXPERIMENTS.map((e) => e.id));
    for (const id of suites.practice.practice!) expect(parseCompare(practiceExperiment(id).compare.join(',')).length).toBeGreaterThan(0);
    expect(() => practiceExperiment('nope')).toThrow(/unknown practice experiment "nope"/);
    // The minority-collapse experiment sits past Hong & Ling's Cor 4 threshold N lambdaZ > sqrt(n_B), lambdaZ = sqrt(wd lh / N).
    const mc = practiceExperiment('minority-collapse-ce').options;
    const counts = [mc.perClass, mc.perClass, Math.floor(mc.perClass / 100), Math.floor(mc.perClass / 100)];
    const N = counts.reduce((a, b) => a + b, 0);
    expect(N * Math.sqrt((mc.weightDecay * mc.featureDecay) / N)).toBeGreaterThan(Math.sqrt(counts[2]));
    expect(N * Math.sqrt((mc.weightDecay * mc.featureDecay) / N)).toBeLessThan(Math.sqrt(counts[0]));
  });
});
