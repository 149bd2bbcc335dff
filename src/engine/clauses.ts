/**
 * Clauses: every bullet and sentence of a claim's text in the catalogue (docs/catalogue.md),
 * in the paper's order, each either checked by named evidence, a hypothesis the claim encodes,
 * or unchecked with the reason. `ncverify coverage` prints them and the report shows them per
 * claim, so a reader can tell which sentences of a theorem were tested.
 *
 * Evidence names (`checkedBy`), validated when the claim is defined and again by the catalogue:
 * - a check of the claim, by its name (a theorem's `checks`, a construction's checks);
 * - `optimum`: the certified solves compared with the claimed optimal value (every theorem);
 * - `spurious minima`: certified second-order points above the optimum (landscape claims);
 * - `scalar reduction`: the claim's reduced objective and its closed-form argmin;
 * - `claimed minimiser`: the minimiser built from the closed forms, stationary at the optimum;
 * - another entry of the catalogue, by id (a threshold or asymptotic study, another claim).
 */
import { InputError, isList } from '../errors.ts';

export interface Clause {
  /** The catalogue's sentence or bullet (as written there, shortened where long). */
  readonly text: string;
  /** Evidence that decides it (see the file comment). */
  readonly checkedBy?: readonly string[];
  /**
   * A hypothesis of the claim: for a theorem, the name of the assumption that encodes it
   * (instances outside it are skipped); for a study or construction, how its configurations meet it.
   */
  readonly assumption?: string;
  /** Why it is not checked. */
  readonly unchecked?: string;
  /** A remark: checked in one direction only, where its numbers come from, a finding. */
  readonly note?: string;
}

export type ClauseStatus = 'checked' | 'assumption' | 'unchecked';

/** A clause with its status, as `coverage` and the report show it. */
export interface ClauseRecord extends Clause {
  readonly status: ClauseStatus;
}

/** Evidence names every theorem may use, and the condition each needs. */
export const THEOREM_EVIDENCE = ['optimum', 'spurious minima', 'scalar reduction', 'claimed minimiser'] as const;

const CLAIM_ID = /^[a-z][a-z0-9]*\.[a-z0-9][a-z0-9.-]*$/;

export function clauseStatus(c: Clause): ClauseStatus {
  return c.checkedBy ? 'checked' : c.assumption !== undefined ? 'assumption' : 'unchecked';
}

export function clauseRecords(clauses: readonly Clause[] | undefined): ClauseRecord[] {
  return (clauses ?? []).map((c) => ({ ...c, status: clauseStatus(c) }));
}

/**
 * Validates clauses: each has text and exactly one of checkedBy (non-empty), assumption,
 * unchecked; every evidence name is one of `local` or looks like a claim id (the catalogue checks
 * those exist); a theorem's assumption names one of `assumptions` when given.
 */
export function validateClauses(clauses: unknown, where: string, local: ReadonlySet<string>, assumptions?: ReadonlySet<string>): void {
  if (clauses === undefined) return;
  if (!isList(clauses)) throw new InputError(`${where}.clauses`, 'must be a list of clauses');
  clauses.forEach((raw, i) => {
    const at = `${where}.clauses[${i}]`;
    const c = raw as Partial<Clause> | null;
    if (!c || typeof c.text !== 'string' || c.text.trim() === '') throw new InputError(`${at}.text`, "must be a non-empty string (the catalogue's sentence)");
    const given = (['checkedBy', 'assumption', 'unchecked'] as const).filter((k) => c[k] !== undefined);
    if (given.length !== 1)
      throw new InputError(at, `must have exactly one of checkedBy, assumption, unchecked (got ${given.join(', ') || 'none'}): "${c.text}"`);
    if (c.checkedBy !== undefined) {
      if (!isList(c.checkedBy) || c.checkedBy.length === 0) throw new InputError(`${at}.checkedBy`, 'must list at least one check, study or evidence name');
      for (const name of c.checkedBy as unknown[]) {
        if (typeof name !== 'string' || (!local.has(name) && !CLAIM_ID.test(name))) {
          throw new InputError(
            `${at}.checkedBy`,
            `names ${JSON.stringify(name)}, which is no check of this claim (known: ${[...local].join(', ')}) and no claim id`,
          );
        }
      }
    }
    if (c.assumption !== undefined) {
      if (typeof c.assumption !== 'string' || c.assumption.trim() === '') throw new InputError(`${at}.assumption`, 'must be a non-empty string');
      if (assumptions && !assumptions.has(c.assumption))
        throw new InputError(`${at}.assumption`, `names "${c.assumption}", which is not an assumption of this claim (${[...assumptions].join(', ')})`);
    }
    if (c.unchecked !== undefined && (typeof c.unchecked !== 'string' || c.unchecked.trim() === ''))
      throw new InputError(`${at}.unchecked`, 'must give the reason');
    if (c.note !== undefined && (typeof c.note !== 'string' || c.note.trim() === ''))
      throw new InputError(`${at}.note`, 'must be a non-empty string when given');
  });
}

/** The evidence names of `clauses` that are not in `local` (claim ids, resolved by the catalogue). */
export function foreignEvidence(clauses: readonly Clause[] | undefined, local: ReadonlySet<string>): string[] {
  return (clauses ?? []).flatMap((c) => (c.checkedBy ?? []).filter((n) => !local.has(n)));
}
