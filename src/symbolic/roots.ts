/**
 * Root finding: Brent's method with a bracketing helper (trusted), and a guarded call into
 * nerdamer's symbolic solver (untrusted). nerdamer 1.1.13 returns wrong answers often enough
 * (spurious roots, wrong imaginary parts, silent rational approximations, roots that sit on a
 * removable singularity) that nothing it says is believed until it is substituted back into the
 * equation, evaluated with mathjs, and found to make the residual small.
 */
import { createRequire } from 'node:module';
import { ConstantNode, OperatorNode, SymbolNode, isComplex, parse } from 'mathjs';
import type { MathNode } from 'mathjs';
import { InputError, NumericalError, describe } from '../errors.ts';
import { errorText, parseExpr } from './expr.ts';
import type { Scope } from './expr.ts';

const EPS = Number.EPSILON;

/** Result of `brent`: the root, how many iterations it took, and f at the root. */
export interface BrentResult {
  root: number;
  iterations: number;
  /** f(root), signed. */
  residual: number;
}

/**
 * Brent's method (inverse quadratic interpolation / secant / bisection) for f on [a, b], which
 * must hold a sign change. Stops when the bracket is narrower than 2*eps*|x| + xtol/2 (so the
 * default xtol of 1e-15 makes the test essentially relative for |x| >= 1), or f is exactly 0.
 */
export function brent(f: (x: number) => number, a: number, b: number, opts: { xtol?: number; maxIter?: number } = {}): BrentResult {
  const xtol = opts.xtol ?? 1e-15;
  const maxIter = opts.maxIter ?? 200;
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    throw new NumericalError('brent', `bracket ends must be finite, got a=${a}, b=${b}`);
  }
  let fa = f(a);
  let fb = f(b);
  if (!Number.isFinite(fa) || !Number.isFinite(fb) || fa * fb > 0) {
    throw new NumericalError('brent', `no sign change on [a, b]: a=${a}, b=${b}, f(a)=${fa}, f(b)=${fb}`);
  }
  if (fa === 0) return { root: a, iterations: 0, residual: 0 };
  if (fb === 0) return { root: b, iterations: 0, residual: 0 };

  // Invariant (as in Brent 1973): b is the best estimate, [b, c] brackets the root, a is the previous b.
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 1; iter <= maxIter; iter++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * EPS * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return { root: b, iterations: iter, residual: fb };

    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Try interpolation: secant when only two points are distinct, else inverse quadratic.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      // Accept the interpolated step only if it stays well inside the bracket and shrinks fast enough.
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    if (Number.isNaN(fb)) {
      throw new NumericalError('brent', `f(${b}) is NaN inside the bracket [${Math.min(b, c)}, ${Math.max(b, c)}]`);
    }
  }
  throw new NumericalError('brent', `no convergence in ${maxIter} iterations; last bracket [${Math.min(b, c)}, ${Math.max(b, c)}], f=${fb}`);
}

/**
 * Finds [x0, x1] with f(x0)*f(x1) <= 0. First scans `scan` points (default 64) across [lo, hi],
 * geometrically spaced when 0 < lo and hi/lo > 100 (roots of scale-free problems spread over
 * decades), and returns the first adjacent pair of finite values with a sign change. Failing
 * that, grows the interval from the end with the smaller |f| by `grow` (default 1.6) times its
 * width, up to `maxSteps` times (default 50; 0 keeps the search inside [lo, hi]). Null if none.
 */
