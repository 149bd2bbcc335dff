/**
 * Training a network on a training set to the terminal phase, in float32 on a tfjs backend,
 * with the NC metrics (src/metrics, float64) of its last-layer features at checkpoints.
 *
 * - Initialisation from the seed (src/random.ts, not tfjs's generators): He-normal feature
 *   layers (std sqrt(2 / fan_in)), the classifier with std sqrt(1 / d), biases 0.
 * - Mini-batch SGD with heavy-ball momentum in PyTorch's convention (v <- mu v + g, theta <-
 *   theta - lr v), batches drawn from a seeded permutation per epoch; the gradient is
 *   objective.ts's hand-written backward pass.
 * - After every epoch the objective and accuracy are evaluated on all N samples (float64
 *   sums of the float32 logits); the terminal-phase rule (terminal-phase.ts: 100% accuracy and
 *   the training loss on a plateau) decides when to stop: `terminalEpochs` epochs after it
 *   first holds, or at the epoch budget.
 * - During the terminal epochs the learning rate decays linearly from lr to lr/10, so the
 *   last iterates settle near a stationary point of the regularised objective instead of
 *   the SGD noise floor (stated in every report).
 *
 * Deterministic from the seed on one backend (same inputs, same kernel order: the test trains
 * twice and compares bits). Different backends may differ in the last bits of float32 sums.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { ncMetrics } from '../metrics/nc-metrics.ts';
import type { NcMetricsResult } from '../metrics/types.ts';
import { Rng, deriveSeed } from '../random.ts';
import type { BackendRequest, Tf, TfjsBackend } from '../backends/tfjs.ts';
import { InputError, NumericalError } from '../errors.ts';
import { trainingBackend } from './backend.ts';
import type { TrainingSet } from './dataset.ts';
import type { Imbalance } from './imbalance.ts';
import { featureDim, featureLayers, nonnegativeFeatures, type ModelSpec } from './model.ts';
import { forward, objectiveAndGradient, paramList, type LossName, type Params } from './objective.ts';
import { DEFAULT_PLATEAU, nextPhase, plateauText, type PlateauRule, type TerminalPhase } from './terminal-phase.ts';
import type { Checkpoint, EpochRecord, LastLayer, TrainResult, TrainSettings } from './types.ts';

export interface TrainOptions {
  readonly model: ModelSpec;
  readonly loss: LossName;
  /** wd: wd/2 ||theta||^2 on every weight and bias. */
  readonly weightDecay: number;
  /** lh: lh/2 mean_i ||h_i||^2 on the last-layer features. */
  readonly featureDecay: number;
  /** Epoch budget: training stops here even if the terminal phase was not reached. */
  readonly epochs: number;
  readonly seed: number;
  /** @defaultValue 0.05 */
  readonly learningRate?: number;
  /** @defaultValue 0.9 */
  readonly momentum?: number;
  /** @defaultValue 64 */
  readonly batchSize?: number;
  /** Epochs trained after the terminal-phase rule first holds. @defaultValue 100 */
  readonly terminalEpochs?: number;
  /** @defaultValue DEFAULT_PLATEAU */
  readonly plateau?: PlateauRule;
  /** NC metrics every this many epochs (also at 0, at terminal-phase entry and at the end). @defaultValue 5 */
  readonly checkpointEvery?: number;
  /** @defaultValue auto */
  readonly backend?: BackendRequest;
  /** After every epoch (progress bars). */
  readonly onEpoch?: (p: EpochProgress) => void;
}

/** What a progress bar shows after an epoch. */
export interface EpochProgress {
  readonly record: EpochRecord;
  readonly budget: number;
  /** NC1 (tr(Sigma_W Sigma_B^+)/K, class-mean mu_G) at the latest checkpoint, if defined. */
  readonly nc1: number | null;
  readonly phase: TerminalPhase;
  readonly terminalEpochs: number;
}

/** Where the training set came from (for the settings record). */
export interface DataDescription {
  readonly dataset: string;
  readonly imbalance: Imbalance;
  readonly perClass: number;
}

