/**
 * Data sets for the linear (conditional) VAE problems. Only uncentred second moments matter to
 * a linear Gaussian VAE's loss (theorems.md, dang2024vae conventions: S_xy = (1/n) sum x y^T,
 * no centring), so a data set is reduced to its moments S_xx, S_xy, S_yy once, when parsed.
 *
 * A data set is either
 * - generated: `{ "seed", "samples", "dx", "dy", "xScales"?, "correlation", "noise" }`:
 *   x ~ N(0, diag(xScales^2)) (default scales 1, 1/2, 1/3, ...), y = correlation * A x + diag(noise) e
 *   with A (dy x dx) and e standard normal from the seed; more correlation => smaller
 *   E = S_yy - S_yx S_xx^{-1} S_xy relative to S_yy (the noise sets E's eigenvalues);
 * - a file: `{ "path": "data.json" }` with `{"x": [[...], ...], "y": [[...], ...]}` (one row per
 *   sample), or `{ "path": "data.csv" }` with a header naming columns x1.., y1.. .
 */
import { readFileSync } from 'node:fs';
import { Rng } from '../../random.ts';
import { InputError, describe, requireFinite } from '../../errors.ts';
import { mat, type Mat } from '../../linalg/matrix.ts';

export type VaeDataSpec =
  | { readonly seed: number; readonly samples: number; readonly dx: number; readonly dy: number; readonly xScales?: readonly number[]; readonly correlation: number; readonly noise: readonly number[] }
  | { readonly path: string };

export interface VaeMoments {
  readonly dx: number;
  readonly dy: number;
  readonly samples: number;
  readonly Sxx: Mat;
  readonly Sxy: Mat;
  readonly Syy: Mat;
}

/** Uncentred second moments of paired samples (rows of X and Y). */
export function secondMoments(X: number[][], Y: number[][]): VaeMoments {
  const n = X.length;
  const dx = n > 0 ? X[0].length : 0;
  const dy = n > 0 && Y.length > 0 ? Y[0].length : 0;
  const acc = (A: number[][], B: number[][], p: number, q: number): Mat => {
    const S = mat(p, q);
    for (let s = 0; s < n; s++) for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) S.data[i * q + j] += (A[s][i] * B[s][j]) / n;
    return S;
  };
  return { dx, dy, samples: n, Sxx: acc(X, X, dx, dx), Sxy: acc(X, Y, dx, dy), Syy: acc(Y, Y, dy, dy) };
}

/** Samples of the generated data set (see the module comment). */
export function generateSamples(spec: Extract<VaeDataSpec, { seed: number }>): { X: number[][]; Y: number[][] } {
  const rng = new Rng(spec.seed);
  const scales = spec.xScales ?? Array.from({ length: spec.dx }, (_, i) => 1 / (i + 1));
  const A = Array.from({ length: spec.dy }, () => Array.from({ length: spec.dx }, () => rng.normal() / Math.sqrt(spec.dx)));
  const X: number[][] = [];
  const Y: number[][] = [];
  for (let s = 0; s < spec.samples; s++) {
    const x = scales.map((c) => c * rng.normal());
    X.push(x);
    Y.push(A.map((row, i) => spec.correlation * row.reduce((t, a, j) => t + a * x[j], 0) + spec.noise[i] * rng.normal()));
  }
  return { X, Y };
}

function readSamples(path: string, input: string): { X: number[][]; Y: number[][] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(input, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (path.endsWith('.csv')) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = lines[0].split(',').map((h) => h.trim());
    const xs = header.flatMap((h, i) => (h.startsWith('x') ? [i] : []));
    const ys = header.flatMap((h, i) => (h.startsWith('y') ? [i] : []));
    if (xs.length === 0) throw new InputError(input, `${path}: the header names no x column (expected x1, x2, ..., y1, ...)`);
    const rows = lines.slice(1).map((l, r) => l.split(',').map((v, c) => requireFinite(`${path} row ${r + 2} column ${c + 1}`, Number(v))));
    return { X: rows.map((r) => xs.map((i) => r[i])), Y: rows.map((r) => ys.map((i) => r[i])) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(input, `${path} is not valid JSON: ${(e as Error).message}`);
  }
  const r = raw as { x?: unknown; y?: unknown };
  if (!Array.isArray(r.x)) throw new InputError(`${input}.x`, `${path} must hold {"x": [[...], ...], "y": [[...], ...]}`);
  const X = (r.x as unknown[]).map((row, s) => (Array.isArray(row) ? row.map((v, j) => requireFinite(`${path}.x[${s}][${j}]`, v)) : []));
  const Y = Array.isArray(r.y) ? (r.y as unknown[]).map((row, s) => (Array.isArray(row) ? row.map((v, j) => requireFinite(`${path}.y[${s}][${j}]`, v)) : [])) : X.map(() => []);
  if (Y.length !== X.length) throw new InputError(`${input}.y`, `${path} has ${X.length} x rows but ${Y.length} y rows`);
  return { X, Y };
}

/** Validates a data spec (errors name `${source}.field`). */
export function parseVaeData(raw: unknown, source: string, needY: boolean): VaeDataSpec {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a data set object ({seed, samples, dx, dy, correlation, noise} or {path}), got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (typeof r.path === 'string') return { path: r.path };
  const int = (k: string, min: number): number => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`${source}.${k}`, `expected an integer >= ${min}, got ${describe(v)}`);
    return v;
  };
  const seed = int('seed', 0);
  const dx = int('dx', 1);
  const dy = int('dy', needY ? 1 : 0);
  const samples = int('samples', dx + dy + 1);
  const correlation = requireFinite(`${source}.correlation`, r.correlation ?? 0);
  const arr = (k: string, len: number): number[] | undefined => {
    if (r[k] === undefined) return undefined;
    if (!Array.isArray(r[k]) || (r[k] as unknown[]).length !== len) throw new InputError(`${source}.${k}`, `expected an array of ${len} numbers, got ${describe(r[k])}`);
    return (r[k] as unknown[]).map((v, i) => requireFinite(`${source}.${k}[${i}]`, v));
  };
  const noise = arr('noise', dy) ?? Array.from({ length: dy }, () => 1);
  const xScales = arr('xScales', dx);
  return { seed, samples, dx, dy, correlation, noise, ...(xScales ? { xScales } : {}) };
}

/** The moments of a data spec (generating or reading the samples). */
export function dataMoments(spec: VaeDataSpec, source: string): VaeMoments {
  const { X, Y } = 'path' in spec ? readSamples(spec.path, source) : generateSamples(spec);
  if (X.length === 0) throw new InputError(source, 'the data set has no samples');
  return secondMoments(X, Y);
}
