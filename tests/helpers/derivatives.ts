/**
 * Finite-difference checks shared by the problem tests: every objective's gradient and
 * Hessian-vector product must match central differences of its value and gradient.
 */
import { expect } from 'vitest';
import type { Objective } from '../../src/problems/problem.ts';

/** Central-difference gradient of f at x. */
export function centralDifferenceGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[i] += h;
    xm[i] -= h;
    g[i] = (f(xp) - f(xm)) / (2 * h);
  }
  return g;
}

export interface DifferenceOptions {
  /** Step of the central difference. @defaultValue 1e-6 for gradients, 1e-5 for Hessian-vector products */
  h?: number;
  /** Compare |error| < tol instead of |error| < tol max(1, |fd|). @defaultValue false */
  absolute?: boolean;
}

/** |grad_i - fd_i| < tol max(1, |fd_i|) (or < tol with `absolute`) for every coordinate. */
export function expectGradientMatchesDifferences(obj: Objective, x: Float64Array, tol: number, options: DifferenceOptions = {}): void {
  const g = new Float64Array(obj.size);
  obj.value(x, g);
  const fd = centralDifferenceGradient((y) => obj.value(y), x, options.h ?? 1e-6);
  for (let i = 0; i < obj.size; i++) {
    expect(Math.abs(g[i] - fd[i]), `coordinate ${i}`).toBeLessThan(options.absolute ? tol : tol * Math.max(1, Math.abs(fd[i])));
  }
}

/** H v against (grad(x + h v) - grad(x - h v)) / 2h, coordinate by coordinate. */
export function expectHessVecMatchesDifferences(obj: Objective, x: Float64Array, v: Float64Array, tol: number, options: DifferenceOptions = {}): void {
  const h = options.h ?? 1e-5;
  const hv = new Float64Array(obj.size);
  obj.hessVec(x, v, hv);
  const gp = new Float64Array(obj.size);
  const gm = new Float64Array(obj.size);
  obj.value(
    x.map((xi, i) => xi + h * v[i]),
    gp,
  );
  obj.value(
    x.map((xi, i) => xi - h * v[i]),
    gm,
  );
  for (let i = 0; i < obj.size; i++) {
    const fd = (gp[i] - gm[i]) / (2 * h);
    expect(Math.abs(hv[i] - fd), `coordinate ${i}`).toBeLessThan(options.absolute ? tol : tol * Math.max(1, Math.abs(fd)));
  }
}

/** grad . v against (f(x + h v) - f(x - h v)) / 2h, within an absolute `tol`. */
export function expectDirectionalDerivativeMatches(obj: Objective, x: Float64Array, v: Float64Array, tol: number, h = 1e-6): void {
  const g = new Float64Array(obj.size);
  obj.value(x, g);
  let gv = 0;
  for (let i = 0; i < obj.size; i++) gv += g[i] * v[i];
  const fd = (obj.value(x.map((xi, i) => xi + h * v[i])) - obj.value(x.map((xi, i) => xi - h * v[i]))) / (2 * h);
  expect(Math.abs(fd - gv)).toBeLessThan(tol);
}
