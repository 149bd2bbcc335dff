/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, Alg. 7.4 and 3.5/3.6),
 * in float64. The workhorse of every solve; a Newton-CG polish (newton-cg.ts) takes over when
 * L-BFGS slows down near the tolerance.
 */
import { NumericalError } from '../errors.ts';

export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when ||grad||_2 <= gtol. @defaultValue 1e-10 */
  gtol?: number;
  /** @defaultValue 5000 */
  maxIterations?: number;
  /** Number of correction pairs kept. @defaultValue 10 */
  memory?: number;
  /** Record f and ||grad|| every iteration (for convergence figures). @defaultValue false */
  recordHistory?: boolean;
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

export function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function lbfgs(fg: ValueAndGradient, x0: Float64Array, options: LbfgsOptions = {}): SolveTrace {
  const gtol = options.gtol ?? 1e-10;
  const maxIt = options.maxIterations ?? 5000;
  const m = options.memory ?? 10;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let evaluations = 1;
  let f = fg(x, g);
  if (!Number.isFinite(f)) throw new NumericalError('lbfgs', `objective is ${f} at the starting point`);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const dir = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const history: Array<[number, number]> = [];
  let gn = norm2(g);
  let it = 0;
  let reason: StopReason = 'max-iterations';
  let stalls = 0;
  while (it < maxIt) {
    if (options.recordHistory) history.push([f, gn]);
    if (gn <= gtol) {
      reason = 'gtol';
      break;
    }
    // Two-loop recursion: dir = -H_k g.
    for (let i = 0; i < n; i++) dir[i] = -g[i];
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(S[j], dir);
      const y = Y[j];
      for (let i = 0; i < n; i++) dir[i] -= alpha[j] * y[i];
    }
    if (k > 0) {
      const gamma = dot(S[k - 1], Y[k - 1]) / dot(Y[k - 1], Y[k - 1]);
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    } else {
      const s = 1 / Math.max(gn, 1);
      for (let i = 0; i < n; i++) dir[i] *= s;
    }
    for (let j = 0; j < k; j++) {
      const beta = rho[j] * dot(Y[j], dir);
      const s = S[j];
      for (let i = 0; i < n; i++) dir[i] += (alpha[j] - beta) * s[i];
    }
    let dg = dot(dir, g);
    if (!(dg < 0)) {
      // Not a descent direction (lost positive definiteness to rounding): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i] / Math.max(gn, 1);
      dg = dot(dir, g);
    }
    const ls = strongWolfe(fg, x, f, g, dir, dg, xNew, gNew);
    evaluations += ls.evaluations;
    if (!ls.ok) {
      if (S.length > 0) {
        S.length = 0;
        Y.length = 0;
        rho.length = 0;
        if (++stalls > 3) {
          reason = 'line-search';
          break;
        }
        continue;
      }
      reason = 'line-search';
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    const fOld = f;
    x.set(xNew);
    g.set(gNew);
    f = ls.f;
    gn = norm2(g);
    it++;
    if (sy > 1e-300 * dot(y, y)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    // Stall only when f stops decreasing at all: near an optimum at f ~ 0 tiny absolute decreases
    // are still real progress.
    if (!(fOld - f > 0) && gn > gtol) {
      if (++stalls > 10) {
        reason = 'no-progress';
        break;
      }
    } else stalls = 0;
  }
  if (options.recordHistory && reason !== 'gtol') history.push([f, gn]);
  return { x, f, gradNorm: gn, iterations: it, evaluations, reason, history };
}

interface LineSearchResult {
  ok: boolean;
  f: number;
  evaluations: number;
}

/** Strong Wolfe line search (c1 = 1e-4, c2 = 0.9) writing the accepted point into xNew/gNew. */
function strongWolfe(
  fg: ValueAndGradient,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  dir: Float64Array,
  dg0: number,
  xNew: Float64Array,
  gNew: Float64Array,
): LineSearchResult {
  const c1 = 1e-4;
  const c2 = 0.9;
  const n = x.length;
  let evaluations = 0;
  const phi = (a: number): [number, number] => {
    for (let i = 0; i < n; i++) xNew[i] = x[i] + a * dir[i];
    const fa = fg(xNew, gNew);
    evaluations++;
    return [fa, dot(gNew, dir)];
  };
  let aPrev = 0;
  let fPrev = f0;
  let dPrev = dg0;
  let a = 1;
  for (let iter = 0; iter < 40; iter++) {
    let [fa, da] = phi(a);
    if (!Number.isFinite(fa)) {
      a = 0.5 * (aPrev + a);
      continue;
    }
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
      let a = cubicMin(lo, fLo, dLo, hi, fHi, dHi);
      const width = Math.abs(hi - lo);
      const lo2 = Math.min(lo, hi);
      if (!Number.isFinite(a) || a < lo2 + 0.1 * width || a > lo2 + 0.9 * width) a = 0.5 * (lo + hi);
      const [fa, da] = phi(a);
      if (fa > f0 + c1 * a * dg0 || fa >= fLo) {
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
  const d1 = da + db - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - da * db;
  if (disc < 0) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
}
