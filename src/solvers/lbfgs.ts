/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, Alg. 7.4 and 3.5/3.6),
 * in float64. The workhorse of every solve; a Newton-CG polish (newton-cg.ts) takes over when
 * L-BFGS slows down near the tolerance.
 */
import { NumericalError } from '../errors.ts';
import type { VectorPasses } from './lbfgs-passes.ts';
import { solvePasses } from './wasm/lbfgs-team.ts';

export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when ||grad||_2 <= gtol (times max(1, |f|) with `relative`). @defaultValue 1e-10 */
  gtol?: number;
  /**
   * Scale gtol by the objective's size: stop when ||grad||_2 <= gtol max(1, |f|), the rule of
   * `npm run bench` (bench/README.md). @defaultValue false
   */
  relative?: boolean;
  /**
   * Relative rounding level of f: below it the line search decides by slopes (approximate Wolfe
   * conditions). 1e-6 suits a float32 objective. @defaultValue 1e-13
   */
  fNoise?: number;
  /** @defaultValue 5000 */
  maxIterations?: number;
  /** Number of correction pairs kept. @defaultValue 10 */
  memory?: number;
  /** Record f and ||grad|| every iteration (for convergence figures). @defaultValue false */
  recordHistory?: boolean;
  /**
   * Run the vector passes in WebAssembly SIMD where available (bit-identical to the JavaScript
   * passes, lbfgs-passes.ts; false forces JavaScript, for tests). @defaultValue true
   */
  simd?: boolean;
}

export type StopReason = 'gtol' | 'max-iterations' | 'line-search' | 'no-progress';

export interface SolveTrace {
  readonly x: Float64Array;
  readonly f: number;
  readonly gradNorm: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly reason: StopReason;
  /** [f, ||grad||] per iteration when recorded. */
  readonly history: Array<[number, number]>;
}

// Re-exported: solvers and certificates import the vector reductions from here.
export { dot, norm2 } from '../linalg/vector.ts';

export function lbfgs(fg: ValueAndGradient, x0: Float64Array, options: LbfgsOptions = {}): SolveTrace {
  const gtol = options.gtol ?? 1e-10;
  const maxIt = options.maxIterations ?? 5000;
  const m = options.memory ?? 10;
  const n = x0.length;
  // The current point and gradient swap buffers with the line search's trial point and gradient
  // on acceptance (no copies: at n ~ 1e6 every pass over a vector costs ~1-2 ms).
  // Every vector of the solve, at most 2 m + 3: x, g, dir and m pairs between iterations; during
  // a line search the trial point and gradient take the buffers of the oldest pair, which the
  // two-loop recursion was the last to need; a new pair is written over the old x and g.
  const passes: VectorPasses = solvePasses(n, 2 * m + 3, options.simd !== false);
  let x = passes.vector();
  x.set(x0);
  let g = passes.vector();
  let evaluations = 1;
  let f = fg(x, g);
  if (!Number.isFinite(f)) {
    passes.release();
    throw new NumericalError('lbfgs', `objective is ${f} at the starting point`);
  }
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  /** y^T y of each stored pair (for the initial scaling gamma = s^T y / y^T y). */
  const yy: number[] = [];
  /** Buffers of dropped pairs, reused so that long solves do not churn the garbage collector. */
  const spare: Float64Array[] = [];
  const alpha = new Float64Array(m);
  /**
   * s^T y / y^T y of the newest pair ever accepted: the step scale after the memory is cleared.
   * Restarting from -g / max(1, ||g||) instead would need ~log2(1 / (||g|| lambda)) doublings of
   * the trial step near an optimum.
   */
  let lastGamma = 0;
  const dir = passes.vector();
  const history: Array<[number, number]> = [];
  let gn = Math.sqrt(passes.dot(g, g));
  const pair = new Float64Array(3);
  let minGn = gn;
  let it = 0;
  let reason: StopReason = 'max-iterations';
  let stalls = 0;
  const threshold = (fx: number): number => (options.relative ? gtol * Math.max(1, Math.abs(fx)) : gtol);
  while (it < maxIt) {
    if (options.recordHistory) history.push([f, gn]);
    if (gn <= threshold(f)) {
      reason = 'gtol';
      break;
    }
    let dg = twoLoop(passes, S, Y, rho, yy, alpha, g, gn, lastGamma, dir);
    if (!(dg < 0)) {
      // Not a descent direction (lost positive definiteness to rounding): restart from steepest descent.
      for (const v of [...S.splice(0), ...Y.splice(0)]) spare.push(v);
      rho.length = 0;
      yy.length = 0;
      const sc = lastGamma > 0 ? lastGamma : 1 / Math.max(gn, 1);
      dg = passes.scaleDot(-sc, g, dir, g);
    }
    // A full memory drops its oldest pair now rather than after the line search (the same pairs
    // as then, except where the new pair fails the curvature test below: then m - 1 are kept).
    if (S.length >= m && S.length > 0) {
      spare.push(S.shift()!, Y.shift()!);
      rho.shift();
      yy.shift();
    }
    const xNew = spare.pop() ?? passes.vector();
    const gNew = spare.pop() ?? passes.vector();
    const ls = strongWolfe(passes, fg, x, f, g, dir, dg, xNew, gNew, options.fNoise ?? 1e-13);
    evaluations += ls.evaluations;
    if (!ls.ok) {
      spare.push(xNew, gNew);
      if (S.length > 0) {
        for (const v of [...S.splice(0), ...Y.splice(0)]) spare.push(v);
        rho.length = 0;
        yy.length = 0;
        if (++stalls > 3) {
          reason = 'line-search';
          break;
        }
        continue;
      }
      reason = 'line-search';
      break;
    }
    // s = xNew - x over x and y = gNew - g over g: the old point and gradient are not needed again.
    const s = x;
    const y = g;
    passes.correctionPair(xNew, x, gNew, g, s, y, pair);
    const sy = pair[0];
    const yty = pair[1];
    const gg = pair[2];
    const fOld = f;
    x = xNew;
    g = gNew;
    f = ls.f;
    gn = Math.sqrt(gg);
    it++;
    if (sy > 1e-300 * yty) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      yy.push(yty);
      lastGamma = sy / yty;
    } else spare.push(s, y);
    // Stall only when f stops decreasing at all: near an optimum at f ~ 0 tiny absolute decreases
    // are still real progress. Below f's rounding level, f may not decrease while the gradient
    // still does: a new smallest gradient norm is progress too.
    const gradProgress = gn < minGn;
    minGn = Math.min(minGn, gn);
    if (!(fOld - f > 0) && !gradProgress && gn > threshold(f)) {
      if (++stalls > 10) {
        reason = 'no-progress';
        break;
      }
    } else stalls = 0;
  }
  if (options.recordHistory && reason !== 'gtol') history.push([f, gn]);
  // A copy out of the SIMD instance's memory, so that the result does not keep every vector alive.
  const xOut = passes.simd ? Float64Array.from(x) : x;
  passes.release();
  return { x: xOut, f, gradNorm: gn, iterations: it, evaluations, reason, history };
}