const EVAL_CHUNK = 2048;

/** Validates the options that the CLI also validates (library callers get the same errors). */
export function validateTrainOptions(o: TrainOptions): void {
  if (!Number.isInteger(o.epochs) || o.epochs <= 0) throw new InputError('--epochs', `must be an integer > 0, got ${o.epochs}`);
  if (!Number.isFinite(o.weightDecay) || o.weightDecay < 0) throw new InputError('--weight-decay', `must be a finite number >= 0, got ${o.weightDecay}`);
  if (!Number.isFinite(o.featureDecay) || o.featureDecay < 0) throw new InputError('--feature-decay', `must be a finite number >= 0, got ${o.featureDecay}`);
  if (o.learningRate !== undefined && !(o.learningRate > 0 && Number.isFinite(o.learningRate)))
    throw new InputError('--lr', `must be a finite number > 0, got ${o.learningRate}`);
  if (o.batchSize !== undefined && (!Number.isInteger(o.batchSize) || o.batchSize < 1))
    throw new InputError('--batch-size', `must be an integer >= 1, got ${o.batchSize}`);
  if (o.momentum !== undefined && !(o.momentum >= 0 && o.momentum < 1)) throw new InputError('momentum', `must be in [0, 1), got ${o.momentum}`);
}

function initParams(tf: Tf, spec: ModelSpec, inputDim: number, K: number, seed: number): Params {
  const layers = featureLayers(spec, inputDim).map((l, i) => {
    const rng = new Rng(deriveSeed(seed, 1, i));
    const std = Math.sqrt(2 / l.fanIn);
    const A = Float32Array.from({ length: l.fanIn * l.fanOut }, () => std * rng.normal());
    return { A: tf.variable(tf.tensor2d(A, [l.fanIn, l.fanOut], 'float32')), c: tf.variable(tf.zeros([l.fanOut], 'float32')), relu: l.relu };
  });
  const d = featureDim(spec);
  const rng = new Rng(deriveSeed(seed, 1, 1000));
  const Wt = Float32Array.from({ length: d * K }, () => Math.sqrt(1 / d) * rng.normal());
  return { layers, Wt: tf.variable(tf.tensor2d(Wt, [d, K], 'float32')), b: tf.variable(tf.zeros([K], 'float32')) };
}

/** One evaluation pass over all samples: float64 sums of the float32 outputs; features only when asked. */
async function evaluate(tf: Tf, p: Params, x: TfCore.Tensor2D, set: TrainingSet, loss: LossName, wd: number, lh: number, withFeatures: boolean) {
  const { N, K } = set;
  const d = p.Wt.shape[0];
  let data = 0,
    feat = 0,
    correct = 0;
  const features = withFeatures ? new Float32Array(N * d) : null;
  for (let s = 0; s < N; s += EVAL_CHUNK) {
    const m = Math.min(EVAL_CHUNK, N - s);
    const [hT, zT, nT] = tf.tidy((): TfCore.Tensor[] => {
      const { h, logits } = forward(tf, p, tf.slice(x, [s, 0], [m, x.shape[1]]));
      return [h, logits, tf.sum(tf.square(h), 1)];
    });
    const z = (await zT.data()) as Float32Array;
    const sq = (await nT.data()) as Float32Array;
    if (features) features.set(await hT.data(), s * d);
    tf.dispose([hT, zT, nT]);
    for (let i = 0; i < m; i++) {
      const y = set.labels[s + i];
      let best = 0,
        mx = -Infinity;
      for (let k = 0; k < K; k++) {
        const v = z[i * K + k];
        if (v > mx) {
          mx = v;
          best = k;
        }
      }
      if (best === y) correct++;
      if (loss === 'ce') {
        let se = 0;
        for (let k = 0; k < K; k++) se += Math.exp(z[i * K + k] - mx);
        data += mx + Math.log(se) - z[i * K + y];
      } else {
        for (let k = 0; k < K; k++) data += 0.5 * (z[i * K + k] - (k === y ? 1 : 0)) ** 2;
      }
      feat += sq[i];
    }
  }
  let w = 0;
  for (const v of paramList(p)) {
    const t = tf.tidy(() => tf.sum(tf.square(v)));
    w += ((await t.data()) as Float32Array)[0];
    t.dispose();
  }
  return { dataLoss: data / N, featureTerm: (lh / 2) * (feat / N), weightTerm: (wd / 2) * w, accuracy: correct / N, features };
}

