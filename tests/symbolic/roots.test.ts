import { afterEach, describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/errors.ts';
import { bracket, brent, nerdamerSolve, setNerdamerCandidateHookForTests } from '../../src/symbolic/index.ts';

describe('brent', () => {
  it('finds known roots to machine precision', () => {
    const dottie = brent((x) => Math.cos(x) - x, 0, 1);
    expect(dottie.root).toBeCloseTo(0.7390851332151607, 15);
    expect(Math.abs(dottie.residual)).toBeLessThan(1e-15);
    expect(dottie.iterations).toBeLessThan(20);
    expect(brent((x) => x ** 3 - 2 * x - 5, 2, 3).root).toBeCloseTo(2.0945514815423265, 14);
    expect(brent((x) => Math.exp(x) - 3, -5, 5).root).toBeCloseTo(Math.log(3), 15);
    expect(brent((x) => x * x - 2, 2, 0).root).toBeCloseTo(Math.SQRT2, 15);
  });

  it('returns an endpoint that is already a root', () => {
    expect(brent((x) => x - 1, 1, 2)).toEqual({ root: 1, iterations: 0, residual: 0 });
  });

  it('refuses an interval without a sign change, naming a, b, f(a), f(b)', () => {
    expect(() => brent((x) => x * x + 1, -1, 2)).toThrow(NumericalError);
    expect(() => brent((x) => x * x + 1, -1, 2)).toThrow(/a=-1, b=2, f\(a\)=2, f\(b\)=5/);
  });

  it('gives up after maxIter', () => {
    expect(() => brent((x) => Math.cbrt(x - 0.3), -1, 1, { maxIter: 2 })).toThrow(NumericalError);
  });
});

describe('bracket', () => {
  it('finds a sign change by scanning', () => {
    const b = bracket((x) => x * x - 2, 0, 10);
    expect(b).not.toBeNull();
    const [lo, hi] = b!;
    expect(lo).toBeLessThanOrEqual(Math.SQRT2);
    expect(hi).toBeGreaterThanOrEqual(Math.SQRT2);
  });

  it('scans geometrically over many decades', () => {
    // Both roots lie in the first cell of a linear 64-point scan, so only geometric spacing sees them.
    const f = (x: number) => (x - 2e-3) * (x - 3e-3);
    const [lo, hi] = bracket(f, 1e-6, 1e3)!;
    expect(f(lo) * f(hi)).toBeLessThanOrEqual(0);
    expect(lo).toBeLessThan(3e-3);
    expect(hi).toBeGreaterThan(2e-3);
  });

  it('grows the interval when the root lies outside', () => {
    const [lo, hi] = bracket((x) => x - 100, 0, 1)!;
    expect(lo).toBeLessThanOrEqual(100);
    expect(hi).toBeGreaterThanOrEqual(100);
    expect(bracket((x) => x - 100, 0, 1, { maxSteps: 0 })).toBeNull();
  });

  it('returns null when there is no root', () => {
    expect(bracket((x) => x * x + 1, -1, 1)).toBeNull();
    expect(bracket(() => Number.NaN, 0, 1)).toBeNull();
  });
});

describe('nerdamerSolve', () => {
  afterEach(() => setNerdamerCandidateHookForTests(undefined));

  it('solves x^2 - 2 = 0 to full precision, not to a rational approximation', () => {
    const out = nerdamerSolve('x^2 - 2', 'x', { scope: {} });
    const roots = [...out.verified].sort((a, b) => a - b);
    expect(roots).toHaveLength(2);
    expect(Math.abs(roots[0] + Math.SQRT2)).toBeLessThan(1e-12);
    expect(Math.abs(roots[1] - Math.SQRT2)).toBeLessThan(1e-12);
    expect(out.rejected).toEqual([]);
  });

  it('evaluates candidates with the parameters of the scope', () => {
    const out = nerdamerSolve('a * x^2 - b', 'x', { scope: { a: 2, b: 3 } });
    expect([...out.verified].sort((p, q) => p - q)).toEqual([-Math.sqrt(1.5), Math.sqrt(1.5)].map((v) => expect.closeTo(v, 14)));
  });

  it('rejects the root nerdamer puts on a removable singularity', () => {
    // nerdamer cancels (x-1) and answers x = 1, where the equation itself is 0/0.
    const out = nerdamerSolve('(x^2 - 1) / (x - 1)', 'x', { scope: {} });
    expect(out.raw).toContain('1');
    expect(out.verified).toEqual([-1]);
    expect(out.rejected.map((r) => r.value)).toContain('1');
  });

  it('drops non-real candidates', () => {
    const out = nerdamerSolve('x^2 + 1', 'x', { scope: {} });
    expect(out.verified).toEqual([]);
    expect(out.rejected.length).toBeGreaterThan(0);
    expect(out.rejected.every((r) => /not real/.test(r.reason))).toBe(true);
  });

  it('keeps only candidates whose residual is small, reporting the rest', () => {
    setNerdamerCandidateHookForTests(() => ['sqrt(2)', 'sqrt(2) + 1e-7', '3/2', 'v0 + 1', '(1']);
    const out = nerdamerSolve('x^2 - 2', 'x', { scope: {} });
    expect(out.verified).toEqual([Math.SQRT2]);
    const byValue = new Map(out.rejected.map((r) => [r.value, r]));
    expect(byValue.get('sqrt(2) + 1e-7')!.residual).toBeCloseTo(2 * Math.SQRT2 * 1e-7, 12);
    expect(byValue.get('3 / 2')!.residual).toBeCloseTo(0.25, 12);
    // A candidate still containing the unknown (shown with its original name) cannot be evaluated.
    expect(byValue.get('x + 1')!.reason).toMatch(/cannot evaluate/);
    expect(byValue.get('(1')!.reason).toMatch(/cannot evaluate/);
  });

  it('never throws when nerdamer does', () => {
    setNerdamerCandidateHookForTests(() => {
      throw new Error('boom');
    });
    const out = nerdamerSolve('x^2 - 2', 'x', { scope: {} });
    expect(out.verified).toEqual([]);
    expect(out.rejected[0].reason).toBe('nerdamer error');
    expect(out.rejected[0].value).toContain('boom');
  });

  it('reports equations nerdamer cannot be given', () => {
    const out = nerdamerSolve('x > 1 ? x - 2 : 1', 'x', { scope: {} });
    expect(out.verified).toEqual([]);
    expect(out.rejected[0].reason).toBe('conversion failed');
  });
});
