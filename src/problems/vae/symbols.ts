/**
 * The per-mode data of the linear VAE family (docs/catalogue.md, dang2024vae) and the symbol tables
 * the claims' expressions are written in. Modes are listed largest first, with their directions
 * (eigenvectors, as columns) for the claimed minimisers:
 * - CVAE: theta_i = eigenvalues of E = S_yy - S_yx S_xx^{-1} S_xy (variances, conditional.ts);
 * - VAE, HVAE: theta_i = singular values of Z = E[x x_tilde^T] = S_xx^{1/2} (amplitudes: the
 *   square roots of the eigenvalues of the uncentred S_xx).
 */
import { descendingEigen } from '../../linalg/eigen-descending.ts';
import { frobNorm, type Mat } from '../../linalg/matrix.ts';
import { UNIT_ROUNDOFF, gamma } from '../../linalg/rounding.ts';
import type { Scope } from '../../symbolic/expr.ts';
import { withSymbolErrors } from '../../symbolic/rounding.ts';
import { conditionalResidual, regressionOnX } from './conditional.ts';
import { momentsOf, type LinearCvaeInstance } from './cvae.ts';
import type { VaeDataSpec } from './data.ts';
import { hvaeSizes, type LinearHvaeInstance } from './hvae.ts';
import type { LinearVaeInstance } from './vae.ts';

export interface VaeModes {
  /** Per-mode data quantity, descending. */
  readonly theta: number[];
  /** Mode directions: column i belongs to theta[i]. */
  readonly Q: Mat;
}

/** CVAE modes: the eigen decomposition of E, descending. */
export function cvaeModes(data: VaeDataSpec): VaeModes {
  const { values, vectors } = descendingEigen(conditionalResidual(data));
  return { theta: values, Q: vectors };
}

/** VAE / HVAE modes: theta_i = sqrt(eig S_xx) (rounding-level negative eigenvalues clamped to 0), S_xx's eigenvectors. */
export function amplitudeModes(data: VaeDataSpec): VaeModes {
  const { values, vectors } = descendingEigen(momentsOf(data).Sxx);
  return { theta: values.map((v) => Math.sqrt(Math.max(0, v))), Q: vectors };
}

const sum = (v: readonly number[], f: (x: number) => number = (x) => x) => v.reduce((a, b) => a + f(b), 0);

/*
 * Error bounds of the modes (src/symbolic/rounding.ts). The objectives take the moments as their
 * data, so what is inexact in the closed forms is the eigen decomposition: the Jacobi solver is
 * backward stable, so by Weyl every eigenvalue is within gamma(8 n) ||A||_F of the exact one.
 * E = S_yy - S_yx S_xx^{-1} S_xy adds its own rounding: the Cholesky solve's forward error,
 * kappa(S_xx) times its backward error, carried through S_yx. An amplitude theta = sqrt(lambda)
 * is off by at most min(d / theta, sqrt(d)) for a d-error in lambda.
 */
function eigenError(A: Mat): number {
  return gamma(8 * A.rows) * frobNorm(A);
}

function amplitudeError(theta: number, d: number): number {
  return Math.min(theta > 0 ? d / theta : Infinity, Math.sqrt(d)) + UNIT_ROUNDOFF * theta;
}

const thetaErrorCache = new Map<string, number>();

/** The bound on each CVAE mode theta_i (an eigenvalue of E), computed once per data set. */
export function cvaeThetaError(data: VaeDataSpec): number {
  const key = JSON.stringify(data);
  const cached = thetaErrorCache.get(key);
  if (cached !== undefined) return cached;
  const m = momentsOf(data);
  const E = conditionalResidual(data);
  const sxx = descendingEigen(m.Sxx).values;
  const kappa = sxx[0] / Math.max(sxx[sxx.length - 1], Number.MIN_VALUE);
  const X = regressionOnX(data);
  const formed = gamma(4 * (m.dx + m.dy)) * (frobNorm(m.Syy) + frobNorm(m.Sxy) * frobNorm(X) * (1 + kappa));
  const e = formed + eigenError(E);
  thetaErrorCache.set(key, e);
  return e;
}

