/**
 * What every entry of the catalogue has, whatever its kind: an id, the paper and where in it, a
 * one-line statement of what is checked, whether it is a theorem or a conjecture, and how sure
 * the catalogue is of the statement (the confidence tags of docs/catalogue.md).
 */
import { InputError, isList } from '../errors.ts';
import type { Clause } from './clauses.ts';

/**
 * - `global-minimiser`, `landscape`: over random instances of a problem, solved and certified.
 * - `threshold`, `asymptotic`: studies along a parameter (switch points, rates).
 * - `construction`: an algorithm's output with claimed properties, on random parameters.
 * - `measurement`: NC metrics of given features compared with a claim's prediction.
 */
export type ClaimKind = 'global-minimiser' | 'landscape' | 'threshold' | 'asymptotic' | 'construction' | 'measurement';

/**
 * Where a statement comes from:
 * - `paper`: the paper's own text;
 * - `code`: the authors' official code fixes it (conventions, constants);
 * - `derived`: derived from the problem here and checked numerically (itself a claim).
 */
export type Confidence = 'paper' | 'code' | 'derived';

export interface ClaimInfo {
  /** `paper.claim`, e.g. "zhu2021.global"; the part before the first dot is the catalogue section. */
  readonly id: string;
  /** Short paper name, e.g. "Zhu et al. 2021". */
  readonly paper: string;
  /** Full citation. */
  readonly citation: string;
  /** Where in the paper, e.g. "Thm 3.1". */
  readonly section: string;
  /** One line: what is checked. */
  readonly statement: string;
  /** @defaultValue 'theorem' */
  readonly status?: 'theorem' | 'conjecture';
  /** How the statement is known (several tags when, e.g., the claim is the paper's and its constants are derived). */
  readonly confidence: readonly Confidence[];
  /** A remark on the confidence, e.g. "conditions as we read them". */
  readonly confidenceNote?: string;
  /**
   * Every bullet and sentence of the claim's catalogue text, in the paper's order, each checked
   * by named evidence, encoded as an assumption, or unchecked with the reason (clauses.ts;
   * `ncverify coverage`).
   */
  readonly clauses?: readonly Clause[];
}

/** What a claim id looks like: `paper.claim`, lower case (also the pattern report.schema.json gives claim ids). */
export const CLAIM_ID = /^[a-z][a-z0-9]*\.[a-z0-9][a-z0-9.-]*$/;
const CONFIDENCE = new Set<Confidence>(['paper', 'code', 'derived']);

/** The catalogue section of a claim id ("zhu2021" for "zhu2021.global"). */
export function sectionOf(id: string): string {
  return id.slice(0, id.indexOf('.'));
}

/** Validates the fields every claim kind shares; `where` names the definition in messages. */
export function validateClaimInfo(spec: ClaimInfo, where: string): void {
  if (typeof spec.id !== 'string' || !CLAIM_ID.test(spec.id)) {
    throw new InputError(`${where}.id`, 'must look like "paper.claim" (lower case, e.g. "zhu2021.global")');
  }
  for (const field of ['paper', 'citation', 'section', 'statement'] as const) {
    if (typeof spec[field] !== 'string' || spec[field].trim().length === 0) throw new InputError(`${where}.${field}`, 'must be a non-empty string');
  }
  if (spec.status !== undefined && spec.status !== 'theorem' && spec.status !== 'conjecture') {
    throw new InputError(`${where}.status`, `must be "theorem" or "conjecture", got ${JSON.stringify(spec.status)}`);
  }
  if (!isList(spec.confidence) || spec.confidence.length === 0 || !(spec.confidence as unknown[]).every((c) => CONFIDENCE.has(c as Confidence))) {
    throw new InputError(`${where}.confidence`, `must list one or more of "paper", "code", "derived", got ${JSON.stringify(spec.confidence)}`);
  }
  if (spec.confidenceNote !== undefined && (typeof spec.confidenceNote !== 'string' || spec.confidenceNote.trim() === '')) {
    throw new InputError(`${where}.confidenceNote`, 'must be a non-empty string when given');
  }
}
