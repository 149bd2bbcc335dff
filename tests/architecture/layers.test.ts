/**
 * The layering of README.md, enforced: every module of src/ and theorems/ belongs to one layer
 * and imports only its own folder and the layers its row lists (all below it), with no file
 * import cycle inside a folder. The checker is shown to catch a planted upward import, a
 * same-layer cross-folder import and a file cycle.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayers, layerOf, parseLayerTable } from './layers.ts';

const root = path.resolve(import.meta.dirname, '../..');
const layers = parseLayerTable(readFileSync(path.join(root, 'README.md'), 'utf8'));

function sources(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) sources(rel, out);
    else if (/\.(ts|mjs|js)$/.test(name)) out.set(rel, readFileSync(path.join(root, rel), 'utf8'));
  }
  return out;
}

const tree = new Map([...sources('src'), ...sources('theorems')]);

describe('layers (README.md, "Layers")', () => {
  it('the table declares only downward imports', () => {
    expect(layers.length).toBeGreaterThan(10);
    expect(checkLayers(layers, new Map())).toEqual([]);
  });

  it('puts every module of src/ and theorems/ in exactly one layer', () => {
    const homeless = [...tree.keys()].filter((f) => !layerOf(layers, f));
    expect(homeless).toEqual([]);
  });

  it('has no upward, cross-folder or cyclic import in the tree', () => {
    expect(checkLayers(layers, tree).map((v) => `${v.file}: ${v.message}`)).toEqual([]);
  });

  it('catches a planted upward import', () => {
    const planted = new Map(tree);
    planted.set('src/linalg/planted.ts', "import { checkInstance } from '../engine/check.ts';\nexport const x = checkInstance;\n");
    const v = checkLayers(layers, planted);
    expect(v).toHaveLength(1);
    expect(v[0].file).toBe('src/linalg/planted.ts');
    expect(v[0].message).toMatch(/imports up into layer engine/);
  });

  it('catches an import between two folders of one layer', () => {
    const problems = layerOf(layers, 'src/problems/problem.ts')!;
    const sibling = problems.owns.find((o) => o !== 'src/problems/');
    expect(sibling, 'the problems layer shares its rank with another folder').toBeDefined();
    const planted = new Map(tree);
    planted.set('src/problems/planted.ts', `import '../../${sibling}planted-target.ts';\n`);
    planted.set(`${sibling}planted-target.ts`, 'export {};\n');
    const v = checkLayers(layers, planted);
    expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/imports across layer/)]);
  });

  it('catches a file import cycle inside a folder', () => {
    const planted = new Map(tree);
    planted.set('src/solvers/planted-a.ts', "import './planted-b.ts';\n");
    planted.set('src/solvers/planted-b.ts', "import './planted-a.ts';\n");
    const v = checkLayers(layers, planted);
    expect(v.map((x) => x.message)).toEqual([
      expect.stringMatching(/file import cycle: src\/solvers\/planted-a.ts -> src\/solvers\/planted-b.ts -> src\/solvers\/planted-a.ts/),
    ]);
  });

  it('reads type-only, re-export, dynamic and URL imports', () => {
    const planted = new Map<string, string>([
      [
        'src/linalg/a.ts',
        "import type { X } from '../engine/x.ts';\nexport * from '../cli/y.ts';\nawait import('../report/z.ts');\nnew URL('../run/w.ts', import.meta.url);\n",
      ],
    ]);
    expect(checkLayers(layers, planted)).toHaveLength(4);
  });
});
