/**
 * Phase diagrams for threshold claims: along a parameter (e.g. lambdaW), the predicted curve of
 * a quantity (e.g. the predicted switch, or a predicted norm that drops to 0 at a threshold)
 * as a line and the measured values as points. Any claim can attach such series to its
 * report entry (`ReportClaim.phase`); the report draws them when present.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { PhaseSeries } from '../../engine/phase.ts';

export type { PhaseSeries };

export function phaseSpec(series: PhaseSeries): TopLevelSpec {
  const pts = [...series.points].sort((a, b) => a.parameter - b.parameter);
  const xScale = { type: series.logParameter ? 'log' : 'linear', zero: false } as const;
  const layers: unknown[] = [
    {
      data: { values: pts.filter((p) => Number.isFinite(p.predicted)).map((p) => ({ x: p.parameter, y: p.predicted, series: 'predicted' })) },
      mark: { type: 'line', color: '#1f5fa8' },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: xScale, title: series.parameter },
        y: { field: 'y', type: 'quantitative', title: series.quantity },
      },
    },
    {
      data: {
        values: pts.filter((p) => p.measured !== null && Number.isFinite(p.measured)).map((p) => ({ x: p.parameter, y: p.measured, series: 'measured' })),
      },
      mark: { type: 'point', filled: true, color: '#c2410c', size: 40 },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: xScale },
        y: { field: 'y', type: 'quantitative' },
      },
    },
  ];
  if (series.predictedSwitch !== undefined && Number.isFinite(series.predictedSwitch)) {
    layers.push({
      data: { values: [{ x: series.predictedSwitch }] },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#555' },
      encoding: { x: { field: 'x', type: 'quantitative', scale: xScale } },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: series.title, subtitle: 'line: predicted; points: measured' + (series.predictedSwitch !== undefined ? '; dashed: predicted switch' : '') },
    width: 420,
    height: 240,
    layer: layers,
  } as TopLevelSpec;
}
