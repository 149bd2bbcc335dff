/**
 * Data sets for the linear (conditional) VAE problems. Only uncentred second moments matter to
 * a linear Gaussian VAE's loss (docs/catalogue.md, dang2024vae conventions: S_xy = (1/n) sum x y^T,
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
import { parseJson, readTextFile } from '../../io/json.ts';
import { Rng } from '../../random.ts';
import { InputError, describe, requireFinite } from '../../errors.ts';
import { mat, type Mat } from '../../linalg/matrix.ts';

export type VaeDataSpec =
  | {
      readonly seed: number;
      readonly samples: number;
      readonly dx: number;
      readonly dy: number;
      readonly xScales?: readonly number[];
      readonly correlation: number;
      readonly noise: readonly number[];
    }
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

/**
 * Rows of a CSV data file. Every cell must hold a number: Number('') is 0, so a blank cell
 * would otherwise be read as a zero sample without a word; a row must have the header's width.
 */
function readCsv(text: string, path: string, input: string): { X: number[][]; Y: number[][] } {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ l, row: i + 1 }))
    .filter(({ l }) => l.trim() !== '');
  if (lines.length === 0) throw new InputError(input, `${path}: the file is empty (expected a header x1, x2, ..., y1, ... and one row per sample)`);
  const header = lines[0].l.split(',').map((h) => h.trim());
  const xs = header.flatMap((h, i) => (h.startsWith('x') ? [i] : []));
  const ys = header.flatMap((h, i) => (h.startsWith('y') ? [i] : []));
  if (xs.length === 0) throw new InputError(input, `${path}: the header names no x column (expected x1, x2, ..., y1, ...)`);
  const rows = lines.slice(1).map(({ l, row }) => {
    const cells = l.split(',');
    if (cells.length !== header.length) throw new InputError(`${path} row ${row}`, `has ${cells.length} cells but the header has ${header.length} columns`);
    return cells.map((v, c) => {
      if (v.trim() === '') throw new InputError(`${path} row ${row} column ${c + 1}`, 'is blank: every cell needs a number (a blank is not read as 0)');
      return requireFinite(`${path} row ${row} column ${c + 1}`, Number(v));
    });
  });
  return { X: rows.map((r) => xs.map((i) => r[i])), Y: rows.map((r) => ys.map((i) => r[i])) };
}

function readSamples(path: string, input: string): { X: number[][]; Y: number[][] } {
  const text = readTextFile(path, `${input}.path (${path})`);
  if (path.endsWith('.csv')) return readCsv(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path, input);
  // Strict JSON: a duplicate key is refused, a byte-order mark dropped (src/io/json.ts).
  const raw = parseJson(text, path);
  const r = raw as { x?: unknown; y?: unknown };
  if (!Array.isArray(r.x)) throw new InputError(`${input}.x`, `${path} must hold {"x": [[...], ...], "y": [[...], ...]}`);
  const X = (r.x as unknown[]).map((row, s) => (Array.isArray(row) ? row.map((v, j) => requireFinite(`${path}.x[${s}][${j}]`, v)) : []));
  const Y = Array.isArray(r.y)
    ? (r.y as unknown[]).map((row, s) => (Array.isArray(row) ? row.map((v, j) => requireFinite(`${path}.y[${s}][${j}]`, v)) : []))
    : X.map(() => []);
  if (Y.length !== X.length) throw new InputError(`${input}.y`, `${path} has ${X.length} x rows but ${Y.length} y rows`);
  return { X, Y };
}

const GENERATED_FIELDS = new Set(['seed', 'samples', 'dx', 'dy', 'correlation', 'noise', 'xScales']);
const PATH_FIELDS = new Set(['path']);

/** Validates a data spec (errors name `${source}.field`). */
export function parseVaeData(raw: unknown, source: string, needY: boolean): VaeDataSpec {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new InputError(source, `expected a data set object ({seed, samples, dx, dy, correlation, noise} or {path}), got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  // Unknown fields are refused by name, as at the top level of an instance: a misspelt
  // "corelation" would otherwise silently fall back to the default 0.
  const known = r.path !== undefined ? PATH_FIELDS : GENERATED_FIELDS;
  for (const k of Object.keys(r)) {
    if (!known.has(k)) {
      throw new InputError(
        `${source}.${k}`,
        `unknown field for a ${r.path !== undefined ? 'data file' : 'generated data set'} (known: ${[...known].join(', ')})`,
      );
    }
  }
  if (r.path !== undefined) {
    if (typeof r.path !== 'string' || r.path.trim() === '')
      throw new InputError(`${source}.path`, `expected the path of a .json or .csv data file, got ${describe(r.path)}`);
    return { path: r.path };
  }
  const int = (k: string, min: number): number => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`${source}.${k}`, `expected an integer >= ${min}, got ${describe(v)}`);
    return v;
  };
  const seed = int('seed', 0);
  // The generator's state is 32 bits: a larger seed would be silently reduced to another one.
  if (seed >= 2 ** 32) throw new InputError(`${source}.seed`, `must be below 2^32 = 4294967296 (the generator takes 32-bit seeds), got ${seed}`);
  const dx = int('dx', 1);
  const dy = int('dy', needY ? 1 : 0);
  const samples = int('samples', dx + dy + 1);
  const correlation = requireFinite(`${source}.correlation`, r.correlation ?? 0);
  const arr = (k: string, len: number): number[] | undefined => {
    if (r[k] === undefined) return undefined;
    if (!Array.isArray(r[k]) || (r[k] as unknown[]).length !== len)
      throw new InputError(`${source}.${k}`, `expected an array of ${len} numbers, got ${describe(r[k])}`);
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
