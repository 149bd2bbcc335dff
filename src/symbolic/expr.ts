/**
 * Theorem predictions as math expression strings, handled with mathjs only: parsing,
 * evaluation, differentiation, LaTeX and the constant perturbations used to plant wrong claims.
 * nerdamer is deliberately absent here: in the pinned version its simplify/evaluate give wrong
 * answers, so it is confined to `roots.ts` where every result it gives is re-checked.
 */
import { ConstantNode, ParenthesisNode, derivative as mathDerivative, isComplex, isMatrix, parse } from 'mathjs';
import type { EvalFunction, MathNode } from 'mathjs';
import { InputError, describe } from '../errors.ts';

/** Values an expression can read: instance parameters and earlier named results. */
export type Scope = Record<string, number | boolean | number[] | boolean[]>;

/** What one expression evaluates to: a scalar, or a vector (per-class predictions). */
export type Value = number | boolean | number[] | boolean[];

/**
 * Names mathjs resolves to built-in constants rather than free parameters; `exprSymbols`
 * leaves them out. `phi` (golden ratio) is not listed because theorems use it as a parameter.
 */
const BUILTIN_CONSTANTS = new Set(['e', 'E', 'pi', 'PI', 'tau', 'i', 'Infinity', 'NaN', 'true', 'false', 'null']);

// Compiling is the expensive part of evaluation and the harness evaluates the same few
// expressions on many instances, so each source string is compiled once.
const compiled = new Map<string, EvalFunction>();

/** Parses `source` with mathjs; throws InputError(name) carrying the parse error if invalid. */
export function parseExpr(source: string, name: string): MathNode {
  if (typeof source !== 'string' || source.trim() === '') {
    throw new InputError(name, `expected a non-empty math expression, got ${describe(source)}`);
  }
  try {
    return parse(source);
  } catch (err) {
    throw new InputError(name, `cannot parse ${JSON.stringify(source)}: ${errorText(err)}`);
  }
}

function compiledExpr(source: string, name: string): EvalFunction {
  let code = compiled.get(source);
  if (code === undefined) {
    code = parseExpr(source, name).compile();
    compiled.set(source, code);
  }
  return code;
}

/**
 * Turns a raw mathjs result into a number, a boolean, or a vector of either. Complex values with
 * a non-zero imaginary part and non-finite numbers become NaN (a numeric phenomenon the caller
 * judges); a complex value whose imaginary part is exactly 0 is real. A one-element matrix is
 * its element; a longer one-dimensional matrix is a vector (per-class predictions), all numbers
 * or all booleans. Anything else (a function, a string, a 2-D matrix, a mixed vector) is a
 * mistake in the expression itself and throws.
 */
function toValue(value: unknown, name: string, source: string): Value {
  if (isMatrix(value) || Array.isArray(value)) {
    const arr = isMatrix(value) ? (value.toArray() as unknown[]) : value;
    const oneDim = arr.every((x) => !Array.isArray(x) && !isMatrix(x));
    const flat = arr.flat(Infinity as 1) as unknown[];
    if (flat.length === 1) return toScalar(flat[0], name, source);
    if (!oneDim) throw new InputError(name, `${JSON.stringify(source)} evaluates to a matrix, expected a number, a boolean or a vector`);
    const items = flat.map((x) => toScalar(x, name, source));
    if (items.every((x) => typeof x === 'number')) return items;
    if (items.every((x) => typeof x === 'boolean')) return items;
    throw new InputError(name, `${JSON.stringify(source)} evaluates to a vector mixing numbers and booleans`);
  }
  return toScalar(value, name, source);
}

function toScalar(value: unknown, name: string, source: string): number | boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (isComplex(value)) return value.im === 0 && Number.isFinite(value.re) ? value.re : Number.NaN;
  if (isMatrix(value) || Array.isArray(value))
    throw new InputError(name, `${JSON.stringify(source)} evaluates to a nested vector, expected a number or boolean entry`);
  // mathjs BigNumber/Fraction only appear if an expression asks for them explicitly.
  if (value !== null && typeof value === 'object' && typeof (value as { valueOf(): unknown }).valueOf() === 'number') {
    return toScalar((value as { valueOf(): number }).valueOf(), name, source);
  }
  throw new InputError(name, `${JSON.stringify(source)} evaluates to ${typeof value}, expected a number or boolean`);
}

