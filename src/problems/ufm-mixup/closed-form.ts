/**
 * The catalogue's closed form for a cross-class mix (docs/catalogue.md, fisher2024mixup): with
 * c = s^2 K / ((K-1) lambdaH),
 *   h* = ((K-1)/(s^2 K)) (a w_i + b w_j),  a = c (lam - p_i + p_o),  b = c (1 - lam - p_j + p_o),
 *   p_i = e^a / Dn,  p_j = e^b / Dn,  p_o = 1 / Dn,  Dn = e^a + e^b + K - 2.
 * (a = z_i - z_o and b = z_j - z_o are logit gaps to the other classes; the equations are the
 * stationarity of the objective restricted to span{w_i, w_j}, which holds h* because
 * grad = W^T (p - y) + lambdaH h and W^T(p - y) lies in the span of the w_k with sum_k w_k = 0.)
 *
 * The form is data (mathjs expression strings, `MixupClosedForm`), so a planted wrong constant
 * goes through the same solve. The fixed-point equations are transcendental, beyond nerdamer's
 * solve, so they are solved by bracketed roots (src/symbolic's bracket + Brent): for each a the
 * b-equation, then the a-equation along that curve, then two Newton steps on the pair with the
 * Jacobian differentiated by mathjs. Every root is substituted back into both equations and
 * accepted only if the residuals vanish to rounding; the feature built from it is then judged
 * by the problem's own gradient (src/predicates/mixup.ts), not by the solve.
 *
 * Also here: `mixupLogOddsPoint`, the asymptotic quantity z_i - z_j against log(lam/(1-lam))
 * at one lambdaH, from an independent Newton solve of the feature problem.
 */
import { hypotOf } from '../../linalg/vector.ts';
import { ParenthesisNode, derivative as mathDerivative, parse, type MathNode } from 'mathjs';
import { InputError, NumericalError } from '../../errors.ts';
import { choleskySolve, cholesky } from '../../linalg/cholesky.ts';
import { bracket, brent, evaluateExpr, parseExpr, type Scope } from '../../symbolic/index.ts';
import type { Value } from '../../symbolic/expr.ts';
import { etfClassifier } from './classifier.ts';
import { fixedMixupObjective } from './fixed.ts';
import type { Mix, UfmMixupFixedInstance } from './instance.ts';

/** The closed form as named expressions over K, s, lambdaH, lam and the unknowns a, b. */
export interface MixupClosedForm {
  readonly c: string;
  readonly Dn: string;
  readonly pi: string;
  readonly pj: string;
  readonly po: string;
  /** Right-hand side of a = ... */
  readonly a: string;
  /** Right-hand side of b = ... */
  readonly b: string;
  /** h* = hScale (a w_i + b w_j). */
  readonly hScale: string;
}

/** As written in docs/catalogue.md, fisher2024mixup. */
export const MIXUP_CLOSED_FORM: MixupClosedForm = {
  c: 's^2 * K / ((K - 1) * lambdaH)',
  Dn: 'exp(a) + exp(b) + K - 2',
  pi: 'exp(a) / Dn',
  pj: 'exp(b) / Dn',
  po: '1 / Dn',
  a: 'c * (lam - pi + po)',
  b: 'c * (1 - lam - pj + po)',
  hScale: '(K - 1) / (s^2 * K)',
};

export interface MixupParameters {
  readonly K: number;
  readonly s: number;
  readonly lambdaH: number;
  readonly lam: number;
}

export interface MixupFixedPoint {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly pi: number;
  readonly pj: number;
  readonly po: number;
  readonly hScale: number;
  /** max |a - RHS_a|, |b - RHS_b| after substitution. */
  readonly residual: number;
  /** The residual vanished to rounding (<= 1e-12 max(1, |a|, |b|, c)). */
  readonly verified: boolean;
}

