/**
 * A certificate says what is known about a point, in float64: first-order (gradient norm),
 * second-order (minimum Hessian eigenvalue by Lanczos on exact Hessian-vector products, with
 * its residual), and how far the point may be from the exact critical point. Verdicts are
 * decided from certificates only.
 */
import { lanczosExtremeEigen } from '../linalg/lanczos.ts';
import type { Objective } from '../problems/problem.ts';
import { norm2 } from '../solvers/lbfgs.ts';
import { orthonormalBasis, type Projector } from '../linalg/subspace.ts';
import { dampedCg } from '../solvers/newton-cg.ts';
import { certifyKkt } from './kkt.ts';
import type { Certificate, CertifyOptions, Stationarity } from './types.ts';

export type { Certificate, CertifyOptions, Stationarity } from './types.ts';

export function certify(obj: Objective, x: Float64Array, options: CertifyOptions = {}): Certificate {
  // Constrained objectives certify by their KKT conditions (src/certify/kkt.ts).
  if (obj.constraints) return certifyKkt(obj, obj.constraints, x, options);
  const g = new Float64Array(obj.size);
  const f = obj.value(x, g);
  const gradNorm = norm2(g);
  const gradTol = (options.gradTol ?? 1e-8) * Math.max(1, Math.abs(f));
  const lz = lanczosExtremeEigen((v, out) => obj.hessVec(x, v, out), obj.size, {
    maxIter: Math.min(obj.size, options.maxLanczos ?? 300),
    tol: 1e-10,
    seed: options.seed ?? 1,
  });
  // Rounding in the Hessian-vector products is ~1e-7 relative at worst here; Lanczos adds its residual.
  const eigTol = 1e-7 * Math.max(1, Math.abs(lz.max)) + 2 * lz.minResidual;
  const xNorm = norm2(x);
  const basis: Projector = options.subspace ?? (options.symmetries ? orthonormalBasis(options.symmetries, xNorm) : []);
  const known = options.subspace !== undefined || options.symmetries !== undefined;
  // Off the symmetry orbit the Hessian is regular at a non-degenerate point, so the damping can
  // be tiny; without known symmetries it must absorb the noise along them.
  const scaleEig = Math.max(Math.abs(lz.max), Math.abs(lz.min), 1e-12);
  const mu = (known ? 1e-10 : 1e-6) * scaleEig;
  const distanceEstimate = newtonDistance(obj, x, g, mu, xNorm, basis);
  let stationarity: Stationarity;
  if (!Number.isFinite(f) || !(gradNorm <= gradTol)) stationarity = 'not-stationary';
  else if (lz.min < -eigTol) stationarity = 'strict-saddle';
  else if (lz.converged || lz.minResidual <= eigTol) stationarity = 'second-order';
  else stationarity = 'first-order-only';
  return {
    objective: f, gradNorm, gradTol, minHessianEig: lz.min, maxHessianEig: lz.max,
    eigResidual: lz.minResidual, eigTol, lanczosIterations: lz.iterations,
    distanceEstimate, pointNorm: norm2(x), stationarity,
  };
}

/**
 * Distance to the critical point from two consecutive damped Newton steps p1 (at x) and p2 (at
 * x + p1). At a non-degenerate point Newton converges quadratically and ||p1|| is the distance.
 * At a degenerate minimum (e.g. exactly at a collapse threshold, where f - f* ~ ||x - x*||^4)
 * the gradient can be below any tolerance far from x*, and Newton only contracts linearly with
 * ratio r = ||p2|| / ||p1||: the remaining distance is then ||p1|| / (1 - r). No contraction
 * (r >= 0.95) means no bound: Infinity, and the checks at that point cannot be decided.
 */
function newtonDistance(obj: Objective, x: Float64Array, g: Float64Array, mu: number, xNorm: number, basis: Projector): number {
  const maxCg = Math.min(obj.size, 500);
  const s1 = dampedCg(obj, x, g, mu, maxCg, 1e-6, basis);
  if (s1.negative) return Infinity;
  const d1 = norm2(s1.p);
  // Below this, the step is rounding noise along exact symmetry directions: nothing to extrapolate.
  if (d1 <= 1e-10 * Math.max(1, xNorm)) return d1;
  const x2 = Float64Array.from(x, (v, i) => v + s1.p[i]);
  const g2 = new Float64Array(obj.size);
  obj.value(x2, g2);
  // The orbit's tangent space at x2 differs from x's by O(||p1||): close enough to keep the basis.
  const s2 = dampedCg(obj, x2, g2, mu, maxCg, 1e-6, basis);
  if (s2.negative) return Infinity;
  const r = norm2(s2.p) / d1;
  if (r < 0.1) return d1 * (1 + 2 * r);
  return r < 0.95 ? d1 / (1 - r) : Infinity;
}

/**
 * Tolerance for a structural check at a certified point: the declared floor plus ten times the
 * first-order change of the measured deviation over the estimated distance to the exact
 * critical point (the predicate's sensitivity times the distance).
 */
export function structuralTolerance(floor: number, cert: Certificate, sensitivity: number): number {
  // No distance bound (degenerate point, Newton not contracting): nothing can be decided there.
  if (!Number.isFinite(cert.distanceEstimate)) return Infinity;
  return floor + 10 * sensitivity * cert.distanceEstimate;
}

/** Above this a structural tolerance decides nothing: the check is reported undecidable. */
export const MAX_DECIDING_TOLERANCE = 0.05;

/**
 * How far apart two objective values may be and still count as equal: float64 evaluation error
 * of a mean over many terms (1e-10 relative, generous) plus the first-order gap g.dx.
 */
export function objectiveTolerance(fRef: number, cert?: Certificate): number {
  const base = 1e-10 * Math.max(1, Math.abs(fRef));
  if (!cert) return base;
  const d = Number.isFinite(cert.distanceEstimate) ? cert.distanceEstimate : 0;
  return base + cert.gradNorm * d;
}
