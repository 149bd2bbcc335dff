/**
 * A claim's assumptions and predictions as LaTeX, for the HTML report (rendered there with
 * KaTeX) and the Markdown summary. The LaTeX comes from the same mathjs expression strings the
 * engine evaluates, so what a reviewer reads is exactly what was checked.
 */
import type { MathNode } from 'mathjs';
import type { Theorem } from '../engine/theorem.ts';
import { parseExpr } from '../symbolic/expr.ts';

/** One named expression: its source (mathjs) and its LaTeX. */
export interface NamedFormula {
  readonly name: string;
  readonly source: string;
  readonly latex: string;
}

/** What a claim asserts, as carried in report.json. */
export interface ClaimFormulas {
  readonly assumptions: readonly NamedFormula[];
  readonly predictions: readonly NamedFormula[];
  /** The structural checks, in the catalogue's plain notation. */
  readonly checks: readonly { readonly name: string; readonly claim: string }[];
}

const GREEK = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'zeta',
  'eta',
  'theta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'pi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Pi',
  'Sigma',
  'Phi',
  'Psi',
  'Omega',
]);

/**
 * The paper's typography for a symbol name: `lambdaW` -> \lambda_{W}, `nmin` -> n_{\min},
 * `K` -> K, a longer name (a named prediction such as `wNormSq`) -> \mathrm{wNormSq}.
 *
 * Examples: symbolLatex('lambdaH') === '\\lambda_{H}'; symbolLatex('sigma') === '\\sigma'
 */
export function symbolLatex(name: string): string {
  const greek = /^([a-zA-Z]+?)([A-Z0-9][A-Za-z0-9]*)?$/.exec(name);
  if (greek && GREEK.has(greek[1])) return greek[2] ? `\\${greek[1]}_{${greek[2]}}` : `\\${greek[1]}`;
  const extreme = /^([a-zA-Z])(min|max)$/.exec(name);
  if (extreme) return `${extreme[1]}_{\\${extreme[2]}}`;
  const indexed = /^([a-zA-Z])(\d+)$/.exec(name);
  if (indexed) return `${indexed[1]}_{${indexed[2]}}`;
  if (/^[a-zA-Z]$/.test(name)) return name;
  return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
}

/**
 * LaTeX of one mathjs expression, with the paper's symbol typography.
 *
 * Syntax: expressionLatex(source)
 * See also: symbolic/expr.ts toLatex (mathjs defaults, no symbol typography)
 */
export function expressionLatex(source: string): string {
  const handler = (node: MathNode): string | undefined => {
    // Braced: mathjs glues operators to operands (`\\geq` then `K` would read as `\\geqK`).
    if (node.type === 'SymbolNode') return `{${symbolLatex((node as MathNode & { name: string }).name)}}`;
    return undefined;
  };
  return parseExpr(source, 'latex').toTex({ parenthesis: 'keep', implicit: 'hide', handler }).trim();
}

/** The formulas of a claim, for report.json. */
export function claimFormulas(thm: Theorem): ClaimFormulas {
  const named = (exprs: Readonly<Record<string, string>>): NamedFormula[] =>
    Object.entries(exprs).map(([name, source]) => ({ name, source, latex: expressionLatex(source) }));
  return {
    assumptions: named(thm.assumptions),
    predictions: named(thm.predictions),
    checks: thm.checks.map((c) => ({ name: c.name, claim: c.claim })),
  };
}