/** The a- and b-equations with c, Dn and the p's inlined: residual strings in a, b. */
export function fixedPointResiduals(form: MixupClosedForm): { r1: string; r2: string } {
  const defs = new Map<string, MathNode>();
  const inline = (source: string, name: string): MathNode => {
    let node: MathNode;
    try {
      node = parse(source);
    } catch (e) {
      throw new InputError(`closedForm.${name}`, `cannot parse ${JSON.stringify(source)}: ${(e as Error).message}`);
    }
    return node.transform((n) =>
      n.type === 'SymbolNode' && defs.has((n as MathNode & { name: string }).name)
        ? new ParenthesisNode(defs.get((n as MathNode & { name: string }).name)!)
        : n,
    );
  };
  for (const name of ['c', 'Dn', 'pi', 'pj', 'po'] as const) defs.set(name, inline(form[name], name));
  const ra = inline(form.a, 'a');
  const rb = inline(form.b, 'b');
  return { r1: `a - (${ra.toString()})`, r2: `b - (${rb.toString()})` };
}

/**
 * Solves the fixed-point equations of `form` at one (K, s, lambdaH, lam), 0 <= lam <= 1.
 *
 * Syntax: solveMixupFixedPoint(MIXUP_CLOSED_FORM, { K: 4, s: 1, lambdaH: 0.01, lam: 0.7 }) -> { a, b, verified: true, ... }
 * Throws NumericalError when an equation has no bracketed root (no real solution found).
 */
export function solveMixupFixedPoint(form: MixupClosedForm, p: MixupParameters): MixupFixedPoint {
  const { r1, r2 } = fixedPointResiduals(form);
  const base: Scope = { K: p.K, s: p.s, lambdaH: p.lambdaH, lam: p.lam };
  const c = num(evaluateExpr(form.c, base, 'closedForm.c'));
  // The residuals run thousands of times in the nested root search: compiled once, evaluated on one
  // reused scope (evaluateExpr copies its scope per call). Unknown symbols are caught by the first
  // evaluateExpr below, which names the expression.
  evaluateExpr(r1, { ...base, a: 0, b: 0 }, 'closedForm.a');
  evaluateExpr(r2, { ...base, a: 0, b: 0 }, 'closedForm.b');
  const c1 = parseExpr(r1, 'closedForm.a').compile();
  const c2 = parseExpr(r2, 'closedForm.b').compile();
  const scope: Record<string, number> = { K: p.K, s: p.s, lambdaH: p.lambdaH, lam: p.lam, a: 0, b: 0 };
  const real = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN);
  const R1 = (a: number, b: number): number => {
    scope.a = a;
    scope.b = b;
    return real(c1.evaluate(scope));
  };
  const R2 = (a: number, b: number): number => {
    scope.a = a;
    scope.b = b;
    return real(c2.evaluate(scope));
  };
  // a and b are logit gaps: the true roots are O(log c) and |a|, |b| < c + 1; beyond 700 e^a overflows.
  const L = Math.min(700, 2 * Math.abs(c) + 10);
  const bOf = (a: number): number => {
    const br = bracket((b) => R2(a, b), -L, L, { maxSteps: 0, scan: 96 });
    if (!br) throw new NumericalError('mixup closed form', `the b-equation has no root in [-${L}, ${L}] at a = ${a}`);
    return brent((b) => R2(a, b), br[0], br[1]).root;
  };
  const g = (a: number): number => R1(a, bOf(a));
  const ba = bracket(g, -L, L, { maxSteps: 0, scan: 96 });
  if (!ba) throw new NumericalError('mixup closed form', `the a-equation has no root in [-${L}, ${L}]`);
  let a = brent(g, ba[0], ba[1]).root;
  let b = bOf(a);
  // Newton on the pair with the mathjs Jacobian: the nested roots leave O(eps) in b(a) per solve.
  const J = jacobianOf(r1, r2);
  let res = Math.max(Math.abs(R1(a, b)), Math.abs(R2(a, b)));
  for (let it = 0; it < 3 && res > 0; it++) {
    const sc = { ...base, a, b };
    const [j11, j12, j21, j22] = J.map((src, k) => num(evaluateExpr(src, sc, `closedForm.jacobian${k}`)));
    const f1 = R1(a, b);
    const f2 = R2(a, b);
    const det = j11 * j22 - j12 * j21;
    if (!Number.isFinite(det) || det === 0) break;
    const na = a - (j22 * f1 - j12 * f2) / det;
    const nb = b - (j11 * f2 - j21 * f1) / det;
    const nres = Math.max(Math.abs(R1(na, nb)), Math.abs(R2(na, nb)));
    if (!(nres < res)) break;
    a = na;
    b = nb;
    res = nres;
  }
  const sc = { ...base, a, b };
  const Dn = num(evaluateExpr(form.Dn, sc, 'closedForm.Dn'));
  const scDn = { ...sc, Dn };
  return {
    a,
    b,
    c,
    pi: num(evaluateExpr(form.pi, scDn, 'closedForm.pi')),
    pj: num(evaluateExpr(form.pj, scDn, 'closedForm.pj')),
    po: num(evaluateExpr(form.po, scDn, 'closedForm.po')),
    hScale: num(evaluateExpr(form.hScale, base, 'closedForm.hScale')),
    residual: res,
    verified: res <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b), Math.abs(c)),
  };
}

