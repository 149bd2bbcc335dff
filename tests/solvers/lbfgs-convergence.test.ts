import { describe, expect, it } from 'vitest';
import { lbfgs } from '../../src/solvers/lbfgs.ts';
import { solveMultistart } from '../../src/solvers/multistart.ts';
import { ufmCe, type UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';

describe('L-BFGS with strong Wolfe line search', () => {
  it('solves an ill-conditioned quadratic to 1e-10', () => {
    const n = 50;
    const diag = Float64Array.from({ length: n }, (_, i) => 10 ** (-2 + (4 * i) / (n - 1)));
    const target = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const fg = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const r = x[i] - target[i];
        f += 0.5 * diag[i] * r * r;
        g[i] = diag[i] * r;
      }
      return f;
    };
    const res = lbfgs(fg, new Float64Array(n), { gtol: 1e-10 });
    expect(res.reason).toBe('gtol');
    for (let i = 0; i < n; i++) expect(Math.abs(res.x[i] - target[i])).toBeLessThan(1e-8);
  });

  it('solves the Rosenbrock function', () => {
    const fg = (x: Float64Array, g: Float64Array) => {
      const [a, b] = x;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const res = lbfgs(fg, Float64Array.from([-1.2, 1]), { gtol: 1e-10 });
    expect(res.x[0]).toBeCloseTo(1, 8);
    expect(res.x[1]).toBeCloseTo(1, 8);
  });
});

describe('multistart solve of ufm-ce reaches the known optimum', () => {
  // Zhu et al. 2021 closed form (docs/catalogue.md): phi(m*) with e^{m*} + K - 1 = 1/sqrt(n lambdaW lambdaH).
  const closedFormOptimum = (K: number, n: number, lw: number, lh: number): number => {
    const s = Math.sqrt(n * lw * lh);
    if (K * s >= 1) return Math.log(K);
    const m = Math.log(1 / s - (K - 1));
    return Math.log(1 + (K - 1) * Math.exp(-m)) + (K - 1) * s * m;
  };
  const cases: UfmCeInstance[] = [
    { problem: 'ufm-ce', K: 4, n: [5, 5, 5, 5], d: 6, lambdaW: 0.005, lambdaH: 0.01, lambdaB: 0, bias: true },
    { problem: 'ufm-ce', K: 3, n: [8, 8, 8], d: 2, lambdaW: 0.02, lambdaH: 0.001, lambdaB: 0.1, bias: true },
    { problem: 'ufm-ce', K: 6, n: [2, 2, 2, 2, 2, 2], d: 8, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: false },
  ];
  for (const I of cases) {
    it(`K=${I.K} d=${I.d} λ=(${I.lambdaW}, ${I.lambdaH}): gradient norm <= 1e-10 at f*`, () => {
      const runs = solveMultistart(ufmCe, I, { starts: 2, seed: 4 });
      const fstar = closedFormOptimum(I.K, I.n[0], I.lambdaW, I.lambdaH);
      for (const r of runs) {
        expect(r.gradNorm).toBeLessThan(1e-10);
        expect(Math.abs(r.f - fstar)).toBeLessThan(1e-12);
      }
    });
  }
});
