/**
 * Clause coverage of catalogue entries (clauses.ts): per claim its clauses with their status and
 * the counts, as `ncverify coverage` prints them and the report carries them. A claim that
 * declares no clauses is reported as such (its text is not covered at all).
 */
import type { Claim } from './catalogue.ts';
import { clauseRecords, type ClauseRecord } from './clauses.ts';

export interface ClaimCoverage {
  readonly claim: string;
  readonly kind: string;
  readonly paper: string;
  readonly section: string;
  /** Whether the claim declares its clauses at all. */
  readonly declared: boolean;
  readonly clauses: readonly ClauseRecord[];
  readonly counts: { readonly checked: number; readonly assumption: number; readonly unchecked: number };
  /** Every clause is checked or an encoded hypothesis (and some are declared). */
  readonly complete: boolean;
}

export function coverageOf(c: Claim): ClaimCoverage {
  const clauses = clauseRecords(c.clauses);
  const count = (s: ClauseRecord['status']) => clauses.filter((x) => x.status === s).length;
  const counts = { checked: count('checked'), assumption: count('assumption'), unchecked: count('unchecked') };
  return {
    claim: c.id,
    kind: c.kind,
    paper: c.paper,
    section: c.section,
    declared: c.clauses !== undefined,
    clauses,
    counts,
    complete: clauses.length > 0 && counts.unchecked === 0,
  };
}