export function bracket(
  f: (x: number) => number,
  lo: number,
  hi: number,
  opts: { grow?: number; maxSteps?: number; scan?: number } = {},
): [number, number] | null {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new InputError('bracket', `expected finite lo < hi, got lo=${lo}, hi=${hi}`);
  }
  const scan = Math.max(2, Math.floor(opts.scan ?? 64));
  const grow = opts.grow ?? 1.6;
  const maxSteps = opts.maxSteps ?? 50;

  const geometric = lo > 0 && hi / lo > 100;
  const point = (i: number): number => {
    if (i === 0) return lo;
    if (i === scan - 1) return hi;
    const t = i / (scan - 1);
    return geometric ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t;
  };
  let xPrev = point(0);
  let fPrev = f(xPrev);
  for (let i = 1; i < scan; i++) {
    const x = point(i);
    const fx = f(x);
    // Only adjacent finite values count: a sign change across a NaN gap is usually a pole or a domain edge.
    if (Number.isFinite(fPrev) && Number.isFinite(fx) && fPrev * fx <= 0) return [xPrev, x];
    xPrev = x;
    fPrev = fx;
  }

  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  for (let step = 0; step < maxSteps; step++) {
    if (Number.isFinite(fa) && Number.isFinite(fb) && fa * fb <= 0) return [a, b];
    // Grow toward the smaller |f| (the likelier side of a root); a non-finite end is left alone
    // because we have probably walked out of f's domain there.
    const growLow = !Number.isFinite(fb) || (Number.isFinite(fa) && Math.abs(fa) < Math.abs(fb));
    if (growLow) {
      a += grow * (a - b);
      fa = f(a);
    } else {
      b += grow * (b - a);
      fb = f(b);
    }
    if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  }
  return Number.isFinite(fa) && Number.isFinite(fb) && fa * fb <= 0 ? [a, b] : null;
}

/** A nerdamer candidate root that failed the substitution check, and why. */
export interface RejectedRoot {
  /** The candidate as nerdamer gave it (parameter names restored), or the failure for errors. */
  value: string;
  /** |equation| at the candidate as evaluated by mathjs; NaN when there was no real value to test. */
  residual: number;
  /** Why it was rejected: residual too large, not real, not evaluable, or a nerdamer error. */
  reason: string;
}

/** Result of `nerdamerSolve`. */
export interface NerdamerSolveResult {
  /** Real roots that pass the residual check, duplicates removed, in nerdamer's order. */
  verified: number[];
  rejected: RejectedRoot[];
  /** Every solution string nerdamer returned, in every attempt, with parameter names restored. */
  raw: string[];
}

/** The subset of nerdamer's API used here; its bundled typings omit the Solve add-on. */
interface NerdamerSolver {
  solve(equation: string, variable: string): { symbol?: { elements?: unknown[] }; toString(): string };
  solveEquations(equation: string, variable: string): unknown;
  flush(): unknown;
}

let solverInstance: NerdamerSolver | undefined;
/** Loaded lazily: nerdamer is only needed for solve, and the Solve add-on patches the core module. */
function solver(): NerdamerSolver {
  if (solverInstance === undefined) {
    const require = createRequire(import.meta.url);
    const core = require('nerdamer') as NerdamerSolver;
    require('nerdamer/Solve.js');
    solverInstance = core;
  }
  return solverInstance;
}

let candidateOverride: ((equation: string, variable: string) => string[]) | undefined;
/**
 * Test hook: replaces the raw candidate strings nerdamer would return (written in the renamed
 * variables v0 = the unknown, v1, ...; see `toNerdamer`) so the rejection path can be exercised
 * deterministically. Pass undefined to restore nerdamer. Not for production use.
 */
export function setNerdamerCandidateHookForTests(hook: ((equation: string, variable: string) => string[]) | undefined): void {
  candidateOverride = hook;
}

/** Functions nerdamer knows under the same name with the same meaning (log is natural in both). */
const SAME_FUNCTIONS = new Set([
  'sqrt',
  'abs',
  'exp',
  'log',
  'sin',
  'cos',
  'tan',
  'sec',
  'csc',
  'cot',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
]);

/**
 * Prints a mathjs tree in nerdamer's syntax. Every free symbol is renamed through `names`
 * (to v0, v1, ...) so parameter names can never collide with nerdamer's reserved words.
 * Throws a plain Error on constructs nerdamer cannot take (conditionals, comparisons, ...).
 */
