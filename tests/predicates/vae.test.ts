import { describe, expect, it } from 'vitest';
import { collapsedLatents, spectralEnergyMatches } from '../../src/predicates/vae.ts';

describe('posterior-collapse measurements', () => {
  it('counts latents beyond the live singular values, zero relative to the scale', () => {
    expect(collapsedLatents([3, 1e-7, 0], 4, 1, 3).deviation).toBe(0);
    // 1e-7 is live on a scale of 0.01 (threshold 1e-8).
    const m = collapsedLatents([3, 1e-7, 0], 4, 0.01, 3);
    expect(m.deviation).toBe(1);
    expect(m.sensitivity).toBe(0);
    expect(m.detail).toBe('measured 2 collapsed latents, claimed 3');
  });

  it('energy from singular values: relative to the claim, absolute when it is 0', () => {
    const m = spectralEnergyMatches([3, 4], 25 * 1.02, '||U||^2');
    expect(m.deviation).toBeCloseTo(0.02 / 1.02, 12);
    expect(m.kind).toBe('relative');
    expect(m.sensitivity).toBeCloseTo(10 / 25.5, 12);
    const z = spectralEnergyMatches([1e-3], 0, '||U||^2');
    expect(z.kind).toBe('absolute');
    expect(z.deviation).toBeCloseTo(1e-6, 18);
  });
});
