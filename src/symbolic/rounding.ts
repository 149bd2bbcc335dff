/**
 * Running error analysis of a claim's expressions (its predictions, above all the claimed
 * optimum): each expression is evaluated a second time, on its mathjs syntax tree, with every
 * value carried together with a bound on its float64 rounding error (the model of
 * src/linalg/rounding.ts: one rounding of u = 2^-53 per operation, first order, sums bounded by
 * the absolute values of their terms). An instance symbol is exact when it is an integer and
 * carries 4u relative error otherwise (a few operations from the instance's fields), unless its
 * symbols function attaches a larger bound with `withSymbolErrors` (a convex ground truth's
 * duality gap, an eigenvalue's Weyl bound); a function of the scope (a root finder) reports its
 * own accuracy through ROUNDING and the arguments' errors are carried through it by evaluating
 * it at the perturbed arguments.
 *
 * Every comparison (<, <=, >, >=) of inexact quantities also reports how far the instance is
 * from switching it: the relative slack |lhs - rhs| / max(|lhs|, |rhs|) (`boundary`, the distance
 * of the instance to a claimed threshold; comparisons of exact quantities such as counts are
 * discrete decisions and do not count), and whether the slack is within the two
 * sides' rounding (`uncertain`: float64 cannot tell on which side of its threshold the exact
 * instance lies). Both propagate to everything computed from the comparison: a conditional
 * whose test is uncertain has the difference of its branches added to its error, a boolean used
 * as a number carries an error of 1 where it is uncertain.
 *
 * Only the constructs the claims use are supported (the arithmetic and elementwise operators,
 * comparisons, and/or/not, conditionals, log, exp, sqrt, abs, max, min, sum, prod, map, sort,
 * ones, size, concat, indexing and ranges, and scope functions); anything else throws
 * UnsupportedExpression, and the caller falls back to a fixed relative bound and says so.
 */
import { parse, type MathNode } from 'mathjs';
import type { Scope, Value } from './expr.ts';

const u = 2 ** -53;
const UNDERFLOW_FLOOR = 2 ** -1074;

const gamma = (n: number): number => (n * u < 1 ? (n * u) / (1 - n * u) : Infinity);

/** The key under which a symbols function attaches error bounds to its scope (withSymbolErrors). */
const SYMBOL_ERRORS = Symbol('ncverify.symbolErrors');

/**
 * The key under which a function placed in a scope (e.g. a root finder) exposes its own
 * accuracy: fn[ROUNDING](...args) is a bound on |fn(args) - exact fn(args)| for exact args
 * (a number, or one per entry of a vector result).
 */
export const ROUNDING = Symbol('ncverify.rounding');

/** A scope function that reports its own accuracy (ROUNDING). */
export type RoundedFunction<A extends unknown[], R> = ((...args: A) => R) & { [ROUNDING]?: (...args: A) => number | number[] };

/** Error bounds for some symbols of a scope: a number, or one per entry of a vector symbol. */
export type SymbolErrors = Record<string, number | readonly number[]>;

/** `scope` with error bounds attached for the named symbols (kept by object spread: an enumerable symbol key). */
export function withSymbolErrors<S extends Scope>(scope: S, errors: SymbolErrors): S {
  const prior = (scope as unknown as Record<symbol, SymbolErrors | undefined>)[SYMBOL_ERRORS] ?? {};
  return Object.assign(scope, { [SYMBOL_ERRORS]: { ...prior, ...errors } });
}

/** The error bounds attached to a scope (withSymbolErrors), or {}. */
export function symbolErrorsOf(scope: Scope): SymbolErrors {
  return (scope as unknown as Record<symbol, SymbolErrors | undefined>)[SYMBOL_ERRORS] ?? {};
}

/** Thrown for a construct the error analysis does not model. */
export class UnsupportedExpression extends Error {}

