/**
 * Edge instances, derived from the claim's own expressions on its problem's instance space
 * (src/instances/space.ts), before any adaptive search:
 *
 * - assumption boundaries: each integer parameter is moved one value at a time from a base point
 *   inside the region; where an assumption flips between two neighbouring values, the last value
 *   inside and the one a step further inside are kept (d = K - 1 and d = K for d >= K - 1); with
 *   a dropped assumption, the first value outside it and one further out;
 * - closed-form thresholds: along each threshold parameter (a regularisation level, an imbalance
 *   ratio) the claim's predicted regime (src/hunt/regime.ts) is scanned and every switch is
 *   located by bisection; the instances at the switch times 1 - 1e-3 and 1 + 1e-3 are kept, from
 *   the base point and from the first assumption boundaries;
 * - extremes: each parameter at its smallest and largest value (K = 2, n_min = 1, the most
 *   extreme imbalance the space allows), and each sub-model (bias, features) that lies inside.
 *
 * Only instances inside the region are returned, without duplicates, in that order.
 */
import type { Theorem } from '../engine/theorem.ts';
import type { InstanceBase } from '../problems/problem.ts';
import { Rng } from '../random.ts';
import { discreteValues, randomPoint, realAt, type InstanceSpace, type RealParameter, type SpacePoint } from '../instances/space.ts';
import { assumptionTruth, type Region } from './region.ts';
import { regimeChange, regimeOf } from './regime.ts';

export interface EdgeInstance {
  readonly instance: InstanceBase;
  readonly point: SpacePoint;
  /** Why it is an edge, e.g. "dOffset = -1: at the boundary of dimension (d >= K - 1)". */
  readonly why: string;
}

/** Relative distance of threshold edges from the switch. */
export const THRESHOLD_STEP = 1e-3;
const SCAN_POINTS = 24;
const BISECTIONS = 30;

/**
 * The points of the space inside the region that edges start from: its seeds first; with a
 * dropped assumption, a seed moved along one discrete parameter (the nearest value first) until
 * it leaves the dropped assumption; then random points.
 */
export function basePoints(space: InstanceSpace, region: Region, seed: number, wanted = 1): SpacePoint[] {
  const inside = (p: SpacePoint) => {
    const inst = space.build(p);
    return inst !== null && region.contains(inst);
  };
  const out = space.seeds.filter(inside).slice(0, wanted);
  if (region.dropped !== undefined) {
    for (const s of space.seeds) {
      for (const p of space.parameters) {
        if (out.length >= wanted || p.kind === 'real') continue;
        const values = discreteValues(p);
        const at = Math.max(0, values.indexOf(s[p.name]));
        const byDistance = values
          .map((v, i) => ({ v, d: Math.abs(i - at) }))
          .filter((x) => x.d > 0)
          .sort((a, b) => a.d - b.d);
        const moved = byDistance.map(({ v }) => ({ ...s, [p.name]: v })).find(inside);
        if (moved) out.push(moved);
      }
    }
  }
  const rng = new Rng(seed);
  for (let i = 0; i < 400 && out.length < wanted; i++) {
    const p = randomPoint(space, rng);
    if (inside(p)) out.push(p);
  }
  return out;
}

/**
 * Switches of the claim's predicted regime along real parameter `param` from `base`: the values
 * where it changes (bisected to about 1e-9 of the parameter's log range) and what changes there.
 */
export function regimeSwitches(thm: Theorem, space: InstanceSpace, base: SpacePoint, param: RealParameter): Array<{ value: number; change: string }> {
  const regimeAt = (u: number): string | null => {
    const inst = space.build({ ...base, [param.name]: realAt(param, u) });
    return inst ? regimeOf(thm, inst) : null;
  };
  // A scan point whose regime changes within 1e-6 of it sits on a switch (e.g. a continuous
  // prediction passing exactly through an integer at the end of the range): not a regime.
  const stableAt = (u: number): string | null => {
    const r = regimeAt(u);
    return r !== null && r === regimeAt(u < 0.5 ? u + 1e-6 : u - 1e-6) ? r : null;
  };
  const us = Array.from({ length: SCAN_POINTS }, (_, i) => i / (SCAN_POINTS - 1));
  const regimes = us.map(stableAt);
  const out: Array<{ value: number; change: string }> = [];
  for (let i = 1; i < us.length; i++) {
    const [ra, rb] = [regimes[i - 1], regimes[i]];
    if (ra === null || rb === null || ra === rb) continue;
    let [lo, hi] = [us[i - 1], us[i]];
    for (let k = 0; k < BISECTIONS; k++) {
      const mid = (lo + hi) / 2;
      if (regimeAt(mid) === ra) lo = mid;
      else hi = mid;
    }
    out.push({ value: realAt(param, (lo + hi) / 2), change: regimeChange(ra, rb) });
  }
  return out;
}

