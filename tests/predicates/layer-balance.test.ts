import { describe, expect, it } from 'vitest';
import { diag, fromRows } from '../../src/linalg/matrix.ts';
import { entriesEqual } from '../../src/predicates/entries.ts';
import { layerBalance } from '../../src/predicates/layer-balance.ts';

describe('layerBalance', () => {
  // lambdaW_1 W_1^T W_1 and lambdaW_2 W_2^T W_2 both have eigenvalues {2, 0.5}.
  const W1 = diag([Math.sqrt(2 / 0.5), Math.sqrt(0.5 / 0.5)]);
  const W2 = fromRows([
    [0, Math.sqrt(0.5 / 2)],
    [Math.sqrt(2 / 2), 0],
  ]);

  it('is ~0 on balanced layers with the claimed values, in any order', () => {
    expect(layerBalance([W1, W2], [0.5, 2], [0.5, 2]).deviation).toBeLessThan(1e-15);
  });

  it('reports the worst layer, relative to the largest claimed value', () => {
    const W2off = fromRows([
      [0, Math.sqrt(0.5 / 2)],
      [Math.sqrt(2.2 / 2), 0],
    ]);
    const m = layerBalance([W1, W2off], [0.5, 2], [2, 0.5]);
    expect(m.deviation).toBeCloseTo(0.2 / 2, 12);
    expect(m.kind).toBe('relative');
    expect(m.detail).toMatch(/^layer 2: /);
    // A claimed third value pads the measured spectrum with zeros.
    expect(layerBalance([W1, W2], [0.5, 2], [2, 0.5, 0.1]).deviation).toBeCloseTo(0.1 / 2, 12);
  });

  it('is absolute when every claimed value is 0', () => {
    const m = layerBalance([W1], [0.5], [0, 0]);
    expect(m.kind).toBe('absolute');
    expect(m.deviation).toBeCloseTo(2, 12);
  });
});

describe('entriesEqual', () => {
  it('max_k |b_k - value|, absolute', () => {
    expect(entriesEqual([0.25, 0.25, 0.25], 0.25).deviation).toBe(0);
    const m = entriesEqual([0.2, 0.3, 0.25], 0.25);
    expect(m.deviation).toBeCloseTo(0.05, 15);
    expect(m.kind).toBe('absolute');
    expect(m.sensitivity).toBe(1);
  });
});
