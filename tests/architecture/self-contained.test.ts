/**
 * No file of the repository points outside it (README.md, "Layers": the repository is
 * self-contained). The scanner is shown to catch each kind of outside reference.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outsideReferences } from './self-contained.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root }).toString().split('\0').filter(Boolean);
// Text the project wrote; this checker and its test name the outside files on purpose.
const scanned = tracked.filter(
  (f) => /\.(ts|js|mjs|md|py|json|yml|yaml|sh)$/.test(f) && !f.startsWith('tests/architecture/self-contained') && existsSync(path.join(root, f)),
);
const files = new Map(scanned.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
const exists = (p: string) => existsSync(path.join(root, p));

describe('the repository is self-contained', () => {
  it('scans the tracked sources, tests and docs', () => {
    expect(scanned).toContain('README.md');
    expect(scanned).toContain('docs/catalogue.md');
    expect(scanned.filter((f) => f.startsWith('src/')).length).toBeGreaterThan(100);
  });

  it('no file cites a document outside the repository, and every relative Markdown link resolves', () => {
    expect(outsideReferences(files, exists).map((r) => `${r.file}:${r.line}: ${r.why}: ${r.text}`)).toEqual([]);
  });

  it('catches each planted outside reference', () => {
    const planted = new Map([
      ['src/a.ts', '// see ../shared/notes.txt'],
      ['src/b.ts', '/** the claim of theorems.md, zhu2021 */'],
      ['src/c.ts', '/* design.md, "Numbers" */'],
      ['docs/d.md', 'the [catalogue](missing.md) and [outside](../../x.md)'],
      ['docs/ok.md', 'the [design](design.md), docs/design.md and [a site](https://example.org/a.md)'],
    ]);
    const found = outsideReferences(planted, (p) => p === 'docs/design.md');
    expect(found.map((r) => r.file)).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts', 'docs/d.md', 'docs/d.md']);
  });
});
