/**
 * The measured side of a comparison from a training run (src/train) or from feature files
 * (`ncverify metrics --compare`): the class-mean and classifier Grams in float64 from the
 * float32 values, and what is known about the layer.
 */
import { InputError } from '../errors.ts';
import { openRows, parseRowSource, readLabels, readMatrix } from '../io/rows.ts';
import { remapLabels } from '../metrics/labels.ts';
import type { TrainResult } from '../train/types.ts';
import { classMeanGram, rowGram } from './geometry.ts';
import type { MeasuredLayer } from './compare.ts';
import { networkLambdas, type ResolvedLambdas } from './lambdas.ts';

export function measuredFromTraining(r: TrainResult): { layer: MeasuredLayer; lambdas: ResolvedLambdas } {
  const L = r.last;
  return {
    layer: {
      counts: r.settings.counts,
      nonnegative: L.nonnegative,
      hasBias: true,
      loss: r.settings.loss,
      meanGram: classMeanGram(L.features, L.labels, L.N, L.d, L.K),
      wGram: rowGram(L.W, L.K, L.d),
    },
    lambdas: networkLambdas(r.settings.weightDecay, r.settings.featureDecay, L.N),
  };
}

/**
 * From features (N x d) with labels already mapped to 0..K-1, an optional classifier (K x d,
 * row k for class k); `nonnegative` is measured (every feature >= 0).
 */
export function measuredFromArrays(
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  N: number,
  d: number,
  K: number,
  W: ArrayLike<number> | null,
  hasBias: boolean,
): MeasuredLayer {
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < N; i++) counts[labels[i]]++;
  let nonnegative = true;
  for (let i = 0; i < N * d && nonnegative; i++) if (features[i] < 0) nonnegative = false;
  return { counts, nonnegative, hasBias, meanGram: classMeanGram(features, labels, N, d, K), wGram: W ? rowGram(W, K, d) : null };
}

/**
 * The measured side from files (`ncverify metrics --compare`): one streaming pass over the
 * features for the class sums (float64, row order) and the sign of every value; labels remapped
 * to classes in ascending order of value as ncMetrics does, and the classifier row of label
 * value j for class of label j (so labels must index W's rows, as ncMetrics requires).
 */
export function measuredFromFiles(
  features: string,
  labels: string,
  classifier: string | undefined,
  hasBias: boolean,
  names = { features: '--features', labels: '--labels', classifier: '--classifier' },
): MeasuredLayer {
  const reader = openRows(parseRowSource(features, names.features), names.features);
  try {
    const { rows: N, cols: d } = reader;
    const map = remapLabels(readLabels(labels, names.labels).values, names.labels);
    if (map.classOf.length !== N) throw new InputError(names.labels, `has ${map.classOf.length} labels for ${N} feature rows`);
    const K = map.K;
    const sums = new Float64Array(K * d);
    let nonnegative = true;
    const chunk = 4096;
    const buf = new Float64Array(Math.min(chunk, N) * d);
    for (let s = 0; s < N; s += chunk) {
      const R = Math.min(chunk, N - s);
      const x = reader.read(s, R, buf);
      for (let i = 0; i < R; i++) {
        const dst = map.classOf[s + i] * d;
        for (let j = 0; j < d; j++) {
          const v = x[i * d + j];
          if (!Number.isFinite(v)) throw new InputError(names.features, `row ${s + i}, column ${j} is ${v}: features must be finite`);
          if (v < 0) nonnegative = false;
          sums[dst + j] += v;
        }
      }
    }
    for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) sums[k * d + j] /= map.counts[k];
    let W: Float64Array | null = null;
    if (classifier !== undefined) {
      const m = readMatrix(classifier, names.classifier);
      if (m.cols !== d) throw new InputError(names.classifier, `is ${m.rows} x ${m.cols} but the features have d = ${d}`);
      W = new Float64Array(K * d);
      for (let k = 0; k < K; k++) {
        const row = map.labelOf[k];
        if (row < 0 || row >= m.rows) throw new InputError(names.labels, `label ${row} has no row in ${names.classifier} (rows 0..${m.rows - 1})`);
        W.set(m.data.subarray(row * d, row * d + d), k * d);
      }
    }
    return { counts: Array.from(map.counts), nonnegative, hasBias, meanGram: rowGram(sums, K, d), wGram: W ? rowGram(W, K, d) : null };
  } finally {
    reader.close();
  }
}
