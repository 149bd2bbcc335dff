/**
 * Clauses on claims (src/engine/clauses.ts): validated where the claim is defined (every named
 * check exists, exactly one status, an assumption clause names an assumption) and by the catalogue
 * (a clause checked by another entry names an entry that exists); every entry of the built-in
 * catalogue declares its clauses.
 */
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/engine/catalogue.ts';
import { defineTheorem } from '../../src/engine/theorem.ts';
import { coverageOf } from '../../src/engine/coverage.ts';
import { catalogue } from '../../theorems/index.ts';
import { zhu2021Global } from '../../theorems/zhu2021.ts';

const base = { ...zhu2021Global, id: 'mine.claim' };

describe('clauses', () => {
  it('accepts checks, evidence names, assumptions and reasons', () => {
    const t = defineTheorem({
      ...base,
      clauses: [
        { text: 'NC1', checkedBy: ['NC1', 'optimum', 'claimed minimiser', 'scalar reduction'] },
        { text: 'assume d >= K - 1', assumption: 'dimension' },
        { text: 'a remark', unchecked: 'not a statement about minimisers' },
      ],
    });
    expect(coverageOf(t).counts).toEqual({ checked: 1, assumption: 1, unchecked: 1 });
    expect(coverageOf(t).complete).toBe(false);
  });

  it('refuses a check that does not exist, two statuses, no status, an unknown assumption', () => {
    expect(() => defineTheorem({ ...base, clauses: [{ text: 'x', checkedBy: ['NC2'] }] })).toThrow(/clauses\[0\]\.checkedBy.*"NC2".*no check of this claim/);
    expect(() => defineTheorem({ ...base, clauses: [{ text: 'x', checkedBy: ['NC1'], unchecked: 'why' }] })).toThrow(
      /exactly one of checkedBy, assumption, unchecked/,
    );
    expect(() => defineTheorem({ ...base, clauses: [{ text: 'x' }] })).toThrow(/exactly one/);
    expect(() => defineTheorem({ ...base, clauses: [{ text: 'x', assumption: 'wide' }] })).toThrow(/"wide", which is not an assumption/);
    expect(() => defineTheorem({ ...base, clauses: [{ text: 'x', checkedBy: ['spurious minima'] }] })).toThrow(/spurious minima/);
    expect(() => defineTheorem({ ...base, clauses: [{ text: '', unchecked: 'why' }] })).toThrow(/text/);
  });

  it('refuses, in a catalogue, a clause checked by an entry that is not there', () => {
    const t = defineTheorem({ ...base, clauses: [{ text: 'x', checkedBy: ['mine.study'] }] });
    expect(() => new Catalogue([t])).toThrow(/mine.claim.clauses.*"mine.study"/);
    expect(() => catalogue.with([t], 'mine.ts')).toThrow(/"mine.study"/);
  });

  it('every entry of the built-in catalogue declares its clauses, each covered or with a reason', () => {
    for (const c of catalogue.entries) {
      const cov = coverageOf(c);
      expect(cov.declared, `${c.id}: add clauses (every sentence of its catalogue text, src/engine/clauses.ts)`).toBe(true);
      expect(cov.clauses.length).toBeGreaterThan(0);
    }
  });
});