async function lastLayer(p: Params, features: Float32Array, set: TrainingSet, nonnegative: boolean): Promise<LastLayer> {
  const d = p.Wt.shape[0];
  const K = set.K;
  const Wt = (await p.Wt.data()) as Float32Array;
  const W = new Float32Array(K * d);
  for (let j = 0; j < d; j++) for (let k = 0; k < K; k++) W[k * d + j] = Wt[j * K + k];
  return { N: set.N, d, K, features, labels: set.labels, W, bias: Float32Array.from((await p.b.data()) as Float32Array), nonnegative };
}

async function metricsOf(last: LastLayer): Promise<NcMetricsResult> {
  return ncMetrics({ data: last.features, rows: last.N, cols: last.d }, last.labels, {
    classifier: { data: last.W, rows: last.K, cols: last.d },
    bias: last.bias,
    workers: 1,
    names: { features: 'trained features', labels: 'training labels', classifier: 'trained classifier', bias: 'trained bias' },
  });
}

/**
 * Trains `options.model` on `set`.
 *
 * Syntax: const r = await trainNetwork(selectTrainingSet(loadImageSet('fashion-mnist'), [100, 100, 10, 10], 1), { model, loss: 'ce', weightDecay: 5e-4, featureDecay: 0, epochs: 200, seed: 1 }, data)
 */