/** What the error analysis says about one expression's value. */
export interface ValueRounding {
  /** Bound on the rounding error: the largest over the entries of a vector; 0 for a certain boolean. */
  readonly error: number;
  /** Per entry (one for a scalar). */
  readonly errors: readonly number[];
  /** The analysis's own evaluation of the entries (booleans as 0/1): within `errors` of mathjs's. */
  readonly values: readonly number[];
  /** The relative distance of the instance to the nearest comparison the value depends on (Infinity: none). */
  readonly boundary: number;
  /** Some comparison the value depends on is within its rounding: float64 cannot tell its side. */
  readonly uncertain: boolean;
}

/** A value under analysis: numbers with error bounds, or booleans (v 0/1, e 1 where uncertain). */
interface Ev {
  readonly scalar: boolean;
  readonly bool: boolean;
  readonly v: number[];
  readonly e: number[];
  readonly boundary: number;
  readonly uncertain: boolean;
}

type Env = Map<string, Ev | ((...a: unknown[]) => unknown)>;

const trees = new Map<string, MathNode>();
function tree(source: string): MathNode {
  let t = trees.get(source);
  if (!t) {
    t = parse(source);
    trees.set(source, t);
  }
  return t;
}

function defaultError(x: number): number {
  return Number.isInteger(x) ? 0 : 4 * u * Math.abs(x);
}

function fromValue(value: unknown, err?: number | readonly number[]): Ev | null {
  const errAt = (i: number, x: number): number => (err === undefined ? defaultError(x) : typeof err === 'number' ? err : (err[i] ?? defaultError(x)));
  if (typeof value === 'number') return { scalar: true, bool: false, v: [value], e: [errAt(0, value)], boundary: Infinity, uncertain: false };
  if (typeof value === 'boolean') return { scalar: true, bool: true, v: [value ? 1 : 0], e: [0], boundary: Infinity, uncertain: false };
  if (Array.isArray(value)) {
    if (value.every((x) => typeof x === 'number'))
      return { scalar: false, bool: false, v: [...value], e: value.map((x, i) => errAt(i, x)), boundary: Infinity, uncertain: false };
    if (value.every((x) => typeof x === 'boolean'))
      return { scalar: false, bool: true, v: value.map((x) => (x ? 1 : 0)), e: value.map(() => 0), boundary: Infinity, uncertain: false };
  }
  return null;
}

function num(scalar: boolean, v: number[], e: number[], from: readonly Ev[]): Ev {
  return { scalar, bool: false, v, e, boundary: minBoundary(from), uncertain: from.some((x) => x.uncertain) };
}

function minBoundary(from: readonly Ev[]): number {
  let b = Infinity;
  for (const x of from) b = Math.min(b, x.boundary);
  return b;
}

/** Elementwise over a and b, broadcasting a scalar. */
function zip(a: Ev, b: Ev, f: (x: number, ex: number, y: number, ey: number) => [number, number]): Ev {
  const n = a.scalar ? b.v.length : a.v.length;
  if (!a.scalar && !b.scalar && a.v.length !== b.v.length) throw new UnsupportedExpression(`vectors of lengths ${a.v.length} and ${b.v.length}`);
  const v: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < n; i++) {
    const ia = a.scalar ? 0 : i;
    const ib = b.scalar ? 0 : i;
    const [r, er] = f(a.v[ia], a.e[ia], b.v[ib], b.e[ib]);
    v.push(r);
    e.push(er);
  }
  return num(a.scalar && b.scalar, v, e, [a, b]);
}

function unary(a: Ev, f: (x: number, ex: number) => [number, number]): Ev {
  const v: number[] = [];
  const e: number[] = [];
  a.v.forEach((x, i) => {
    const [r, er] = f(x, a.e[i]);
    v.push(r);
    e.push(er);
  });
  return num(a.scalar, v, e, [a]);
}

