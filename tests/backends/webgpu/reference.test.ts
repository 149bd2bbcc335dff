import { describe, expect, it } from 'vitest';
import { TILE, WG, ufmCeF32Shape, ufmCePlan, type UfmCePlan } from '../../../src/backends/webgpu/kernels.ts';
import { ceReference, finalReference, gemmReference, rowsumReference, ufmCeReference } from '../../../src/backends/webgpu/reference.ts';
import { ufmCeObjective, type UfmCeInstance } from '../../../src/problems/ufm-ce/problem.ts';
import { Rng } from '../../../src/random.ts';
import { F32_CASES } from './cases.ts';
import { FROUND_ACCURACY, ufmCeFloat32Bounds } from './f32-bounds.ts';

/** Max over entries of |value - exact| / bound (<= 1: within the float32 bound). */
function worst(f32: { f: number; g: Float32Array }, inst: UfmCeInstance, x32: Float32Array): { f: number; g: number; boundScale: number } {
  const obj = ufmCeObjective(inst);
  const g64 = new Float64Array(obj.size);
  const f64 = obj.value(Float64Array.from(x32), g64);
  const bound = ufmCeFloat32Bounds(inst, x32, FROUND_ACCURACY);
  let gw = 0;
  let scale = 0;
  let bmax = 0;
  for (let i = 0; i < obj.size; i++) {
    // A NaN (an entry read out of range, say) counts as outside the bound.
    const r = Math.abs(f32.g[i] - g64[i]) / bound.g[i];
    gw = Number.isNaN(r) ? Infinity : Math.max(gw, r);
    scale = Math.max(scale, Math.abs(g64[i]));
    bmax = Math.max(bmax, bound.g[i]);
  }
  const fr = Math.abs(f32.f - f64) / bound.f;
  return { f: Number.isNaN(fr) ? Infinity : fr, g: gw, boundScale: Math.max(bmax / scale, bound.f / Math.abs(f64)) };
}

describe('float32 model of the WGSL kernels against the float64 objective', () => {
  for (const { name, inst, scale } of F32_CASES) {
    it(`${name}: f and every gradient entry within the derived float32 bound`, () => {
      const x32 = Float32Array.from(new Rng(11).normalArray(ufmCeObjective(inst).size, scale));
      const r = ufmCeReference(ufmCeF32Shape(inst), x32);
      const w = worst(r, inst, x32);
      expect(w.f).toBeLessThanOrEqual(1);
      expect(w.g).toBeLessThanOrEqual(1);
      // The bound is a float32-level statement, not a vacuous one: a few thousand u at most.
      expect(w.boundScale).toBeLessThan(1e-3);
    });
  }

  it('the sizes cross the tile and workgroup edges they are meant to', () => {
    const p = ufmCePlan(ufmCeF32Shape(F32_CASES[1].inst));
    expect(p.logits.R % TILE).not.toBe(0);
    expect(p.shape.N % WG).not.toBe(0);
    expect(p.ceGroups).toBeGreaterThan(1);
  });

  describe('planted wrong variants are rejected by the same bound', () => {
    const inst = F32_CASES[0].inst;
    const shape = ufmCeF32Shape(inst);
    const x32 = Float32Array.from(new Rng(11).normalArray(ufmCeObjective(inst).size, 0.5));

    /** The reference's evaluation with one step of the plan replaced. */
    function run(mutate: (p: UfmCePlan) => UfmCePlan): { f: number; g: Float32Array } {
      const plan = mutate(ufmCePlan(shape));
      const z = new Float32Array(shape.K * shape.N);
      const part = new Float32Array(plan.ceGroups);
      const out = new Float32Array(plan.size);
      gemmReference(plan.logits, x32, x32, x32, z);
      ceReference(plan, x32, z, part);
      gemmReference(plan.gradW, z, x32, x32, out);
      gemmReference(plan.gradH, x32, z, x32, out);
      if (plan.shape.bias) rowsumReference(plan, x32, z, out);
      return { f: finalReference(plan, x32, part), g: out };
    }

    it('the unchanged plan passes (so the variants below fail for their planted error alone)', () => {
      const w = worst(
        run((p) => p),
        inst,
        x32,
      );
      expect(Math.max(w.f, w.g)).toBeLessThanOrEqual(1);
    });

    const variants: Array<[string, (p: UfmCePlan) => UfmCePlan]> = [
      // Summed CE (1/N dropped) instead of the mean convention of ufm-ce.ts.
      ['sum instead of mean CE', (p) => ({ ...p, ceScale: 1 })],
      // G H (no transpose): H read along its rows as if it were H^T.
      ['dW = G H instead of G H^T', (p) => ({ ...p, gradW: { ...p.gradW, bRs: p.gradW.bCs, bCs: p.gradW.bRs } })],
      ['logits without the bias', (p) => ({ ...p, logits: { ...p.logits, rScale: 0 } })],
      ['ridge gradient on W dropped', (p) => ({ ...p, gradW: { ...p.gradW, lam: 0 } })],
      ['labels shifted by one class', (p) => ({ ...p, shape: { ...p.shape, label: p.shape.label.map((y) => (y + 1) % p.shape.K) } })],
    ];
    for (const [what, mutate] of variants) {
      it(`rejects: ${what}`, () => {
        const w = worst(run(mutate), inst, x32);
        expect(Math.max(w.f, w.g)).toBeGreaterThan(1);
      });
    }
  });
});
