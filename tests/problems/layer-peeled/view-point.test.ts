import { describe, expect, it } from 'vitest';
import { scale, transpose } from '../../../src/linalg/matrix.ts';
import { simplexEtf } from '../../../src/predicates/frames.ts';
import type { LayerPeeledInstance } from '../../../src/problems/layer-peeled/problem.ts';
import { layerPeeledPointOf } from '../../../src/problems/layer-peeled/point.ts';
import { layerPeeledSymbols } from '../../../src/problems/layer-peeled/symbols.ts';
import { layerPeeledView } from '../../../src/problems/layer-peeled/view.ts';
import { layerPeeledConvexSymbols, layerPeeledGroundTruth } from '../../../src/ground-truth/layer-peeled.ts';

const inst: LayerPeeledInstance = { problem: 'layer-peeled', K: 3, n: [2, 2, 2], d: 3, EW: 2, EH: 0.5 };

describe('layer-peeled point builder and view', () => {
  // (1/K) sum ||w_k||^2 = EW and (1/K) sum_k ||h_k||^2 = (EH/EW) EW = EH: both on their spheres.
  const W = simplexEtf(3, 3, inst.EW);
  const Hbar = scale(transpose(W), Math.sqrt(inst.EH / inst.EW));

  it('a point on the constraint spheres is read back unchanged, every sample at its class mean', () => {
    const v = layerPeeledView(inst, layerPeeledPointOf(inst, { W, Hbar }));
    v.W.data.forEach((w, i) => expect(w).toBeCloseTo(W.data[i], 14));
    v.Hbar.data.forEach((h, i) => expect(h).toBeCloseTo(Hbar.data[i], 14));
    expect(v.b).toBeNull();
    expect([...v.labels]).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('a point off the spheres is moved onto them', () => {
    const v = layerPeeledView(inst, layerPeeledPointOf(inst, { W: scale(W, 2), Hbar: scale(Hbar, 0.1) }));
    v.W.data.forEach((w, i) => expect(w).toBeCloseTo(W.data[i], 14));
    v.Hbar.data.forEach((h, i) => expect(h).toBeCloseTo(Hbar.data[i], 14));
  });

  it('symbols, with Fc from the certified convex ground truth', () => {
    const imb: LayerPeeledInstance = { ...inst, n: [4, 4, 1] };
    expect(layerPeeledSymbols(imb)).toMatchObject({ N: 9, nmin: 1, nmax: 4, R: 4, kA: 2, kB: 1, clusters: 2 });
    expect(Number.isNaN(layerPeeledSymbols(imb).n)).toBe(true);
    const gt = layerPeeledGroundTruth(imb);
    expect(gt.certified).toBe(true);
    expect(layerPeeledConvexSymbols(imb).Fc).toBe(gt.objective);
  });
});
