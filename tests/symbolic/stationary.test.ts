import { describe, expect, it } from 'vitest';
import { stationaryPoint } from '../../src/symbolic/index.ts';

// Zhu et al. (2021), reduced objective in the feature-norm variable m.
const phi = 'log(1 + (K-1) * e^(-m)) + (K-1) * sqrt(n * lambdaW * lambdaH) * m';

// phi'(m) = 0  <=>  e^m + K - 1 = 1/sqrt(n lambdaW lambdaH), solved here by hand.
function closedForm(K: number, n: number, lambdaW: number, lambdaH: number): number {
  return Math.log(1 / Math.sqrt(n * lambdaW * lambdaH) - (K - 1));
}

describe('stationaryPoint on the Zhu et al. 2021 objective', () => {
  const cases: [number, number, number, number][] = [
    [4, 10, 1e-3, 2e-3],
    [10, 100, 1e-4, 5e-4],
    [2, 1, 0.1, 0.2],
    [3, 1, 0.4, 0.4], // stationary point at negative m
  ];
  it.each(cases)('K=%d n=%d lambdaW=%d lambdaH=%d', (K, n, lambdaW, lambdaH) => {
    const expected = closedForm(K, n, lambdaW, lambdaH);
    const out = stationaryPoint(phi, 'm', { K, n, lambdaW, lambdaH }, [-50, 50]);
    expect(out.brent).not.toBeNull();
    expect(Math.abs(out.brent! - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
    const s = Math.sqrt(n * lambdaW * lambdaH);
    const phiAt = Math.log(1 + (K - 1) * Math.exp(-expected)) + (K - 1) * s * expected;
    expect(out.value).toBeCloseTo(phiAt, 12);
    // nerdamer (after denominators are cleared) finds the same root; measured, not assumed.
    expect(out.agree).toBe(true);
    for (const r of out.nerdamer.verified) expect(r).toBeCloseTo(expected, 8);
  });

  it('reports no stationary point when the domain holds none', () => {
    const out = stationaryPoint(phi, 'm', { K: 4, n: 10, lambdaW: 1e-3, lambdaH: 2e-3 }, [0, 1]);
    expect(out.brent).toBeNull();
    expect(out.value).toBeNull();
    // nerdamer still finds the root outside the domain, which cannot agree with no root.
    expect(out.nerdamer.verified[0]).toBeCloseTo(closedForm(4, 10, 1e-3, 2e-3), 8);
    expect(out.agree).toBe(false);
  });
});
