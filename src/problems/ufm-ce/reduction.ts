/**
 * The exact class reduction of the ufm-ce problem (docs/design.md, "Exact reduction worth using"),
 * in isometric coordinates.
 *
 * Every critical point of the full problem has NC1: for fixed (W, b) the subproblem of one
 * feature, h -> (1/N) CE(W h + b, y) + lambdaH/2 ||h||^2, is strictly convex and is the same for
 * all samples of a class, so all of them share one minimiser. The full problem restricted to NC1
 * points, h_{k,i} = h_k, is the K-column problem with column k weighted by n_k (the `reduced`
 * column layout of ufm-ce.ts).
 *
 * We solve it in the variables u_k = sqrt(n_k) h_k. The map E: u -> full point (each of the n_k
 * columns of class k set to u_k / sqrt(n_k); W, b unchanged) is an isometry onto the NC1
 * subspace, f_reduced(u) = f_full(E u) and grad f_reduced(u) = E^T grad f_full(E u). At an NC1
 * point the full gradient lies in the range of E (the columns of one class have equal
 * gradients), so ||grad f_reduced(u)|| = ||grad f_full(E u)||: a stopping rule on the reduced
 * gradient norm is the same rule on the full one. The scaling also balances the H penalty
 * (lambdaH/2 ||u||^2 instead of lambdaH n_k / 2 ||h_k||^2), which helps L-BFGS.
 */
import type { Objective } from '../problem.ts';
import { gamma } from '../../linalg/rounding.ts';
import { ufmCeBlocks, ufmCeObjective, ufmCeRounding, type UfmCeInstance } from './objective.ts';

export interface ClassReduction {
  /** The reduced objective over (W, U, b), U = d x K in isometric coordinates. */
  readonly objective: Objective;
  /** E: the full point (W, H, b) with every column of class k equal to u_k / sqrt(n_k). */
  toFull(u: Float64Array): Float64Array;
  /** E^T: the orthogonal projection of a full point onto the NC1 subspace, in reduced coordinates. */
  fromFull(x: Float64Array): Float64Array;
}

export function ufmCeClassReduction(instance: UfmCeInstance): ClassReduction {
  const { K, d, n, bias } = instance;
  const N = n.reduce((a, b) => a + b, 0);
  const inner = ufmCeObjective(instance, 'reduced');
  const rounding = ufmCeRounding(instance, 'reduced');
  const offH = K * d;
  const offBr = offH + d * K;
  const offBf = offH + d * N;
  const size = inner.size;
  // Column k of H (reduced layout) is h_k = u_k / sqrt(n_k).
  const invSqrt = Float64Array.from(n, (c) => 1 / Math.sqrt(c));
  const xr = new Float64Array(size);
  const vr = new Float64Array(size);

  /** out = x with its H columns multiplied by invSqrt (the same diagonal scales u -> h and grad_h -> grad_u). */
  function scaleColumns(x: Float64Array, out: Float64Array): void {
    out.set(x);
    for (let i = 0; i < d; i++) {
      const r = offH + i * K;
      for (let k = 0; k < K; k++) out[r + k] *= invSqrt[k];
    }
  }

  const objective: Objective = {
    size,
    blocks: ufmCeBlocks(instance, K).map((b) => (b.name === 'H' ? { ...b, name: 'U' } : b)),
    value(u: Float64Array, grad?: Float64Array): number {
      scaleColumns(u, xr);
      const f = inner.value(xr, grad);
      if (grad) {
        for (let i = 0; i < d; i++) {
          const r = offH + i * K;
          for (let k = 0; k < K; k++) grad[r + k] *= invSqrt[k];
        }
      }
      return f;
    },
    hessVec(u: Float64Array, v: Float64Array, out: Float64Array): void {
      scaleColumns(u, xr);
      scaleColumns(v, vr);
      inner.hessVec(xr, vr, out);
      for (let i = 0; i < d; i++) {
        const r = offH + i * K;
        for (let k = 0; k < K; k++) out[r + k] *= invSqrt[k];
      }
    },
    // h_k = u_k / sqrt(n_k): 1 / sqrt(n_k) and the product round (three roundings per entry).
    valueError(u: Float64Array) {
      scaleColumns(u, xr);
      return rounding(xr, { H: gamma(3) });
    },
  };

  return {
    objective,
    toFull(u: Float64Array): Float64Array {
      const x = new Float64Array(offBf + (bias ? K : 0));
      x.set(u.subarray(0, offH));
      for (let i = 0; i < d; i++) {
        let j = offH + i * N;
        for (let k = 0; k < K; k++) {
          const h = u[offH + i * K + k] * invSqrt[k];
          for (let s = 0; s < n[k]; s++) x[j++] = h;
        }
      }
      if (bias) x.set(u.subarray(offBr, offBr + K), offBf);
      return x;
    },
    fromFull(x: Float64Array): Float64Array {
      const u = new Float64Array(size);
      u.set(x.subarray(0, offH));
      for (let i = 0; i < d; i++) {
        let j = offH + i * N;
        for (let k = 0; k < K; k++) {
          let s = 0;
          for (let c = 0; c < n[k]; c++) s += x[j++];
          u[offH + i * K + k] = s * invSqrt[k];
        }
      }
      if (bias) u.set(x.subarray(offBf, offBf + K), offBr);
      return u;
    },
  };
}