function toNerdamer(node: MathNode, names: Map<string, string>): string {
  const go = (n: MathNode): string => toNerdamer(n, names);
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as ConstantNode).value;
      if (typeof value !== 'number') throw new Error(`unsupported constant ${describe(value)}`);
      const text = String(value);
      if (!/e/i.test(text)) return text;
      // nerdamer does not read 1e-7 notation; spell it as mantissa*10^exponent.
      const [mantissa, exponent] = value.toExponential().split('e');
      return `(${mantissa}*10^(${Number(exponent)}))`;
    }
    case 'SymbolNode': {
      const name = (node as SymbolNode).name;
      if (name === 'e' || name === 'E') return 'e';
      if (name === 'pi' || name === 'PI') return 'pi';
      let renamed = names.get(name);
      if (renamed === undefined) {
        renamed = `v${names.size}`;
        names.set(name, renamed);
      }
      return renamed;
    }
    case 'ParenthesisNode':
      return `(${go((node as MathNode & { content: MathNode }).content)})`;
    case 'OperatorNode': {
      const op = node as MathNode & { fn: string; args: MathNode[] };
      const args = op.args.map((arg) => `(${go(arg)})`);
      if (op.args.length === 1 && op.fn === 'unaryMinus') return `(-${args[0]})`;
      if (op.args.length === 1 && op.fn === 'unaryPlus') return args[0];
      const infix: Record<string, string> = { add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^' };
      const symbol = infix[op.fn];
      if (symbol === undefined || op.args.length !== 2) throw new Error(`unsupported operator ${op.fn}`);
      return `${args[0]}${symbol}${args[1]}`;
    }
    case 'FunctionNode': {
      const fnNode = node as MathNode & { fn: MathNode & { name?: string }; args: MathNode[] };
      const name = fnNode.fn.name ?? '';
      const args = fnNode.args.map(go);
      if (SAME_FUNCTIONS.has(name) && args.length === 1) return `${name}(${args[0]})`;
      if (name === 'log' && args.length === 2) return `(log(${args[0]})/log(${args[1]}))`;
      if (name === 'log10' && args.length === 1) return `(log(${args[0]})/log(10))`;
      if (name === 'log2' && args.length === 1) return `(log(${args[0]})/log(2))`;
      if (name === 'cbrt' && args.length === 1) return `((${args[0]})^(1/3))`;
      if (name === 'square' && args.length === 1) return `((${args[0]})^2)`;
      if (name === 'cube' && args.length === 1) return `((${args[0]})^3)`;
      throw new Error(`unsupported function ${name}/${args.length}`);
    }
    default:
      throw new Error(`unsupported construct ${node.type} (${node.toString()})`);
  }
}

/** The top-level additive terms of an expression, signs folded in (a - b -> [a, -b]). */
function additiveTerms(node: MathNode): MathNode[] {
  let inner = node;
  while (inner.type === 'ParenthesisNode') inner = (inner as MathNode & { content: MathNode }).content;
  if (inner.type === 'OperatorNode') {
    const op = inner as MathNode & { fn: string; args: MathNode[] };
    if (op.fn === 'add' && op.args.length === 2) return [...additiveTerms(op.args[0]), ...additiveTerms(op.args[1])];
    if (op.fn === 'subtract' && op.args.length === 2) {
      return [...additiveTerms(op.args[0]), ...additiveTerms(op.args[1]).map((t) => negate(t))];
    }
  }
  return [inner];
}

function negate(node: MathNode): MathNode {
  return new OperatorNode('-', 'unaryMinus', [node]);
}

/**
 * Multiplies every additive term by the denominators of all terms (a/b + c = 0 -> a + c*b = 0).
 * nerdamer gives up on sums of exponential fractions (such as the derivative of the Zhu et al.
 * objective) but solves the cleared form; the extra roots this can introduce (zeros of a
 * denominator) are removed by the residual check on the original equation.
 */