/**
 * dir = -H_k g by the two-loop recursion (Nocedal & Wright, Alg. 7.4), with the axpy of pair j
 * fused with the dot product of the next pair, so each pass over the vectors does both: the
 * recursion is memory-bound once n is large (~2k + 1 passes instead of 4k). Returns the slope
 * dir.g, accumulated in the last pass (in index order, as `dot` would).
 */
function twoLoop(
  passes: VectorPasses,
  S: readonly Float64Array[],
  Y: readonly Float64Array[],
  rho: readonly number[],
  yy: readonly number[],
  alpha: Float64Array,
  g: Float64Array,
  gn: number,
  lastGamma: number,
  dir: Float64Array,
): number {
  const k = S.length;
  if (k === 0) return passes.scaleDot(lastGamma > 0 ? -lastGamma : -1 / Math.max(gn, 1), g, dir, g);
  // First loop, newest pair first: alpha_j = rho_j s_j.q, q -= alpha_j y_j (q starts at -g).
  alpha[k - 1] = rho[k - 1] * passes.scaleDot(-1, g, dir, S[k - 1]);
  for (let j = k - 1; j >= 1; j--) alpha[j - 1] = rho[j - 1] * passes.axpyDot(1, -alpha[j], Y[j], dir, S[j - 1]);
  // Last update of the first loop, the scaling gamma = s^T y / y^T y of the newest pair, and the
  // first dot product of the second loop, in one pass.
  const gamma = 1 / (rho[k - 1] * yy[k - 1]);
  let b = passes.axpyDot(gamma, -alpha[0], Y[0], dir, Y[0]);
  // Second loop, oldest pair first: beta_j = rho_j y_j.r, r += (alpha_j - beta_j) s_j; the last
  // pass returns the slope dir.g.
  for (let j = 0; j < k; j++) b = passes.axpyDot(1, alpha[j] - rho[j] * b, S[j], dir, j + 1 < k ? Y[j + 1] : g);
  return b;
}

