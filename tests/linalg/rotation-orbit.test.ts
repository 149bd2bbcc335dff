/**
 * The structured rotation-orbit projector (src/linalg/rotation-orbit.ts) against the Gram-Schmidt
 * basis of the explicit tangents it replaces: the same subspace (same dimension, the same
 * projection of random vectors to rounding) at a random point, where every rotation moves the
 * point, and at a solved ufm-ce point, where W and H span only K - 1 of the d directions and the
 * rotations inside their null space are dropped by both. The projection is idempotent and leaves
 * a vector orthogonal to every tangent, which is checked on the tangents themselves.
 */
import { describe, expect, it } from 'vitest';
import { rotationOrbitSubspace } from '../../src/linalg/rotation-orbit.ts';
import { denseSubspace } from '../../src/linalg/subspace.ts';
import { dot, norm2 } from '../../src/linalg/vector.ts';
import { ufmCe } from '../../src/problems/ufm-ce/problem.ts';
import { ufmCeSymmetries, ufmCeSymmetrySubspace } from '../../src/problems/ufm-ce/view.ts';
import { layerPeeled, layerPeeledSymmetries, layerPeeledSymmetrySubspace } from '../../src/problems/layer-peeled/problem.ts';
import { Rng } from '../../src/random.ts';
import { solveMultistart } from '../../src/solvers/multistart.ts';

const inst = ufmCe.parse({ problem: 'ufm-ce', K: 4, n: [3, 3, 3, 3], d: 7, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true }, 'test');

function worstDifference(a: { projectOut(v: Float64Array): void }, b: { projectOut(v: Float64Array): void }, n: number, rng: Rng): number {
  let worst = 0;
  for (let r = 0; r < 20; r++) {
    const v = rng.normalArray(n);
    const pa = Float64Array.from(v);
    a.projectOut(pa);
    const pb = Float64Array.from(v);
    b.projectOut(pb);
    worst = Math.max(worst, norm2(Float64Array.from(pa, (x, i) => x - pb[i])) / norm2(v));
  }
  return worst;
}

describe('rotation-orbit projector', () => {
  const rng = new Rng(3);
  const random = rng.normalArray(ufmCe.objective(inst).size);
  const solved = solveMultistart(ufmCe, inst, { starts: 1, seed: 1 })[0].x;

  it.each([
    ['a random point', random, 21 + 1],
    ['a solved point (rank K - 1 = 3 of d = 7)', solved, 21 - 6 + 1],
  ])('spans the tangents at %s', (_name, x, dim) => {
    const tangents = ufmCeSymmetries(inst, x);
    const dense = denseSubspace(tangents, norm2(x));
    const structured = ufmCeSymmetrySubspace(inst, x);
    // Dimensions counted independently: d(d-1)/2 rotations (minus the C(d - 3, 2) inside the null space of W and H at a solution) plus the bias shift.
    expect(dense.dimension).toBe(dim);
    expect(structured.dimension).toBe(dim);
    expect(worstDifference(dense, structured, x.length, rng)).toBeLessThan(1e-11);
    // Off the subspace, orthogonal to every tangent, and projecting twice changes nothing.
    const v = rng.normalArray(x.length);
    structured.projectOut(v);
    for (const t of tangents) expect(Math.abs(dot(v, t))).toBeLessThan(1e-11 * norm2(t) * norm2(v) + 1e-14);
    const again = Float64Array.from(v);
    structured.projectOut(again);
    expect(norm2(Float64Array.from(v, (a, i) => a - again[i]))).toBeLessThan(1e-12 * norm2(v));
  });

  it('with extra tangents (the layer-peeled scalings) equals the dense basis too', () => {
    const lp = layerPeeled.parse({ problem: 'layer-peeled', K: 3, n: [2, 2, 2], d: 4, EW: 1, EH: 1 }, 'test');
    const x = rng.normalArray(layerPeeled.objective(lp).size);
    const dense = denseSubspace(layerPeeledSymmetries(lp, x), norm2(x));
    const structured = layerPeeledSymmetrySubspace(lp, x);
    expect(structured.dimension).toBe(6 + 2);
    expect(dense.dimension).toBe(6 + 2);
    expect(worstDifference(dense, structured, x.length, rng)).toBeLessThan(1e-11);
  });

  it('a planted wrong projector (H rotated the other way, (W A, A H)) is told apart', () => {
    const x = random;
    const K = 4;
    const d = 7;
    const N = 12;
    const flipped = Float64Array.from(x, (v, i) => (i >= K * d && i < K * d + d * N ? -v : v));
    // Rotating H the other way is the orbit of the point with H negated: projecting at it is not the same subspace.
    const wrong = rotationOrbitSubspace(flipped, { d, rows: K, cols: N, offW: 0, offH: K * d }, [], norm2(x));
    expect(worstDifference(denseSubspace(ufmCeSymmetries(inst, x).slice(0, 21), norm2(x)), wrong, x.length, rng)).toBeGreaterThan(1e-3);
  });
});
