/** Compact numbers for instance summaries (`K=4 n=5x4 d=6 λW=5e-3 ...`). */
export function formatNumber(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? String(Number(x.toPrecision(4))) : x.toExponential(2);
}