const add = (x: number, ex: number, y: number, ey: number): [number, number] => [x + y, ex + ey + u * Math.abs(x + y)];
const subtract = (x: number, ex: number, y: number, ey: number): [number, number] => [x - y, ex + ey + u * Math.abs(x - y)];
const multiply = (x: number, ex: number, y: number, ey: number): [number, number] => [
  x * y,
  ex * Math.abs(y) + Math.abs(x) * ey + ex * ey + u * Math.abs(x * y),
];
const divide = (x: number, ex: number, y: number, ey: number): [number, number] => {
  const r = x / y;
  if (!(Math.abs(y) > ey)) return [r, Infinity];
  return [r, (ex + Math.abs(r) * ey) / (Math.abs(y) - ey) + u * Math.abs(r)];
};
const power = (x: number, ex: number, p: number, ep: number): [number, number] => {
  const r = x ** p;
  if (ex === 0 && ep === 0) return [r, (Number.isInteger(p) ? gamma(Math.max(1, Math.abs(p))) : 2 * u) * Math.abs(r)];
  let e: number;
  if (x === 0) e = p >= 1 ? ex ** p * (1 + ep) : ex > 0 ? Infinity : 0;
  else {
    // |d(x^p)/dx| e_x over the interval x +- e_x, and |x^p log|x|| e_p.
    if (!(Math.abs(x) > ex) && !Number.isInteger(p)) return [r, Infinity];
    const lo = Math.max(Math.abs(x) - ex, 0);
    const slope = Math.abs(p) * Math.max(lo ** (p - 1), (Math.abs(x) + ex) ** (p - 1));
    e = slope * ex + Math.abs(r * Math.log(Math.abs(x))) * ep;
  }
  return [r, e + 2 * u * Math.abs(r)];
};

function truthy(a: Ev, i: number): boolean {
  return a.v[i] !== 0;
}

/** Whether entry i of a is possibly the other truth value. */
function shaky(a: Ev, i: number): boolean {
  return a.bool ? a.e[i] > 0 : a.e[i] > 0 && Math.abs(a.v[i]) <= a.e[i];
}

function boolOf(scalar: boolean, v: boolean[], unsure: boolean[], boundary: number, from: readonly Ev[]): Ev {
  return {
    scalar,
    bool: true,
    v: v.map((x) => (x ? 1 : 0)),
    e: unsure.map((x) => (x ? 1 : 0)),
    boundary: Math.min(boundary, minBoundary(from)),
    uncertain: unsure.some((x) => x) || from.some((x) => x.uncertain),
  };
}

function compare(op: string, a: Ev, b: Ev): Ev {
  const n = a.scalar ? b.v.length : a.v.length;
  const v: boolean[] = [];
  const unsure: boolean[] = [];
  let boundary = Infinity;
  for (let i = 0; i < n; i++) {
    const x = a.v[a.scalar ? 0 : i];
    const y = b.v[b.scalar ? 0 : i];
    const err = a.e[a.scalar ? 0 : i] + b.e[b.scalar ? 0 : i];
    const slack = Math.abs(x - y);
    const scale = Math.max(Math.abs(x), Math.abs(y));
    // A comparison of exact quantities (counts, indices) is a discrete decision, not a threshold an instance can be near.
    if (err > 0) boundary = Math.min(boundary, scale > 0 ? slack / scale : 0);
    unsure.push(!Number.isFinite(x) || !Number.isFinite(y) || (err > 0 && slack <= err));
    v.push(op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : op === '>=' ? x >= y : op === '==' ? x === y : x !== y);
  }
  return boolOf(a.scalar && b.scalar, v, unsure, boundary, [a, b]);
}

function logical(op: 'and' | 'or', a: Ev, b: Ev): Ev {
  const n = a.scalar ? b.v.length : a.v.length;
  const v: boolean[] = [];
  const unsure: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const ia = a.scalar ? 0 : i;
    const ib = b.scalar ? 0 : i;
    const x = truthy(a, ia);
    const y = truthy(b, ib);
    const sx = shaky(a, ia);
    const sy = shaky(b, ib);
    v.push(op === 'and' ? x && y : x || y);
    // A certain false decides 'and', a certain true decides 'or', whatever the other side.
    const decided = op === 'and' ? (!x && !sx) || (!y && !sy) : (x && !sx) || (y && !sy);
    unsure.push(!decided && (sx || sy));
  }
  return { ...boolOf(a.scalar && b.scalar, v, unsure, Infinity, [a, b]), uncertain: unsure.some((s) => s) };
}

