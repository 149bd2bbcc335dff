/**
 * A user claim about each of the VAE, deep linear and UF-SVM problems written only against the
 * public API ('ncverify' = src/index.ts): its symbols, view and point builder are exported, and
 * the harness decides the claim (a true one passes, a planted wrong one fails).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amplitudeModes,
  checkInstance,
  defineTheorem,
  dlnMse,
  dlnSymbols,
  deepLinearView,
  linalg,
  linearVae,
  ufSvm,
  ufSvmLogitsView,
  ufSvmPointFromLogits,
  ufSvmSymbols,
  vaePoint,
  vaeSymbols,
  vaeView,
  type DeepLinearInstance,
  type LinearVaeInstance,
  type Measurement,
  type UfSvmInstance,
} from 'ncverify';

const common = {
  paper: 'My notes',
  citation: 'A user claim written against the public API.',
  section: 'Example',
  confidence: ['derived'] as const,
  kind: 'global-minimiser' as const,
};
const count = (measured: number, claimed: number): Measurement => ({ deviation: Math.abs(measured - claimed), kind: 'absolute', sensitivity: 0 });

describe('claims for every problem family through the public API', () => {
  // theta = 1.16, 0.74, 0.21: sqrt(beta) etaDec = 0.8 collapses two latents, the wrong beta etaDec = 0.64 only one.
  const vae: LinearVaeInstance = {
    problem: 'vae',
    beta: 0.64,
    etaEnc: 1,
    etaDec: 1,
    latent: 3,
    data: { seed: 2, samples: 20, dx: 3, dy: 0, xScales: [1.2, 0.7, 0.2], correlation: 0, noise: [] },
  };

  // The optimum keeps the right threshold, so the solver certifies the minimiser and the planted collapse rule is what fails.
  for (const [name, thr, verdict] of [
    ['true', 'sqrt(beta) * etaDec', 'pass'],
    ['planted wrong threshold (beta etaDec)', 'beta * etaDec', 'fail'],
  ] as const) {
    it(`linear VAE, learnable Sigma: collapsed latents (${name})`, () => {
      const thm = defineTheorem<LinearVaeInstance, ReturnType<typeof vaeView>>({
        ...common,
        id: 'mine.vae-collapse',
        statement: 'latent i collapses iff theta_i <= sqrt(beta) etaDec',
        problem: linearVae,
        symbols: vaeSymbols,
        assumptions: { learnable: 'fixed == 0' },
        predictions: {
          thr: 'sqrt(beta) * etaDec',
          thrCollapse: thr,
          collapsed: 'sum(thetaLat <= thrCollapse) + max(0, dz - dx)',
          optimum:
            'sum((thetaLat > thr) .* (2 * beta + beta * map(thetaLat.^2 / (beta * etaEnc^2 * etaDec^2), f(u) = log(u))) + (thetaLat <= thr) .* (thetaLat.^2 / etaDec^2 + beta - 2 * beta * log(etaEnc))) + thetaRestSqSum / etaDec^2',
        },
        view: vaeView,
        checks: [
          { name: 'collapsed latents', claim: '#{omega_i = 0}', measure: (v, p) => count(v.omega.filter((s) => s > 1e-6).length, 3 - p.num('collapsed')) },
        ],
        instances: fc.constant(vae),
      });
      const r = checkInstance(thm, vae, 0, { seed: 1 });
      expect(r.verdict, r.reason).toBe(verdict);
    });
  }

  it('a user can build a VAE point from named matrices and read it back', () => {
    const { Q } = amplitudeModes(vae.data);
    const U = linalg.scale(Q, 0.5);
    const x = vaePoint(vae, { W: linalg.transpose(Q), U, logVar: [0, 0, 0] });
    expect(vaeView(vae, x).omega.every((s) => Math.abs(s - 0.5) < 1e-12)).toBe(true);
  });

  it('deep linear and UF-SVM symbols, views and points are public', () => {
    const dln: DeepLinearInstance = { problem: 'dln-mse', K: 2, n: [1, 1], depth: 1, widths: [2], lambdaW: [0.1], lambdaH: 0.1, bias: false };
    expect(dlnSymbols(dln).N).toBe(2);
    expect(deepLinearView(dln, new Float64Array(dlnMse.objective(dln).size)).W.rows).toBe(2);
    const svm: UfSvmInstance = { problem: 'uf-svm', K: 2, n: [1, 1], d: 1 };
    const x = ufSvmPointFromLogits(
      svm,
      linalg.fromRows([
        [0.5, -0.5],
        [-0.5, 0.5],
      ]),
      { gramPower: 0.5, featurePower: 0.5 },
    );
    if (!(x instanceof Float64Array)) throw new Error(x.impossible);
    expect(ufSvmLogitsView(svm, x).Z.data[0]).toBeCloseTo(0.5, 12);
    expect(ufSvmSymbols(svm).nuclearSeli as number).toBeCloseTo(1, 12);
    expect(ufSvm.name).toBe('uf-svm');
  });
});
