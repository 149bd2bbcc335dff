/**
 * `ncverify train --dataset fashion-mnist [--classes K] [--imbalance none|step:R|exp:rho]
 * [--per-class n_max] [--model mlp:512,512 | linear[:W]] [--loss ce|mse] [--weight-decay wd]
 * [--feature-decay lh] [--epochs E] [--seed S] [--out DIR] [--compare CLAIM[,CLAIM...]]
 * [--backend B] [--lr LR] [--batch-size B] [--terminal-epochs T] [--json]`:
 * trains a network to the terminal phase (src/train) and writes its last layer as .npy,
 * history.json and the report (train.json, train.md, index.html) to DIR (default
 * reports/train). With --compare, the measured geometry is put next to each claim's certified
 * prediction for the same class counts and lambdas (src/practice).
 *
 * Progress goes to stderr: on a terminal a redrawn bar (epoch, loss, accuracy, NC1 so far,
 * time left); elsewhere one line per checkpoint. Bad input exits 2 naming the flag.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseBackendFlag } from '../backends/tfjs.ts';
import { InputError } from '../errors.ts';
import { outDirProblem } from '../io/atomic-dir.ts';
import { lockDirectory } from '../io/lock.ts';
import { compareWithClaims, parseCompare, type Comparison } from '../practice/compare.ts';
import { measuredFromTraining } from '../practice/from-training.ts';
import { compactJson } from '../report/json-format.ts';
import { provenance } from '../report/provenance.ts';
import { trainDocument } from '../report/train/document.ts';
import { renderTrainHtml } from '../report/train/html.ts';
import { renderTrainMarkdown, renderTrainText } from '../report/train/markdown.ts';
import { displayDir } from '../report/write.ts';
import { parseDataset } from '../train/dataset.ts';
import { trainExperiment } from '../train/experiment.ts';
import { parseImbalance } from '../train/imbalance.ts';
import { parseModel } from '../train/model.ts';
import { TRAIN_FILES, writeTrainOutputs } from '../train/outputs.ts';
import type { EpochProgress } from '../train/train.ts';
import { intFlag, numberFlag, parse } from './args.ts';
import { seedFlag } from './limits.ts';
import { wantsBar } from './progress.ts';

type Out = (line: string) => void;

export const TRAIN_REPORT_FILES = { json: 'train.json', markdown: 'train.md', html: 'index.html' } as const;

/** What a train --out directory may already hold (a previous run's outputs, which are replaced). */
const TRAIN_ENTRIES = new Set<string>([...Object.values(TRAIN_FILES), ...Object.values(TRAIN_REPORT_FILES)]);

/** The checked flags of one `train` command. */
interface TrainArgs {
  readonly values: { readonly json?: boolean };
  readonly dataset: ReturnType<typeof parseDataset>;
  readonly classes: number;
  readonly imbalance: ReturnType<typeof parseImbalance>;
  readonly perClass: number;
  readonly model: ReturnType<typeof parseModel>;
  readonly loss: 'ce' | 'mse';
  readonly weightDecay: number;
  readonly featureDecay: number;
  readonly epochs: number;
  readonly seed: number;
  readonly learningRate: number | undefined;
  readonly batchSize: number | undefined;
  readonly terminalEpochs: number | undefined;
  readonly backend: ReturnType<typeof parseBackendFlag>;
  readonly claims: ReturnType<typeof parseCompare> | null;
  readonly dir: string;
}

function parseLoss(value: unknown): 'ce' | 'mse' {
  const loss = typeof value === 'string' ? value : 'ce';
  if (loss !== 'ce' && loss !== 'mse') throw new InputError('--loss', `expected ce or mse, got ${JSON.stringify(loss)}`);
  return loss;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  // Rounded to whole seconds first, so 179.6 s reads 3m00s, not 2m60s.
  const t = Math.max(0, Math.round(s));
  if (t < 60) return `${t}s`;
  const m = Math.floor(t / 60);
  return `${m}m${String(t - 60 * m).padStart(2, '0')}s`;
}