function asNumbers(a: Ev): Ev {
  return a.bool ? { ...a, bool: false } : a;
}

function reduce(a: Ev, kind: 'sum' | 'prod' | 'max' | 'min'): Ev {
  const x = asNumbers(a);
  if (kind === 'sum') {
    let s = 0;
    let mag = 0;
    let e = 0;
    x.v.forEach((t, i) => {
      s += t;
      mag += Math.abs(t);
      e += x.e[i];
    });
    return num(true, [s], [e + gamma(x.v.length) * mag], [x]);
  }
  if (kind === 'prod') {
    let p = 1;
    for (const t of x.v) p *= t;
    let e = 0;
    x.v.forEach((_, i) => {
      let others = 1;
      x.v.forEach((t, j) => {
        if (j !== i) others *= Math.abs(t);
      });
      e += x.e[i] * others;
    });
    return num(true, [p], [e + gamma(x.v.length) * Math.abs(p)], [x]);
  }
  // max and min are 1-Lipschitz in the sup norm.
  const r = kind === 'max' ? x.v.reduce((m, t) => Math.max(m, t), -Infinity) : x.v.reduce((m, t) => Math.min(m, t), Infinity);
  return num(true, [r], [x.e.reduce((m, t) => Math.max(m, t), 0)], [x]);
}

function concatEv(items: readonly Ev[]): Ev {
  const xs = items.map(asNumbers);
  return num(
    false,
    xs.flatMap((x) => x.v),
    xs.flatMap((x) => x.e),
    xs,
  );
}

function constantEv(x: number): Ev {
  return { scalar: true, bool: false, v: [x], e: [0], boundary: Infinity, uncertain: false };
}

const BUILTIN_UNARY: Record<string, (x: number, ex: number) => [number, number]> = {
  log: (x, ex) => [Math.log(x), ex < x ? ex / (x - ex) + u * Math.abs(Math.log(x)) : Infinity],
  exp: (x, ex) => {
    const r = Math.exp(x);
    return [r, r * Math.expm1(ex) + 2 * u * r + UNDERFLOW_FLOOR];
  },
  sqrt: (x, ex) => {
    const r = Math.sqrt(x);
    // |sqrt(x + d) - sqrt(x)| <= min(|d| / sqrt(x), sqrt(|d|)).
    return [r, Math.min(r > 0 ? ex / r : Infinity, Math.sqrt(ex)) + u * r];
  },
  abs: (x, ex) => [Math.abs(x), ex],
};