// mathjs's derivative with its default simplification costs ~0.1 s per entry, against ~1 ms for
// the whole numerical solve; the Jacobian is only evaluated, so it is taken unsimplified, once
// per form.
const jacobians = new Map<string, string[]>();

function jacobianOf(r1: string, r2: string): string[] {
  const key = `${r1}\n${r2}`;
  let J = jacobians.get(key);
  if (!J) {
    const d = (src: string, v: string) => mathDerivative(parse(src), v, { simplify: false }).toString();
    J = [d(r1, 'a'), d(r1, 'b'), d(r2, 'a'), d(r2, 'b')];
    if (jacobians.size >= 256) jacobians.clear();
    jacobians.set(key, J);
  }
  return J;
}

function num(v: Value): number {
  return typeof v === 'number' ? v : Number.NaN;
}

/**
 * h* of a cross-class mix of a fixed-classifier instance from the closed form:
 * hScale (a w_i + b w_j) with (a, b) from `solveMixupFixedPoint`.
 *
 * Syntax: closedFormFeature(MIXUP_CLOSED_FORM, inst, { i: 0, j: 1, lam: 0.7 }) -> { h, fixedPoint }
 */
export function closedFormFeature(form: MixupClosedForm, inst: UfmMixupFixedInstance, mix: Mix): { h: Float64Array; fixedPoint: MixupFixedPoint } {
  if (mix.i === mix.j) throw new InputError('mix', `the closed form is for cross-class mixes (i != j), got i = j = ${mix.i}`);
  const fp = solveMixupFixedPoint(form, { K: inst.K, s: inst.s, lambdaH: inst.lambdaH, lam: mix.lam });
  const W = etfClassifier(inst.K, inst.d, inst.s);
  const d = inst.d;
  const h = Float64Array.from({ length: d }, (_, q) => fp.hScale * (fp.a * W.data[mix.i * d + q] + fp.b * W.data[mix.j * d + q]));
  return { h, fixedPoint: fp };
}

/** One point of the study "z_i - z_j -> log(lam/(1-lam)) as lambdaH -> 0" (structurally an AsymptoticPoint). */
export interface MixupLogOddsPoint {
  /** lambdaH. */
  readonly t: number;
  /** lambdaH log(1/lambdaH): the derived rate (p_o ~ lambdaH log(1/lambdaH) / (K s^2)). */
  readonly rate: number;
  /** |z_i - z_j - log(lam/(1-lam))|. */
  readonly deviation: number;
  /** The error bound on z_i - z_j is below a tenth of the deviation (or below 1e-12). */
  readonly certified: boolean;
  readonly zDiff: number;
  readonly target: number;
  readonly gradNorm: number;
  /** ||h - h*|| <= gradNorm / lambdaH (strong convexity). */
  readonly distanceBound: number;
}

