/**
 * Accelerated proximal gradient (FISTA, Beck & Teboulle 2009) with backtracking on the
 * Lipschitz constant and adaptive gradient restart (O'Donoghue & Candès 2015), for composite
 * convex problems min g(x) + h(x) with g smooth and h prox-friendly (a nuclear norm, an
 * indicator of a ball). The restart matters here: the UFM-Z objective is not strongly convex in
 * general, but it has quadratic growth near its unique minimiser, where restarted FISTA
 * converges linearly instead of crawling at O(1/k^2).
 *
 * Global optimality is certified by the caller (a duality gap, a Frank-Wolfe gap); this routine
 * only reports the prox-gradient residual ||G_L(x)|| = L ||x - prox_{h/L}(x - grad g(x)/L)||,
 * which is zero exactly at minimisers.
 */

/** A composite objective g + h over a flat Float64Array. */
export interface CompositeObjective {
  readonly size: number;
  /** g(x); writes grad g(x) into `grad`. */
  smooth(x: Float64Array, grad: Float64Array): number;
  /** h(x) (a norm, or 0 / Infinity for an indicator). */
  nonsmooth(x: Float64Array): number;
  /** In place: x <- argmin_y h(y) + ||y - x||^2 / (2 t). */
  prox(x: Float64Array, t: number): void;
}

export interface ProximalOptions {
  /** Stop when the prox-gradient residual is at most this. @defaultValue 1e-11 */
  tol?: number;
  /** @defaultValue 50000 */
  maxIterations?: number;
  /** Initial Lipschitz estimate of grad g. @defaultValue 1 */
  lipschitz?: number;
  /**
   * Called every `checkEvery` iterations with the current point; returning true stops the
   * solve (e.g. when a duality gap is small enough).
   */
  stop?: (x: Float64Array) => boolean;
  /** @defaultValue 25 */
  checkEvery?: number;
}

export interface ProximalResult {
  readonly x: Float64Array;
  readonly objective: number;
  /** ||G_L(x)|| at the returned point. */
  readonly residual: number;
  readonly iterations: number;
  /** Momentum restarts taken. */
  readonly restarts: number;
  readonly lipschitz: number;
  readonly reason: 'tol' | 'stop' | 'max-iterations';
}

/** Minimises g + h from x0 (x0 is not modified). */
export function acceleratedProximalGradient(p: CompositeObjective, x0: Float64Array, options: ProximalOptions = {}): ProximalResult {
  const n = p.size;
  const tol = options.tol ?? 1e-11;
  const maxIt = options.maxIterations ?? 50000;
  const checkEvery = options.checkEvery ?? 25;
  let L = options.lipschitz ?? 1;
  const x = Float64Array.from(x0);
  p.prox(x, 1 / L);
  const xPrev = Float64Array.from(x);
  const y = Float64Array.from(x);
  const gy = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gTmp = new Float64Array(n);
  let t = 1;
  let restarts = 0;
  let residual = Infinity;
  let reason: ProximalResult['reason'] = 'max-iterations';
  let it = 0;
  for (; it < maxIt; it++) {
    const fy = p.smooth(y, gy);
    // Backtracking: accept L once g(x+) <= g(y) + <grad, x+ - y> + L/2 ||x+ - y||^2.
    for (let bt = 0; bt < 60; bt++) {
      for (let i = 0; i < n; i++) xNew[i] = y[i] - gy[i] / L;
      p.prox(xNew, 1 / L);
      let lin = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const dx = xNew[i] - y[i];
        lin += gy[i] * dx;
        sq += dx * dx;
      }
      const fx = p.smooth(xNew, gTmp);
      // Near the optimum g(x+) - g(y) is below rounding and the descent test turns into noise
      // that would inflate L without bound; there the equivalent-in-spirit curvature test
      // <grad g(x+) - grad g(y), x+ - y> <= L ||x+ - y||^2 (no cancellation of f values) decides.
      let curv = 0;
      for (let i = 0; i < n; i++) curv += (gTmp[i] - gy[i]) * (xNew[i] - y[i]);
      const fGap = fx - fy - lin;
      const noisy = Math.abs(fx - fy) <= 1e-11 * Math.max(1, Math.abs(fy));
      if (fGap <= 0.5 * L * sq || (noisy && curv <= L * sq)) {
        residual = L * Math.sqrt(sq);
        break;
      }
      L *= 2;
    }
    // Gradient restart: drop the momentum when it points uphill.
    let dirDot = 0;
    for (let i = 0; i < n; i++) dirDot += (y[i] - xNew[i]) * (xNew[i] - x[i]);
    xPrev.set(x);
    x.set(xNew);
    if (residual <= tol) {
      reason = 'tol';
      it++;
      break;
    }
    if (dirDot > 0) {
      t = 1;
      restarts++;
      y.set(x);
    } else {
      const tNew = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const beta = (t - 1) / tNew;
      for (let i = 0; i < n; i++) y[i] = x[i] + beta * (x[i] - xPrev[i]);
      t = tNew;
    }
    // Let L shrink slowly again, so one bad backtrack does not fix a tiny step for good.
    L *= 0.98;
    if (options.stop && (it + 1) % checkEvery === 0 && options.stop(x)) {
      reason = 'stop';
      it++;
      break;
    }
  }
  const g = new Float64Array(n);
  const objective = p.smooth(x, g) + p.nonsmooth(x);
  return { x, objective, residual, iterations: it, restarts, lipschitz: L, reason };
}