function evaluate(node: MathNode, env: Env): Ev {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode': {
      const c = n.value;
      if (typeof c === 'number') return constantEv(c);
      if (typeof c === 'boolean') return { ...constantEv(c ? 1 : 0), bool: true };
      throw new UnsupportedExpression(`constant ${String(c)}`);
    }
    case 'ParenthesisNode':
      return evaluate(n.content as MathNode, env);
    case 'SymbolNode': {
      const name = n.name as string;
      const v = env.get(name);
      if (v === undefined || typeof v === 'function') {
        if (name === 'pi') return { ...constantEv(Math.PI), e: [u * Math.PI] };
        if (name === 'e') return { ...constantEv(Math.E), e: [u * Math.E] };
        if (name === 'true' || name === 'false') return { ...constantEv(name === 'true' ? 1 : 0), bool: true };
        throw new UnsupportedExpression(`symbol ${name}`);
      }
      return v;
    }
    case 'OperatorNode':
      return operator(
        n.op as string,
        n.fn as string,
        (n.args as MathNode[]).map((a) => evaluate(a, env)),
      );
    case 'ConditionalNode': {
      const test = evaluate(n.condition as MathNode, env);
      if (!test.scalar) throw new UnsupportedExpression('a vector condition');
      const yes = truthy(test, 0);
      const chosen = evaluate((yes ? n.trueExpr : n.falseExpr) as MathNode, env);
      if (!shaky(test, 0)) return { ...chosen, boundary: Math.min(chosen.boundary, test.boundary), uncertain: chosen.uncertain || test.uncertain };
      // Float64 cannot tell which branch the exact instance takes: the other branch's value is as likely.
      const other = asNumbers(evaluate((yes ? n.falseExpr : n.trueExpr) as MathNode, env));
      const c = asNumbers(chosen);
      const joined = zip(c, other, (x, ex, y, ey) => [x, Math.max(ex, ey) + Math.abs(x - y)]);
      return { ...joined, boundary: Math.min(joined.boundary, test.boundary), uncertain: true };
    }
    case 'FunctionNode':
      return call(n, env);
    case 'ArrayNode':
      return concatEv((n.items as MathNode[]).map((a) => evaluate(a, env)));
    case 'AccessorNode':
      return access(evaluate(n.object as MathNode, env), n.index as MathNode, env);
    default:
      throw new UnsupportedExpression(node.type);
  }
}

function operator(op: string, fn: string, args: Ev[]): Ev {
  if (args.length === 1) {
    if (fn === 'unaryMinus') return unary(asNumbers(args[0]), (x, ex) => [-x, ex]);
    if (fn === 'unaryPlus') return asNumbers(args[0]);
    if (fn === 'not') return { ...args[0], bool: true, v: args[0].v.map((x) => (x === 0 ? 1 : 0)), e: args[0].v.map((_, i) => (shaky(args[0], i) ? 1 : 0)) };
    throw new UnsupportedExpression(`unary ${op}`);
  }
  const [a, b] = args;
  switch (op) {
    case '+':
      return zip(asNumbers(a), asNumbers(b), add);
    case '-':
      return zip(asNumbers(a), asNumbers(b), subtract);
    case '*':
      if (!a.scalar && !b.scalar) throw new UnsupportedExpression('a product of two vectors');
      return zip(asNumbers(a), asNumbers(b), multiply);
    case '.*':
      return zip(asNumbers(a), asNumbers(b), multiply);
    case '/':
      if (!b.scalar) throw new UnsupportedExpression('division by a vector');
      return zip(asNumbers(a), asNumbers(b), divide);
    case './':
      return zip(asNumbers(a), asNumbers(b), divide);
    case '^':
      if (!a.scalar || !b.scalar) throw new UnsupportedExpression('a matrix power');
      return zip(asNumbers(a), asNumbers(b), power);
    case '.^':
      return zip(asNumbers(a), asNumbers(b), power);
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '==':
    case '!=':
      return compare(op, asNumbers(a), asNumbers(b));
    case 'and':
    case 'or':
      return logical(op, a, b);
    default:
      throw new UnsupportedExpression(`operator ${op}`);
  }
}

