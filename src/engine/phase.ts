/**
 * Measured-vs-predicted series along a parameter, the data behind a phase diagram (the report
 * draws them, src/report/figures/phase.ts): a threshold study's switch points, or any series a
 * claim attaches to its report entry (`ReportClaim.phase`).
 */

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
  study: { readonly claim: string; readonly parameter: string; readonly property: string },
  rows: readonly SwitchRow[],
): PhaseSeries {
  return {
    title: `${study.claim}: where "${study.property}" switches on`,
    parameter: `predicted switch t* of ${study.parameter}`,
    quantity: `switch point of ${study.parameter}`,
    points: rows.map((r) => ({ parameter: r.predicted, predicted: r.predicted, measured: r.outcome === 'no-switch' ? null : r.measured })),
  };
}
