/**
 * Where a report puts each failing instance and the exact command that replays it. The file
 * holds the instance JSON only (what `ncverify check --instance` reads); `--seed` and `--index`
 * give the check the same solver starts as in the run (instance i of a run with seed S uses
 * the sub-seed deriveSeed(S, i)).
 */
import type { InstanceResult } from '../engine/verdict.ts';

/** Directory of counterexample files, relative to the report directory. */
export const COUNTEREXAMPLE_DIR = 'counterexamples';

/**
 * `counterexamples/<claim>-<index>.json`, relative to the report directory. The id comes from a
 * report file, which anyone can edit: only [A-Za-z0-9._-] are kept (anything else becomes _,
 * and no leading dot), and the index is a non-negative integer, so that no id or index can
 * name a path outside the directory. Valid claim ids (CLAIM_ID) are unchanged.
 */
export function counterexampleFile(claim: string, index: number): string {
  const safe = claim.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_');
  const i = Number.isSafeInteger(index) && index >= 0 ? index : 0;
  return `${COUNTEREXAMPLE_DIR}/${safe}-${i}.json`;
}

/**
 * The command that replays instance `r` of `claim` from a report in `reportDir` (as the user
 * would type it from the repository root, e.g. "reports/latest").
 */
export function replayCommand(claim: string, r: Pick<InstanceResult, 'index'>, seed: number, reportDir: string): string {
  const dir = reportDir === '' || reportDir === '.' ? '' : `${reportDir.replace(/\/+$/, '')}/`;
  return `npx ncverify check ${claim} --instance ${dir}${counterexampleFile(claim, r.index)} --seed ${seed} --index ${r.index}`;
}

/** The instance as a replayable JSON file's text: one field per line, arrays of numbers on one line. */
export function counterexampleJson(r: Pick<InstanceResult, 'instance'>): string {
  const text = JSON.stringify(r.instance, null, 1).replace(
    /\[([^[\]{}"]*)\]/g,
    (_m, inner: string) =>
      `[${inner
        .trim()
        .split(/\s*,\s*/)
        .join(', ')}]`,
  );
  return text + '\n';
}
