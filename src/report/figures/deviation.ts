/**
 * Deviation vs tolerance: every structural check on every instance as a point on log-log axes
 * with the line deviation = tolerance. Points above the line are violations; the distance
 * below it is the margin by which a claim passed.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { InstanceResult } from '../../engine/verdict.ts';
import { LOG_FLOOR } from './vega-svg.ts';
import { maxOf, minOf } from '../../linalg/vector.ts';

/** Points closer than this (in decades, on both axes) are drawn once: 1/20 decade is under a pixel here. */
const MERGE_DECADES = 0.05;

/** One point per check and outcome per 1/20-decade cell: the picture of hundreds of checks at a fraction of the SVG. */
export function deviationRows(results: readonly InstanceResult[]) {
  const rows: Array<{ check: string; deviation: number; tolerance: number; outcome: string }> = [];
  const seen = new Set<string>();
  const cell = (x: number) => Math.round(Math.log10(x) / MERGE_DECADES);
  for (const r of results) {
    for (const c of r.checks) {
      if (!Number.isFinite(c.tolerance) || c.tolerance <= 0 || Number.isNaN(c.deviation)) continue;
      const deviation = Number.isFinite(c.deviation) ? Math.max(c.deviation, LOG_FLOOR) : 1e300;
      const outcome = c.ok ? 'within tolerance' : 'violated';
      const key = `${c.name}\u0000${outcome}\u0000${cell(c.tolerance)}\u0000${cell(deviation)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ check: c.name, deviation, tolerance: c.tolerance, outcome });
    }
  }
  return rows;
}

export function deviationSpec(results: readonly InstanceResult[], title: string): TopLevelSpec {
  const rows = deviationRows(results);
  const tols = rows.map((r) => r.tolerance);
  const lo = Math.min(minOf(tols), minOf(rows.map((r) => r.deviation)));
  const hi = maxOf(tols);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `above the dashed line = violated; a deviation of 0 is drawn at ${LOG_FLOOR.toExponential(0)}` },
    width: 420,
    height: 260,
    layer: [
      {
        data: { values: [{ t: Math.max(lo, LOG_FLOOR) }, { t: hi }] },
        mark: { type: 'line', strokeDash: [4, 3], color: '#888' },
        encoding: {
          x: { field: 't', type: 'quantitative', scale: { type: 'log' } },
          y: { field: 't', type: 'quantitative', scale: { type: 'log' } },
        },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 36, opacity: 0.75 },
        encoding: {
          x: { field: 'tolerance', type: 'quantitative', scale: { type: 'log' }, title: 'tolerance', axis: { format: '.0e' } },
          y: { field: 'deviation', type: 'quantitative', scale: { type: 'log' }, title: 'measured deviation', axis: { format: '.0e' } },
          color: { field: 'check', type: 'nominal', title: 'check', legend: { labelLimit: 320 } },
          shape: { field: 'outcome', type: 'nominal', title: null, scale: { domain: ['within tolerance', 'violated'], range: ['circle', 'cross'] } },
        },
      },
    ],
  };
}
