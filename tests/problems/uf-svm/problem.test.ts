import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectHessVecMatchesDifferences } from '../../helpers/derivatives.ts';
import { certify } from '../../../src/certify/certificate.ts';
import { main } from '../../../src/cli/main.ts';
import { Rng } from '../../../src/random.ts';
import { InputError } from '../../../src/errors.ts';
import { pinv, psdSqrt } from '../../../src/linalg/eigen.ts';
import { psdPower } from '../../../src/linalg/psd-power.ts';
import { centering, diag, mat, matmul, matmulTN, rowGram } from '../../../src/linalg/matrix.ts';
import { projectMarginColumn, solveUfSvmConvex, ufSvmDualValue } from '../../../src/ground-truth/uf-svm-convex.ts';
import { minMargin, parseUfSvm, ufSvm, ufSvmObjective, ufSvmView, type UfSvmInstance } from '../../../src/problems/uf-svm/problem.ts';
import { solveFrom, solveMultistart } from '../../../src/solvers/multistart.ts';

const inst = (n: number[], d: number): UfSvmInstance => ({ problem: 'uf-svm', K: n.length, n, d });

/** tr((C D C)^{1/2}) by the eigenvalues of C D C, written here independently of the code under test. */
function seliNuclear(n: number[]): number {
  const K = n.length;
  const C = centering(K);
  const S = psdSqrt(matmul(matmul(C, diag(n)), C));
  // psdSqrt turns the exact zero eigenvalue (null vector 1) into sqrt(rounding); C S C removes it.
  const T = matmul(matmul(C, S), C);
  let t = 0;
  for (let i = 0; i < K; i++) t += T.data[i * K + i];
  return t;
}

/**
 * The SELI point at sample level, built here from the class-level closed forms: W = G^{1/2} Q
 * with G = (C D C)^{1/2} and Q (K x d) an orthonormal (Helmert) basis of 1^perp = range(G), and
 * h_k = Q^T (G^{1/2})^+ (e_k - 1/K), so that W W^T = G and W h_k = e_k - 1/K.
 */
function seliPoint(I: UfSvmInstance): Float64Array {
  const { K, d, n } = I;
  const N = n.reduce((a, b) => a + b, 0);
  const C = centering(K);
  const G = matmul(matmul(C, psdSqrt(matmul(matmul(C, diag(n)), C))), C);
  const Gh = psdPower(G, 0.5);
  const GhPinv = pinv(Gh, 1e-10);
  const Q = mat(K, d);
  for (let r = 0; r < Math.min(d, K - 1); r++) {
    for (let k = 0; k <= r; k++) Q.data[k * d + r] = 1 / Math.sqrt((r + 1) * (r + 2));
    Q.data[(r + 1) * d + r] = -(r + 1) / Math.sqrt((r + 1) * (r + 2));
  }
  const x = new Float64Array(K * d + d * N);
  x.set(matmul(Gh, Q).data, 0);
  const Hbar = matmul(matmulTN(Q, GhPinv), C); // d x K
  for (let k = 0, j = 0; k < K; k++) {
    for (let t = 0; t < n[k]; t++, j++) for (let r = 0; r < d; r++) x[K * d + r * N + j] = Hbar.data[r * K + k];
  }
  return x;
}

function finiteDifferenceCheck(f: (x: Float64Array, g: Float64Array) => number, x: Float64Array, rng: Rng): number {
  const g = new Float64Array(x.length);
  f(x, g);
  let worst = 0;
  for (let t = 0; t < 5; t++) {
    const v = rng.normalArray(x.length);
    const h = 1e-6;
    const xp = Float64Array.from(x, (a, i) => a + h * v[i]);
    const xm = Float64Array.from(x, (a, i) => a - h * v[i]);
    const fd = (f(xp, new Float64Array(x.length)) - f(xm, new Float64Array(x.length))) / (2 * h);
    let an = 0;
    for (let i = 0; i < x.length; i++) an += g[i] * v[i];
    worst = Math.max(worst, Math.abs(fd - an) / Math.max(1, Math.abs(an)));
  }
  return worst;
}