function call(n: MathNode & Record<string, unknown>, env: Env): Ev {
  const name = (n.fn as { name?: string }).name;
  const rawArgs = n.args as MathNode[];
  if (name === undefined) throw new UnsupportedExpression('a computed function');
  const scoped = env.get(name);
  if (typeof scoped === 'function')
    return scopeFunction(
      scoped,
      rawArgs.map((a) => evaluate(a, env)),
    );
  if (name in BUILTIN_UNARY && rawArgs.length === 1) return unary(asNumbers(evaluate(rawArgs[0], env)), BUILTIN_UNARY[name]);
  switch (name) {
    case 'sum':
    case 'prod':
      if (rawArgs.length !== 1) throw new UnsupportedExpression(`${name} of ${rawArgs.length} arguments`);
      return reduce(evaluate(rawArgs[0], env), name);
    case 'max':
    case 'min': {
      const args = rawArgs.map((a) => evaluate(a, env));
      if (args.length === 1) return reduce(args[0], name);
      return args.slice(1).reduce((acc, b) => {
        const r = zip(asNumbers(acc), asNumbers(b), (x, ex, y, ey) => [name === 'max' ? Math.max(x, y) : Math.min(x, y), Math.max(ex, ey)]);
        return r;
      }, asNumbers(args[0]));
    }
    case 'map': {
      const over = asNumbers(evaluate(rawArgs[0], env));
      const f = rawArgs[1] as MathNode & Record<string, unknown>;
      const apply = (x: Ev): Ev => {
        if (f.type === 'FunctionAssignmentNode') {
          const params = f.params as string[];
          const local: Env = new Map(env);
          local.set(params[0], x);
          return asNumbers(evaluate(f.expr as MathNode, local));
        }
        if (f.type === 'SymbolNode' && (f.name as string) in BUILTIN_UNARY) return unary(x, BUILTIN_UNARY[f.name as string]);
        throw new UnsupportedExpression('map with this function');
      };
      const parts = over.v.map((x, i) => apply({ scalar: true, bool: false, v: [x], e: [over.e[i]], boundary: over.boundary, uncertain: over.uncertain }));
      const out = concatEv(parts);
      return { ...out, scalar: false };
    }
    case 'sort': {
      const x = asNumbers(evaluate(rawArgs[0], env));
      const order = rawArgs[1] ? (rawArgs[1] as MathNode & { value?: unknown }).value : 'asc';
      const v = [...x.v].sort((p, q) => (order === 'desc' ? q - p : p - q));
      // Sorting is 1-Lipschitz in the sup norm.
      const eMax = x.e.reduce((m, t) => Math.max(m, t), 0);
      return num(
        false,
        v,
        v.map(() => eMax),
        [x],
      );
    }
    case 'size': {
      const x = evaluate(rawArgs[0], env);
      return x.scalar ? num(false, [], [], []) : num(false, [x.v.length], [0], []);
    }
    case 'ones': {
      const s = evaluate(rawArgs[0], env);
      const len = s.v.length === 1 ? s.v[0] : 1;
      return num(
        false,
        Array.from({ length: len }, () => 1),
        Array.from({ length: len }, () => 0),
        [],
      );
    }
    case 'concat':
      return concatEv(rawArgs.map((a) => evaluate(a, env)));
    default:
      throw new UnsupportedExpression(`function ${name}`);
  }
}

/** obj[index] with mathjs's 1-based indices and ranges (`end` = the length). */
function access(obj: Ev, index: MathNode, env: Env): Ev {
  const dims = (index as MathNode & { dimensions: MathNode[] }).dimensions;
  if (dims.length !== 1) throw new UnsupportedExpression('a multi-dimensional index');
  const local: Env = new Map(env);
  local.set('end', constantEv(obj.v.length));
  const d = dims[0] as MathNode & Record<string, unknown>;
  if (d.type === 'RangeNode') {
    const start = evaluate(d.start as MathNode, local).v[0];
    const end = evaluate(d.end as MathNode, local).v[0];
    const idx: number[] = [];
    for (let i = start; i <= end; i++) idx.push(i - 1);
    return { ...obj, scalar: false, v: idx.map((i) => obj.v[i]), e: idx.map((i) => obj.e[i]) };
  }
  const i = evaluate(d, local).v[0] - 1;
  return { ...obj, scalar: true, v: [obj.v[i]], e: [obj.e[i]] };
}

/**
 * A function of the scope: its value at the arguments, its own accuracy (ROUNDING, else 4u of
 * the value), and the arguments' errors carried through by evaluating it at each argument
 * moved by its error both ways (first order: the deviations add up over the arguments).
 */