export async function trainNetwork(set: TrainingSet, options: TrainOptions, data: DataDescription): Promise<TrainResult> {
  validateTrainOptions(options);
  const backend: TfjsBackend = await trainingBackend(options.backend ?? { kind: 'auto' });
  const tf = backend.tf;
  const settings: TrainSettings = {
    dataset: data.dataset,
    classes: set.K,
    classNames: set.classNames,
    imbalance: data.imbalance,
    perClass: data.perClass,
    counts: set.counts,
    model: options.model,
    loss: options.loss,
    weightDecay: options.weightDecay,
    featureDecay: options.featureDecay,
    epochs: options.epochs,
    seed: options.seed,
    learningRate: options.learningRate ?? 0.05,
    momentum: options.momentum ?? 0.9,
    batchSize: Math.min(options.batchSize ?? 64, set.N),
    terminalEpochs: options.terminalEpochs ?? 100,
    plateau: options.plateau ?? DEFAULT_PLATEAU,
    checkpointEvery: options.checkpointEvery ?? 5,
    standardisation: set.standardisation,
  };
  const { loss, weightDecay: wd, featureDecay: lh, momentum: mu, batchSize: B } = settings;
  const nonneg = nonnegativeFeatures(options.model);
  const t0 = performance.now();
  const x = tf.tensor2d(set.x, [set.N, set.inputDim], 'float32');
  const y = tf.tidy((): TfCore.Tensor2D => tf.cast(tf.oneHot(tf.tensor1d(set.labels, 'int32'), set.K) as TfCore.Tensor2D, 'float32'));
  const p = initParams(tf, options.model, set.inputDim, set.K, options.seed);
  const vars = paramList(p);
  const velocity = vars.map((v) => tf.variable(tf.zerosLike(v)));
  const epochs: EpochRecord[] = [];
  const checkpoints: Checkpoint[] = [];
  const losses: number[] = [];
  let phase: TerminalPhase = { state: 'training' };
  let nc1: number | null = null;
  let last: LastLayer | null = null;
  try {
    /** Evaluates all samples; at a checkpoint also the float64 NC metrics of the features. */
    const record = async (epoch: number, lr: number, checkpoint: boolean, ev: Awaited<ReturnType<typeof evaluate>>): Promise<EpochRecord> => {
      // Divergence is reported as such (exit 2), never passed on as NaN metrics.
      const objective = ev.dataLoss + ev.featureTerm + ev.weightTerm;
      if (!Number.isFinite(objective))
        throw new NumericalError(
          'ncverify train',
          `the objective is ${objective} after epoch ${epoch}: training diverged in float32; lower --lr (now ${lr}) or the decay`,
        );
      if (checkpoint) {
        last = await lastLayer(p, ev.features!, set, nonneg);
        const metrics = await metricsOf(last);
        checkpoints.push({ epoch, metrics });
        const v = metrics.nc1.classMean.pinv;
        nc1 = v.defined ? v.value : null;
      }
      return {
        epoch,
        objective: ev.dataLoss + ev.featureTerm + ev.weightTerm,
        dataLoss: ev.dataLoss,
        featureTerm: ev.featureTerm,
        weightTerm: ev.weightTerm,
        accuracy: ev.accuracy,
        learningRate: lr,
        seconds: (performance.now() - t0) / 1000,
      };
    };
    const first = await record(0, settings.learningRate, true, await evaluate(tf, p, x, set, loss, wd, lh, true));
    epochs.push(first);
    losses.push(first.dataLoss);
    for (let e = 1; e <= settings.epochs; e++) {
      const lr =
        phase.state === 'entered'
          ? settings.learningRate * (1 - 0.9 * Math.min(1, (e - phase.epoch) / Math.max(1, settings.terminalEpochs)))
          : settings.learningRate;
      const order = Int32Array.from({ length: set.N }, (_, i) => i);
      const rng = new Rng(deriveSeed(options.seed, 2, e));
      for (let i = set.N - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (let s = 0; s < set.N; s += B) {
        const idx = order.subarray(s, Math.min(set.N, s + B));
        tf.tidy(() => {
          const it = tf.tensor1d(idx, 'int32');
          const xb = tf.gather<TfCore.Tensor2D>(x, it);
          const yb = tf.gather<TfCore.Tensor2D>(y, it);
          const { grads } = objectiveAndGradient(tf, p, xb, yb, { loss, weightDecay: wd, featureDecay: lh });
          vars.forEach((v, i) => {
            const vel = tf.add(tf.mul(mu, velocity[i]), grads[i]);
            velocity[i].assign(vel);
            v.assign(tf.sub(v, tf.mul(lr, vel)));
          });
        });
      }
      // Features come back every epoch (cheap next to the forward pass); metrics only at checkpoints.
      const ev = await evaluate(tf, p, x, set, loss, wd, lh, true);
      losses.push(ev.dataLoss);
      const next = nextPhase(phase, losses, e, ev.accuracy, settings.terminalEpochs, settings.plateau);
      const ends = next.state === 'done' || e === settings.epochs;
      const entering = phase.state === 'training' && next.state !== 'training';
      const rec = await record(e, lr, ends || entering || e % settings.checkpointEvery === 0, ev);
      epochs.push(rec);
      phase = next;
      options.onEpoch?.({ record: rec, budget: settings.epochs, nc1, phase, terminalEpochs: settings.terminalEpochs });
      if (ends) break;
    }
  } finally {
    tf.dispose([x, y, ...vars, ...velocity]);
  }
  const ran = epochs[epochs.length - 1].epoch;
  const reached = phase.state !== 'training';
  const enteredAt = phase.state === 'entered' ? phase.epoch : phase.state === 'done' ? phase.entered : null;
  return {
    settings,
    precision: {
      training: `float32 on tfjs ${backend.name} (${backend.device})`,
      metrics: 'float64',
      backend: { name: backend.name, device: backend.device, precision: 'float32' },
    },
    epochs,
    checkpoints,
    terminal: {
      reached,
      enteredAt,
      epochsRun: ran,
      stoppedBy: phase.state === 'done' ? 'terminal-phase' : 'epoch-budget',
      rule: plateauText(settings.plateau, settings.terminalEpochs),
    },
    last: last!,
    final: checkpoints[checkpoints.length - 1].metrics,
    seconds: (performance.now() - t0) / 1000,
  };
}