export function edgeInstances(thm: Theorem, space: InstanceSpace, region: Region, options: { readonly seed: number; readonly limit: number }): EdgeInstance[] {
  const [b0] = basePoints(space, region, options.seed);
  if (!b0) return [];
  const seen = new Set<string>();
  const boundaries: EdgeInstance[] = [];
  const thresholds: EdgeInstance[] = [];
  const extremes: EdgeInstance[] = [];
  const add = (list: EdgeInstance[], point: SpacePoint, why: string): boolean => {
    const instance = space.build(point);
    if (!instance || !region.contains(instance)) return false;
    const key = JSON.stringify(instance);
    if (seen.has(key)) return false;
    seen.add(key);
    list.push({ instance, point, why });
    return true;
  };
  const label = (name: string) => `${name} (${thm.assumptions[name]})`;
  add(
    boundaries,
    b0,
    region.dropped === undefined ? 'the base point (the first seed inside every assumption)' : `the base point (outside ${label(region.dropped)})`,
  );
  const boundaryPoints: SpacePoint[] = [];

  for (const p of space.parameters) {
    if (p.kind === 'real') continue;
    const values = discreteValues(p);
    const points = values.map((v) => ({ ...b0, [p.name]: v }));
    const truth = points.map((pt) => {
      const inst = space.build(pt);
      return inst ? assumptionTruth(thm, inst) : null;
    });
    for (let i = 1; i < values.length; i++) {
      const [ta, tb] = [truth[i - 1], truth[i]];
      if (!ta || !tb) continue;
      for (const name of Object.keys(ta).filter((n) => ta[n] !== tb[n])) {
        // Which side satisfies `name`, and the step that leads away from the flip on that side.
        const inIdx = ta[name] ? i - 1 : i;
        const outIdx = ta[name] ? i : i - 1;
        const away = inIdx < outIdx ? -1 : 1;
        if (region.dropped === undefined) {
          if (add(boundaries, points[inIdx], `${p.name} = ${values[inIdx]}: at the boundary of ${label(name)}`)) boundaryPoints.push(points[inIdx]);
          const further = inIdx + away;
          if (further >= 0 && further < values.length) add(boundaries, points[further], `${p.name} = ${values[further]}: one step inside ${label(name)}`);
        } else if (name === region.dropped) {
          if (add(boundaries, points[outIdx], `${p.name} = ${values[outIdx]}: just outside ${label(name)}`)) boundaryPoints.push(points[outIdx]);
          const further = outIdx - away;
          if (further >= 0 && further < values.length)
            add(boundaries, points[further], `${p.name} = ${values[further]}: one step further outside ${label(name)}`);
        }
      }
    }
    if (p.kind === 'int') {
      add(extremes, points[0], `${p.name} = ${values[0]}: its smallest value`);
      add(extremes, points[points.length - 1], `${p.name} = ${values[values.length - 1]}: its largest value`);
    } else {
      points.forEach((pt, i) => add(extremes, pt, `${p.name} = ${String(values[i])}`));
    }
  }

  for (const base of [b0, ...boundaryPoints.slice(0, 3)]) {
    for (const p of space.parameters) {
      if (p.kind !== 'real' || !p.threshold) continue;
      for (const s of regimeSwitches(thm, space, base, p)) {
        for (const f of [1 - THRESHOLD_STEP, 1 + THRESHOLD_STEP]) {
          add(
            thresholds,
            { ...base, [p.name]: s.value * f },
            `${p.name} = ${(s.value * f).toPrecision(6)}: the switch (${s.change}) at ${p.name} = ${s.value.toPrecision(8)} times ${f}`,
          );
        }
      }
    }
  }

  for (const p of space.parameters) {
    if (p.kind !== 'real') continue;
    add(extremes, { ...b0, [p.name]: p.min }, `${p.name} = ${p.min}: its smallest value`);
    add(extremes, { ...b0, [p.name]: p.max }, `${p.name} = ${p.max}: its largest value${p.name === 'R' ? ' (the most extreme imbalance)' : ''}`);
  }
  return [...boundaries, ...thresholds, ...extremes].slice(0, options.limit);
}