function clearDenominators(node: MathNode): MathNode | null {
  const terms = additiveTerms(node);
  const denominators = new Map<string, MathNode>();
  const numerators = terms.map((term) => {
    let t = term;
    let sign = 1;
    while (true) {
      if (t.type === 'ParenthesisNode') t = (t as MathNode & { content: MathNode }).content;
      else if (t.type === 'OperatorNode' && (t as MathNode & { fn: string }).fn === 'unaryMinus') {
        sign = -sign;
        t = (t as MathNode & { args: MathNode[] }).args[0];
      } else break;
    }
    const own: MathNode[] = [];
    // Peel (a/b)/c/... into numerator a and denominators b, c.
    while (t.type === 'OperatorNode' && (t as MathNode & { fn: string }).fn === 'divide') {
      const [num, den] = (t as MathNode & { args: MathNode[] }).args;
      own.push(den);
      t = num;
    }
    for (const den of own) denominators.set(den.toString(), den);
    return { sign, numerator: t, own: new Set(own.map((d) => d.toString())) };
  });
  if (denominators.size === 0) return null;
  const product = (nodes: MathNode[]): string => nodes.map((n) => `(${n.toString()})`).join(' * ');
  const pieces = numerators.map(({ sign, numerator, own }) => {
    const others = [...denominators].filter(([key]) => !own.has(key)).map(([, den]) => den);
    const body = others.length === 0 ? `(${numerator.toString()})` : `(${numerator.toString()}) * ${product(others)}`;
    return sign < 0 ? `-(${body})` : body;
  });
  return parse(pieces.join(' + '));
}

/** Replaces every symbol with a number in `values` by that number (the unknown itself excepted). */
function substituteNumbers(node: MathNode, values: Scope, variable: string): MathNode {
  return node.transform((n) => {
    if (n.type !== 'SymbolNode') return n;
    const name = (n as SymbolNode).name;
    const value = values[name];
    if (name === variable || typeof value !== 'number' || !Number.isFinite(value)) return n;
    return new ConstantNode(value);
  });
}

/** The raw candidate strings of one nerdamer attempt; solveEquations first, since it keeps radicals exact. */
function nerdamerCandidates(equation: string, variable: string): string[] {
  if (candidateOverride !== undefined) return candidateOverride(equation, variable);
  const nerd = solver();
  try {
    const exact = nerd.solveEquations(equation, variable);
    const list = Array.isArray(exact) ? exact.map(String) : [];
    if (list.length > 0) return list;
    // nerdamer.solve approximates radicals by fractions, but sometimes finds roots solveEquations misses.
    const approx = nerd.solve(equation, variable);
    return (approx.symbol?.elements ?? []).map(String);
  } finally {
    nerd.flush();
  }
}

/**
 * Solves `equation = 0` for `variable` with nerdamer and keeps only what survives a check with
 * mathjs. Attempts, stopping at the first that yields a verified root: (1) the equation with
 * every numeric parameter of `check.scope` substituted, (2) that, with denominators cleared,
 * (3) the equation with parameters left symbolic. Each candidate is evaluated with mathjs in `check.scope`
 * (never with nerdamer), must be real (|imaginary part| <= tol*(1+|real part|)), and is then
 * substituted back: it is verified when |residual| <= tol*(1 + scale), where scale is the sum
 * of the absolute values of the equation's top-level additive terms at the candidate, i.e. the
 * size of what cancels, so the test is relative for large terms and absolute for small ones.
 * Default tol 1e-9. nerdamer failures never throw: they become rejected entries.
 */