interface LineSearchResult {
  ok: boolean;
  f: number;
  evaluations: number;
}

/** Strong Wolfe line search (c1 = 1e-4, c2 = 0.9) writing the accepted point into xNew/gNew. */
function strongWolfe(
  passes: VectorPasses,
  fg: ValueAndGradient,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  dir: Float64Array,
  dg0: number,
  xNew: Float64Array,
  gNew: Float64Array,
  fNoise: number,
): LineSearchResult {
  const c1 = 1e-4;
  const c2 = 0.9;
  let evaluations = 0;
  const phi = (a: number): [number, number] => {
    passes.axpyInto(x, a, dir, xNew);
    const fa = fg(xNew, gNew);
    evaluations++;
    return [fa, passes.dot(gNew, dir)];
  };
  // Near an optimum the decrease c1 a dg0 falls below the rounding error of f, and the
  // sufficient-decrease test becomes a coin toss. Hager & Zhang's approximate Wolfe conditions
  // (SIAM J. Optim. 16, 2005, eq. 4.1) then decide from the slope, which is still accurate:
  // accept a if c2 dg0 <= phi'(a) <= (2 c1 - 1) dg0 and f(a) <= f0 + epsF.
  const epsF = fNoise * Math.max(1, Math.abs(f0));
  const approxWolfe = (fa: number, da: number): boolean => fa <= f0 + epsF && da >= c2 * dg0 && da <= (2 * c1 - 1) * dg0;
  let aPrev = 0;
  let fPrev = f0;
  let dPrev = dg0;
  let a = 1;
  for (let iter = 0; iter < 40; iter++) {
    const [fa, da] = phi(a);
    if (!Number.isFinite(fa)) {
      a = 0.5 * (aPrev + a);
      continue;
    }
    if (approxWolfe(fa, da)) return { ok: true, f: fa, evaluations };
    if (fa > f0 + c1 * a * dg0 || (iter > 0 && fa >= fPrev)) {
      return zoom(aPrev, fPrev, dPrev, a, fa, da);
    }
    if (Math.abs(da) <= -c2 * dg0) return { ok: true, f: fa, evaluations };
    if (da >= 0) return zoom(a, fa, da, aPrev, fPrev, dPrev);
    aPrev = a;
    fPrev = fa;
    dPrev = da;
    a *= 2;
  }
  return { ok: false, f: f0, evaluations };

  function zoom(lo: number, fLo: number, dLo: number, hi: number, fHi: number, dHi: number): LineSearchResult {
    for (let iter = 0; iter < 40; iter++) {
      // Where f is flat to rounding (every value within epsF of f0), f cannot order the trials;
      // the slopes still can, so the bracket is then kept around the sign change of phi'
      // (secant trial) instead of around the lowest noisy f (which once drifted to a point with
      // phi' = 1.25 |phi'(0)| and bisected 25 times there).
      const noisy = Math.abs(fLo - f0) <= epsF && Math.abs(fHi - f0) <= epsF;
      let a = noisy ? lo - (dLo * (hi - lo)) / (dHi - dLo) : cubicMin(lo, fLo, dLo, hi, fHi, dHi);
      const width = Math.abs(hi - lo);
      const lo2 = Math.min(lo, hi);
      if (!Number.isFinite(a) || a < lo2 + 0.1 * width || a > lo2 + 0.9 * width) a = 0.5 * (lo + hi);
      const [fa, da] = phi(a);
      if (approxWolfe(fa, da)) return { ok: true, f: fa, evaluations };
      if (noisy && Math.abs(fa - f0) <= epsF) {
        // Keep the bracket [lo, hi] with phi' pointing from lo towards hi at lo and away at hi.
        if (Math.sign(da) === Math.sign(dLo)) {
          lo = a;
          fLo = fa;
          dLo = da;
        } else {
          hi = a;
          fHi = fa;
          dHi = da;
        }
      } else if (fa > f0 + c1 * a * dg0 || fa >= fLo) {
        hi = a;
        fHi = fa;
        dHi = da;
      } else {
        if (Math.abs(da) <= -c2 * dg0) return { ok: true, f: fa, evaluations };
        if (da * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          dHi = dLo;
        }
        lo = a;
        fLo = fa;
        dLo = da;
      }
      if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // Interval collapsed: accept lo if it decreased f at all (rounding-level progress near the optimum).
    if (lo > 0 && fLo < f0) {
      phi(lo);
      return { ok: true, f: fLo, evaluations };
    }
    return { ok: false, f: f0, evaluations };
  }
}

/** Minimiser of the cubic interpolating f and f' at a and b. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (disc < 0) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}
