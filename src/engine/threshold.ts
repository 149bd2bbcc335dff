/**
 * Threshold claims: "property P holds iff parameter t crosses t*". A study evaluates P on
 * certified solutions on both sides of the predicted t*, then bisects on t for the empirical
 * switch point and reports it against the prediction (`ncverify threshold ID`; declared with defineStudy, study.ts). A switch point
 * outside the bisection resolution of the prediction, or a bracket with no switch at all, is a
 * disagreement: a finding, reported with its numbers.
 */

/** P evaluated at one value of the parameter, on a certified solution. */
export interface ThresholdProbe {
  readonly holds: boolean;
  /** Whether the solution P was measured on is certified (e.g. by a duality gap). */
  readonly certified: boolean;
  /** The measured quantity P is decided on (e.g. the minority logit spread). */
  readonly measure: number;
}

/** The bisection part of a threshold study (study.ts adds the catalogue fields). */
export interface ThresholdSweep<C> {
  /** The parameter, e.g. "N lambdaZ". */
  readonly parameter: string;
  /** The property, e.g. "minority classes collapse". */
  readonly property: string;
  readonly configurations: readonly C[];
  describe(c: C): string;
  /** The predicted switch point t*; P is claimed to hold above it. */
  predicted(c: C): number;
  /** [lo, hi] with P claimed false at lo and true at hi. */
  bracket(c: C): [number, number];
  probe(c: C, t: number): ThresholdProbe;
}

export interface ThresholdRow {
  readonly configuration: string;
  readonly predicted: number;
  /** Final bracket: P false at lo, true at hi (when `outcome` is agree or disagree). */
  readonly lo: number;
  readonly hi: number;
  /** Midpoint of the final bracket. */
  readonly measured: number;
  /** (hi - lo) / predicted. */
  readonly resolution: number;
  /** (measured - predicted) / predicted. */
  readonly relativeError: number;
  readonly probes: number;
  readonly uncertifiedProbes: number;
  /**
   * - agree: the prediction lies in the final bracket (widened by one resolution).
   * - disagree: it does not.
   * - no-switch: P does not change between the bracket ends as claimed.
   */
  readonly outcome: 'agree' | 'disagree' | 'no-switch';
  readonly detail: string;
}

export interface LocateOptions {
  /** Bisect until (hi - lo) / t* <= this. @defaultValue 1e-6 */
  relTol?: number;
  /** @defaultValue 80 */
  maxProbes?: number;
}

/** Locates the switch point of one configuration by bisection. */
export function locateSwitch<C>(study: ThresholdSweep<C>, c: C, options: LocateOptions = {}): ThresholdRow {
  const relTol = options.relTol ?? 1e-6;
  const maxProbes = options.maxProbes ?? 80;
  const predicted = study.predicted(c);
  let [lo, hi] = study.bracket(c);
  let probes = 0;
  let uncertified = 0;
  const at = (t: number): ThresholdProbe => {
    const p = study.probe(c, t);
    probes++;
    if (!p.certified) uncertified++;
    return p;
  };
  const pLo = at(lo);
  const pHi = at(hi);
  const row = (outcome: ThresholdRow['outcome'], detail: string): ThresholdRow => {
    const measured = (lo + hi) / 2;
    return {
      configuration: study.describe(c),
      predicted,
      lo,
      hi,
      measured,
      resolution: (hi - lo) / predicted,
      relativeError: (measured - predicted) / predicted,
      probes,
      uncertifiedProbes: uncertified,
      outcome,
      detail,
    };
  };
  if (pLo.holds || !pHi.holds) {
    return row(
      'no-switch',
      `${study.property} ${pLo.holds ? 'holds' : 'fails'} at ${study.parameter} = ${lo} (measure ${pLo.measure}) and ${pHi.holds ? 'holds' : 'fails'} at ${hi} (measure ${pHi.measure})`,
    );
  }
  while ((hi - lo) / predicted > relTol && probes < maxProbes) {
    const mid = (lo + hi) / 2;
    if (at(mid).holds) hi = mid;
    else lo = mid;
  }
  const res = (hi - lo) / predicted;
  const agrees = predicted >= lo - res * predicted && predicted <= hi + res * predicted;
  return row(
    agrees ? 'agree' : 'disagree',
    agrees
      ? `switch located in [${lo}, ${hi}], the prediction ${predicted} inside`
      : `switch located in [${lo}, ${hi}], the prediction ${predicted} outside by ${Math.abs((lo + hi) / 2 - predicted) / predicted} relative`,
  );
}

/** Runs every configuration of a study. */
export function runThresholdStudy<C>(study: ThresholdSweep<C>, options: LocateOptions & { onRow?: (r: ThresholdRow) => void } = {}): ThresholdRow[] {
  return study.configurations.map((c) => {
    const r = locateSwitch(study, c, options);
    options.onRow?.(r);
    return r;
  });
}
