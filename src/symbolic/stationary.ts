/**
 * Stationary points of a reduced objective, found twice by independent routes: Brent on the
 * mathjs derivative (trusted) and nerdamer's solver on the same derivative (checked by
 * substitution), so a theorem's closed form can be confronted with both.
 */
import { InputError } from '../errors.ts';
import { derivative, evaluateExpr } from './expr.ts';
import type { Scope } from './expr.ts';
import { bracket, brent, nerdamerSolve } from './roots.ts';
import type { RejectedRoot } from './roots.ts';

// Relative agreement breaks down at a root of 0, where Brent's absolute tolerance (xtol/2 with
// the default 1e-15) is all the accuracy there is; allow that much absolutely.
const AGREE_ABS = 1e-15;

/** Result of `stationaryPoint`. */
export interface StationaryPoint {
  /** d phi / d variable, as simplified by mathjs. */
  derivative: string;
  /** The Brent root of the derivative in the domain; null when no sign change was found there. */
  brent: number | null;
  nerdamer: { verified: number[]; rejected: RejectedRoot[] };
  /** Whether a verified nerdamer root equals the Brent root to 1e-8 relative (+1e-15 absolute); null when nerdamer verified none. */
  agree: boolean | null;
  /** phi at the Brent root. */
  value: number | null;
}

/**
 * Finds a zero of d phi / d variable inside `domain` (the first sign change of a 64-point scan;
 * the search never leaves the domain) and cross-checks it with nerdamer.
 */
export function stationaryPoint(phi: string, variable: string, scope: Scope, domain: [number, number]): StationaryPoint {
  const [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new InputError('stationaryPoint.domain', `expected finite lo < hi, got [${lo}, ${hi}]`);
  }
  const d = derivative(phi, variable);
  const at =
    (source: string, name: string) =>
    (x: number): number => {
      const value = evaluateExpr(source, { ...scope, [variable]: x }, name);
      if (typeof value !== 'number') throw new InputError(name, `${JSON.stringify(source)} is boolean, expected a number`);
      return value;
    };
  const slope = at(d, 'stationaryPoint.derivative');

  const interval = bracket(slope, lo, hi, { maxSteps: 0 });
  const root = interval === null ? null : brent(slope, interval[0], interval[1]).root;

  const solved = nerdamerSolve(d, variable, { scope });
  const agree =
    solved.verified.length === 0
      ? null
      : root !== null && solved.verified.some((r) => Math.abs(r - root) <= 1e-8 * Math.max(Math.abs(root), Math.abs(r)) + AGREE_ABS);

  return {
    derivative: d,
    brent: root,
    nerdamer: { verified: solved.verified, rejected: solved.rejected },
    agree,
    value: root === null ? null : at(phi, 'stationaryPoint.phi')(root),
  };
}
