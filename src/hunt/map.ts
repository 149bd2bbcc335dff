/**
 * Failure maps (`ncverify hunt CLAIM --map P1,P2`): the engine's verdict over a grid of two
 * parameters of the problem's instance space, every other parameter held at a base point inside
 * the claim's assumptions, so a reader sees the region where a claim fails. Each cell is one
 * instance solved with the hunt's starts; cells outside the assumptions are `skipped` (nothing
 * solved). The claim's predicted regime (src/hunt/regime.ts) is evaluated in every cell, and the
 * edges between cells of different regimes are the predicted boundary (e.g. where the claimed
 * minimiser becomes the zero solution), drawn over the verdicts in the HTML.
 */
import type { Theorem } from '../engine/theorem.ts';
import type { Verdict } from '../engine/verdict.ts';
import { InputError } from '../errors.ts';
import { discreteValues, parameterOf, realAt, type InstanceSpace, type ParameterValue, type SpacePoint } from '../instances/space.ts';
import { spaceFor } from '../instances/spaces.ts';
import { HuntBudget } from './budget.ts';
import { basePoints } from './edges.ts';
import { huntCheck } from './hunt.ts';
import { regionOf } from './region.ts';
import { regimeChange, regimeOf } from './regime.ts';
import type { HuntStartOptions } from './starts.ts';

export interface MapAxis {
  readonly name: string;
  readonly doc: string;
  /** Whether the axis is drawn on a log scale (a log real parameter). */
  readonly log: boolean;
  readonly values: readonly number[];
}

export interface MapCell {
  /** Indices into the x and y axes' values. */
  readonly i: number;
  readonly j: number;
  readonly x: number;
  readonly y: number;
  /** The engine's verdict; `skipped` outside the claim's assumptions. */
  readonly verdict: Verdict;
  /** The counterexample's kind of a fail. */
  readonly kind?: string;
  readonly summary: string;
  readonly reason: string;
  /** The claim's predicted regime there (src/hunt/regime.ts), null where predictions do not evaluate. */
  readonly regime: string | null;
  readonly instance: unknown;
}

/** A piece of the predicted boundary: the edge between cells (i, j) and (i2, j2), with what changes across it. */
export interface BoundaryEdge {
  readonly i: number;
  readonly j: number;
  readonly i2: number;
  readonly j2: number;
  readonly change: string;
}

export interface HuntMap {
  readonly claim: string;
  readonly x: MapAxis;
  readonly y: MapAxis;
  /** Every other parameter's value. */
  readonly base: SpacePoint;
  readonly seed: number;
  readonly cells: readonly MapCell[];
  readonly boundary: readonly BoundaryEdge[];
  readonly counts: Readonly<Record<Verdict, number>>;
  /** Cells not solved because the time budget ran out (absent from `cells`). */
  readonly unsolved: number;
  readonly seconds: number;
}

export interface MapOptions {
  /** The two parameters, x then y (names of the problem's instance space). */
  readonly axes: readonly [string, string];
  /** Cells per axis (an integer axis never gets more than its values). @defaultValue [12, 12] */
  readonly grid?: readonly [number, number];
  /** Values for the other parameters, over the base point. */
  readonly at?: Readonly<Record<string, ParameterValue>>;
  /** Ranges for real axes (default: the parameter's whole range). */
  readonly ranges?: Readonly<Record<string, readonly [number, number]>>;
  /** @defaultValue 1 */
  readonly seed?: number;
  /** Stop solving after this many seconds (the remaining cells are counted as unsolved). */
  readonly seconds?: number;
  readonly starts?: HuntStartOptions;
  readonly onCell?: (c: MapCell, done: number, total: number) => void;
}

