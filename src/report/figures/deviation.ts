/**
 * Deviation vs tolerance: every structural check on every instance as a point on log-log axes
 * with the line deviation = tolerance. Points above the line are violations; the distance
 * below it is the margin by which a claim passed.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { InstanceResult } from '../../core/verdict.ts';
import { LOG_FLOOR } from './vega-svg.ts';

export function deviationRows(results: readonly InstanceResult[]) {
  const rows: Array<{ check: string; instance: number; deviation: number; tolerance: number; outcome: string }> = [];
  for (const r of results) {
    for (const c of r.checks) {
      if (!Number.isFinite(c.tolerance) || c.tolerance <= 0 || Number.isNaN(c.deviation)) continue;
      const deviation = Number.isFinite(c.deviation) ? Math.max(c.deviation, LOG_FLOOR) : 1e300;
      rows.push({ check: c.name, instance: r.index, deviation, tolerance: c.tolerance, outcome: c.ok ? 'within tolerance' : 'violated' });
    }
  }
  return rows;
}

export function deviationSpec(results: readonly InstanceResult[], title: string): TopLevelSpec {
  const rows = deviationRows(results);
  const tols = rows.map((r) => r.tolerance);
  const lo = Math.min(...tols, ...rows.map((r) => r.deviation));
  const hi = Math.max(...tols);
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
  } as TopLevelSpec;
}
