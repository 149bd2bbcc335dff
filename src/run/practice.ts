/**
 * The practice part of `ncverify run --suite practice`: each experiment of
 * src/practice/suite.ts trained (seeded by the run's seed and its position), then compared with
 * its claims, into the report's optional practice section.
 */
import type { BackendRequest } from '../backends/tfjs.ts';
import { compareWithClaims, parseCompare } from '../practice/compare.ts';
import { measuredFromTraining } from '../practice/from-training.ts';
import { practiceExperiment } from '../practice/suite.ts';
import type { PracticeExperimentReport, PracticeSection } from '../report/practice/section.ts';
import { precisionNote, summariseCheckpoint } from '../report/train/document.ts';
import { trainExperiment } from '../train/experiment.ts';
import { deriveSeed } from '../random.ts';

type Out = (line: string) => void;

export interface PracticeRunOptions {
  readonly seed: number;
  readonly backend?: BackendRequest;
  readonly log?: Out;
}

export async function runPractice(ids: readonly string[], options: PracticeRunOptions): Promise<PracticeSection> {
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const experiments: PracticeExperimentReport[] = [];
  for (const [i, id] of ids.entries()) {
    const e = practiceExperiment(id);
    const seed = deriveSeed(options.seed, 500, i);
    const t1 = performance.now();
    log(`practice ${id} — ${e.description}: training`);
    const r = await trainExperiment({ ...e.options, seed, ...(options.backend ? { backend: options.backend } : {}) });
    const { layer, lambdas } = measuredFromTraining(r);
    const comparison = compareWithClaims(parseCompare(e.compare.join(',')), layer, lambdas, { seed });
    const { last: _last, checkpoints, final, ...rest } = r;
    experiments.push({
      id,
      description: e.description,
      seconds: (performance.now() - t1) / 1000,
      precisionNote: precisionNote(r),
      result: { ...rest, finalMetrics: final },
      checkpoints: checkpoints.map((c) => summariseCheckpoint(c.epoch, c.metrics)),
      comparison,
    });
    const nc1 = [checkpoints[0].metrics.nc1.classMean.pinv, final.nc1.classMean.pinv].map((m) => (m.defined ? m.value.toExponential(2) : 'undefined'));
    log(
      `practice ${id}: ${r.terminal.reached ? `terminal phase at epoch ${r.terminal.enteredAt}` : 'terminal phase not reached'}, ${r.terminal.epochsRun} epochs, accuracy ${(100 * r.epochs[r.epochs.length - 1].accuracy).toFixed(2)}%, NC1 ${nc1[0]} -> ${nc1[1]} (${((performance.now() - t1) / 1000).toFixed(1)} s)`,
    );
    for (const c of comparison.claims) {
      log(
        c.kind === 'compared'
          ? `  vs ${c.claim} (${c.verdict}): distance ${c.distance.toFixed(4)}, ETF ${c.etfDistance.toFixed(4)}`
          : `  vs ${c.claim}: not applicable (${c.reason})`,
      );
    }
  }
  return { experiments, seconds: (performance.now() - t0) / 1000 };
}
