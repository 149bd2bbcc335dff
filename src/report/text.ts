/** Plain-text rendering of results for the terminal. */
import type { Certificate } from '../certify/certificate.ts';
import type { ClaimResult, InstanceResult } from '../engine/verdict.ts';
import type { VariantResult } from '../engine/mutate.ts';

const e = (x: number, d = 1) => (Number.isFinite(x) ? x.toExponential(d) : String(x));

export function certificateLine(c: Certificate | null): string {
  if (!c) return '';
  return `f=${c.objective.toPrecision(10)} |g|=${e(c.gradNorm)} λmin=${e(c.minHessianEig)} (${c.stationarity})`;
}

export function instanceLine(r: InstanceResult): string {
  const worst = r.worst ? `worst ${r.worst.name} ${e(r.worst.deviation)} ≤? ${e(r.worst.tolerance)}` : '';
  const head = `#${String(r.index).padEnd(3)} ${r.summary.padEnd(52)} ${r.verdict.toUpperCase().padEnd(12)}`;
  const tail = r.verdict === 'pass' ? `${worst}  ${certificateLine(r.certificate)}` : r.reason;
  return `${head} ${tail}`;
}

export function claimSummaryLine(c: ClaimResult): string {
  const s = c.summary;
  return `${c.claim}: ${s.pass} pass, ${s.fail} fail, ${s.inconclusive} inconclusive, ${s.skipped} skipped (${c.seconds.toFixed(1)} s)`;
}

export function variantLine(v: VariantResult): string {
  return `${v.rejected ? 'rejected    ' : 'NOT REJECTED'} ${v.name}: ${v.reason}`;
}
