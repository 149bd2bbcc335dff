/**
 * Every metric on constructions whose values are known in closed form. The expected values are
 * derived here, from the construction (comments give the algebra), never read from ncMetrics:
 *
 *  1. an exact simplex ETF with zero within-class spread (and a self-dual classifier);
 *  2. an equilateral triangle of class means with a known isotropic within-class spread;
 *  3. the same triangle with imbalanced classes, where the sample-weighted and class-mean global
 *     means differ and so do every centred metric's values.
 *
 * Each construction is placed in R^d by an isometry (a random orthonormal frame plus an offset),
 * in a small d (K > d: no projection) and a larger d (K <= d: the QR-projected path). Planted
 * wrong variants (the other global mean, the wrong CDNV exponent, NC1 without 1/K, NC4 without
 * the bias) are shown to differ from the reported values.
 */
import { describe, expect, it } from 'vitest';
import { ncMetrics } from '../../src/metrics/nc-metrics.ts';
import type { Metric, NcMetricsResult } from '../../src/metrics/types.ts';
import { Rng } from '../../src/random.ts';

const EPS = 2.220446049250313e-16;

function value(m: Metric): number {
  if (!m.defined) throw new Error(`undefined metric: ${m.reason}`);
  return m.value;
}

/** |got - want| <= tol (absolute; the scales here are O(1), so tol is a count of roundings). */
function near(m: Metric | number, want: number, tol = 1e-12): void {
  const got = typeof m === 'number' ? m : value(m);
  expect(Math.abs(got - want), `got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
}

/** A random orthonormal frame: m vectors in R^d (Gram-Schmidt on Gaussian vectors, seeded). */
function frame(m: number, d: number, seed: number): number[][] {
  const rng = new Rng(seed);
  const out: number[][] = [];
  while (out.length < m) {
    const v = Array.from({ length: d }, () => rng.normal());
    for (const u of out) {
      const p = u.reduce((s, x, i) => s + x * v[i], 0);
      for (let i = 0; i < d; i++) v[i] -= p * u[i];
    }
    const n = Math.hypot(...v);
    out.push(v.map((x) => x / n));
  }
  return out;
}

/** Embeds local coordinates x (length m) as offset + sum_i x_i F_i. */
const embed = (F: number[][], offset: number[], x: number[]): number[] => offset.map((o, j) => o + x.reduce((s, xi, i) => s + xi * F[i][j], 0));

interface Built {
  rows: number[][];
  labels: number[];
}

// ---------------------------------------------------------------------------------------------
// 1. Exact simplex ETF, zero within-class spread.

describe('exact simplex ETF with zero within-class spread', () => {
  const K = 5;
  // Simplex ETF columns in R^K: e'_k = sqrt(K/(K-1)) (e_k - 1/K): unit norm, e'_k . e'_l = -1/(K-1).
  const etf = Array.from({ length: K }, (_, k) => Array.from({ length: K }, (_, i) => Math.sqrt(K / (K - 1)) * ((i === k ? 1 : 0) - 1 / K)));
  const alpha = 2.5;
  const beta = 0.75;
  for (const d of [K, 9]) {
    it(`K = ${K} in d = ${d}: NC1 = 0, NC2 / NC3 errors 0, NC4 agreement 1, GNC2 = -log(2K/(K-1))/2`, async () => {
      const F = frame(K, d, 11 + d);
      const offset = Array.from({ length: d }, (_, j) => 3 - 0.5 * j);
      const rows: number[][] = [];
      const labels: number[] = [];
      const n = 4;
      for (let k = 0; k < K; k++)
        for (let s = 0; s < n; s++) {
          rows.push(
            embed(
              F,
              offset,
              etf[k].map((x) => alpha * x),
            ),
          );
          labels.push(k);
        }
      // The classifier rows are the ETF directions themselves (self-dual), scaled by beta. The
      // offset shifts logits by b_j = -w_j . offset, so that bias restores the ETF logits.
      const W = etf.map((e) =>
        embed(
          F,
          new Array(d).fill(0),
          e.map((x) => beta * x),
        ),
      );
      const bias = W.map((w) => -w.reduce((s, x, j) => s + x * offset[j], 0));
      const r = await ncMetrics(rows, labels, { classifier: { data: W.flat(), rows: K, cols: d }, bias });
      near(r.traceSigmaW, 0, 1e-24);
      for (const conv of ['sampleWeighted', 'classMean'] as const) {
        const nc1 = r.nc1[conv];
        near(nc1.pinv, 0, 1e-20);
        near(nc1.topKMinus1, 0, 1e-20);
        near(nc1.traceQuotient, 0, 1e-20);
        // Sigma_B = (1/K) sum alpha^2 e'_k e'_k^T = alpha^2/(K-1) (I - 11^T/K): K-1 eigenvalues alpha^2/(K-1).
        expect(nc1.sigmaB.torchCutoff.rank).toBe(K - 1);
        near(nc1.sigmaB.lambdaMax, alpha ** 2 / (K - 1), 1e-13);
        near(nc1.sigmaB.trace, alpha ** 2, 1e-13);
        const nc2 = r.nc2[conv];
        near(nc2.equinormCov, 0);
        near(nc2.logNormVariance, 0, 1e-24);
        near(nc2.coherence, 0, 1e-14);
        near(nc2.cosine.mean, -1 / (K - 1), 1e-14);
        near(nc2.cosine.std, 0, 1e-14);
        near(nc2.etfError, 0, 1e-13);
        // ||u_k - u_l||^2 = 2 - 2 cos = 2 + 2/(K-1) = 2K/(K-1).
        near(nc2.gnc2LogKernel.mean, -0.5 * Math.log((2 * K) / (K - 1)), 1e-14);
        near(nc2.gnc2LogKernel.std, 0, 1e-14);
        const nc3 = r.nc3![conv];
        near(nc3.selfDuality, 0, 1e-14);
        near(nc3.crossStructureError, 0, 1e-13);
        near(nc3.unc3CosineMean, 1, 1e-14);
        near(nc3.unc3CosineVariance, 0, 1e-24);
        near(nc3.normalisedDistanceMean, 0, 1e-7);
      }
      // Zero spread: every CDNV is 0 whatever the distance power.
      for (const p of ['distancePower1', 'distancePower2', 'distancePower4'] as const) near(r.cdnv[p].mean, 0, 1e-30);
      near(r.classifier!.equinormCov, 0);
      near(r.classifier!.coherence, 0, 1e-14);
      near(r.classifier!.etfError, 0, 1e-13);
      const nc4 = r.nc4!;
      near(nc4.withBias!.agreement, 1, 0);
      near(nc4.withBias!.accuracy, 1, 0);
      near(nc4.withBias!.classAveragedAgreement, 1, 0);
      near(nc4.nccAccuracy, 1, 0);
      expect(r.perClass.map((c) => c.variance)).toEqual(new Array(K).fill(0));
      expect(r.nc1.classMean.sigmaB.torchCutoff.rtol).toBe(d * EPS);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 2 and 3. Equilateral triangles.

/** Vertices u_k = (cos 2 pi k/3, sin 2 pi k/3): circumradius 1, side sqrt(3). */
const U = [0, 1, 2].map((k) => [Math.cos((2 * Math.PI * k) / 3), Math.sin((2 * Math.PI * k) / 3)]);

/**
 * counts[k] multiples of 4: class k's samples are rho u_k +- s e_1 and rho u_k +- s e_2 in equal
 * numbers, so its mean is rho u_k, ||h - mu_k||^2 = s^2 for every sample, and its covariance is
 * (s^2/2) I_2; hence Sigma_W = (s^2/2) I_2 and tr Sigma_W = s^2.
 */
function triangle(counts: number[], rho: number, s: number, F: number[][], offset: number[]): Built {
  const rows: number[][] = [];
  const labels: number[] = [];
  const offs = [
    [s, 0],
    [-s, 0],
    [0, s],
    [0, -s],
  ];
  counts.forEach((n, k) => {
    for (let i = 0; i < n; i++) {
      const o = offs[i % 4];
      rows.push(embed(F, offset, [rho * U[k][0] + o[0], rho * U[k][1] + o[1]]));
      // Labels 10, 20, 30: any integers, remapped to classes 0, 1, 2.
      labels.push(10 * (k + 1));
    }
  });
  return { rows, labels };
}

/** cos, coherence, ETF error and GNC2 statistics of three centred vectors, computed directly. */
function centredStats(c: number[][]) {
  const K = c.length;
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  const nrm = c.map((v) => Math.sqrt(dot(v, v)));
  const pairs: Array<[number, number]> = [
    [0, 1],
    [0, 2],
    [1, 2],
  ];
  const cos = pairs.map(([k, l]) => dot(c[k], c[l]) / (nrm[k] * nrm[l]));
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const gk = cos.map((x) => -0.5 * Math.log(2 - 2 * x));
  const G = c.map((a) => c.map((b) => dot(a, b)));
  const gf = Math.sqrt(G.flat().reduce((s, x) => s + x * x, 0));
  let e2 = 0;
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) e2 += (G[k][l] / gf - ((k === l ? 1 : 0) - 1 / K) / Math.sqrt(K - 1)) ** 2;
  const nm = mean(nrm);
  const sd = Math.sqrt(nrm.reduce((s, x) => s + (x - nm) ** 2, 0) / (K - 1));
  return {
    cosMean: mean(cos),
    cosStd: Math.sqrt(mean(cos.map((x) => (x - mean(cos)) ** 2))),
    coherence: mean(cos.map((x) => Math.abs(x + 1 / (K - 1)))),
    etf: Math.sqrt(e2),
    gncMean: mean(gk),
    gncStd: Math.sqrt(mean(gk.map((x) => (x - mean(gk)) ** 2))),
    cov: sd / nm,
    norms: nrm,
  };
}

describe('equilateral triangle with a known spread', () => {
  const rho = 1;
  const s = 0.5;
  for (const d of [2, 6]) {
    it(`d = ${d}: NC1 = 2 s^2/(3 rho^2), quotient s^2/rho^2, CDNV_p = s^2/(3 rho^2)^(p/2)`, async () => {
      // The offset has frame coordinates (5, -2), plus (for d > 2) a part orthogonal to the frame.
      const F3 = frame(Math.min(3, d), d, 5 + d);
      const F = F3.slice(0, 2);
      const ortho = d > 2 ? F3[2].map((x) => 3 * x) : new Array(d).fill(0);
      const offset = embed(F, ortho, [5, -2]);
      // 12 samples per class: N = 36 >= the 31 classifier rows below.
      const { rows, labels } = triangle([12, 12, 12], rho, s, F, offset);
      // Classifier rows: the unit directions u_k (in R^d); bias b_k = -u_k . offset cancels the offset.
      const W = U.map((u) => embed(F, new Array(d).fill(0), u));
      const bias = W.map((w) => -w.reduce((t, x, j) => t + x * offset[j], 0));
      // Labels are 10, 20, 30: with a classifier they index its rows, so W has 31 rows with the
      // class rows at 10, 20, 30 and zero rows elsewhere (bias -1e6 there, so they never win).
      const KW = 31;
      const Wfull = Array.from({ length: KW }, (_, j) => (j % 10 === 0 && j > 0 ? W[j / 10 - 1] : new Array(d).fill(0)));
      const bfull = Array.from({ length: KW }, (_, j) => (j % 10 === 0 && j > 0 ? bias[j / 10 - 1] : -1e6));
      const r = await ncMetrics(rows, labels, { classifier: { data: Wfull.flat(), rows: KW, cols: d }, bias: bfull });
      expect(r.K).toBe(3);
      expect(r.perClass.map((c) => c.label)).toEqual([10, 20, 30]);
      near(r.traceSigmaW, s * s, 1e-14);
      const nc1Right = (2 * s * s) / (3 * rho * rho);
      for (const conv of ['sampleWeighted', 'classMean'] as const) {
        // Sigma_B = (1/3) sum rho^2 u_k u_k^T = (rho^2/2) I_2: NC1 = (1/K) tr((s^2/2) I (2/rho^2) I) = 2 s^2/(3 rho^2).
        near(r.nc1[conv].pinv, nc1Right, 1e-14);
        near(r.nc1[conv].topKMinus1, nc1Right, 1e-14);
        near(r.nc1[conv].traceQuotient, (s * s) / (rho * rho), 1e-14);
        near(r.nc2[conv].cosine.mean, -0.5, 1e-14);
        near(r.nc2[conv].etfError, 0, 1e-7);
        near(r.nc2[conv].gnc2LogKernel.mean, -0.5 * Math.log(3), 1e-14);
      }
      // Planted: NC1 without the 1/K (Han et al.'s Colab reports the bare trace) is 3x off.
      expect(Math.abs(value(r.nc1.classMean.pinv) - 3 * nc1Right)).toBeGreaterThan(0.1);
      // CDNV: every class has s_k = s^2 and ||mu_k - mu_l||^2 = 3 rho^2.
      const cd = (p: number) => (s * s) / (3 * rho * rho) ** (p / 2);
      near(r.cdnv.distancePower1.mean, cd(1), 1e-14);
      near(r.cdnv.distancePower2.mean, cd(2), 1e-14);
      near(r.cdnv.distancePower4.mean, cd(4), 1e-14);
      near(r.cdnv.distancePower2.std, 0, 1e-14);
      // Planted: the wrong exponent gives another value (Galanti's squared distance vs Linguistic Collapse's 4th power).
      expect(Math.abs(value(r.cdnv.distancePower2.mean) - cd(4))).toBeGreaterThan(0.05);
      expect(Math.abs(value(r.cdnv.distancePower2.mean) - cd(1))).toBeGreaterThan(0.05);
      // NC4. With the bias the logits are rho u_j.u_k + u_j.z: the margin 1.5 rho exceeds the
      // largest noise term |z| |u_j - u_k| = s sqrt(3) = 0.87, so every sample goes to its class,
      // as does its nearest mean (distance s vs >= sqrt(3) rho - s). Without the bias the
      // logits add u_j . offset_2d with offset (5, -2) in the frame: 5, -2.5 - sqrt 3, -2.5 + sqrt 3,
      // whose gaps (>= 4) swamp rho u_j.u_k + u_j.z (range < 2.4): every sample goes to class 0.
      near(r.nc4!.withBias!.agreement, 1, 0);
      near(r.nc4!.withBias!.accuracy, 1, 0);
      near(r.nc4!.nccAccuracy, 1, 0);
      // Planted: ignoring the bias changes NC4 (only class 0's samples still agree).
      near(r.nc4!.withoutBias.agreement, 1 / 3, 1e-15);
      near(r.nc4!.withoutBias.classAveragedAgreement, 1 / 3, 1e-15);
      near(r.nc4!.withoutBias.accuracy, 1 / 3, 1e-15);
      expect(r.nc4!.rowsWithoutSamples).toBe(KW - 3);
      // W rows are unit vectors at the triangle's directions: equinorm 0, cosines -1/2, self-dual with the class-mean centring.
      near(r.classifier!.equinormCov, 0, 1e-14);
      near(r.classifier!.coherence, 0, 1e-14);
      near(r.nc3!.classMean.unc3CosineMean, 1, 1e-14);
      near(r.nc3!.classMean.selfDuality, 0, 1e-14);
      near(r.nc3!.classMean.crossStructureError, 0, 1e-7);
    });
  }
});

describe('imbalanced triangle: the two global means differ', () => {
  // counts (8, 4, 4): mu_G^sw = (8 u_0 + 4 u_1 + 4 u_2)/16 = u_0/4 (u_1 + u_2 = -u_0); mu_G^cm = 0.
  // Sample-weighted centred means c'_k = u_k - u_0/4 and
  // Sigma_B^sw = (1/3) sum (u_k + delta)(u_k + delta)^T = I/2 + delta delta^T = diag(9/16, 1/2) (delta = -u_0/4).
  const s = 0.5;
  const cm = U;
  const sw = U.map((u) => [u[0] - 0.25, u[1]]);
  const expectCM = centredStats(cm);
  const expectSW = centredStats(sw);
  // NC1 = (1/3) tr((s^2/2) Sigma_B^-1): class-mean (1/3)(s^2/2)(2 + 2) = 2 s^2/3; sample-weighted (1/3)(s^2/2)(16/9 + 2) = 17 s^2/27.
  const nc1 = { classMean: (2 * s * s) / 3, sampleWeighted: (17 * s * s) / 27 };
  const quotient = { classMean: s * s, sampleWeighted: (s * s) / (17 / 16) };
  for (const d of [2, 7]) {
    it(`d = ${d}: every centred metric takes its own convention's closed form`, async () => {
      const F = frame(2, d, 23 + d);
      const { rows, labels } = triangle(
        [8, 4, 4],
        1,
        s,
        F,
        new Array(d).fill(0).map((_, j) => j - 1.5),
      );
      const r = await ncMetrics(rows, labels);
      for (const [conv, ex] of [
        ['classMean', expectCM],
        ['sampleWeighted', expectSW],
      ] as const) {
        near(r.nc1[conv].pinv, nc1[conv], 1e-14);
        near(r.nc1[conv].topKMinus1, nc1[conv], 1e-14);
        near(r.nc1[conv].traceQuotient, quotient[conv], 1e-14);
        near(r.nc2[conv].equinormCov, ex.cov, 1e-14);
        near(r.nc2[conv].cosine.mean, ex.cosMean, 1e-14);
        near(r.nc2[conv].cosine.std, ex.cosStd, 1e-13);
        near(r.nc2[conv].coherence, ex.coherence, 1e-14);
        near(r.nc2[conv].etfError, ex.etf, 1e-13);
        near(r.nc2[conv].gnc2LogKernel.mean, ex.gncMean, 1e-14);
        near(r.nc2[conv].gnc2LogKernel.std, ex.gncStd, 1e-13);
        r.perClass.forEach((c, k) => near(c.centredNorm[conv], ex.norms[k], 1e-14));
      }
      // Planted wrong global mean: each convention's value is far from the other convention's closed form.
      expect(Math.abs(value(r.nc1.sampleWeighted.pinv) - nc1.classMean)).toBeGreaterThan(0.005);
      expect(Math.abs(value(r.nc2.sampleWeighted.equinormCov) - expectCM.cov)).toBeGreaterThan(0.1);
      expect(Math.abs(value(r.nc2.sampleWeighted.etfError) - expectCM.etf)).toBeGreaterThan(0.05);
      expect(Math.abs(value(r.nc2.sampleWeighted.cosine.mean) - expectCM.cosMean)).toBeGreaterThan(0.01);
      // The sample-weighted Sigma_B: eigenvalues 9/16 and 1/2 (trace 17/16).
      near(r.nc1.sampleWeighted.sigmaB.trace, 17 / 16, 1e-14);
      near(r.nc1.sampleWeighted.sigmaB.topEigenvalues[0], 9 / 16, 1e-14);
      near(r.nc1.sampleWeighted.sigmaB.topEigenvalues[1], 1 / 2, 1e-14);
      // CDNV does not depend on the global mean: s^2/3 with squared distances.
      near(r.cdnv.distancePower2.mean, (s * s) / 3, 1e-14);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Undefined metrics: reported with a reason, never as NaN.

function allMetrics(r: NcMetricsResult): Metric[] {
  const out: Metric[] = [];
  const walk = (v: unknown) => {
    if (v && typeof v === 'object') {
      if ('defined' in v) out.push(v as Metric);
      else for (const x of Object.values(v)) walk(x);
    }
  };
  walk(r);
  return out;
}

describe('undefined metrics', () => {
  it('a singleton class: no variance, left out of CDNV (said so)', async () => {
    const rows = [
      [0, 0],
      [0.1, 0],
      [-0.1, 0],
      [3, 0],
      [3.2, 0],
      [0, 5],
    ];
    const r = await ncMetrics(rows, [0, 0, 0, 1, 1, 2]);
    expect(r.perClass[2].variance).toBeNull();
    expect(r.cdnv.singletonClassesExcluded).toBe(1);
    expect(r.cdnv.distancePower2.pairs).toBe(1);
    // The one pair left: classes 0 and 1, s_0 = (0.01 + 0.01)/3, s_1 = 0.01, distance^2 = 3.1^2.
    near(r.cdnv.distancePower2.mean, (0.02 / 3 + 0.01) / 2 / 3.1 ** 2, 1e-15);
  });

  it('K - 1 > d: the top-(K-1) variant is undefined with the reason; pinv is defined', async () => {
    const rng = new Rng(4);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let k = 0; k < 6; k++)
      for (let i = 0; i < 5; i++) {
        rows.push([Math.cos(k) * 3 + rng.normal() * 0.1, Math.sin(k) * 3 + rng.normal() * 0.1, rng.normal()]);
        labels.push(k);
      }
    const r = await ncMetrics(rows, labels);
    const top = r.nc1.classMean.topKMinus1;
    expect(top.defined).toBe(false);
    if (!top.defined) expect(top.reason).toMatch(/K - 1 = 5 > d = 3/);
    expect(r.nc1.classMean.pinv.defined).toBe(true);
  });

  it('Sigma_B of low rank: the rank and cutoff are reported, the top-(K-1) variant refuses', async () => {
    // Four class means on a line (rank 1 < K - 1 = 3) in d = 4.
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let k = 0; k < 4; k++)
      for (const z of [-0.1, 0.1]) {
        rows.push([k, 2 * k, z, -z]);
        labels.push(k);
      }
    const r = await ncMetrics(rows, labels);
    expect(r.nc1.classMean.sigmaB.torchCutoff.rank).toBe(1);
    const top = r.nc1.classMean.topKMinus1;
    expect(top.defined).toBe(false);
    if (!top.defined) expect(top.reason).toMatch(/numerical rank 1 < K - 1 = 3/);
    // pinv on the rank-1 Sigma_B: the means vary along v = (1, 2, 0, 0)/sqrt 5 with spread
    // ||mu_k - mu_G||^2 = 5 (k - 1.5)^2, so lambda = (5/4) sum (k - 1.5)^2 = 25/4; the within-class
    // spread (along (0, 0, 1, -1)) is orthogonal to v, so tr(Sigma_W Sigma_B^+) = 0.
    near(r.nc1.classMean.sigmaB.lambdaMax, 25 / 4, 1e-13);
    near(r.nc1.classMean.pinv, 0, 1e-15);
  });

  it('two classes with equal means: CDNV and the direction statistics are undefined, naming the classes', async () => {
    const rows = [
      [1, 0],
      [1.2, 0],
      [1, 0.1],
      [1.2, -0.1],
      [5, 5],
      [5, 5.5],
    ];
    const r = await ncMetrics(rows, [7, 7, 8, 8, 9, 9]);
    const c = r.cdnv.distancePower2.mean;
    expect(c.defined).toBe(false);
    if (!c.defined) expect(c.reason).toMatch(/class 0 \(label 7\) and class 1 \(label 8\)/);
    expect(r.nc2.classMean.gnc2LogKernel.mean.defined).toBe(false);
    for (const m of allMetrics(r)) if (m.defined) expect(Number.isFinite(m.value)).toBe(true);
  });

  it('all class means equal: NC1 is undefined (Sigma_B = 0), nothing is NaN', async () => {
    const r = await ncMetrics(
      [
        [0, 1],
        [0, -1],
        [1, 0],
        [-1, 0],
      ],
      [0, 0, 1, 1],
    );
    expect(r.nc1.classMean.pinv.defined).toBe(false);
    expect(r.nc1.classMean.traceQuotient.defined).toBe(false);
    for (const m of allMetrics(r)) if (m.defined) expect(Number.isFinite(m.value)).toBe(true);
  });
});
