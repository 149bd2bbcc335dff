/**
 * `ncverify coverage [CLAIM] [--json]`: every clause of every catalogue claim (or one claim) and
 * what decides it: checked by named checks or studies, a hypothesis encoded as an assumption, or
 * unchecked with the reason (src/engine/clauses.ts). Exit code 0 (a listing), 2 for an unknown id.
 */
import { loadClaimFile } from '../engine/load.ts';
import { coverageOf, type ClaimCoverage } from '../engine/coverage.ts';
import { catalogue } from '../../theorems/index.ts';
import { parse } from './args.ts';
import { InputError } from '../errors.ts';

type Out = (line: string) => void;

export function coverageLines(c: ClaimCoverage): string[] {
  const head =
    `${c.claim} — ${c.paper}, ${c.section} (${c.kind}): ` +
    (c.declared
      ? `${c.clauses.length} clauses, ${c.counts.checked} checked, ${c.counts.assumption} assumptions, ${c.counts.unchecked} unchecked${c.complete ? '' : '  [NOT ALL CHECKED]'}`
      : 'no clauses declared  [NOT ALL CHECKED]');
  const lines = [head];
  for (const k of c.clauses) {
    const by = k.status === 'checked' ? k.checkedBy!.join(', ') : k.status === 'assumption' ? `assumption ${k.assumption}` : `reason: ${k.unchecked}`;
    lines.push(`  ${k.status.padEnd(10)} ${k.text}`);
    lines.push(`  ${''.padEnd(10)}   -> ${by}${k.note ? ` (${k.note})` : ''}`);
  }
  return lines;
}

export async function coverageCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, theorems: { type: 'string' } }, 'coverage');
  if (positionals.length > 1) throw new InputError('ncverify coverage', `name at most one claim id, got ${positionals.join(' ')}`);
  const cat = typeof values.theorems === 'string' ? catalogue.with(await loadClaimFile(values.theorems), values.theorems) : catalogue;
  const entries = positionals.length === 1 ? [cat.get(String(positionals[0]))] : cat.entries;
  const rows = entries.map(coverageOf);
  if (values.json) {
    out(JSON.stringify(positionals.length === 1 ? rows[0] : rows, null, 1));
    return 0;
  }
  for (const r of rows) {
    for (const l of coverageLines(r)) out(l);
    out('');
  }
  const unchecked = rows.reduce((a, r) => a + r.counts.unchecked, 0);
  const total = rows.reduce((a, r) => a + r.clauses.length, 0);
  const incomplete = rows.filter((r) => !r.complete).map((r) => r.claim);
  out(
    `${rows.length} claims, ${total} clauses: ${total - unchecked} checked or encoded as assumptions, ${unchecked} unchecked${incomplete.length ? `; not all checked: ${incomplete.join(', ')}` : ''}`,
  );
  return 0;
}
