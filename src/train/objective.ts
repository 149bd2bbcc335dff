/**
 * The training objective and its gradient, written out by hand on tfjs ops (tfjs-core's
 * automatic gradients need its gradient registry, which its Node build does not load; writing
 * the backward pass also makes every term explicit):
 *
 *   F(theta) = (1/B) sum_i loss(W h_i + b, y_i) + lh/2 (1/B) sum_i ||h_i||^2 + wd/2 ||theta||^2
 *
 * over a batch of B samples, where h_i is the last-layer feature of x_i, theta every weight
 * and bias (the PyTorch convention of weight decay on all parameters), and loss either
 *  - `ce`: cross-entropy -log softmax(z)_y, or
 *  - `mse`: 1/2 ||z - e_y||^2 (the catalogue's dln-mse convention (1/(2N)) ||W H - Y||^2).
 * Over the whole training set the feature term is lh/2 times the mean of ||h_i||^2, i.e. the
 * UFM penalty lambdaH/2 ||H||^2 (summed over samples, docs/catalogue.md) with lambdaH = lh / N; the
 * classifier terms are the UFM's lambdaW = lambdaB = wd.
 *
 * Backward pass: dZ = (softmax(Z) - Y)/B (ce) or (Z - Y)/B (mse); grad W = dZ^T H + wd W,
 * grad b = 1^T dZ + wd b; dH = dZ W + lh H / B; through each layer a = relu(x A + c):
 * dX = (dH o [x A + c > 0]) A^T. Computed in float32 on the backend in use.
 */
import type { Tf } from '../backends/tfjs.ts';
import type * as TfCore from '@tensorflow/tfjs-core';

export type LossName = 'ce' | 'mse';

/** Network parameters as tfjs variables: feature layers (A: fanIn x fanOut, c: fanOut) and the classifier (Wt: d x K, b: K). */
export interface Params {
  readonly layers: ReadonlyArray<{ readonly A: TfCore.Variable; readonly c: TfCore.Variable; readonly relu: boolean }>;
  readonly Wt: TfCore.Variable;
  readonly b: TfCore.Variable;
}

export interface ObjectiveOptions {
  readonly loss: LossName;
  readonly weightDecay: number;
  readonly featureDecay: number;
}

/** All variables, in the fixed order the optimiser and the gradients use. */
export function paramList(p: Params): TfCore.Variable[] {
  return [...p.layers.flatMap((l) => [l.A, l.c]), p.Wt, p.b];
}

/** Features (B x d) and logits (B x K) of a batch. */
export function forward(tf: Tf, p: Params, x: TfCore.Tensor2D): { h: TfCore.Tensor2D; logits: TfCore.Tensor2D } {
  let a = x;
  for (const l of p.layers) {
    const z = tf.add<TfCore.Tensor2D>(tf.matMul(a, l.A), l.c);
    a = l.relu ? tf.relu(z) : z;
  }
  return { h: a, logits: tf.add<TfCore.Tensor2D>(tf.matMul(a, p.Wt), p.b) };
}

/**
 * The batch objective F (data loss plus the feature term; the weight decay is added to the
 * gradient only, the epoch evaluation adds it to the reported objective) and its gradient, in
 * the order of `paramList`. Call inside tf.tidy.
 */
export function objectiveAndGradient(
  tf: Tf,
  p: Params,
  x: TfCore.Tensor2D,
  y: TfCore.Tensor2D,
  o: ObjectiveOptions,
): { value: TfCore.Scalar; grads: TfCore.Tensor[] } {
  const B = x.shape[0];
  const acts: TfCore.Tensor2D[] = [x];
  const pre: TfCore.Tensor2D[] = [];
  let a = x;
  for (const l of p.layers) {
    const z = tf.add<TfCore.Tensor2D>(tf.matMul(a, l.A), l.c);
    pre.push(z);
    a = l.relu ? tf.relu(z) : z;
    acts.push(a);
  }
  const h = a;
  const z = tf.add<TfCore.Tensor2D>(tf.matMul(h, p.Wt), p.b);
  let data: TfCore.Scalar;
  let dZ: TfCore.Tensor2D;
  if (o.loss === 'ce') {
    const lsm = tf.logSoftmax(z);
    data = tf.div<TfCore.Scalar>(tf.neg(tf.sum(tf.mul(y, lsm))), B);
    dZ = tf.div<TfCore.Tensor2D>(tf.sub(tf.exp(lsm), y), B);
  } else {
    const r = tf.sub(z, y);
    data = tf.div<TfCore.Scalar>(tf.mul(0.5, tf.sum(tf.square(r))), B);
    dZ = tf.div<TfCore.Tensor2D>(r, B);
  }
  const feature = tf.mul<TfCore.Scalar>(o.featureDecay / (2 * B), tf.sum(tf.square(h)));
  const wd = o.weightDecay;
  const gWt = tf.add(tf.matMul(h, dZ, true, false), tf.mul(wd, p.Wt));
  const gb = tf.add(tf.sum(dZ, 0), tf.mul(wd, p.b));
  let dH = tf.add<TfCore.Tensor2D>(tf.matMul(dZ, p.Wt, false, true), tf.mul(o.featureDecay / B, h));
  const layerGrads: TfCore.Tensor[] = [];
  for (let i = p.layers.length - 1; i >= 0; i--) {
    const l = p.layers[i];
    // relu'(z) = [z > 0] (tf.step gives 0 at z = 0, the subgradient tfjs's relu gradient also uses).
    const dz = l.relu ? tf.mul<TfCore.Tensor2D>(dH, tf.step(pre[i])) : dH;
    layerGrads.unshift(tf.add(tf.matMul(acts[i], dz, true, false), tf.mul(wd, l.A)), tf.add(tf.sum(dz, 0), tf.mul(wd, l.c)));
    if (i > 0) dH = tf.matMul<TfCore.Tensor2D>(dz, l.A, false, true);
  }
  return { value: tf.add<TfCore.Scalar>(data, feature), grads: [...layerGrads, gWt, gb] };
}
