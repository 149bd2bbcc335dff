/**
 * The layering rule of README.md ("Layers"), as a function over source texts so that a test can
 * run it on the real tree and on a tree with a planted violation.
 *
 * The README's table is the single source: each row names a layer, the folders (or files) it
 * owns and the layers it may import. A module may import its own layer's folder and the layers
 * its row lists, nothing else; every listed layer must sit above it in the table (so the allowed
 * graph is acyclic by construction), and inside one folder the file-level import graph must be
 * acyclic too.
 */

export interface Layer {
  readonly index: number;
  readonly name: string;
  /** Folder prefixes ("src/linalg/") or single files ("src/errors.ts"). */
  readonly owns: readonly string[];
  readonly mayImport: readonly string[];
}

export interface Violation {
  readonly file: string;
  readonly target: string;
  readonly message: string;
}

/** The rows of the table between the `layers:start` and `layers:end` markers. */
export function parseLayerTable(readme: string): Layer[] {
  const start = readme.indexOf('<!-- layers:start -->');
  const end = readme.indexOf('<!-- layers:end -->');
  if (start < 0 || end < start) throw new Error('README.md has no <!-- layers:start --> ... <!-- layers:end --> table');
  const rows = readme
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);
  return rows.map((row, index) => {
    const cells = row
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== 4) throw new Error(`layer table row has ${cells.length} cells, expected 4: ${row}`);
    const [, name, owns, may] = cells;
    const list = (s: string) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    return {
      index,
      name: name.replace(/`/g, ''),
      owns: list(owns),
      mayImport: may === '—' || may === '-' ? [] : may.split(',').map((x) => x.trim().replace(/`/g, '')),
    };
  });
}

/** Relative specifiers of every static import/export, dynamic import and `new URL(..., import.meta.url)`. */
export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;
  for (const m of code.matchAll(re)) out.push(m[2]);
  return out;
}

function normalise(dir: string, spec: string): string {
  const parts = dir.split('/').filter(Boolean);
  for (const p of spec.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

export function layerOf(layers: readonly Layer[], file: string): Layer | undefined {
  let best: Layer | undefined;
  let bestLen = -1;
  for (const l of layers) {
    for (const o of l.owns) {
      const hit = o.endsWith('/') ? file.startsWith(o) : file === o;
      if (hit && o.length > bestLen) {
        best = l;
        bestLen = o.length;
      }
    }
  }
  return best;
}

/** The folder a file belongs to for the file-cycle rule (its own-layer entry it sits under). */
function unitOf(layer: Layer, file: string): string {
  return layer.owns.find((o) => (o.endsWith('/') ? file.startsWith(o) : file === o)) ?? file;
}

/**
 * Checks `files` (path relative to the repository root -> source text) against `layers`.
 * Only files under a layer's folders are judged; their imports must resolve into a layer too.
 */
export function checkLayers(layers: readonly Layer[], files: ReadonlyMap<string, string>): Violation[] {
  const violations: Violation[] = [];
  const byName = new Map(layers.map((l) => [l.name, l]));
  for (const l of layers) {
    for (const m of l.mayImport) {
      const t = byName.get(m);
      if (!t) violations.push({ file: 'README.md', target: m, message: `layer ${l.name} may import unknown layer "${m}"` });
      else if (t.index >= l.index) violations.push({ file: 'README.md', target: m, message: `layer ${l.name} may import ${m}, which is not below it` });
    }
  }
  const edges = new Map<string, string[]>();
  for (const [file, text] of files) {
    const from = layerOf(layers, file);
    if (!from) continue;
    const dir = file.slice(0, file.lastIndexOf('/'));
    for (const spec of importSpecifiers(text)) {
      // Data files read through a URL (package.json, a .wasm module) are not modules.
      if (!/\.(ts|mjs|js)$/.test(spec)) continue;
      const target = normalise(dir, spec);
      const to = layerOf(layers, target);
      if (!to) {
        violations.push({ file, target, message: `imports ${target}, which belongs to no layer (test code, bench, or a typo)` });
        continue;
      }
      if (to === from) {
        if (unitOf(from, file) !== unitOf(to, target)) {
          violations.push({
            file,
            target,
            message: `imports across layer ${from.name}: ${unitOf(from, file)} -> ${unitOf(to, target)} (same-layer folders stay independent)`,
          });
        } else {
          const list = edges.get(file) ?? [];
          list.push(target);
          edges.set(file, list);
        }
      } else if (!from.mayImport.includes(to.name)) {
        const dirn = to.index > from.index ? 'up' : 'across';
        violations.push({
          file,
          target,
          message: `layer ${from.name} imports ${dirn} into layer ${to.name} (${target}); it may import: ${from.mayImport.join(', ') || 'nothing'}`,
        });
      }
    }
  }
  for (const cycle of fileCycles(edges)) violations.push({ file: cycle[0], target: cycle[1], message: `file import cycle: ${cycle.join(' -> ')}` });
  return violations;
}

/** One representative cycle per strongly connected component with more than one file (or a self-import). */
function fileCycles(edges: ReadonlyMap<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 1);
    stack.push(f);
    for (const t of edges.get(f) ?? []) {
      if (state.get(t) === 1) cycles.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of [...edges.keys()].sort()) if (!state.has(f)) visit(f);
  return cycles;
}
