/**
 * Equiangular Basis Vectors (docs/catalogue.md, ebv2023): N unit vectors in R^d with small coherence
 * max_{i != j} |cos|, by the authors' method (`official`, ebv-official.ts) or the strongest
 * method here (`best`, ebv-best.ts), validated against the packing bounds before any work.
 */
import { InputError, describe } from '../errors.ts';
import { bestEbv, type BestEbvResult } from './ebv-best.ts';
import { OFFICIAL_DEFAULT_ALPHA, OFFICIAL_STOP_SLACK, officialEbv, type OfficialEbvResult } from './ebv-official.ts';
import { bestLowerBound } from './packing-bounds.ts';
import { measureVectorSet, type VectorSetMeasurement } from './vector-set.ts';

export type EbvMethod = 'official' | 'best';

export interface EbvRequest {
  readonly N: number;
  readonly d: number;
  /**
   * official: their threshold (stop when max|cos| <= alpha + 1e-4). best: an optional target
   * (stop early once max|cos| <= alpha). @defaultValue 0.002 for official, none for best
   */
  readonly alpha?: number;
  /** @defaultValue 'best' */
  readonly method?: EbvMethod;
  /** @defaultValue 1 */
  readonly seed?: number;
  /** official only: their step budget. @defaultValue 100000 */
  readonly maxSteps?: number;
  /** best only: L-BFGS iterations per p-stage. @defaultValue 150 */
  readonly iterationsPerStage?: number;
  /** Progress callback (official: every step; best: every stage). */
  readonly onProgress?: (what: string) => void;
}

/** How each field is named in errors (the CLI passes its flags, e.g. `--alpha`). */
export interface EbvFieldNames {
  readonly N: string;
  readonly d: string;
  readonly alpha: string;
}

/** The largest N generated (each step holds the N x N Gram; 16384^2 doubles are 2 GiB). */
export const MAX_EBV_N = 16384;

/**
 * Refuses a request that cannot be met, before any work: N, d positive integers, alpha >= 0,
 * and alpha not below what the packing bounds allow. For official, the rule max|cos| <=
 * alpha + 1e-4 can never hold when alpha + 1e-4 < bound; the authors' script then runs its 1e5
 * steps and saves nothing. For best, alpha is a target that no set can reach below the bound.
 *
 * Syntax: validateEbvRequest({ N: 1000, d: 500, alpha: 0.002, method: 'official' }) throws InputError('alpha', ...)
 */
export function validateEbvRequest(req: EbvRequest, names: EbvFieldNames = { N: 'N', d: 'd', alpha: 'alpha' }): void {
  positiveInteger(names.N, req.N);
  positiveInteger(names.d, req.d);
  if (req.N > MAX_EBV_N) throw new InputError(names.N, `must be <= ${MAX_EBV_N} (every step holds the N x N Gram matrix), got ${req.N}`);
  const method = req.method ?? 'best';
  // official without --alpha runs the authors' default, which must pass the same test.
  const alpha = req.alpha ?? (method === 'official' ? OFFICIAL_DEFAULT_ALPHA : undefined);
  if (alpha === undefined) return;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
    throw new InputError(names.alpha, `expected a finite number >= 0 (a bound on |cos|), got ${describe(alpha)}`);
  }
  const b = bestLowerBound(req.N, req.d);
  const reach = method === 'official' ? alpha + OFFICIAL_STOP_SLACK : alpha;
  if (reach < b.bound) {
    const rule =
      method === 'official'
        ? `the stopping rule max|cos| <= alpha + ${OFFICIAL_STOP_SLACK} = ${reach} can never hold (the authors' script then runs all its steps and saves nothing)`
        : `no set reaches max|cos| <= ${alpha}`;
    throw new InputError(
      names.alpha,
      `${alpha} is below the ${b.name} bound ${b.bound.toPrecision(6)} for N = ${req.N} unit vectors in R^${req.d}: every such set has max|cos| >= ${b.bound.toPrecision(6)}, so ${rule}`,
    );
  }
}

function positiveInteger(name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(name, `expected an integer >= 1, got ${describe(v)}`);
}

export type EbvResult = (OfficialEbvResult | BestEbvResult) & { readonly measurement: VectorSetMeasurement; readonly seconds: number };

/**
 * Validates, generates and measures.
 *
 * Syntax: generateEbv({ N: 1000, d: 500, method: 'best', seed: 1 }) -> { vectors, measurement, ... }
 */
export function generateEbv(req: EbvRequest, names?: EbvFieldNames): EbvResult {
  validateEbvRequest(req, names);
  const t0 = performance.now();
  const method = req.method ?? 'best';
  const progress = req.onProgress;
  const r =
    method === 'official'
      ? officialEbv({
          N: req.N,
          d: req.d,
          alpha: req.alpha,
          seed: req.seed,
          maxSteps: req.maxSteps,
          onStep: progress
            ? (s, m) => {
                if (s % 50 === 0) progress(`step ${s}: max|cos| ${m.toPrecision(5)}`);
              }
            : undefined,
        })
      : bestEbv({
          N: req.N,
          d: req.d,
          seed: req.seed,
          target: req.alpha,
          iterationsPerStage: req.iterationsPerStage,
          onStage: progress ? (p, m, e) => progress(`p = ${p}: max|cos| ${m.toPrecision(5)} after ${e} evaluations`) : undefined,
        });
  const seconds = (performance.now() - t0) / 1000;
  return { ...r, measurement: measureVectorSet(r.vectors, 'vectors'), seconds };
}