describe('uf-svm instances', () => {
  it('parses a valid instance and names the offending field otherwise', () => {
    expect(parseUfSvm({ problem: 'uf-svm', K: 3, n: [3, 2, 1], d: 2 }, 'f')).toEqual({ problem: 'uf-svm', K: 3, n: [3, 2, 1], d: 2 });
    const bad: Array<[unknown, string]> = [
      [{ problem: 'uf-svm', K: 1, n: [1], d: 1 }, 'f.K'],
      [{ problem: 'uf-svm', K: 2, n: [1, 0], d: 1 }, 'f.n[1]'],
      [{ problem: 'uf-svm', K: 2, n: [1], d: 1 }, 'f.n'],
      [{ problem: 'uf-svm', K: 2, n: [1, 1], d: 0 }, 'f.d'],
      [{ problem: 'uf-svm', K: 2, n: [1, 1], d: 1, lambdaW: 0.1 }, 'f.lambdaW'],
    ];
    for (const [raw, field] of bad) {
      try {
        parseUfSvm(raw, 'f');
        expect.unreachable(`accepted ${JSON.stringify(raw)}`);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).message).toContain(field);
      }
    }
  });
});

describe('uf-svm objective and constraints', () => {
  const I = inst([3, 2, 1], 3);
  const rng = new Rng(11);

  it('gradient and Hessian-vector product match finite differences (full and reduced)', () => {
    for (const mode of ['full', 'reduced'] as const) {
      const obj = ufSvmObjective(I, mode);
      const x = rng.normalArray(obj.size);
      expect(finiteDifferenceCheck((y, g) => obj.value(y, g), x, rng)).toBeLessThan(1e-8);
      expectHessVecMatchesDifferences(obj, x, rng.normalArray(obj.size), 1e-7, { h: 1e-6, absolute: true });
    }
  });

  it('reduced objective weights each class column by n_k (= the full objective at an NC1 point)', () => {
    const red = ufSvmObjective(I, 'reduced');
    const full = ufSvmObjective(I, 'full');
    const xr = rng.normalArray(red.size);
    const v = ufSvmView(I, xr, 'reduced');
    const xf = new Float64Array(full.size);
    xf.set(v.W.data, 0);
    xf.set(v.H.data, I.K * I.d);
    expect(full.value(xf)).toBeCloseTo(red.value(xr), 12);
    expect(minMargin(I, xf, 'full')).toBeCloseTo(minMargin(I, xr, 'reduced'), 12);
  });

  it('the returned points are feasible, KKT-certified and reach the closed-form optimum tr((C D C)^{1/2})', () => {
    const runs = solveMultistart(ufSvm, I, { starts: 3, seed: 5 });
    for (const r of runs) {
      expect(minMargin(I, r.x)).toBeGreaterThanOrEqual(1 - 1e-12);
      const c = certify(ufSvm.objective(I), r.x, { symmetries: ufSvm.symmetries!(I, r.x) });
      expect(c.stationarity).toBe('second-order');
      expect(r.f).toBeCloseTo(seliNuclear([3, 2, 1]), 10);
    }
  });

  it('the certificate refuses a point that is not a KKT point', () => {
    const obj = ufSvm.objective(I);
    const x = seliPoint(I);
    // Scaled up: feasible, all margins 1.21 > 1 (inactive), but grad f != 0.
    const up = Float64Array.from(x, (v) => 1.1 * v);
    expect(certify(obj, up).stationarity).toBe('not-stationary');
    // Scaled down: infeasible.
    const down = Float64Array.from(x, (v) => 0.9 * v);
    expect(certify(obj, down).stationarity).toBe('not-stationary');
  });

  it('the SELI point built here independently is a certified KKT point with value tr((C D C)^{1/2})', () => {
    for (const n of [
      [3, 2, 1],
      [4, 4, 1, 1],
      [2, 2, 2],
    ]) {
      const J = inst(n, n.length - 1);
      const x = seliPoint(J);
      const obj = ufSvm.objective(J);
      expect(minMargin(J, x)).toBeCloseTo(1, 12);
      const c = certify(obj, x, { symmetries: ufSvm.symmetries!(J, x) });
      expect(c.gradNorm).toBeLessThan(1e-12);
      expect(c.stationarity).toBe('second-order');
      expect(obj.value(x)).toBeCloseTo(seliNuclear(n), 12);
    }
  });

  it('full and class-reduced solves agree (the NC1 reduction)', () => {
    for (const n of [
      [4, 2, 1],
      [3, 3, 1, 1],
    ]) {
      const J = inst(n, n.length);
      const full = solveFrom(ufSvmObjective(J, 'full'), new Rng(2).normalArray(ufSvmObjective(J, 'full').size, 0.5), {});
      const red = solveFrom(ufSvmObjective(J, 'reduced'), new Rng(3).normalArray(ufSvmObjective(J, 'reduced').size, 0.5), {});
      expect(full.f).toBeCloseTo(red.f, 10);
      const Gf = rowGram(ufSvmView(J, full.x, 'full').W);
      const Gr = rowGram(ufSvmView(J, red.x, 'reduced').W);
      for (let i = 0; i < Gf.data.length; i++) expect(Gf.data[i]).toBeCloseTo(Gr.data[i], 8);
    }
  });
});

