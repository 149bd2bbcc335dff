/**
 * `ncverify merge A.json B.json ... [--out DIR]`: merges the reports of the shards of one run
 * (`ncverify run --shard i/n`) into the report of the whole run, and writes every format.
 * Exit code as `run`: 1 when the merged run has a fail or a planted variant survived.
 */
import path from 'node:path';
import { InputError } from '../errors.ts';
import { mergeReports } from '../report/merge.ts';
import { readReport } from '../report/report.ts';
import { claimReportDir, displayDir, writeReportFiles } from '../report/write.ts';
import { parse } from './args.ts';
import { EXIT } from './failure.ts';

type Out = (line: string) => void;

export async function mergeCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' } }, 'merge');
  if (positionals.length === 0) throw new InputError('ncverify merge', 'give the report.json of every shard');
  const sources = positionals.map((f) => ({ report: readReport(String(f)), name: String(f) }));
  const merged = mergeReports(sources);
  const dir = path.resolve(typeof values.out === 'string' ? values.out : 'reports/latest');
  if (typeof values.out === 'string' && values.out.trim() === '') throw new InputError('--out', 'is empty: give a directory');
  const lock = claimReportDir(dir, '--out');
  let written: string[];
  try {
    written = await writeReportFiles(merged, dir);
  } finally {
    lock.release();
  }
  const t = merged.totals;
  out(`merged ${sources.length} shards: ${t.pass} pass, ${t.fail} fail, ${t.inconclusive} inconclusive, ${t.skipped} skipped`);
  out(`wrote ${written.map((f) => displayDir(f)).join(', ')}`);
  const survived = merged.mutations.some((m) => m.rejected < m.total);
  if (t.fail > 0 || survived) return EXIT.fail;
  if (merged.stopped)
    out(
      `stopped: shards ran out of their --timeout budget; ${merged.stopped.undecidedInstances} instances not decided, ${merged.stopped.variantsNotRun} planted variants not run`,
    );
  return merged.stopped ? EXIT.stopped : EXIT.ok;
}
