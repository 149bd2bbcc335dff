/**
 * The one point builder of ufm-ce: a claimed minimiser given at class level (classifier W,
 * class means H_bar, bias b) as the flat point the objective reads, with every sample of class
 * k placed at its class mean h_k (an NC1 point). Theorems state their minimisers this way and
 * never pack offsets themselves.
 *
 * Layout (objective.ts, `full` columns): W row-major (K x d), then H (d x N, column j = sample
 * j, classes in order), then b when the model has one. With nonnegative features (relu.ts) the
 * variables hold G with H = G o G, so the builder stores G = sqrt(H_bar) entrywise.
 */
import { InputError } from '../../errors.ts';
import type { Mat } from '../../linalg/matrix.ts';
import type { UfmCeInstance } from './objective.ts';

/** A point at class level. */
export interface UfmCeClassLevel {
  /** K x d classifier, row k = w_k. */
  readonly W: Mat;
  /** d x K class means, column k = h_k; with nonnegative features every entry must be >= 0. */
  readonly Hbar: Mat;
  /** The bias, length K. @defaultValue zeros (only for an instance with a bias) */
  readonly b?: ArrayLike<number>;
}

export function ufmCePoint(inst: UfmCeInstance, p: UfmCeClassLevel): Float64Array {
  const { K, d } = inst;
  if (p.W.rows !== K || p.W.cols !== d) throw new InputError('W', `expected ${K} x ${d} (K x d), got ${p.W.rows} x ${p.W.cols}`);
  if (p.Hbar.rows !== d || p.Hbar.cols !== K) throw new InputError('Hbar', `expected ${d} x ${K} (d x K), got ${p.Hbar.rows} x ${p.Hbar.cols}`);
  if (p.b !== undefined && !inst.bias) throw new InputError('b', 'the instance has no bias');
  if (p.b !== undefined && p.b.length !== K) throw new InputError('b', `expected ${K} entries, got ${p.b.length}`);
  const roots = inst.features === 'nonnegative';
  if (roots) {
    const neg = p.Hbar.data.findIndex((v) => !(v >= 0));
    if (neg >= 0) throw new InputError('Hbar', `nonnegative features need H_bar >= 0, entry ${neg} is ${p.Hbar.data[neg]}`);
  }
  const N = inst.n.reduce((a, b) => a + b, 0);
  const x = new Float64Array(K * d + d * N + (inst.bias ? K : 0));
  x.set(p.W.data, 0);
  for (let k = 0, col = 0; k < K; k++) {
    for (let i = 0; i < inst.n[k]; i++, col++) {
      for (let r = 0; r < d; r++) {
        const h = p.Hbar.data[r * K + k];
        x[K * d + r * N + col] = roots ? Math.sqrt(h) : h;
      }
    }
  }
  if (p.b !== undefined) for (let k = 0; k < K; k++) x[K * d + d * N + k] = p.b[k];
  return x;
}