function axisOf(space: InstanceSpace, name: string, cells: number, range?: readonly [number, number]): MapAxis {
  const p = parameterOf(space, name);
  if (!p)
    throw new InputError(
      '--map',
      `"${name}" is not a parameter of the ${space.problem} instance space (parameters: ${space.parameters.map((q) => q.name).join(', ')})`,
    );
  if (p.kind === 'choice') throw new InputError('--map', `"${name}" is a choice (${p.values.join(', ')}), not a numeric axis`);
  if (p.kind === 'int') {
    const all = discreteValues(p) as number[];
    const lo = range ? Math.max(p.min, Math.ceil(range[0])) : p.min;
    const hi = range ? Math.min(p.max, Math.floor(range[1])) : p.max;
    const vals = all.filter((v) => v >= lo && v <= hi);
    const pick = vals.length <= cells ? vals : Array.from({ length: cells }, (_, k) => vals[Math.round((k * (vals.length - 1)) / (cells - 1))]);
    return { name, doc: p.doc, log: false, values: [...new Set(pick)] };
  }
  const [lo, hi] = range ?? [p.min, p.max];
  if (!(lo > 0 || !p.log) || !(hi > lo)) throw new InputError('--range', `${name}: expected ${p.log ? '0 < ' : ''}lo < hi, got ${lo}:${hi}`);
  const sub = { ...p, min: lo, max: hi };
  return { name, doc: p.doc, log: p.log, values: Array.from({ length: cells }, (_, k) => realAt(sub, cells === 1 ? 0.5 : k / (cells - 1))) };
}

export function huntMap(thm: Theorem, options: MapOptions): HuntMap {
  const space = spaceFor(thm.problem.name);
  if (!space) throw new InputError(`claim ${thm.id}`, `its problem "${thm.problem.name}" has no instance space to map`);
  const [xName, yName] = options.axes;
  if (xName === yName) throw new InputError('--map', `give two different parameters, got ${xName},${yName}`);
  const grid = options.grid ?? [12, 12];
  const x = axisOf(space, xName, grid[0], options.ranges?.[xName]);
  const y = axisOf(space, yName, grid[1], options.ranges?.[yName]);
  for (const k of Object.keys(options.at ?? {})) {
    if (!parameterOf(space, k)) throw new InputError('--at', `"${k}" is not a parameter of the ${space.problem} instance space`);
  }
  const seed = options.seed ?? 1;
  const region = regionOf(thm);
  const [b0] = basePoints(space, region, seed);
  const base: SpacePoint = { ...(b0 ?? space.seeds[0]), ...(options.at ?? {}) };
  const check = huntCheck(thm, region, seed, options.starts);
  const budget = new HuntBudget({ seconds: options.seconds });
  const cells: MapCell[] = [];
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0, skipped: 0 };
  const t0 = performance.now();
  const total = x.values.length * y.values.length;
  let unsolved = 0;
  for (const [j, yv] of y.values.entries()) {
    for (const [i, xv] of x.values.entries()) {
      const point = { ...base, [xName]: xv, [yName]: yv };
      const instance = space.build(point);
      const regime = instance ? regimeOf(thm, instance) : null;
      let cell: MapCell;
      if (!instance || !region.contains(instance)) {
        cell = {
          i,
          j,
          x: xv,
          y: yv,
          verdict: 'skipped',
          summary: instance ? thm.problem.summarize(instance) : 'no instance',
          reason: 'outside the assumptions',
          regime,
          instance,
        };
      } else if (!budget.more()) {
        unsolved++;
        continue;
      } else {
        const r = check(instance);
        cell = {
          i,
          j,
          x: xv,
          y: yv,
          verdict: r.verdict,
          ...(r.counterexample ? { kind: r.counterexample.kind } : {}),
          summary: r.summary,
          reason: r.reason,
          regime,
          instance,
        };
      }
      counts[cell.verdict]++;
      cells.push(cell);
      options.onCell?.(cell, cells.length, total);
    }
  }
  const at = new Map(cells.map((c) => [`${c.i},${c.j}`, c]));
  const boundary: BoundaryEdge[] = [];
  for (const c of cells) {
    for (const [di, dj] of [
      [1, 0],
      [0, 1],
    ]) {
      const o = at.get(`${c.i + di},${c.j + dj}`);
      if (o && c.regime !== null && o.regime !== null && c.regime !== o.regime)
        boundary.push({ i: c.i, j: c.j, i2: o.i, j2: o.j, change: regimeChange(c.regime, o.regime) });
    }
  }
  return { claim: thm.id, x, y, base, seed, cells, boundary, counts, unsolved, seconds: (performance.now() - t0) / 1000 };
}
