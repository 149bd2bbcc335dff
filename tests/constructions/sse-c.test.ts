/**
 * FedLoGe's SSE-C (src/constructions/sse-c.ts) and the fedloge2024 checks: the dense ETF, the
 * zero count and pattern, the refinement's first Adam steps against an independent
 * implementation of the authors' loss (finite-difference gradient), column norms, nearest angles,
 * GLA-FR, planted wrong variants (zeros that move, the old norm target, a wrong gamma) and bad input.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { mat } from '../../src/linalg/matrix.ts';
import { realignRows, sseC } from '../../src/constructions/sse-c.ts';
import {
  DENSE_ETF_TOLERANCE,
  SSE_C_ANGLE_GAP_TOLERANCE,
  SSE_C_NORM_TOLERANCE,
  checkDenseSimplexEtf,
  checkNearestAngleGap,
  checkRankinBound,
  checkRealignment,
  checkRowNorms,
  checkZeroPattern,
  nearestAngles,
} from '../../src/constructions/sse-c-checks.ts';

describe('SSE-C construction', () => {
  it('the dense M is an exact simplex ETF: unit class vectors with cos -1/(K-1)', () => {
    for (const [K, d] of [
      [2, 2],
      [5, 9],
      [12, 12],
    ]) {
      const r = sseC({ K, d, seed: 4, steps: 0 });
      expect(checkDenseSimplexEtf(r.dense).deviation).toBeLessThanOrEqual(DENSE_ETF_TOLERANCE);
      for (let k = 0; k < K; k++) {
        for (let l = 0; l < K; l++) {
          let s = 0;
          for (let i = 0; i < d; i++) s += r.dense.data[k * d + i] * r.dense.data[l * d + i];
          expect(Math.abs(s - (k === l ? 1 : -1 / (K - 1)))).toBeLessThan(1e-14);
        }
      }
    }
  });

  it('planted: an uncentred frame (P without C) is not a simplex ETF', () => {
    const r = sseC({ K: 5, d: 9, seed: 4, steps: 0 });
    const P = mat(
      5,
      9,
      r.dense.data.map((v, t) => v + 0.1 * (t % 9 === 0 ? 1 : 0)),
    );
    expect(checkDenseSimplexEtf(P).deviation).toBeGreaterThan(1e-3);
  });

  it('zeroes exactly floor(sparsity d K) entries', () => {
    for (const [K, d, sparsity, expected] of [
      [3, 7, 0.55, 11],
      [10, 20, 0.6, 120],
      [4, 4, 0, 0],
      [6, 10, 0.35, 21],
    ] as const) {
      const r = sseC({ K, d, sparsity, seed: 2, steps: 0 });
      expect(r.zeroCount).toBe(expected);
      expect(checkZeroPattern(r.sparse, r.zeroMask, expected).deviation).toBe(0);
    }
  });

  it('its first Adam steps match the authors loss and torch Adam written out here', () => {
    const K = 4;
    const d = 6;
    const steps = 3;
    const lr = 1e-4;
    const start = sseC({ K, d, sparsity: 0.5, seed: 3, steps: 0 }).sparse;
    const ours = sseC({ K, d, sparsity: 0.5, seed: 3, steps, lr }).refined;
    const mask = start.data.map((v) => (v !== 0 ? 1 : 0));
    // loss = sum_k (||m_k|| - 0.1)^2 - mean_k acos(clamp(max_{l != k} cos_kl, -0.99999, 0.99999))
    const loss = (X: Float64Array): number => {
      const n = Array.from({ length: K }, (_, k) => Math.hypot(...X.subarray(k * d, (k + 1) * d)));
      let L = 0;
      for (let k = 0; k < K; k++) {
        L += (n[k] - 0.1) ** 2;
        let c = -1;
        for (let l = 0; l < K; l++) {
          if (l === k) continue;
          let s = 0;
          for (let i = 0; i < d; i++) s += X[k * d + i] * X[l * d + i];
          c = Math.max(c, s / (n[k] * n[l]));
        }
        L -= Math.acos(Math.min(0.99999, Math.max(-0.99999, c))) / K;
      }
      return L;
    };
    const X = Float64Array.from(start.data);
    const m = new Float64Array(K * d);
    const v = new Float64Array(K * d);
    for (let t = 1; t <= steps; t++) {
      const g = new Float64Array(K * d);
      for (let j = 0; j < K * d; j++) {
        const h = 1e-7;
        const p = Float64Array.from(X);
        const q = Float64Array.from(X);
        p[j] += h;
        q[j] -= h;
        g[j] = (mask[j] * (loss(p) - loss(q))) / (2 * h);
      }
      for (let j = 0; j < K * d; j++) {
        m[j] = 0.9 * m[j] + 0.1 * g[j];
        v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
        const mh = m[j] / (1 - 0.9 ** t);
        const vh = v[j] / (1 - 0.999 ** t);
        X[j] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
    }
    for (let j = 0; j < K * d; j++) {
      // Each step moves an entry by at most ~lr: compare the moves to 1e-3 of that.
      expect(Math.abs(ours.data[j] - X[j]), `entry ${j}`).toBeLessThan(1e-3 * lr);
      if (!mask[j]) expect(ours.data[j]).toBe(0);
    }
  });
});

describe('SSE-C refinement at K = 20, d = 64 (sparsity 0.6)', () => {
  const r = sseC({ K: 20, d: 64, seed: 1 });
  const stats = nearestAngles(r.refined);
  const before = nearestAngles(r.sparse);

  it('zeros stay zero and no other entry becomes zero', () => {
    expect(checkZeroPattern(r.refined, r.zeroMask, r.zeroCount).deviation).toBe(0);
  });

  it('planted: a refinement without the gradient mask lets the zeros move', () => {
    const moved = sseC({ K: 20, d: 64, seed: 1, steps: 200, maskGradient: false });
    const m = checkZeroPattern(moved.refined, moved.zeroMask, moved.zeroCount);
    expect(m.deviation).toBeGreaterThan(0);
    expect(m.detail).toMatch(/no longer zero/);
  });

  it('class norms within the stated tolerance of 0.1; planted: the old target 1 is rejected', () => {
    expect(checkRowNorms(r.refined, 0.1).deviation).toBeLessThanOrEqual(SSE_C_NORM_TOLERANCE);
    const old = sseC({ K: 20, d: 64, seed: 1, normTarget: 1 });
    expect(checkRowNorms(old.refined, 0.1).deviation).toBeGreaterThan(SSE_C_NORM_TOLERANCE);
    expect(checkRowNorms(old.refined, 1).deviation).toBeLessThanOrEqual(SSE_C_NORM_TOLERANCE);
  });

  it('nearest angles: the refinement closes the gap to arccos(-1/(K-1)) that sparsifying opened', () => {
    const etf = (Math.acos(-1 / 19) * 180) / Math.PI;
    expect(stats.etfAngle).toBeCloseTo(etf, 12);
    expect(checkNearestAngleGap(stats, SSE_C_ANGLE_GAP_TOLERANCE).deviation).toBeLessThanOrEqual(SSE_C_ANGLE_GAP_TOLERANCE);
    // The check can fail: the sparsified matrix before refinement is far from it.
    expect(checkNearestAngleGap(before, SSE_C_ANGLE_GAP_TOLERANCE).deviation).toBeGreaterThan(SSE_C_ANGLE_GAP_TOLERANCE);
    expect(checkRankinBound(stats).deviation).toBe(0);
    // On the dense ETF every angle is the ETF angle.
    const dense = nearestAngles(r.dense);
    expect(Math.abs(dense.gap)).toBeLessThan(1e-10);
    expect(dense.pairVariance).toBeLessThan(1e-18 + 1e-10);
  });

  it('planted: an angle statistic above the simplex angle violates Rankin', () => {
    expect(checkRankinBound({ ...stats, etfAngle: (Math.acos(-1 / 20) * 180) / Math.PI - 1 }).deviation).toBeGreaterThan(0);
  });

  it('GLA-FR rows have norm 1.7 along the refined rows; planted: gamma 1.6 is rejected', () => {
    expect(checkRealignment(r.refined, r.realigned, 1.7).deviation).toBeLessThanOrEqual(DENSE_ETF_TOLERANCE);
    for (let k = 0; k < 20; k++) expect(Math.hypot(...r.realigned.data.subarray(k * 64, (k + 1) * 64))).toBeCloseTo(1.7, 14);
    expect(checkRealignment(r.refined, realignRows(r.refined, 1.6), 1.7).deviation).toBeGreaterThan(0.05);
  });
});

describe('SSE-C finds where the refinement falls short', () => {
  it('at d = K = 10 the mean nearest angle stays more than 2 degrees below the ETF angle', () => {
    const r = sseC({ K: 10, d: 10, seed: 1 });
    expect(checkNearestAngleGap(nearestAngles(r.refined), SSE_C_ANGLE_GAP_TOLERANCE).deviation).toBeGreaterThan(SSE_C_ANGLE_GAP_TOLERANCE);
  });
});

describe('SSE-C bad input', () => {
  it('names the field', () => {
    expect(() => sseC({ K: 5, d: 4 })).toThrow(/^K: must be <= d = 4/);
    expect(() => sseC({ K: 1, d: 4 })).toThrow(/^K:/);
    expect(() => sseC({ K: 3, d: 0 })).toThrow(/^d:/);
    for (const sparsity of [1, -0.1, NaN, 1.5]) expect(() => sseC({ K: 3, d: 4, sparsity })).toThrow(/^sparsity:/);
    expect(() => sseC({ K: 3, d: 4, sparsity: 2, names: { sparsity: '--sparsity' } })).toThrow(/^--sparsity:/);
  });

  it('refuses a zero pattern that empties a class (their refinement would divide by 0)', () => {
    let thrown = 0;
    for (let seed = 1; seed <= 30; seed++) {
      try {
        sseC({ K: 2, d: 2, sparsity: 0.5, seed, steps: 0 });
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as Error).message).toMatch(/^sparsity: .* zeroed every entry of class/);
        thrown++;
      }
    }
    // 2 of 4 entries zeroed: both in one column with probability 2/6.
    expect(thrown).toBeGreaterThan(3);
    expect(thrown).toBeLessThan(20);
  });
});

describe('SSE-C claim checks (src/constructions/claims.ts)', () => {
  it('all hold at K = 20, d = 64; a build whose zeros moved fails zeros-stay-zero only among the exact checks', async () => {
    const { sseCClaimChecks } = await import('../../src/constructions/claims.ts');
    const ok = sseCClaimChecks(sseC({ K: 20, d: 64, seed: 1 }));
    expect(ok.map((c) => c.name)).toEqual(['dense-etf', 'zero-count', 'zeros-stay-zero', 'column-norms', 'nearest-angle-gap', 'rankin', 'gla-fr']);
    expect(ok.filter((c) => !c.ok)).toEqual([]);
    const moved = sseCClaimChecks(sseC({ K: 20, d: 64, seed: 1, steps: 200, maskGradient: false }));
    expect(moved.find((c) => c.name === 'zeros-stay-zero')!.ok).toBe(false);
    expect(moved.find((c) => c.name === 'zero-count')!.ok).toBe(true);
  });
});