/** Evaluates one expression in `scope`; errors name `name` and, for unknown symbols, the symbol. */
export function evaluateExpr(source: string, scope: Scope, name: string): Value {
  const code = compiledExpr(source, name);
  let raw: unknown;
  try {
    // A copy, so an assignment inside an expression cannot leak into the caller's scope.
    raw = code.evaluate({ ...scope });
  } catch (err) {
    throw new InputError(name, `cannot evaluate ${JSON.stringify(source)}: ${errorText(err)}`);
  }
  return toValue(raw, name, source);
}

/**
 * Evaluates named expressions in insertion order; each sees `scope` plus all earlier results
 * (a result shadows a scope entry of the same name). Returns only the new named values.
 * Errors are InputErrors on `${context}.${name}`.
 */
export function evaluateExprs(exprs: Record<string, string>, scope: Scope, context: string): Scope {
  const results: Scope = {};
  const working: Scope = { ...scope };
  for (const [name, source] of Object.entries(exprs)) {
    const value = evaluateExpr(source, working, `${context}.${name}`);
    results[name] = value;
    working[name] = value;
  }
  return results;
}

/** LaTeX for an expression, via mathjs `toTex`. */
export function toLatex(source: string): string {
  return parseExpr(source, 'latex').toTex();
}

/** Free symbol names of an expression in order of first appearance: no function names, no built-in constants. */
export function exprSymbols(source: string): string[] {
  const names: string[] = [];
  parseExpr(source, 'symbols').traverse((node, path, parent) => {
    if (node.type !== 'SymbolNode') return;
    // A function's name is a SymbolNode child at path 'fn' of its FunctionNode.
    if (parent !== null && parent.type === 'FunctionNode' && path === 'fn') return;
    const name = (node as MathNode & { name: string }).name;
    if (!BUILTIN_CONSTANTS.has(name) && !names.includes(name)) names.push(name);
  });
  return names;
}

/** One numeric literal of an expression, as found by `listConstants`. */
export interface ConstantInfo {
  /** Position in mathjs depth-first traversal order; the index `perturbConstant` takes. */
  index: number;
  value: number;
  /** The literal as mathjs prints it. */
  text: string;
}

function numericConstants(root: MathNode): ConstantNode[] {
  const found: ConstantNode[] = [];
  root.traverse((node) => {
    if (node.type === 'ConstantNode' && typeof (node as ConstantNode).value === 'number') {
      found.push(node as ConstantNode);
    }
  });
  return found;
}

/** The numeric constants of an expression in (deterministic) traversal order. */
export function listConstants(source: string): ConstantInfo[] {
  return numericConstants(parseExpr(source, 'constants')).map((node, index) => ({
    index,
    value: node.value,
    text: node.toString(),
  }));
}

/**
 * The expression with its `index`-th numeric constant c replaced by c*factor, printed at full
 * double precision. Used to plant a wrong variant of a claim that the harness must reject.
 */
export function perturbConstant(source: string, index: number, factor: number): string {
  return rewriteConstant(source, index, (c) => c * factor, factor);
}

/**
 * The expression with its `index`-th numeric constant replaced by `value` (for a zero constant,
 * which no factor can perturb).
 */
export function replaceConstant(source: string, index: number, value: number): string {
  return rewriteConstant(source, index, () => value, value);
}

function rewriteConstant(source: string, index: number, map: (c: number) => number, factor: number): string {
  const root = parseExpr(source, 'perturb');
  const constants = numericConstants(root);
  if (!Number.isInteger(index) || index < 0 || index >= constants.length) {
    throw new InputError('perturb.index', `${describe(index)} is out of range: ${JSON.stringify(source)} has ${constants.length} numeric constants`);
  }
  if (typeof factor !== 'number' || !Number.isFinite(factor)) {
    throw new InputError('perturb.factor', `expected a finite number, got ${describe(factor)}`);
  }
  const target = constants[index];
  const value = map(target.value);
  // A negative literal printed bare could re-parse with different precedence (-3 ^ 2).
  const replacement: MathNode = value < 0 ? new ParenthesisNode(new ConstantNode(value)) : new ConstantNode(value);
  // transform visits the original nodes before rebuilding, so identity picks the right one.
  const rebuilt = root.transform((node) => (node === target ? replacement : node));
  // mathjs prints numbers with up to 17 significant digits, which round-trips a double.
  return rebuilt.toString();
}

/** d(source)/d(variable) as simplified by mathjs, as an expression string. */
export function derivative(source: string, variable: string): string {
  const root = parseExpr(source, 'derivative');
  try {
    return mathDerivative(root, variable).toString();
  } catch (err) {
    throw new InputError('derivative', `cannot differentiate ${JSON.stringify(source)} in ${variable}: ${errorText(err)}`);
  }
}

/** The message of anything thrown, for wrapping into an InputError. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
