/**
 * Instances of the `ufm-mixup` problem (docs/catalogue.md, fisher2024mixup), as read from JSON:
 *
 *   {"problem":"ufm-mixup","K":4,"d":4,"s":1,"lambdaH":0.01,"mixes":[[0,0,1],[0,1,0.7]]}
 *     a fixed simplex-ETF classifier (||w_k|| = s, needs d >= K - 1) and one free feature per mix;
 *   {"problem":"ufm-mixup","classifier":"learnable","K":4,"d":4,"lambdaW":0.01,"lambdaH":0.01,
 *    "mixes":{"balanced":{"n":2,"seed":1,"lam":0.7}}}
 *     W free as well (the full UFM under the mixup loss).
 *
 * A mix (i, j, lam) is a mixed example whose target is lam e_i + (1 - lam) e_j. `mixes` is an
 * explicit list of [i, j, lam] (or of {"i", "j", "lam"}, the parsed form that reports write), or {"balanced": {"n", "seed", "lam"}}: the mixup batch of a
 * balanced set with n samples per class, each sample x_a mixed with partner x_pi(a) for a
 * seeded random permutation pi (as mixup_data does with torch.randperm), lam a number in [0, 1]
 * or "uniform" (lam ~ Beta(1, 1), one draw per example); or {"allPairs": {"lam": 0.7}} (lam a
 * number or a list): every ordered pair (i, j), same-class pairs included, once per lam, the
 * class-symmetric mixing set that random pairs approach in expectation.
 */
import { InputError, describe, requireFinite } from '../../errors.ts';
import { Rng } from '../../random.ts';
import { requireInteger, requirePositive } from '../fields.ts';
import type { InstanceBase } from '../problem.ts';

/** One mixed example: target lam e_i + (1 - lam) e_j. */
export interface Mix {
  readonly i: number;
  readonly j: number;
  readonly lam: number;
}

interface MixupBase extends InstanceBase {
  readonly problem: 'ufm-mixup';
  /** Classes, >= 2. */
  readonly K: number;
  /** Feature dimension. */
  readonly d: number;
  readonly lambdaH: number;
  readonly mixes: readonly Mix[];
}

/** Fixed simplex-ETF classifier: rows w_k with ||w_k|| = s, w_k . w_l = -s^2/(K-1). */
export interface UfmMixupFixedInstance extends MixupBase {
  readonly classifier: 'fixed-etf';
  readonly s: number;
}

/** The full UFM: W and the features free. */
export interface UfmMixupLearnableInstance extends MixupBase {
  readonly classifier: 'learnable';
  readonly lambdaW: number;
}

export type UfmMixupInstance = UfmMixupFixedInstance | UfmMixupLearnableInstance;

const COMMON = ['problem', 'classifier', 'K', 'd', 'lambdaH', 'mixes', 'id', 'note', 'seed'];
const FIXED_FIELDS = new Set([...COMMON, 's']);
const LEARNABLE_FIELDS = new Set([...COMMON, 'lambdaW']);

/**
 * Validates raw JSON; every error names `${source}.field`.
 *
 * Syntax: parseUfmMixup({ problem: 'ufm-mixup', K: 4, d: 4, s: 1, lambdaH: 0.01, mixes: [[0, 1, 0.7]] }, 'inst.json')
 */
export function parseUfmMixup(raw: unknown, source: string): UfmMixupInstance {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (r.problem !== 'ufm-mixup') throw new InputError(`${source}.problem`, `expected "ufm-mixup", got ${describe(r.problem)}`);
  const classifier = r.classifier ?? 'fixed-etf';
  if (classifier !== 'fixed-etf' && classifier !== 'learnable') {
    throw new InputError(`${source}.classifier`, `expected "fixed-etf" (default) or "learnable", got ${describe(classifier)}`);
  }
  const known = classifier === 'fixed-etf' ? FIXED_FIELDS : LEARNABLE_FIELDS;
  for (const key of Object.keys(r)) {
    if (!known.has(key)) throw new InputError(`${source}.${key}`, `unknown field for a ${classifier} "ufm-mixup" instance (known: ${[...known].join(', ')})`);
  }
  const K = requireInteger(`${source}.K`, r.K, 2, 'at least 2 classes');
  const d = requireInteger(`${source}.d`, r.d, 1, 'the feature dimension must be at least 1');
  const lambdaH = requirePositive(`${source}.lambdaH`, r.lambdaH);
  const mixes = parseMixes(r.mixes, K, `${source}.mixes`);
  if (classifier === 'fixed-etf') {
    if (d < K - 1) throw new InputError(`${source}.d`, `a simplex ETF of ${K} classifiers has rank ${K - 1} and needs d >= ${K - 1}, got ${d}`);
    const s = requirePositive(`${source}.s`, r.s);
    return { problem: 'ufm-mixup', classifier, K, d, s, lambdaH, mixes };
  }
  const lambdaW = requirePositive(`${source}.lambdaW`, r.lambdaW);
  return { problem: 'ufm-mixup', classifier, K, d, lambdaW, lambdaH, mixes };
}

