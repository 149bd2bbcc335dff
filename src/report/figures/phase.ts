/**
 * Phase diagrams for threshold claims: along a parameter (e.g. lambdaW), the predicted curve of
 * a quantity (e.g. the predicted switch, or a predicted norm that drops to 0 at a threshold)
 * as a line and the measured values as points. Any claim can attach such series to its
 * report entry (`ReportClaim.phase`); the report draws them when present.
 */
import type { TopLevelSpec } from 'vega-lite';

/** One measured-vs-predicted series along a parameter. */
export interface PhaseSeries {
  /** What the series shows, e.g. "||W||^2 across the zero-solution threshold". */
  readonly title: string;
  /** Name of the swept parameter (x axis), e.g. "lambdaW". */
  readonly parameter: string;
  /** Name of the quantity (y axis), e.g. "||W||^2" or "threshold". */
  readonly quantity: string;
  readonly points: readonly {
    readonly parameter: number;
    readonly predicted: number;
    /** null where nothing was measured (e.g. the solve was inconclusive). */
    readonly measured: number | null;
  }[];
  /** Where the claim puts the switch, if it is a single value of the parameter. */
  readonly predictedSwitch?: number;
  /** Use a log scale for the parameter. @defaultValue false */
  readonly logParameter?: boolean;
}

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
      data: { values: pts.filter((p) => p.measured !== null && Number.isFinite(p.measured)).map((p) => ({ x: p.parameter, y: p.measured, series: 'measured' })) },
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

/** The rows of a threshold study (src/engine/threshold.ts), as far as a phase diagram needs them. */
export interface SwitchRow {
  readonly configuration: string;
  readonly predicted: number;
  readonly measured: number;
  readonly outcome: string;
}

/**
 * A threshold study's switch points as a phase series: each configuration at its predicted
 * switch t* (x), the predicted curve t = t* and the measured switch from bisection (y). Above
 * the curve the claimed property holds, below it does not; a measured point off the curve is a
 * disagreement. Rows without a switch (`no-switch`) have no measured point.
 *
 * Syntax: thresholdPhaseSeries({ claim, parameter, property }, runThresholdStudy(study))
 */
export function thresholdPhaseSeries(
  study: { readonly claim: string; readonly parameter: string; readonly property: string }, rows: readonly SwitchRow[],
): PhaseSeries {
  return {
    title: `${study.claim}: where "${study.property}" switches on`,
    parameter: `predicted switch t* of ${study.parameter}`,
    quantity: `switch point of ${study.parameter}`,
    points: rows.map((r) => ({ parameter: r.predicted, predicted: r.predicted, measured: r.outcome === 'no-switch' ? null : r.measured })),
  };
}
