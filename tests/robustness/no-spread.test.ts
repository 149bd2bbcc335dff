/**
 * No argument spreading of data in src/: `f(...values)` passes every element as a call argument,
 * and V8 overflows its stack near 1e5 of them (a valid hongling2024.thm2 instance with
 * n = [40000, 40000] crashed in Math.hypot(...matrix)). The TypeScript parser finds every spread
 * argument of a call or `new` in every source file, including calls split over lines, which a
 * grep would miss. Spreads into array or object literals are fine (they iterate; no argument
 * limit). A few variadic APIs take a handful of structural arguments, never data (fast-check's
 * combinators of arbitraries, WebGPU's three workgroup counts); their calls are allowed.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { hypotOf, maxOf, minOf } from '../../src/linalg/vector.ts';
import { Rng } from '../../src/random.ts';

const root = path.resolve(import.meta.dirname, '../..');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) files(rel, out);
    else if (/\.(ts|mjs|js)$/.test(name)) out.push(rel);
  }
  return out;
}

/** Callees whose spread arguments are a few structural values (arbitraries, workgroup counts), never data. */
const STRUCTURAL = new Set(['fc.oneof', 'fc.constantFrom', 'fc.tuple', 'pass.dispatchWorkgroups']);

/** `file:line: text` of every spread argument of a call or `new` expression in `source`. */
export function callSpreads(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const structural = ts.isCallExpression(node) && STRUCTURAL.has(node.expression.getText(sf));
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && !structural && node.arguments?.some((a) => ts.isSpreadElement(a))) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      found.push(`${file}:${line}: ${node.getText(sf).replace(/\s+/g, ' ').slice(0, 80)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('no argument spreading of data', () => {
  it('finds a spread call, also one split over lines (the checker can fail)', () => {
    expect(callSpreads('x.ts', 'const m = Math.max(\n  ...values,\n);\nconst a = [...values];\nconst o = { ...x };')).toHaveLength(1);
    expect(callSpreads('x.ts', 'out.push(...rows); new Set(...a);')).toHaveLength(2);
  });

  it('src/, theorems/ and bin/ have none', () => {
    const hits = [...files('src'), ...files('theorems'), ...files('bin')].flatMap((f) => callSpreads(f, readFileSync(path.join(root, f), 'utf8')));
    expect(hits).toEqual([]);
  });

  it('maxOf, minOf and hypotOf equal Math.max, Math.min and Math.hypot bit for bit, and take 1e6 values', () => {
    const rng = new Rng(5);
    for (let t = 0; t < 200; t++) {
      const len = rng.int(0, 40);
      const v = Array.from({ length: len }, () => (rng.uniform() < 0.1 ? 0 : rng.normal() * 10 ** rng.int(-200, 200)));
      if (len > 0 && rng.uniform() < 0.1) v[rng.int(0, len - 1)] = rng.uniform() < 0.5 ? NaN : -Infinity;
      expect(Object.is(maxOf(v), Math.max(...v))).toBe(true);
      expect(Object.is(minOf(v), Math.min(...v))).toBe(true);
      expect(Object.is(hypotOf(v), Math.hypot(...v))).toBe(true);
    }
    expect(Object.is(maxOf([-0, 0]), Math.max(-0, 0))).toBe(true);
    expect(Object.is(minOf([0, -0]), Math.min(0, -0))).toBe(true);
    expect(hypotOf([NaN, Infinity])).toBe(Math.hypot(NaN, Infinity));
    const big = new Float64Array(1_000_000).fill(3);
    expect(() => Math.max(...big)).toThrow(RangeError);
    expect(maxOf(big)).toBe(3);
    expect(hypotOf(big)).toBeCloseTo(3000, 9);
  });
});
