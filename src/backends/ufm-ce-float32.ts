/**
 * Float32 bulk descent for the full ufm-ce problem on a tfjs backend (tfjs.ts), then the
 * float64 solve that decides: L-BFGS runs on a float32 value and gradient until float32 noise
 * stops it (or the loose tolerance `bulkTol` is met), and `solveToStationarity` takes the point
 * from there in float64 to the real stopping rule. Certification never sees float32 numbers.
 *
 * Gradients are written by hand (no tf.grad) and every transpose is explicit: on wasm a matMul
 * with transpose flags is ~12x slower than tf.transpose followed by a plain matMul (docs/design.md).
 * The ridge penalties and their gradients are added in float64 in JavaScript.
 */
import { ufmCeObjective, type UfmCeInstance } from '../problems/ufm-ce/problem.ts';
import { lbfgs } from '../solvers/lbfgs.ts';
import { solveToStationarity, type StationarityResult } from '../solvers/to-stationarity.ts';
import type { Float32Backend } from './tfjs.ts';

export interface Float32SolveOptions {
  /** Relative gradient tolerance of the final float64 solve. @defaultValue 1e-9 */
  tol?: number;
  /** Relative gradient tolerance at which float32 descent hands over (float32 noise stalls L-BFGS near 1e-4). @defaultValue 1e-3 */
  bulkTol?: number;
}

export interface Float32SolveResult extends StationarityResult {
  readonly backend: string;
  readonly bulkIterations: number;
  readonly bulkEvaluations: number;
  /** Relative gradient norm (float64) at the hand-over point. */
  readonly handOverGradNorm: number;
}

/** f and its gradient with the CE part in float32 on the backend (f64 in and out). */
export function float32ValueAndGradient(
  backend: Float32Backend,
  inst: UfmCeInstance,
): ((x: Float64Array, g: Float64Array) => number) & { release?: () => void } {
  // webgpu runs its own WGSL kernels (webgpu/kernels.ts); call release() when done with it.
  if (backend.name === 'webgpu') return backend.valueAndGradient(inst);
  const { tf } = backend;
  const { K, d, n, lambdaW, lambdaH, lambdaB, bias } = inst;
  const N = n.reduce((a, b) => a + b, 0);
  const offH = K * d;
  const offB = offH + d * N;
  const onehot = new Float32Array(K * N);
  let j = 0;
  for (let k = 0; k < K; k++) for (let s = 0; s < n[k]; s++) onehot[k * N + j++] = 1;
  const Y = tf.tensor2d(onehot, [K, N]);
  const x32 = new Float32Array(offB + (bias ? K : 0));
  return (x: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < x32.length; i++) x32[i] = x[i];
    const [ceT, gWT, gHT, gbT] = tf.tidy(() => {
      const W = tf.tensor2d(x32.subarray(0, offH), [K, d]);
      const H = tf.tensor2d(x32.subarray(offH, offB), [d, N]);
      let Z = tf.matMul(W, H);
      if (bias) Z = tf.add(Z, tf.tensor2d(x32.subarray(offB, offB + K), [K, 1]));
      const m = tf.max(Z, 0, true);
      const E = tf.exp(tf.sub(Z, m));
      const s = tf.sum(E, 0, true);
      const lse = tf.add(tf.log(s), m);
      const ce = tf.div(tf.sub(tf.sum(lse), tf.sum(tf.mul(Y, Z))), N);
      const G = tf.div(tf.sub(tf.div(E, s), Y), N);
      const gW = tf.matMul(G, tf.transpose(H));
      const gH = tf.matMul(tf.transpose(W), G);
      const gb = tf.sum(G, 1);
      return [ce, gW, gH, gb];
    });
    const ce = ceT.dataSync()[0];
    const gW = gWT.dataSync();
    const gH = gHT.dataSync();
    const gb = gbT.dataSync();
    tf.dispose([ceT, gWT, gHT, gbT]);
    let pen = 0;
    for (let i = 0; i < offH; i++) {
      g[i] = gW[i] + lambdaW * x[i];
      pen += 0.5 * lambdaW * x[i] * x[i];
    }
    for (let i = offH; i < offB; i++) {
      g[i] = gH[i - offH] + lambdaH * x[i];
      pen += 0.5 * lambdaH * x[i] * x[i];
    }
    if (bias) {
      for (let k = 0; k < K; k++) {
        g[offB + k] = gb[k] + lambdaB * x[offB + k];
        pen += 0.5 * lambdaB * x[offB + k] * x[offB + k];
      }
    }
    return ce + pen;
  };
}

/** Float32 bulk descent from x0, then the float64 solve to ||g|| <= tol max(1, |f|). */
export function solveUfmCeFloat32(backend: Float32Backend, inst: UfmCeInstance, x0: Float64Array, options: Float32SolveOptions = {}): Float32SolveResult {
  const tol = options.tol ?? 1e-9;
  const fg = float32ValueAndGradient(backend, inst);
  let bulk: ReturnType<typeof lbfgs>;
  try {
    bulk = lbfgs(fg, x0, { gtol: options.bulkTol ?? 1e-3, relative: true, maxIterations: 100000, fNoise: 1e-6 });
  } finally {
    fg.release?.();
  }
  const full = ufmCeObjective(inst, 'full');
  const g = new Float64Array(full.size);
  const f = full.value(bulk.x, g);
  let gn = 0;
  for (let i = 0; i < g.length; i++) gn += g[i] * g[i];
  const polish = solveToStationarity(full, bulk.x, { tol });
  return {
    ...polish,
    evaluations: polish.evaluations + bulk.evaluations,
    backend: backend.name,
    bulkIterations: bulk.iterations,
    bulkEvaluations: bulk.evaluations,
    handOverGradNorm: Math.sqrt(gn) / Math.max(1, Math.abs(f)),
  };
}
