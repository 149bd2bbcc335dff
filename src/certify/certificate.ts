/**
 * A certificate says what is known about a point, in float64: first-order (gradient norm),
 * second-order (minimum Hessian eigenvalue by Lanczos on exact Hessian-vector products, with
 * its residual), and how far the point may be from the exact critical point. Verdicts are
 * decided from certificates only.
 */
import { lanczosExtremeEigen, type LanczosResult } from '../linalg/lanczos.ts';
import { UNIT_ROUNDOFF } from '../linalg/rounding.ts';
import type { Objective } from '../problems/problem.ts';
import { valueRounding } from './objective-tolerance.ts';
import { norm2 } from '../solvers/lbfgs.ts';
import { orthonormalBasis, projectOff, type Projector } from '../linalg/subspace.ts';
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
  const rounding = valueRounding(obj, x, f);
  const xNorm = norm2(x);
  const basis: Projector = options.subspace ?? (options.symmetries ? orthonormalBasis(options.symmetries, xNorm) : []);
  const known = options.subspace !== undefined || options.symmetries !== undefined;
  // With the symmetry orbit known, Lanczos runs off it: the eigenvalues are those of P H P on
  // the orbit's complement, so a small one is a soft direction of the minimum (degeneracy),
  // not the orbit's exact zero. Without it, on the whole space as before.
  const hv = (v: Float64Array, out: Float64Array) => obj.hessVec(x, v, out);
  const projected = (v: Float64Array, out: Float64Array) => {
    hv(v, out);
    projectOff(out, basis);
  };
  const lz = lanczosExtremeEigen(known ? projected : hv, obj.size, {
    maxIter: Math.min(obj.size, options.maxLanczos ?? 300),
    tol: 1e-10,
    seed: options.seed ?? 1,
    ...(known ? { project: (v: Float64Array) => projectOff(v, basis) } : {}),
  });
  // Rounding in the Hessian-vector products is ~1e-7 relative at worst here; Lanczos adds its residual.
  const eigTol = 1e-7 * Math.max(1, Math.abs(lz.max)) + 2 * lz.minResidual;
  const distanceEstimate =
    rounding.underflow !== undefined
      ? Infinity
      : known
        ? offOrbitDistance(obj, x, g, lz, xNorm, basis)
        : dampedDistance(obj, x, g, 1e-6 * Math.max(Math.abs(lz.max), Math.abs(lz.min)), xNorm, basis);
  let stationarity: Stationarity;
  if (!Number.isFinite(f) || !(gradNorm <= gradTol)) stationarity = 'not-stationary';
  else if (lz.min < -eigTol) stationarity = 'strict-saddle';
  else if (lz.converged || lz.minResidual <= eigTol) stationarity = 'second-order';
  else stationarity = 'first-order-only';
  return {
    objective: f,
    gradNorm,
    gradTol,
    minHessianEig: lz.min,
    maxHessianEig: lz.max,
    eigResidual: lz.minResidual,
    eigTol,
    lanczosIterations: lz.iterations,
    distanceEstimate,
    pointNorm: xNorm,
    stationarity,
    valueError: rounding.bound,
    ...(rounding.underflow !== undefined ? { refused: rounding.underflow } : {}),
  };
}

/**
 * The rounding noise of a computed gradient, estimated as 16 u sqrt(n) (|lambda_max| ||x|| +
 * ||g||): a gradient entry is a sum of products of the size of the Hessian times the point
 * (exact for the quadratic penalties, of the right order for the data terms), each sum off by
 * u times its terms, the entries' errors adding in the 2-norm.
 */
function gradientNoise(n: number, lambdaMax: number, xNorm: number, gradNorm: number): number {
  return 16 * UNIT_ROUNDOFF * Math.sqrt(n) * (Math.abs(lambdaMax) * xNorm + gradNorm);
}

/**
 * The distance bound when the symmetry orbit is known (the module comment of types.ts): the
 * smallest curvature off the orbit, lambda+ (Lanczos on P H P), decides.
 *
 * - lambda+ not clearly above Lanczos's resolution: the minimum is flat (degenerate) or a
 *   saddle off the orbit, and no gradient can bound the distance: Infinity.
 * - The gradient is known only to its rounding noise e_g, and a gradient of that size along the
 *   softest direction is a distance e_g / lambda+ that no Newton step can see: at a degenerate
 *   minimum (exactly at a collapse threshold, f - f* ~ ||x - x*||^4, lambda+ ~ 12 c ||x - x*||^2)
 *   this is what is left of the distance once the gradient is below its rounding, and it is
 *   large because lambda+ is small. It is added to every estimate.
 * - Damped Newton steps, (P H P + mu I) p = -P g with mu at most lambda+ / 100 so that the
 *   damping never caps a soft direction's step (that cap made a residual of 5e-6 look like a
 *   distance of 1e-10 at a VAE threshold), tested for contraction over two steps (dampedSteps).
 */
function offOrbitDistance(obj: Objective, x: Float64Array, g: Float64Array, lz: LanczosResult, xNorm: number, basis: Projector): number {
  const lambdaPlus = lz.min;
  const resolution = 2 * lz.minResidual + 64 * UNIT_ROUNDOFF * Math.sqrt(obj.size) * Math.abs(lz.max);
  if (!(lambdaPlus > resolution)) return Infinity;
  const noise = gradientNoise(obj.size, lz.max, xNorm, norm2(g)) / lambdaPlus;
  const mu = Math.min(1e-10 * Math.abs(lz.max), lambdaPlus / 100);
  // A step below 1e-10 max(1, ||x||) is rounding (the unknown-orbit path's floor): near x = 0 the
  // gradient is a sum of O(1) terms that cancel (p - y of a symmetric mix), whose noise the
  // estimate above, proportional to ||x||, misses; two such steps do not contract.
  return noise + dampedSteps(obj, x, g, mu, basis, Math.max(noise, 1e-10 * Math.max(1, xNorm)));
}

/**
 * The distance bound without a known orbit: damped steps with mu = 1e-6 |lambda|max, large
 * enough to absorb rounding noise along undeclared exact symmetries (which would otherwise be
 * amplified without bound), below 1e-10 max(1, ||x||) taken as that noise. Such a damping caps
 * the step along a soft direction, so this cannot see a degenerate minimum: every built-in
 * problem declares its symmetries (none included), and this path is for user problems.
 */
function dampedDistance(obj: Objective, x: Float64Array, g: Float64Array, mu: number, xNorm: number, basis: Projector): number {
  if (!(mu > 0)) return Infinity;
  return dampedSteps(obj, x, g, mu, basis, 1e-10 * Math.max(1, xNorm));
}

/**
 * Distance to the critical point from two consecutive damped Newton steps p1 (at x) and p2 (at
 * x + p1). At a non-degenerate point Newton converges quadratically and ||p1|| is the distance.
 * At a degenerate minimum Newton only contracts linearly with ratio r = ||p2|| / ||p1||: the
 * remaining distance is then ||p1|| / (1 - r). No contraction (r >= 0.95) means no bound:
 * Infinity, and the checks at that point cannot be decided. A first step below `noise` is
 * rounding and is returned as it is (a second step from it would be noise too).
 */
function dampedSteps(obj: Objective, x: Float64Array, g: Float64Array, mu: number, basis: Projector, noise: number): number {
  const maxCg = Math.min(obj.size, 500);
  const s1 = dampedCg(obj, x, g, mu, maxCg, 1e-6, basis);
  if (s1.negative) return Infinity;
  const d1 = norm2(s1.p);
  if (d1 <= noise) return d1;
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
