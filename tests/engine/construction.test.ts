/**
 * Construction claims (src/engine/construction.ts) on a construction whose properties are known
 * exactly: Gram-Schmidt of a random Gaussian matrix gives N orthonormal vectors in R^d iff N <= d.
 * The planted wrong variant (an ETF Gram, cos = -1/(N-1)) must be rejected; a construction that
 * gives up is inconclusive, never a fail; parameters outside the assumptions are skipped; and a
 * plan runs construction entries into the same report as theorems.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/engine/catalogue.ts';
import {
  checkConstruction,
  checkConstructionInstance,
  defineConstruction,
  runConstructionVariants,
  type ConstructionCheck,
} from '../../src/engine/construction.ts';
import { InputError } from '../../src/errors.ts';
import { Rng } from '../../src/random.ts';
import { runPlan } from '../../src/run/plan.ts';

interface P {
  readonly N: number;
  readonly d: number;
  readonly seed: number;
}

/** Row-major N x d: Gram-Schmidt twice (re-orthogonalisation keeps it at rounding level). */
function orthonormalRows(p: P): number[][] {
  const rng = new Rng(p.seed);
  const V = Array.from({ length: p.N }, () => Array.from({ length: p.d }, () => rng.normal()));
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < p.N; i++) {
      for (let j = 0; j < i; j++) {
        const c = V[i].reduce((s, x, r) => s + x * V[j][r], 0);
        for (let r = 0; r < p.d; r++) V[i][r] -= c * V[j][r];
      }
      const n = Math.sqrt(V[i].reduce((s, x) => s + x * x, 0));
      for (let r = 0; r < p.d; r++) V[i][r] /= n;
    }
  }
  return V;
}

/** max over pairs of |<v_i, v_j> - target(i, j)|. */
function gramGap(V: number[][], target: (i: number, j: number) => number): number {
  let worst = 0;
  for (let i = 0; i < V.length; i++)
    for (let j = 0; j < V.length; j++) {
      const g = V[i].reduce((s, x, r) => s + x * V[j][r], 0);
      worst = Math.max(worst, Math.abs(g - target(i, j)));
    }
  return worst;
}

const orthonormal: ConstructionCheck<P, number[][]> = {
  name: 'orthonormal',
  claim: 'V V^T = I',
  measure: (V) => ({ deviation: gramGap(V, (i, j) => (i === j ? 1 : 0)), kind: 'absolute', detail: 'max |V V^T - I|', sensitivity: 0 }),
  tolerance: (p) => 64 * p.d * Number.EPSILON,
};

const gramSchmidt = defineConstruction<P, number[][]>({
  id: 'test.gram-schmidt',
  paper: 'Linear algebra',
  citation: 'Gram-Schmidt orthonormalisation.',
  section: 'textbook',
  statement: 'N <= d: Gram-Schmidt of a random Gaussian N x d matrix has orthonormal rows.',
  confidence: ['derived'],
  kind: 'construction',
  parameters: fc.record({ N: fc.integer({ min: 1, max: 6 }), d: fc.integer({ min: 1, max: 6 }), seed: fc.integer({ min: 0, max: 1e6 }) }),
  outside: (p) => (p.N > p.d ? `N = ${p.N} > d = ${p.d}` : null),
  describe: (p) => `N=${p.N} d=${p.d} seed=${p.seed}`,
  build: (p) => ({ result: orthonormalRows(p) }),
  checks: [orthonormal],
  variants: [
    {
      name: 'simplex-ETF Gram',
      description: 'the rows form a simplex ETF: <v_i, v_j> = -1/(N-1) for i != j',
      checks: [
        {
          ...orthonormal,
          name: 'orthonormal',
          claim: 'V V^T = ETF Gram',
          measure: (V) => ({ deviation: gramGap(V, (i, j) => (i === j ? 1 : -1 / (V.length - 1 || 1))), kind: 'absolute', sensitivity: 0 }),
        },
      ],
    },
  ],
});

describe('construction claims', () => {
  it('pass where the property holds, skip outside the assumptions', () => {
    const res = checkConstruction(gramSchmidt, { instances: 30, seed: 3 });
    expect(res.summary.fail).toBe(0);
    expect(res.summary.inconclusive).toBe(0);
    expect(res.summary.pass).toBeGreaterThan(5);
    expect(res.summary.skipped).toBeGreaterThan(0);
    for (const r of res.results.filter((x) => x.verdict === 'pass')) expect(r.checks[0].deviation).toBeLessThanOrEqual(r.checks[0].tolerance);
  });

  it('reject the planted wrong variant with a fail that names the check', () => {
    const m = runConstructionVariants(gramSchmidt, { seed: 1, instancesPerVariant: 10 });
    expect(m.rejected).toBe(1);
    expect(m.variants[0].reason).toMatch(/orthonormal violated/);
  });

  it('a construction that gives up is inconclusive, a non-finite measurement too', () => {
    const givesUp = { ...gramSchmidt, build: () => ({ failed: 'stopping rule not reached in 10 steps' }) };
    expect(checkConstructionInstance(givesUp, { N: 2, d: 3, seed: 1 }, 0).verdict).toBe('inconclusive');
    const nan = { ...gramSchmidt, checks: [{ ...orthonormal, measure: () => ({ deviation: Number.NaN, kind: 'absolute' as const, sensitivity: 0 }) }] };
    const r = checkConstructionInstance(nan, { N: 2, d: 3, seed: 1 }, 0);
    expect([r.verdict, r.reason]).toEqual(['inconclusive', expect.stringMatching(/cannot be compared: orthonormal/)]);
  });

  it('defineConstruction refuses a claim without planted variants or with nameless checks', () => {
    expect(() => defineConstruction({ ...gramSchmidt, variants: [] })).toThrow(/variants: must list at least one planted wrong variant/);
    expect(() => defineConstruction({ ...gramSchmidt, checks: [{ ...orthonormal, name: '' }] })).toThrow(InputError);
  });

  it('runs inside a plan, into the same report as theorems, with its variants', () => {
    const report = runPlan('t', { claims: [{ id: 'test.gram-schmidt', instances: 6 }], mutate: true }, { seed: 2, catalogue: new Catalogue([gramSchmidt]) });
    expect(report.claims[0]).toMatchObject({ claim: 'test.gram-schmidt', kind: 'construction' });
    expect(report.claims[0].results).toHaveLength(6);
    expect(report.mutations[0]).toMatchObject({ claim: 'test.gram-schmidt', rejected: 1, total: 1 });
  });
});
