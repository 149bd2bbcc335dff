/**
 * What `ncverify train --out DIR` writes besides the report: the trained last layer as .npy
 * (float32 as trained, so `ncverify metrics` and numpy read exactly the values the reported
 * metrics were computed from; labels int64, numpy's default integer) and history.json, the
 * training curve with the NC metrics (src/metrics, float64) at every checkpoint.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeNpy } from '../io/npy.ts';
import type { TrainResult } from './types.ts';

export const TRAIN_FILES = {
  features: 'features.npy',
  labels: 'labels.npy',
  W: 'W.npy',
  bias: 'bias.npy',
  history: 'history.json',
} as const;

export const HISTORY_SCHEMA = 'ncverify/train-history@1';

/** history.json: every epoch's record and every checkpoint's metrics. */
export function historyDocument(r: TrainResult) {
  return { schema: HISTORY_SCHEMA, settings: r.settings, precision: r.precision, terminal: r.terminal, epochs: r.epochs, checkpoints: r.checkpoints };
}

/** Writes the .npy files and history.json into `dir`; returns the paths. */
export function writeTrainOutputs(r: TrainResult, dir: string, json: (value: unknown) => string): string[] {
  mkdirSync(dir, { recursive: true });
  const L = r.last;
  const f = (name: string) => path.join(dir, name);
  writeNpy(f(TRAIN_FILES.features), L.features, [L.N, L.d], '<f4');
  writeNpy(f(TRAIN_FILES.labels), L.labels, [L.N], '<i8');
  writeNpy(f(TRAIN_FILES.W), L.W, [L.K, L.d], '<f4');
  writeNpy(f(TRAIN_FILES.bias), L.bias, [L.K], '<f4');
  writeFileSync(f(TRAIN_FILES.history), json(historyDocument(r)) + '\n');
  return Object.values(TRAIN_FILES).map(f);
}