describe('uf-svm convex ground truth', () => {
  it('projects a column onto the margin polyhedron (KKT of the projection, checked directly)', () => {
    const rng = new Rng(4);
    for (let t = 0; t < 20; t++) {
      const K = 2 + (t % 4);
      const v = rng.normalArray(K, 2);
      const k = t % K;
      const s = 0.5 + (t % 3);
      const x = Float64Array.from(v);
      projectMarginColumn(x, k, s);
      // Feasible; x - v = -sum_c a_c (e_k - e_c) with a_c >= 0, a_c > 0 only on active constraints.
      let sumA = 0;
      for (let c = 0; c < K; c++) {
        if (c === k) continue;
        expect(x[k] - x[c]).toBeGreaterThanOrEqual(s - 1e-12);
        const a = v[c] - x[c]; // the c-th component of x - v is +a_c
        expect(a).toBeGreaterThanOrEqual(-1e-12);
        if (a > 1e-12) expect(x[k] - x[c]).toBeCloseTo(s, 10);
        sumA += a;
      }
      expect(x[k] - v[k]).toBeCloseTo(sumA, 10);
    }
  });

  it('is certified by its duality gap and matches the closed form tr((C D C)^{1/2}) and Z_bar = C', () => {
    for (const n of [
      [3, 2, 1],
      [10, 10, 1, 1],
      [7, 3],
      [5, 5, 5],
      [9, 4, 2, 1, 1],
    ]) {
      const s = solveUfSvmConvex(n);
      expect(s.certified).toBe(true);
      expect(s.gap).toBeGreaterThanOrEqual(-1e-12 * s.objective);
      expect(s.objective).toBeCloseTo(seliNuclear(n), 9);
      const K = n.length;
      for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) expect(s.Zbar.data[i * K + k]).toBeCloseTo((i === k ? 1 : 0) - 1 / K, 8);
    }
  });

  it('weak duality: any dual point is below the optimum', () => {
    const n = [6, 3, 1];
    const opt = seliNuclear(n);
    const rng = new Rng(9);
    const s = Float64Array.from(n, Math.sqrt);
    for (let t = 0; t < 20; t++) expect(ufSvmDualValue(rng.normalArray(9, 3), 3, s)).toBeLessThanOrEqual(opt + 1e-12);
  });

  it('convex and non-convex solves agree on random imbalanced instances (value and logits)', () => {
    const rng = new Rng(21);
    for (let t = 0; t < 6; t++) {
      const K = 2 + (t % 4);
      const n = Array.from({ length: K }, () => 1 + Math.floor(rng.uniform() * 6));
      const J = inst(n, K - 1 + (t % 2));
      const conv = solveUfSvmConvex(n);
      const obj = ufSvmObjective(J, 'reduced');
      const r = solveFrom(obj, new Rng(t).normalArray(obj.size, 0.5), {});
      expect(r.f).toBeCloseTo(conv.objective, 9);
      const v = ufSvmView(J, r.x, 'reduced');
      const Z = matmul(v.W, v.Hbar);
      for (let i = 0; i < K * K; i++) expect(Z.data[i]).toBeCloseTo(conv.Zbar.data[i], 7);
    }
  });
});

describe('ncverify solve --instance on a uf-svm instance', () => {
  it('reports the certified optimum and the class-level Grams', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ncverify-svm-'));
    const file = path.join(dir, 'svm.json');
    writeFileSync(file, JSON.stringify({ problem: 'uf-svm', K: 3, n: [3, 2, 1], d: 2 }));
    const out: string[] = [];
    const code = await main(
      ['solve', '--instance', file, '--json'],
      (l) => out.push(l),
      () => {},
    );
    expect(code).toBe(0);
    const res = JSON.parse(out.join('\n'));
    expect(res.objective).toBeCloseTo(seliNuclear([3, 2, 1]), 10);
    expect(res.certificate.stationarity).toBe('second-order');
    expect(res.minMargin[0]).toBeGreaterThanOrEqual(1 - 1e-12);
    expect(res.WWt).toHaveLength(3);
  });
});