function scopeFunction(fn: (...a: unknown[]) => unknown, args: Ev[]): Ev {
  const plain = (a: Ev, shift = 0): unknown => (a.scalar ? a.v[0] + shift * a.e[0] : a.v.map((x, i) => x + shift * a.e[i]));
  const values = args.map((a) => plain(a));
  const result = fromValue(Reflect.apply(fn, undefined, values), 0);
  if (!result || result.bool) throw new UnsupportedExpression('a scope function returning a non-number');
  // Reflect.apply, not a spread: arguments are passed as a list, never spread onto the stack.
  const rounding = (fn as RoundedFunction<unknown[], unknown>)[ROUNDING];
  const own = rounding ? Reflect.apply<undefined, unknown[], number | number[]>(rounding, undefined, values) : undefined;
  const e = result.v.map((x, i) => (own === undefined ? 4 * u * Math.abs(x) : typeof own === 'number' ? own : (own[i] ?? Infinity)));
  args.forEach((a, k) => {
    if (a.e.every((t) => t === 0)) return;
    for (const shift of [1, -1]) {
      const moved = values.map((v, j) => (j === k ? plain(a, shift) : v));
      const r = fromValue(Reflect.apply(fn, undefined, moved), 0);
      const dev = result.v.map((x, i) => (r && Number.isFinite(r.v[r.scalar ? 0 : i]) ? Math.abs(r.v[r.scalar ? 0 : i] - x) : Infinity));
      dev.forEach((t, i) => {
        e[i] += t / 2;
      });
    }
  });
  return num(result.scalar, result.v, e, args);
}

function toRounding(x: Ev): ValueRounding {
  const errors = x.e.map((t) => (Number.isNaN(t) ? Infinity : t));
  return { error: errors.reduce((m, t) => Math.max(m, t), 0), errors, values: x.v, boundary: x.boundary, uncertain: x.uncertain };
}

/** The environment for a scope: its values with their errors (attached or default) and its functions. */
function environment(scope: Scope): Env {
  const attached = symbolErrorsOf(scope);
  const env: Env = new Map();
  for (const [name, value] of Object.entries(scope)) {
    if (typeof value === 'function') {
      env.set(name, value);
      continue;
    }
    const ev = fromValue(value, attached[name]);
    if (ev) env.set(name, ev);
  }
  return env;
}

/** The rounding of one expression in `scope` (see the module comment); throws UnsupportedExpression. */
export function expressionRounding(source: string, scope: Scope): ValueRounding {
  return toRounding(evaluate(tree(source), environment(scope)));
}

/**
 * The rounding of named expressions evaluated in order, each seeing the scope and the earlier
 * ones (as evaluateExprs does): per name, its ValueRounding, or null where the expression uses a
 * construct the analysis does not model.
 */
export function expressionsRounding(exprs: Record<string, string>, scope: Scope, values: Record<string, Value>): Record<string, ValueRounding | null> {
  const env = environment(scope);
  const out: Record<string, ValueRounding | null> = {};
  for (const [name, source] of Object.entries(exprs)) {
    let ev: Ev | null = null;
    try {
      ev = evaluate(tree(source), env);
    } catch (e) {
      if (!(e instanceof UnsupportedExpression)) throw e;
    }
    if (ev) {
      out[name] = toRounding(ev);
      // Later expressions see the mathjs value (the prediction), with this error.
      const seen = fromValue(values[name], ev.e);
      env.set(name, seen ? { ...seen, e: ev.bool ? ev.e : seen.e, boundary: ev.boundary, uncertain: ev.uncertain } : ev);
    } else {
      out[name] = null;
      const fallback = fromValue(values[name]);
      if (fallback) env.set(name, { ...fallback, e: fallback.v.map((x) => FALLBACK_RELATIVE_EXPRESSION_ERROR * Math.max(1, Math.abs(x))) });
    }
  }
  return out;
}

/** The bound used for an expression the analysis does not model: 1e-10 max(1, |value|). */
export const FALLBACK_RELATIVE_EXPRESSION_ERROR = 1e-10;