/** Symbols: beta, etaEnc, etaDec, dz, dy, dx, thetaLat (the top min(dz, dy) modes), thetaRestSum (the others' sum), theta1. */
export function cvaeSymbols(inst: LinearCvaeInstance): Scope {
  const m = momentsOf(inst.data);
  const { theta } = cvaeModes(inst.data);
  const k = Math.min(inst.latent, m.dy);
  const rest = theta.slice(k);
  const e = cvaeThetaError(inst.data);
  return withSymbolErrors(
    {
      beta: inst.beta,
      etaEnc: inst.etaEnc,
      etaDec: inst.etaDec,
      dz: inst.latent,
      dy: m.dy,
      dx: m.dx,
      thetaLat: theta.slice(0, k),
      thetaRestSum: sum(rest),
      theta1: theta[0],
    },
    { thetaLat: theta.slice(0, k).map(() => e), thetaRestSum: rest.length * e + gamma(rest.length) * sum(rest, Math.abs), theta1: e },
  );
}

/**
 * The fixed encoder standard deviations in the order they pair with the modes: the smallest
 * sigma with the largest theta (the statement's pairing for a fixed Sigma).
 */
export function sigmaAscending(inst: LinearVaeInstance): number[] {
  return inst.sigma ? [...inst.sigma].sort((a, b) => a - b) : [];
}

/**
 * Symbols: beta, etaEnc, etaDec, dz, dx, fixed (0/1), thetaLat (top min(dz, dx) modes),
 * thetaRestSqSum (the others' squares), sigmaLat (the fixed sigmas paired with thetaLat, 1s when
 * learnable), sigmaAll (every fixed sigma, ascending; [1] when learnable).
 */
export function vaeSymbols(inst: LinearVaeInstance): Scope {
  const { theta } = amplitudeModes(inst.data);
  const d = theta.length;
  const k = Math.min(inst.latent, d);
  const sig = sigmaAscending(inst);
  const el = eigenError(momentsOf(inst.data).Sxx);
  const rest = theta.slice(k);
  return withSymbolErrors(
    {
      beta: inst.beta,
      etaEnc: inst.etaEnc,
      etaDec: inst.etaDec,
      dz: inst.latent,
      dx: d,
      fixed: inst.sigma ? 1 : 0,
      thetaLat: theta.slice(0, k),
      thetaRestSqSum: sum(rest, (t) => t * t),
      sigmaLat: inst.sigma ? sig.slice(0, k) : theta.slice(0, k).map(() => 1),
      sigmaAll: inst.sigma ? sig : [1],
    },
    { thetaLat: theta.slice(0, k).map((t) => amplitudeError(t, el)), thetaRestSqSum: rest.length * el + gamma(2 * rest.length + 1) * sum(rest, (t) => t * t) },
  );
}

export interface HvaeThetas {
  /** theta of every data mode (length d0). */
  readonly data: number[];
  /** The z1 modes with a z2 partner: the top min(d1, d2) of the z1 modes (zeros past d0). */
  readonly pair: number[];
  /** The z1 modes without one (d1 > d2). */
  readonly solo: number[];
}

/** z1 takes the top d1 data modes, z2 pairs with the top z1 modes (both savings grow with theta). */
export function hvaeThetas(inst: LinearHvaeInstance): HvaeThetas {
  const { d1, d2 } = hvaeSizes(inst);
  const data = amplitudeModes(inst.data).theta;
  const z1 = Array.from({ length: d1 }, (_, i) => data[i] ?? 0);
  const k = Math.min(d1, d2);
  return { data, pair: z1.slice(0, k), solo: z1.slice(k) };
}

/** Symbols: beta1, beta2, etaEnc, etaDec, sigma1, d0, d1, d2, thetaData, thetaPair, thetaSolo, thetaRestSqSum (data modes past d1). */
export function hvaeSymbols(inst: LinearHvaeInstance): Scope {
  const { d0, d1, d2 } = hvaeSizes(inst);
  const t = hvaeThetas(inst);
  const el = eigenError(momentsOf(inst.data).Sxx);
  const rest = t.data.slice(d1);
  // z1 modes past the data dimension d0 are structural zeros, exact.
  const err = (v: readonly number[], from: number) => v.map((x, i) => (from + i < d0 ? amplitudeError(x, el) : 0));
  return withSymbolErrors(
    {
      beta1: inst.beta1,
      beta2: inst.beta2,
      etaEnc: inst.etaEnc,
      etaDec: inst.etaDec,
      sigma1: inst.sigma1,
      d0,
      d1,
      d2,
      thetaData: t.data,
      thetaPair: t.pair,
      thetaSolo: t.solo,
      thetaRestSqSum: sum(rest, (x) => x * x),
    },
    {
      thetaData: err(t.data, 0),
      thetaPair: err(t.pair, 0),
      thetaSolo: err(t.solo, t.pair.length),
      thetaRestSqSum: rest.length * el + gamma(2 * rest.length + 1) * sum(rest, (x) => x * x),
    },
  );
}
