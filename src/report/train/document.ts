/**
 * The training report (`ncverify train --out DIR`): the versioned JSON document
 * (`ncverify/train@1`, train.json) from which train.md and index.html are rendered. It carries
 * the settings, the precision (float32 training on the named backend; float64 metrics), the
 * terminal-phase outcome, the objective of every epoch, a summary of the NC metrics at every
 * checkpoint (the full metrics are in history.json), the final metrics, and the comparison with
 * the claims when `--compare` was given.
 */
import type { NcMetricsResult } from '../../metrics/types.ts';
import type { Comparison } from '../../practice/compare.ts';
import type { EpochRecord, TrainResult } from '../../train/types.ts';
import { imbalanceText } from '../../train/imbalance.ts';
import { modelText } from '../../train/model.ts';
import type { Provenance } from '../provenance.ts';

export const TRAIN_SCHEMA = 'ncverify/train@1';

/** The curves drawn over epochs: each a number, or null where the metric is undefined. */
export interface CheckpointSummary {
  readonly epoch: number;
  /** tr(Sigma_W Sigma_B^+)/K (torch pinv cutoff), class-mean and sample-weighted mu_G. */
  readonly nc1: number | null;
  readonly nc1SampleWeighted: number | null;
  /** std/mean of ||mu_k - mu_G|| (class-mean mu_G). */
  readonly equinorm: number | null;
  readonly etfError: number | null;
  readonly wEquinorm: number | null;
  readonly wEtfError: number | null;
  /** ||W/||W|| - C/||C|| ||_F^2 (class-mean mu_G). */
  readonly selfDuality: number | null;
  /** Agreement of argmax(W h + b) with the nearest class mean. */
  readonly ncc: number | null;
}

export interface TrainDocument {
  readonly schema: typeof TRAIN_SCHEMA;
  readonly provenance: Provenance;
  /** One line, repeated in every rendering. */
  readonly precisionNote: string;
  readonly result: Omit<TrainResult, 'last' | 'checkpoints' | 'final'> & { readonly finalMetrics: NcMetricsResult };
  readonly checkpoints: readonly CheckpointSummary[];
  readonly files: Record<string, string>;
  readonly comparison?: Comparison;
}

const val = (m: { defined: true; value: number } | { defined: false } | undefined): number | null => (m && m.defined ? m.value : null);

export function summariseCheckpoint(epoch: number, m: NcMetricsResult): CheckpointSummary {
  return {
    epoch,
    nc1: val(m.nc1.classMean.pinv),
    nc1SampleWeighted: val(m.nc1.sampleWeighted.pinv),
    equinorm: val(m.nc2.classMean.equinormCov),
    etfError: val(m.nc2.classMean.etfError),
    wEquinorm: val(m.classifier?.equinormCov),
    wEtfError: val(m.classifier?.etfError),
    selfDuality: val(m.nc3?.classMean.selfDuality),
    ncc: val(m.nc4?.withBias?.agreement),
  };
}

export function precisionNote(r: TrainResult): string {
  return `training in ${r.precision.training}; metrics accumulated in float64 (src/metrics) from the float32 features`;
}

export function trainDocument(r: TrainResult, provenance: Provenance, files: Record<string, string>, comparison?: Comparison): TrainDocument {
  const { last: _last, checkpoints, final, ...rest } = r;
  return {
    schema: TRAIN_SCHEMA,
    provenance,
    precisionNote: precisionNote(r),
    result: { ...rest, finalMetrics: final },
    checkpoints: checkpoints.map((c) => summariseCheckpoint(c.epoch, c.metrics)),
    files,
    ...(comparison ? { comparison } : {}),
  };
}

/** The settings in one line. */
export function settingsLine(s: TrainResult['settings']): string {
  return (
    `${s.dataset}, K = ${s.classes} (${s.classNames.join(', ')}), ${imbalanceText(s.imbalance)} with n_max = ${s.perClass}: n_k = [${s.counts.join(', ')}], N = ${s.counts.reduce((a, b) => a + b, 0)}; ` +
    `${modelText(s.model)}, ${s.loss === 'ce' ? 'cross-entropy' : 'MSE'}, wd = ${s.weightDecay}, lh = ${s.featureDecay}; SGD lr ${s.learningRate}, momentum ${s.momentum}, batch ${s.batchSize}; seed ${s.seed}`
  );
}

/** The terminal-phase outcome in one line. */
export function terminalLine(r: { terminal: TrainResult['terminal']; epochs: readonly EpochRecord[] }): string {
  const t = r.terminal;
  const last = r.epochs[r.epochs.length - 1];
  const where = t.reached
    ? `entered the terminal phase at epoch ${t.enteredAt}, stopped at epoch ${t.epochsRun}`
    : `did NOT reach the terminal phase within ${t.epochsRun} epochs (the budget)`;
  return `${where}: train accuracy ${(100 * last.accuracy).toFixed(2)}%, loss ${last.dataLoss.toExponential(3)}, objective ${last.objective.toExponential(3)} (${t.rule})`;
}
