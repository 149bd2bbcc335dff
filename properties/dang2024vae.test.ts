/**
 * Properties of the Dang et al. 2024 VAE claims: on random data sets and hyperparameters placed
 * so that latents fall on both sides of (and within 3% of) each collapse threshold, the check
 * never says `fail`, decides most instances, and the instances really straddle the thresholds;
 * every planted wrong variant is rejected by `mutate`. A failure prints fast-check's replay line.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InstanceBase } from '../src/problems/problem.ts';
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/random.ts';
import { evaluateExpr } from '../src/symbolic/expr.ts';
import { checkInstance } from '../src/engine/check.ts';
import { runMutations } from '../src/engine/mutate.ts';
import { vaeInstances } from '../src/instances/vae.ts';
import { dang2024vaeCvae, dang2024vaeHvae, dang2024vaeVae } from '../theorems/dang2024vae.ts';

describe('dang2024vae properties', () => {
  const cases = [
    [dang2024vaeCvae, dang2024vaeCvae.instances, 'learnable'],
    [dang2024vaeVae, vaeInstances({ fixedSigma: false }), 'learnable'],
    [dang2024vaeVae, vaeInstances({ fixedSigma: true }), 'fixed'],
  ] as const;
  for (const [thm, arb, sigma] of cases) {
    it(`${thm.id} holds on random instances (${sigma} Sigma)`, () => {
      const verdicts: string[] = [];
      const collapsed: number[] = [];
      fc.assert(
        fc.property(arb as fc.Arbitrary<InstanceBase>, (inst) => {
          const r = checkInstance(thm, inst, 0, { seed: 7 });
          verdicts.push(r.verdict);
          collapsed.push(r.predictions.collapsed as number);
          if (r.verdict === 'fail' || r.verdict === 'skipped') throw new Error(`${r.verdict}: ${r.reason}`);
        }),
        { numRuns: 8, seed: 2024, endOnFailure: true },
      );
      expect(verdicts.filter((v) => v === 'pass').length).toBeGreaterThanOrEqual(6);
      // Both regimes occur: some instance with a collapsed latent, some with a live one.
      expect(collapsed.some((c) => c > 0)).toBe(true);
    });
  }

  it('dang2024vae.hvae holds on random instances in both regimes of sigma1^2 vs (beta2/beta1) etaDec^2', () => {
    const seen = { live: 0, collapsible: 0, z2Collapsed: 0, z2Live: 0, bothCollapsed: 0, z1Collapsed: 0 };
    let passes = 0;
    fc.assert(
      fc.property(dang2024vaeHvae.instances, (inst) => {
        const r = checkInstance(dang2024vaeHvae, inst, 0, { seed: 7 });
        if (r.verdict === 'fail' || r.verdict === 'skipped') throw new Error(`${r.verdict}: ${r.reason}`);
        if (r.verdict === 'pass') passes++;
        const p = r.predictions;
        const d2 = (inst as { latent2: number }).latent2;
        if (p.z2NeverCollapses) seen.live++;
        else seen.collapsible++;
        if ((p.collapsedZ2 as number) > 0) seen.z2Collapsed++;
        if ((p.collapsedZ2 as number) < d2) seen.z2Live++;
        if ((p.collapsedBoth as number) > 0) seen.bothCollapsed++;
        if ((p.collapsedZ1 as number) > 0) seen.z1Collapsed++;
      }),
      { numRuns: 10, seed: 2024, endOnFailure: true },
    );
    expect(passes).toBeGreaterThanOrEqual(8);
    // Both regimes, and on each level latents on both sides of the thresholds.
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  });

  it('dang2024vae.hvae: theta_i are the square roots of the eigenvalues of the UNCENTRED S_xx', () => {
    // A data file whose mean is far from 0, so centred and uncentred moments differ a lot.
    const rng = new Rng(17);
    const x = Array.from({ length: 30 }, () => [2 + 0.8 * rng.normal(), -1 + 0.5 * rng.normal(), 0.3 * rng.normal()]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ncverify-hvae-')), 'data.json');
    writeFileSync(file, JSON.stringify({ x }));
    for (const [beta2, sigma1] of [
      [0.8, 0.5],
      [0.3, 1.2],
    ]) {
      const inst = { problem: 'hvae' as const, beta1: 1, beta2, etaEnc: 1, etaDec: 1, sigma1, latent1: 2, latent2: 2, data: { path: file } };
      const r = checkInstance(dang2024vaeHvae, inst, 0, { seed: 3 });
      expect(r.verdict, r.reason).toBe('pass');
      // The same closed form on the centred covariance's eigenvalues misses the certified optimum.
      const n = x.length;
      const mean = [0, 1, 2].map((j) => x.reduce((a, row) => a + row[j], 0) / n);
      const C = [0, 1, 2].map((i) => [0, 1, 2].map((j) => x.reduce((a, row) => a + (row[i] - mean[i]) * (row[j] - mean[j]), 0) / n));
      const centred = symmetricEigenValues(C).map((v) => Math.sqrt(Math.max(0, v)));
      const scope = { ...dang2024vaeHvae.symbols(inst), thetaData: centred, thetaPair: centred.slice(0, 2), thetaSolo: [], thetaRestSqSum: centred[2] ** 2 };
      let sc: Record<string, unknown> = scope;
      for (const [k, src] of Object.entries(dang2024vaeHvae.predictions)) sc = { ...sc, [k]: evaluateExpr(src, sc as never, k) };
      const best = Math.min(...r.starts.map((st) => st.objective));
      expect(Math.abs((sc.optimum as number) - best) / Math.abs(best)).toBeGreaterThan(1e-2);
    }
  });

  for (const thm of [dang2024vaeCvae, dang2024vaeVae, dang2024vaeHvae]) {
    it(`${thm.id}: every planted wrong variant gets a fail`, () => {
      // The hvae's per-mode mathjs functions cost ~4 ms per candidate and variant (55 variants): a smaller pool.
      const res = runMutations(thm, { seed: 1, candidates: thm === dang2024vaeHvae ? 60 : 150, instancesPerVariant: 3 });
      expect(res.variants.filter((v) => !v.rejected).map((v) => `${v.name}: ${v.reason}`)).toEqual([]);
      expect(res.total).toBeGreaterThanOrEqual(5);
    });
  }
});

/** Descending eigenvalues of a small symmetric matrix (Jacobi), independent of the code under test. */
function symmetricEigenValues(A0: number[][]): number[] {
  const A = A0.map((r) => [...r]);
  const n = A.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (A[p][q] === 0) continue;
        const th = (A[q][q] - A[p][p]) / (2 * A[p][q]);
        const t = Math.sign(th || 1) / (Math.abs(th) + Math.sqrt(th * th + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k][p],
            akq = A[k][q];
          A[k][p] = c * akp - s * akq;
          A[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p][k],
            aqk = A[q][k];
          A[p][k] = c * apk - s * aqk;
          A[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return A.map((r, i) => r[i]).sort((a, b) => b - a);
}