function parseMixes(raw: unknown, K: number, field: string): Mix[] {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return parseBalanced(raw as Record<string, unknown>, K, field);
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new InputError(field, `expected a non-empty list of [i, j, lam] or {"balanced": {"n", "seed", "lam"}}, got ${describe(raw)}`);
  }
  return raw.map((m, idx) => {
    const f = `${field}[${idx}]`;
    // {"i", "j", "lam"}: the parsed form, as reports write an instance back (counterexamples replay).
    const o: unknown = m;
    if (o !== null && typeof o === 'object' && !Array.isArray(o) && Object.keys(o).length === 3 && ['i', 'j', 'lam'].every((k) => k in o)) {
      const r = o as Record<string, unknown>;
      return { i: requireClass(`${f}.i`, r.i, K), j: requireClass(`${f}.j`, r.j, K), lam: requireLam(`${f}.lam`, r.lam) };
    }
    if (!Array.isArray(m) || m.length !== 3) throw new InputError(f, `expected [i, j, lam], got ${describe(m)}`);
    const i = requireClass(`${f}[0]`, m[0], K);
    const j = requireClass(`${f}[1]`, m[1], K);
    return { i, j, lam: requireLam(`${f}[2]`, m[2]) };
  });
}

function requireClass(field: string, v: unknown, K: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InputError(field, `expected a class index 0..${K - 1}, got ${describe(v)}`);
  if (v >= K) throw new InputError(field, `names class ${v}, but there are only K = ${K} classes (0..${K - 1})`);
  return v;
}

function requireLam(field: string, v: unknown): number {
  const lam = requireFinite(field, v);
  if (lam < 0 || lam > 1) throw new InputError(field, `lam is a mixing weight and must lie in [0, 1], got ${lam}`);
  return lam;
}

function parseBalanced(r: Record<string, unknown>, K: number, field: string): Mix[] {
  const keys = Object.keys(r);
  if (keys.length !== 1 || (keys[0] !== 'balanced' && keys[0] !== 'allPairs')) {
    throw new InputError(`${field}${keys.length === 1 ? `.${keys[0]}` : ''}`, 'expected exactly one of {"balanced": {...}} or {"allPairs": {...}}');
  }
  if (keys[0] === 'allPairs') return parseAllPairs(r.allPairs, K, `${field}.allPairs`);
  const b = r.balanced;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw new InputError(`${field}.balanced`, `expected {"n", "seed", "lam"}, got ${describe(b)}`);
  const o = b as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (!['n', 'seed', 'lam'].includes(key)) throw new InputError(`${field}.balanced.${key}`, 'unknown field (known: n, seed, lam)');
  const n = requireInteger(`${field}.balanced.n`, o.n, 1, 'every class needs at least one sample');
  const seed = requireInteger(`${field}.balanced.seed`, o.seed ?? 1, 0, 'a seed is a non-negative integer');
  const lamRaw = o.lam ?? 'uniform';
  const lam = lamRaw === 'uniform' ? 'uniform' : requireLam(`${field}.balanced.lam`, lamRaw);
  return balancedMixes(K, n, seed, lam);
}

function parseAllPairs(raw: unknown, K: number, field: string): Mix[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(field, `expected {"lam": number or list}, got ${describe(raw)}`);
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) if (key !== 'lam') throw new InputError(`${field}.${key}`, 'unknown field (known: lam)');
  const lams = Array.isArray(o.lam) ? o.lam.map((v, k) => requireLam(`${field}.lam[${k}]`, v)) : [requireLam(`${field}.lam`, o.lam)];
  if (lams.length === 0) throw new InputError(`${field}.lam`, 'expected at least one mixing weight');
  return allPairsMixes(K, lams);
}

/** Every ordered pair (i, j) of K classes, once per lam: the class-symmetric mixing set. */
export function allPairsMixes(K: number, lams: readonly number[]): Mix[] {
  const out: Mix[] = [];
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) for (const lam of lams) out.push({ i, j, lam });
  return out;
}

/**
 * The mixup batch of a balanced set: samples a = 0..nK-1 of class floor(a / n), each mixed with
 * the sample pi(a) of a seeded random permutation pi, lam fixed or Beta(1, 1) (uniform) per
 * example. Deterministic in the seed.
 *
 * Syntax: balancedMixes(3, 2, 1, 0.7) -> 6 mixes [{ i, j, lam: 0.7 }, ...]
 */
export function balancedMixes(K: number, n: number, seed: number, lam: number | 'uniform'): Mix[] {
  const rng = new Rng(seed);
  const N = K * n;
  const perm = Array.from({ length: N }, (_, a) => a);
  for (let a = N - 1; a > 0; a--) {
    const b = rng.int(0, a);
    [perm[a], perm[b]] = [perm[b], perm[a]];
  }
  return perm.map((p, a) => ({ i: Math.floor(a / n), j: Math.floor(p / n), lam: lam === 'uniform' ? rng.uniform() : lam }));
}
