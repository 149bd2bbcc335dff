/**
 * The optional practice section of a run report (`ncverify run --suite practice`): one entry
 * per trained network, with what its training report has (settings, precision, terminal phase,
 * every epoch's objective, the checkpoint summaries, the final metrics) and its comparison with
 * the claims. report.json stays `ncverify/report@1`: the field is optional and absent in every
 * other suite, whose output is unchanged.
 */
import type { TrainDocument } from '../train/document.ts';

export interface PracticeExperimentReport extends Pick<TrainDocument, 'result' | 'checkpoints' | 'precisionNote' | 'comparison'> {
  readonly id: string;
  readonly description: string;
  readonly seconds: number;
}

export interface PracticeSection {
  readonly experiments: readonly PracticeExperimentReport[];
  readonly seconds: number;
}
