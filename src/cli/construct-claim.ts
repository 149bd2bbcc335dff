/**
 * Construction claims of the catalogue from the command line (ebv2023.*, fedloge2024.*):
 *
 *   ncverify construct <claim-id> [--instances N] [--seed S] [--json]
 *     the claim on N random parameter sets (one line each, then the summary; exit 1 on a fail);
 *   ncverify mutate <claim-id> [--seed S] [--json]
 *     its planted wrong variants, each of which must be rejected (exit 1 if one survives).
 *
 * The same parameter sets and verdicts as `ncverify run` for the same seed.
 */
import { checkConstruction, runConstructionVariants, type Construction } from '../engine/construction.ts';
import { claimSummaryLine, instanceLine, variantLine } from '../report/text.ts';
import { intFlag, parse } from './args.ts';

type Out = (line: string) => void;

function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v instanceof Float64Array || v instanceof Uint8Array) return Array.from(v);
  return v;
}

export function constructClaimCommand(claim: Construction, argv: string[], out: Out): number {
  const { values } = parse(argv, { instances: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } }, `construct ${claim.id}`);
  const instances = intFlag(values.instances, '--instances', 1) ?? 10;
  const seed = intFlag(values.seed, '--seed', 0) ?? 1;
  if (!values.json) out(`${claim.id} — ${claim.paper}, ${claim.section}: ${instances} parameter sets, seed ${seed}`);
  const res = checkConstruction(claim, { instances, seed, onResult: values.json ? undefined : (r) => out(instanceLine(r)) });
  if (values.json) out(JSON.stringify(res, jsonSafe, 1));
  else out(claimSummaryLine(res));
  return res.summary.fail > 0 ? 1 : 0;
}

export function mutateConstructionCommand(claim: Construction, argv: string[], out: Out): number {
  const { values } = parse(argv, { seed: { type: 'string' }, json: { type: 'boolean' }, theorems: { type: 'string' } }, 'mutate');
  const seed = intFlag(values.seed, '--seed', 0) ?? 1;
  if (!values.json) out(`${claim.id}: planted wrong variants (each must be rejected with a fail)`);
  const res = runConstructionVariants(claim, { seed });
  if (values.json) out(JSON.stringify(res, jsonSafe, 1));
  else {
    for (const v of res.variants) out(variantLine(v));
    out(`${res.rejected}/${res.total} variants rejected`);
  }
  return res.rejected === res.total ? 0 : 1;
}
