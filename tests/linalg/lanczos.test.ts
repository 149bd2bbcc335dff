import { describe, expect, it } from 'vitest';
import { lanczosExtremeEigen, matmul, symmetricEigen, tridiagEigen } from '../../src/linalg/index.ts';
import type { Mat } from '../../src/linalg/index.ts';
import { InputError, NumericalError } from '../../src/errors.ts';
import { randn, randSym } from './helpers.ts';

function diagOp(d: number[]): (v: Float64Array, out: Float64Array) => void {
  return (v, out) => {
    for (let i = 0; i < d.length; i++) out[i] = d[i] * v[i];
  };
}

function denseOp(A: Mat): (v: Float64Array, out: Float64Array) => void {
  const n = A.rows;
  return (v, out) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A.data[i * n + j] * v[j];
      out[i] = s;
    }
  };
}

/** ||A y - lambda y|| */
function residual(op: (v: Float64Array, out: Float64Array) => void, y: Float64Array, lambda: number): number {
  const out = new Float64Array(y.length);
  op(y, out);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (out[i] - lambda * y[i]) ** 2;
  return Math.sqrt(s);
}

describe('lanczosExtremeEigen', () => {
  it('finds the extremes of a diagonal matrix with distinct entries', () => {
    const d = Array.from({ length: 200 }, (_, i) => 1 + i * 0.05);
    const r = lanczosExtremeEigen(diagOp(d), 200);
    expect(r.converged).toBe(true);
    expect(r.min).toBeCloseTo(1, 10);
    expect(r.max).toBeCloseTo(1 + 199 * 0.05, 10);
    expect(r.minResidual).toBeLessThan(1e-9);
    expect(residual(diagOp(d), r.minVector, r.min)).toBeLessThanOrEqual(r.minResidual);
  });

  it('finds a zero minimum of high multiplicity (symmetry directions)', () => {
    // 40 zero eigenvalues among 150: the Krylov space sees the zero eigenspace once.
    const d = Array.from({ length: 150 }, (_, i) => (i < 40 ? 0 : 0.5 + ((i * 37) % 101) / 10));
    const r = lanczosExtremeEigen(diagOp(d), 150, { seed: 3 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.min)).toBeLessThan(1e-10);
    expect(r.max).toBeCloseTo(Math.max(...d), 10);
    expect(r.iterations).toBeLessThan(150);
    // The Ritz vector lies in the zero eigenspace.
    let outside = 0;
    for (let i = 40; i < 150; i++) outside += r.minVector[i] ** 2;
    expect(Math.sqrt(outside)).toBeLessThan(1e-9);
  });

  it('finds a single negative eigenvalue hidden among zeros and positives', () => {
    const d = Array.from({ length: 120 }, (_, i) => (i < 10 ? 0 : i === 77 ? -1e-3 : 1 + i / 60));
    const r = lanczosExtremeEigen(diagOp(d), 120, { seed: 11 });
    expect(r.converged).toBe(true);
    expect(r.min).toBeCloseTo(-1e-3, 11);
    expect(Math.abs(r.minVector[77])).toBeCloseTo(1, 8);
  });

  it('exhausts the Krylov space for few distinct eigenvalues and reports converged', () => {
    // Three distinct values: the invariant subspace is found after three products.
    const d = Array.from({ length: 50 }, (_, i) => [0, 2, -3][i % 3]);
    const r = lanczosExtremeEigen(diagOp(d), 50);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBe(3);
    expect(r.min).toBeCloseTo(-3, 13);
    expect(r.max).toBeCloseTo(2, 13);
    expect(r.minResidual).toBeLessThan(1e-13);
    expect(r.maxResidual).toBeLessThan(1e-13);
  });

  it('agrees with symmetricEigen on a random symmetric matrix', () => {
    for (const [n, seed] of [
      [60, 1],
      [150, 2],
    ]) {
      const A = randSym(n, seed);
      const ref = symmetricEigen(A).values;
      const r = lanczosExtremeEigen(denseOp(A), n, { seed });
      expect(r.converged).toBe(true);
      expect(r.min).toBeCloseTo(ref[0], 9);
      expect(r.max).toBeCloseTo(ref[n - 1], 9);
      expect(residual(denseOp(A), r.minVector, r.min)).toBeLessThanOrEqual(r.minResidual * (1 + 1e-12));
    }
  });

  it('certifies a PSD Gram with a null space of known dimension', () => {
    // H^T H for a wide H (5x40) has 35 zero eigenvalues: the situation of a Hessian with
    // symmetry directions. The minimum must come out as 0, not as a small positive value.
    const H = randn(5, 40, 9);
    const n = 40;
    const op = (v: Float64Array, out: Float64Array): void => {
      const hv = new Float64Array(5);
      for (let i = 0; i < 5; i++) for (let j = 0; j < n; j++) hv[i] += H.data[i * n + j] * v[j];
      out.fill(0);
      for (let i = 0; i < 5; i++) for (let j = 0; j < n; j++) out[j] += H.data[i * n + j] * hv[i];
    };
    const r = lanczosExtremeEigen(op, n, { seed: 4 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.min)).toBeLessThan(1e-12);
    expect(r.iterations).toBeLessThanOrEqual(7);
  });

  it('replays exactly from its seed, and different seeds agree on the answer', () => {
    const A = randSym(30, 5);
    const a = lanczosExtremeEigen(denseOp(A), 30, { seed: 7 });
    const b = lanczosExtremeEigen(denseOp(A), 30, { seed: 7 });
    const c = lanczosExtremeEigen(denseOp(A), 30, { seed: 8 });
    expect(b).toEqual(a);
    expect(c.min).toBeCloseTo(a.min, 10);
  });

  it('reports converged = false when maxIter is too small', () => {
    const d = Array.from({ length: 400 }, (_, i) => Math.sqrt(i + 1));
    const r = lanczosExtremeEigen(diagOp(d), 400, { maxIter: 5 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(5);
    expect(r.min).toBeGreaterThanOrEqual(1 - 1e-12); // Ritz values stay inside the spectrum
    expect(r.max).toBeLessThanOrEqual(20 + 1e-12);
  });

  it('handles n = 1 and the zero operator', () => {
    const one = lanczosExtremeEigen(diagOp([-2.5]), 1);
    expect([one.min, one.max, one.converged, one.iterations]).toEqual([-2.5, -2.5, true, 1]);
    const z = lanczosExtremeEigen((_v, out) => out.fill(0), 10);
    expect([z.min, z.max, z.converged]).toEqual([0, 0, true]);
  });

  it('rejects bad n and a non-finite operator, naming itself', () => {
    expect(() => lanczosExtremeEigen(diagOp([1]), 0)).toThrow(InputError);
    expect(() => lanczosExtremeEigen(diagOp([1]), 1.5)).toThrow(/^lanczosExtremeEigen: /);
    expect(() => lanczosExtremeEigen((_v, out) => out.fill(NaN), 4)).toThrow(NumericalError);
    expect(() => lanczosExtremeEigen((_v, out) => out.fill(NaN), 4)).toThrow(/lanczosExtremeEigen: .*non-finite/);
  });
});

describe('tridiagEigen', () => {
  it('matches symmetricEigen on a random tridiagonal matrix, with eigenvectors', () => {
    const m = 25;
    const a = Array.from(randn(1, m, 1).data);
    const b = Array.from(randn(1, m - 1, 2).data);
    const T = randSym(m, 0);
    T.data.fill(0);
    for (let i = 0; i < m; i++) T.data[i * m + i] = a[i];
    for (let i = 0; i < m - 1; i++) {
      T.data[i * m + i + 1] = b[i];
      T.data[(i + 1) * m + i] = b[i];
    }
    const ref = symmetricEigen(T).values;
    const { values, vectors, lastRow } = tridiagEigen(a, b, m, true);
    const sorted = Array.from(values).sort((x, y) => x - y);
    for (let i = 0; i < m; i++) expect(sorted[i]).toBeCloseTo(ref[i], 12);
    const Z = { rows: m, cols: m, data: vectors };
    const TZ = matmul(T, Z);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) expect(TZ.data[i * m + j]).toBeCloseTo(values[j] * vectors[i * m + j], 11);
    // Tracking only the last row gives the same row as the full accumulation.
    const only = tridiagEigen(a, b, m, false);
    for (let j = 0; j < m; j++) expect(only.lastRow[j]).toBeCloseTo(lastRow[j], 13);
  });
});
