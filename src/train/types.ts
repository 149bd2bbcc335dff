/**
 * Result types of a training run (src/train/train.ts); the report (src/report/train/) and the
 * practice suite render them.
 */
import type { NcMetricsResult } from '../metrics/types.ts';
import type { Imbalance } from './imbalance.ts';
import type { ModelSpec } from './model.ts';
import type { LossName } from './objective.ts';
import type { PlateauRule } from './terminal-phase.ts';

/** The objective and accuracy on the whole training set after one epoch (epoch 0: at initialisation). */
export interface EpochRecord {
  readonly epoch: number;
  /** Data loss + feature term + weight term (the objective minimised, evaluated on all N samples). */
  readonly objective: number;
  /** Mean cross-entropy or mean 1/2 ||z - e_y||^2. */
  readonly dataLoss: number;
  /** lh/2 mean_i ||h_i||^2. */
  readonly featureTerm: number;
  /** wd/2 ||theta||^2. */
  readonly weightTerm: number;
  readonly accuracy: number;
  readonly learningRate: number;
  /** Wall time since training started. */
  readonly seconds: number;
}

/** The NC metrics (src/metrics, float64) of the features at one epoch. */
export interface Checkpoint {
  readonly epoch: number;
  readonly metrics: NcMetricsResult;
}

/** What was trained, with every default resolved. */
export interface TrainSettings {
  readonly dataset: string;
  readonly classes: number;
  readonly classNames: readonly string[];
  readonly imbalance: Imbalance;
  readonly perClass: number;
  readonly counts: readonly number[];
  readonly model: ModelSpec;
  readonly loss: LossName;
  readonly weightDecay: number;
  readonly featureDecay: number;
  readonly epochs: number;
  readonly seed: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly batchSize: number;
  readonly terminalEpochs: number;
  readonly plateau: PlateauRule;
  readonly checkpointEvery: number;
  readonly standardisation: { readonly mean: number; readonly std: number };
}

export interface TrainPrecision {
  /** e.g. "float32 on tfjs wasm (cpu)". */
  readonly training: string;
  readonly metrics: 'float64';
  readonly backend: { readonly name: string; readonly device: string; readonly precision: 'float32' };
}

export interface TerminalPhaseReport {
  readonly reached: boolean;
  /** Epoch at which the rule first held (null: not within the budget). */
  readonly enteredAt: number | null;
  readonly epochsRun: number;
  readonly stoppedBy: 'terminal-phase' | 'epoch-budget';
  /** The rule as a sentence. */
  readonly rule: string;
}

/** The trained network's last layer, as float32 values (written to .npy as they are). */
export interface LastLayer {
  readonly N: number;
  readonly d: number;
  readonly K: number;
  /** N x d, row i the feature of sample i (samples class by class). */
  readonly features: Float32Array;
  readonly labels: Int32Array;
  /** K x d, row k the classifier of class k. */
  readonly W: Float32Array;
  readonly bias: Float32Array;
  readonly nonnegative: boolean;
}

export interface TrainResult {
  readonly settings: TrainSettings;
  readonly precision: TrainPrecision;
  readonly epochs: readonly EpochRecord[];
  readonly checkpoints: readonly Checkpoint[];
  readonly terminal: TerminalPhaseReport;
  readonly last: LastLayer;
  /** The metrics of the last checkpoint (the final epoch). */
  readonly final: NcMetricsResult;
  readonly seconds: number;
}