/** The bar's text after an epoch: epoch, loss, accuracy, NC1 so far, time left. */
export function trainProgressText(p: EpochProgress, width = 20): string {
  const e = p.record.epoch;
  const perEpoch = p.record.seconds / Math.max(1, e);
  // Before the terminal phase the end is unknown: the budget bounds it.
  const end = p.phase.state === 'training' ? p.budget : Math.min(p.budget, (p.phase.state === 'entered' ? p.phase.epoch : p.phase.entered) + p.terminalEpochs);
  const left = (end - e) * perEpoch;
  const frac = Math.min(1, e / end);
  const filled = Math.round(frac * width);
  const stage = p.phase.state === 'training' ? 'to TPT' : p.phase.state === 'entered' ? `TPT since ${p.phase.epoch}` : 'done';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] epoch ${e}/${end} (${stage})  loss ${p.record.dataLoss.toExponential(2)}  acc ${(100 * p.record.accuracy).toFixed(2)}%  NC1 ${p.nc1 === null ? '—' : p.nc1.toExponential(2)}  ${p.phase.state === 'training' ? '≤' : '~'}${duration(left)} left`;
}

export async function trainCommand(argv: string[], out: Out, err: Out = (l) => process.stderr.write(l + '\n')): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      dataset: { type: 'string' },
      classes: { type: 'string' },
      imbalance: { type: 'string' },
      'per-class': { type: 'string' },
      model: { type: 'string' },
      loss: { type: 'string' },
      'weight-decay': { type: 'string' },
      'feature-decay': { type: 'string' },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      compare: { type: 'string' },
      backend: { type: 'string' },
      lr: { type: 'string' },
      'batch-size': { type: 'string' },
      'terminal-epochs': { type: 'string' },
      json: { type: 'boolean' },
    },
    'train',
  );
  if (positionals.length > 0) throw new InputError('ncverify train', `unexpected argument ${JSON.stringify(positionals[0])}`);
  // Every flag is checked before anything is loaded or trained, in this order.
  const a: TrainArgs = {
    values,
    dataset: parseDataset(typeof values.dataset === 'string' ? values.dataset : 'fashion-mnist'),
    classes: intFlag(values.classes, '--classes', 2) ?? 10,
    imbalance: parseImbalance(typeof values.imbalance === 'string' ? values.imbalance : 'none'),
    perClass: intFlag(values['per-class'], '--per-class', 1) ?? 500,
    model: parseModel(typeof values.model === 'string' ? values.model : 'mlp:512,512'),
    loss: parseLoss(values.loss),
    weightDecay: numberFlag(values['weight-decay'], '--weight-decay', 0) ?? 5e-4,
    featureDecay: numberFlag(values['feature-decay'], '--feature-decay', 0) ?? 0,
    epochs: intFlag(values.epochs, '--epochs', 1) ?? 400,
    seed: seedFlag(values.seed, 1),
    learningRate: numberFlag(values.lr, '--lr', 0, true),
    batchSize: intFlag(values['batch-size'], '--batch-size', 1),
    terminalEpochs: intFlag(values['terminal-epochs'], '--terminal-epochs', 0),
    backend: parseBackendFlag(values.backend),
    claims: typeof values.compare === 'string' ? parseCompare(values.compare) : null,
    dir: typeof values.out === 'string' ? values.out : 'reports/train',
  };
  const { dir } = a;
  // Before the training, which can take an hour: a --out that cannot take the outputs (an
  // existing file, not writable, other files in it) is exit 2 now; a second run writing the same
  // directory is refused while this one holds the lock (as `run --out`).
  const problem = outDirProblem(dir, (name) => TRAIN_ENTRIES.has(name));
  if (problem) throw new InputError('--out', problem);
  // The lock file is the directory's sibling: its parent must exist (a nested new --out is fine).
  mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  const lock = lockDirectory(dir, '--out');
  try {
    return await trainLocked(a, out, err);
  } finally {
    lock.release();
  }
}

async function trainLocked(a: TrainArgs, out: Out, err: Out): Promise<number> {
  const {
    values,
    dataset,
    classes,
    imbalance,
    perClass,
    model,
    loss,
    weightDecay,
    featureDecay,
    epochs,
    seed,
    learningRate,
    batchSize,
    terminalEpochs,
    backend,
    claims,
    dir,
  } = a;

  const bar = wantsBar();
  let drawn = false;
  const onEpoch = (p: EpochProgress) => {
    if (bar) {
      process.stderr.write(`\r\x1b[K${trainProgressText(p)}`);
      drawn = true;
    } else if (p.record.epoch % 10 === 0 || p.phase.state === 'done') err(trainProgressText(p));
  };
  const startedAt = new Date();
  const t0 = performance.now();
  let result;
  try {
    result = await trainExperiment({
      dataset,
      classes,
      imbalance,
      perClass,
      model,
      loss,
      weightDecay,
      featureDecay,
      epochs,
      seed,
      backend,
      onEpoch,
      ...(learningRate !== undefined ? { learningRate } : {}),
      ...(batchSize !== undefined ? { batchSize } : {}),
      ...(terminalEpochs !== undefined ? { terminalEpochs } : {}),
    });
  } finally {
    if (drawn) process.stderr.write('\r\x1b[K');
  }
  const json = (v: unknown) =>
    compactJson(v, (_k, x) =>
      typeof x === 'number' && !Number.isFinite(x) ? String(x) : x instanceof Float32Array || x instanceof Int32Array ? Array.from(x) : x,
    );
  // The trained layer and history first: a comparison can take long (a claim's certified solve
  // at the network's N), and an interrupted one must not lose the training; `ncverify metrics
  // --compare` redoes it from these files.
  const files = writeTrainOutputs(result, dir, json);
  let comparison: Comparison | undefined;
  if (claims) {
    const { layer, lambdas } = measuredFromTraining(result);
    comparison = compareWithClaims(claims, layer, lambdas, {
      seed,
      onClaim: (c) => err(`compared with ${c.claim}: ${c.kind === 'compared' ? `${c.verdict}, ${c.seconds.toFixed(1)} s` : 'not applicable'}`),
    });
  }
  const shown = displayDir(dir);
  const named = Object.fromEntries(Object.entries(TRAIN_FILES).map(([k, f]) => [k, path.join(shown, f)]));
  const prov = provenance(seed, startedAt, (performance.now() - t0) / 1000, {
    name: `tfjs ${result.precision.backend.name} (training)`,
    precision: 'float32',
    device: result.precision.backend.device,
  });
  const doc = trainDocument(result, prov, named, comparison);
  const docJson = json(doc);
  writeFileSync(path.join(dir, TRAIN_REPORT_FILES.json), docJson + '\n');
  writeFileSync(path.join(dir, TRAIN_REPORT_FILES.markdown), renderTrainMarkdown(doc));
  writeFileSync(path.join(dir, TRAIN_REPORT_FILES.html), await renderTrainHtml(doc));
  if (values.json) out(docJson);
  else for (const line of renderTrainText(doc)) out(line);
  (values.json ? err : out)(`wrote ${[...files.map((f) => displayDir(f)), ...Object.values(TRAIN_REPORT_FILES).map((f) => path.join(shown, f))].join(', ')}`);
  return 0;
}
