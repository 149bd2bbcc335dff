import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { derivative, evaluateExpr, evaluateExprs, exprSymbols, listConstants, parseExpr, perturbConstant, toLatex } from '../../src/symbolic/index.ts';

const zhuScope = { K: 4, n: 10, lambdaW: 1e-3, lambdaH: 2e-3 };
const zhuPredictions = {
  t: 'K * sqrt(n * lambdaW * lambdaH)',
  zero: 't >= 1',
  m: 'zero ? 0 : log(K / t - K + 1)',
  wNormSq: '((K-1)/K) * sqrt(n*lambdaH/lambdaW) * m',
};

describe('evaluateExprs', () => {
  it('evaluates chained names in order and returns only the new values', () => {
    const out = evaluateExprs(zhuPredictions, zhuScope, 'zhu');
    const t = 4 * Math.sqrt(10 * 1e-3 * 2e-3);
    const m = Math.log(4 / t - 4 + 1);
    expect(Object.keys(out)).toEqual(['t', 'zero', 'm', 'wNormSq']);
    expect(out.t).toBeCloseTo(t, 15);
    expect(out.zero).toBe(false);
    expect(out.m).toBeCloseTo(m, 14);
    expect(out.wNormSq).toBeCloseTo((3 / 4) * Math.sqrt((10 * 2e-3) / 1e-3) * m, 13);
  });

  it('takes the other ternary branch when the boolean flips', () => {
    const out = evaluateExprs(zhuPredictions, { ...zhuScope, lambdaW: 0.1, lambdaH: 0.2 }, 'zhu');
    expect(out.zero).toBe(true);
    expect(out.m).toBe(0);
    expect(out.wNormSq).toBe(0);
  });

  it('does not modify the scope it is given', () => {
    const scope = { ...zhuScope };
    evaluateExprs({ K: 'K + 1', x: 'K' }, scope, 'ctx');
    expect(scope).toEqual(zhuScope);
    // A named result shadows the scope entry for later expressions.
    expect(evaluateExprs({ K: 'K + 1', x: 'K' }, scope, 'ctx')).toEqual({ K: 5, x: 5 });
  });

  it('turns complex and non-finite results into NaN', () => {
    const out = evaluateExprs({ a: 'sqrt(-1)', b: 'log(-2)', c: '1/0', d: 'a + 1', e2: 'sqrt(4)' }, {}, 'ctx');
    expect(out.a).toBeNaN();
    expect(out.b).toBeNaN();
    expect(out.c).toBeNaN();
    expect(out.d).toBeNaN();
    expect(out.e2).toBe(2);
  });

  it('reads array parameters', () => {
    expect(evaluateExpr('sum(v) / size(v)[1]', { v: [1, 2, 3] }, 'mean')).toBe(2);
  });

  it('names the expression and the missing symbol when a symbol is unknown', () => {
    let caught: unknown;
    try {
      evaluateExprs({ a: '1', b: 'a + zz * 2' }, {}, 'theorem.predictions');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    const err = caught as InputError;
    expect(err.input).toBe('theorem.predictions.b');
    expect(err.message).toContain('a + zz * 2');
    expect(err.message).toContain('zz');
  });

  it('rejects syntax errors, matrices and mixed vectors with InputError', () => {
    expect(() => evaluateExprs({ a: '1 +' }, {}, 'ctx')).toThrow(InputError);
    expect(() => parseExpr('(', 'p')).toThrow(/p: cannot parse/);
    expect(() => evaluateExpr('[[1, 2], [3, 4]]', {}, 'mat')).toThrow(/mat: .* evaluates to a matrix/);
    expect(() => evaluateExpr('[1, true]', {}, 'mixed')).toThrow(InputError);
  });

  it('evaluates per-class predictions to vectors of numbers or booleans', () => {
    expect(evaluateExpr('v * 2', { v: [1, 2] }, 'vec')).toEqual([2, 4]);
    expect(evaluateExpr('v > 1.5', { v: [1, 2, 3] }, 'vec')).toEqual([false, true, true]);
    // Entrywise through map (mathjs functions do not map over arrays); a complex entry is NaN.
    expect(evaluateExpr('map(v, sqrt)', { v: [4, -1] }, 'vec')).toEqual([2, Number.NaN]);
    // A one-element vector is its element.
    expect(evaluateExpr('v', { v: [7] }, 'one')).toBe(7);
  });
});

describe('constants and mutations', () => {
  const source = 'log(1/sqrt(n*a) - (K-1))';
  const scope = { n: 10, a: 1e-3, K: 3 };

  it('lists numeric constants in a stable order', () => {
    expect(listConstants(source)).toEqual([
      { index: 0, value: 1, text: '1' },
      { index: 1, value: 1, text: '1' },
    ]);
    expect(listConstants(source)).toEqual(listConstants(source));
  });

  it('changes the value whichever constant is perturbed, and round-trips with factor 1', () => {
    const base = evaluateExpr(source, scope, 'base') as number;
    const constants = listConstants(source);
    for (const { index, value } of constants) {
      const mutated = perturbConstant(source, index, 1.03);
      expect(listConstants(mutated)[index].value).toBe(value * 1.03);
      const v = evaluateExpr(mutated, scope, 'mutated') as number;
      expect(Number.isFinite(v)).toBe(true);
      expect(Math.abs(v - base)).toBeGreaterThan(1e-6);
      expect(evaluateExpr(perturbConstant(source, index, 1), scope, 'same')).toBe(base);
    }
  });

  it('keeps full precision and precedence of the new constant', () => {
    const mutated = perturbConstant('0.1 * x + 2 ^ 3', 0, 3);
    expect(listConstants(mutated)[0].value).toBe(0.1 * 3);
    // A negative constant must stay the base of the power: (-2)^2 = 4, not -(2^2).
    expect(evaluateExpr(perturbConstant('2 ^ 2', 0, -1), {}, 'neg')).toBe(4);
  });

  it('rejects an index out of range', () => {
    expect(() => perturbConstant(source, 2, 1.03)).toThrow(InputError);
    expect(() => perturbConstant(source, -1, 1.03)).toThrow(InputError);
  });
});

describe('LaTeX, symbols, derivative', () => {
  it('renders LaTeX', () => {
    const tex = toLatex('K * sqrt(n * lambdaW * lambdaH)');
    expect(tex.length).toBeGreaterThan(0);
    expect(tex).toContain('\\sqrt');
  });

  it('lists free symbols, not functions or built-in constants', () => {
    expect(exprSymbols('log(1 + (K-1) * e^(-m)) + pi * sqrt(n) * m')).toEqual(['K', 'm', 'n']);
  });

  it('differentiates to something that matches a finite difference', () => {
    const phi = 'log(1 + (K-1) * e^(-m)) + (K-1) * sqrt(n * lambdaW * lambdaH) * m';
    const d = derivative(phi, 'm');
    for (const m of [-1, 0.5, 3]) {
      const at = (x: number) => evaluateExpr(phi, { ...zhuScope, m: x }, 'phi') as number;
      const h = 1e-5;
      const fd = (at(m + h) - at(m - h)) / (2 * h);
      expect(evaluateExpr(d, { ...zhuScope, m }, 'dphi') as number).toBeCloseTo(fd, 8);
    }
  });
});
