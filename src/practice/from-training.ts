/**
 * The measured side of a comparison from a training run (src/train) or from feature files
 * (`ncverify metrics --compare`): the class-mean and classifier Grams in float64 from the
 * float32 values, and what is known about the layer.
 */
import type { TrainResult } from '../train/types.ts';
import { classMeanGram, rowGram } from './geometry.ts';
import type { MeasuredLayer } from './compare.ts';
import { networkLambdas, type ResolvedLambdas } from './lambdas.ts';

export function measuredFromTraining(r: TrainResult): { layer: MeasuredLayer; lambdas: ResolvedLambdas } {
  const L = r.last;
  return {
    layer: {
      counts: r.settings.counts, nonnegative: L.nonnegative, hasBias: true, loss: r.settings.loss,
      meanGram: classMeanGram(L.features, L.labels, L.N, L.d, L.K), wGram: rowGram(L.W, L.K, L.d),
    },
    lambdas: networkLambdas(r.settings.weightDecay, r.settings.featureDecay, L.N),
  };
}

/**
 * From features (N x d) with labels already mapped to 0..K-1, an optional classifier (K x d,
 * row k for class k); `nonnegative` is measured (every feature >= 0).
 */
export function measuredFromArrays(features: ArrayLike<number>, labels: ArrayLike<number>, N: number, d: number, K: number, W: ArrayLike<number> | null, hasBias: boolean): MeasuredLayer {
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < N; i++) counts[labels[i]]++;
  let nonnegative = true;
  for (let i = 0; i < N * d && nonnegative; i++) if (features[i] < 0) nonnegative = false;
  return { counts, nonnegative, hasBias, meanGram: classMeanGram(features, labels, N, d, K), wGram: W ? rowGram(W, K, d) : null };
}
