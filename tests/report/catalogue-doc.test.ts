/**
 * docs/catalogue.md is generated from the claims (`npm run docs`): the committed file must be
 * exactly what the catalogue renders today, so the documentation cannot drift from the code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sectionOf } from '../../src/engine/claim.ts';
import { renderCatalogueDoc } from '../../src/report/catalogue-doc.ts';
import { catalogue } from '../../theorems/index.ts';

const committed = readFileSync(new URL('../../docs/catalogue.md', import.meta.url), 'utf8');

describe('docs/catalogue.md', () => {
  it('is what the catalogue renders (regenerate with npm run docs)', () => {
    expect(committed).toBe(renderCatalogueDoc(catalogue));
  });

  it('has a section per paper and an entry per claim with its confidence tags and problem', () => {
    for (const s of new Set(catalogue.entries.map((c) => sectionOf(c.id)))) expect(committed).toMatch(new RegExp(`^## ${s} — `, 'm'));
    for (const c of catalogue.entries) {
      const entry = committed.slice(committed.indexOf(`### \`${c.id}\``));
      expect(entry.startsWith(`### \`${c.id}\` (${c.section}) [${c.confidence.join(', ')}]`), c.id).toBe(true);
      expect(entry).toContain(c.statement);
    }
    for (const t of catalogue.theorems) expect(committed).toContain(`Problem \`${t.problem.name}\`: ${t.problem.conventions}`);
  });

  it('points at nothing outside the repository', () => {
    expect(committed).not.toMatch(/\.\.\/shared|design\.md|theorems\.md/);
  });
});