/**
 * Solves the feature problem of one cross-class mix (d = K - 1) at `lambdaH` by Newton's method
 * (exact Hessian, Armijo backtracking; the objective is lambdaH-strongly convex, so this converges
 * from h = 0) and measures z_i - z_j. Independent of the closed form.
 *
 * Syntax: mixupLogOddsPoint({ K: 4, s: 1, lam: 0.7 }, 1e-4) -> { deviation, certified, ... }
 */
export function mixupLogOddsPoint(p: { K: number; s: number; lam: number; i?: number; j?: number }, lambdaH: number): MixupLogOddsPoint {
  const i = p.i ?? 0;
  const j = p.j ?? 1;
  if (i === j) throw new InputError('mix', 'the log-odds limit is a claim about cross-class mixes (i != j)');
  if (!(p.lam > 0 && p.lam < 1)) throw new InputError('lam', `log(lam/(1-lam)) needs 0 < lam < 1, got ${p.lam}`);
  const inst: UfmMixupFixedInstance = { problem: 'ufm-mixup', classifier: 'fixed-etf', K: p.K, d: p.K - 1, s: p.s, lambdaH, mixes: [{ i, j, lam: p.lam }] };
  const { h, gradNorm } = newtonFeature(inst);
  const W = etfClassifier(p.K, inst.d, p.s);
  let zDiff = 0;
  for (let q = 0; q < inst.d; q++) zDiff += (W.data[i * inst.d + q] - W.data[j * inst.d + q]) * h[q];
  const target = Math.log(p.lam / (1 - p.lam));
  const deviation = Math.abs(zDiff - target);
  const distanceBound = gradNorm / lambdaH;
  // |delta(z_i - z_j)| <= ||w_i - w_j|| ||delta h|| = s sqrt(2K/(K-1)) ||delta h||.
  const zError = p.s * Math.sqrt((2 * p.K) / (p.K - 1)) * distanceBound;
  return {
    t: lambdaH,
    rate: lambdaH * Math.log(1 / lambdaH),
    deviation,
    certified: zError <= Math.max(0.1 * deviation, 1e-12),
    zDiff,
    target,
    gradNorm,
    distanceBound,
  };
}

/** Newton with backtracking on a single-mix fixed instance, to rounding level. */
export function newtonFeature(inst: UfmMixupFixedInstance): { h: Float64Array; gradNorm: number; iterations: number } {
  const obj = fixedMixupObjective(inst);
  const n = obj.size;
  let x = new Float64Array(n);
  const g = new Float64Array(n);
  let f = obj.value(x, g);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  const Hm = new Float64Array(n * n);
  let best = Infinity;
  let iterations = 0;
  for (; iterations < 200; iterations++) {
    const gn = hypotOf(g);
    best = Math.min(best, gn);
    if (gn === 0) break;
    for (let k = 0; k < n; k++) {
      e.fill(0);
      e[k] = 1;
      obj.hessVec(x, e, col);
      for (let r = 0; r < n; r++) Hm[r * n + k] = col[r];
    }
    const step = choleskySolve(cholesky(Hm, n, 0), g);
    let t = 1;
    let accepted = false;
    const gNew = new Float64Array(n);
    let gd = 0;
    for (let k = 0; k < n; k++) gd += g[k] * step[k];
    for (let ls = 0; ls < 60; ls++) {
      const xn = Float64Array.from(x, (v, k) => v - t * step[k]);
      const fn = obj.value(xn, gNew);
      // Armijo, or (below f's rounding) a decrease of the gradient norm.
      if (fn <= f - 1e-4 * t * gd || (Math.abs(fn - f) <= 1e-15 * Math.max(1, Math.abs(f)) && hypotOf(gNew) < gn)) {
        x = xn;
        f = fn;
        g.set(gNew);
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) break;
  }
  return { h: x, gradNorm: hypotOf(g), iterations };
}