export function nerdamerSolve(equation: string, variable: string, check: { scope: Scope; tol?: number }): NerdamerSolveResult {
  const tol = check.tol ?? 1e-9;
  const root = parseExpr(equation, 'nerdamerSolve.equation');
  const terms = additiveTerms(root).map((t) => t.compile());
  const whole = root.compile();
  const result: NerdamerSolveResult = { verified: [], rejected: [], raw: [] };

  const evaluateAt = (x: number): { residual: number; scale: number } => {
    const scope = { ...check.scope, [variable]: x };
    const residual = realValue(whole.evaluate(scope));
    const scale = terms.reduce((sum, term) => sum + Math.abs(realValue(term.evaluate(scope))), 0);
    return { residual, scale };
  };

  // Numeric attempts first: nerdamer answers them in milliseconds, while on transcendental
  // equations with symbolic parameters it spends over a second and usually finds nothing.
  const attempts: { label: string; node: () => MathNode | null }[] = [
    { label: 'numeric', node: () => substituteNumbers(root, check.scope, variable) },
    { label: 'numeric, denominators cleared', node: () => clearDenominators(substituteNumbers(root, check.scope, variable)) },
    { label: 'symbolic', node: () => root },
  ];
  const seen = new Set<string>();
  for (const attempt of attempts) {
    let node: MathNode | null;
    const names = new Map<string, string>([[variable, 'v0']]);
    let nerdEquation: string;
    try {
      node = attempt.node();
      if (node === null) continue;
      nerdEquation = toNerdamer(node, names);
    } catch (err) {
      result.rejected.push({ value: `(${attempt.label}) cannot convert for nerdamer: ${errorText(err)}`, residual: Number.NaN, reason: 'conversion failed' });
      continue;
    }
    if (seen.has(nerdEquation)) continue; // e.g. nothing to substitute: the same call would give the same answer
    seen.add(nerdEquation);

    let candidates: string[];
    try {
      candidates = nerdamerCandidates(nerdEquation, 'v0');
    } catch (err) {
      result.rejected.push({ value: `(${attempt.label}) nerdamer failed: ${errorText(err)}`, residual: Number.NaN, reason: 'nerdamer error' });
      continue;
    }
    // Evaluate candidates in the renamed variables, then show them with the original names.
    const renamedScope: Scope = {};
    for (const [original, renamed] of names) {
      if (original !== variable && check.scope[original] !== undefined) renamedScope[renamed] = check.scope[original];
    }
    const back = new Map([...names].map(([original, renamed]) => [renamed, original]));
    for (const candidate of candidates) {
      const shown = restoreNames(candidate, back);
      result.raw.push(shown);
      const verdict = judgeCandidate(candidate, renamedScope, tol, evaluateAt);
      if (verdict.ok) {
        if (!result.verified.some((r) => Math.abs(r - verdict.x) <= 1e-12 * Math.max(1, Math.abs(r)))) {
          result.verified.push(verdict.x);
        }
      } else {
        result.rejected.push({ value: shown, residual: verdict.residual, reason: `(${attempt.label}) ${verdict.reason}` });
      }
    }
    if (result.verified.length > 0) break;
  }
  return result;
}

type Verdict = { ok: true; x: number } | { ok: false; residual: number; reason: string };

function judgeCandidate(candidate: string, scope: Scope, tol: number, evaluateAt: (x: number) => { residual: number; scale: number }): Verdict {
  let value: unknown;
  try {
    value = parse(candidate).evaluate({ ...scope });
  } catch (err) {
    return { ok: false, residual: Number.NaN, reason: `cannot evaluate with mathjs: ${errorText(err)}` };
  }
  let x: number;
  if (typeof value === 'number') x = value;
  else if (isComplex(value)) {
    if (Math.abs(value.im) > tol * (1 + Math.abs(value.re))) {
      return { ok: false, residual: Number.NaN, reason: `not real: ${value.toString()}` };
    }
    x = value.re;
  } else return { ok: false, residual: Number.NaN, reason: `not a number: ${typeof value}` };
  if (!Number.isFinite(x)) return { ok: false, residual: Number.NaN, reason: `not finite: ${x}` };

  let residual: number;
  let scale: number;
  try {
    ({ residual, scale } = evaluateAt(x));
  } catch (err) {
    return { ok: false, residual: Number.NaN, reason: `equation cannot be evaluated at ${x}: ${errorText(err)}` };
  }
  if (!Number.isFinite(residual) || !Number.isFinite(scale)) {
    return { ok: false, residual: Math.abs(residual), reason: `equation is not finite and real at ${x}` };
  }
  if (Math.abs(residual) > tol * (1 + scale)) {
    return { ok: false, residual: Math.abs(residual), reason: `residual ${Math.abs(residual)} at ${x} exceeds ${tol * (1 + scale)}` };
  }
  return { ok: true, x };
}

/** A real number from a mathjs result; NaN for anything complex or non-numeric. */
function realValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (isComplex(value) && value.im === 0) return value.re;
  return Number.NaN;
}

/** Puts the original parameter names back into a nerdamer solution, for display only. */
function restoreNames(candidate: string, back: Map<string, string>): string {
  try {
    return parse(candidate)
      .transform((n) => {
        if (n.type !== 'SymbolNode') return n;
        const original = back.get((n as SymbolNode).name);
        return original === undefined ? n : new SymbolNode(original);
      })
      .toString();
  } catch {
    return candidate;
  }
}
