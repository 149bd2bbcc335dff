/**
 * Fang et al.'s layer-peeled model in constraint form (docs/catalogue.md, fang2021):
 *
 *   min (1/N) sum_{k,i} CE(W h_{k,i}, k)  s.t. (1/K) sum_k ||w_k||^2 <= EW,
 *                                             (1/K) sum_k (1/n_k) sum_i ||h_{k,i}||^2 <= EH,
 *
 * no bias. Both constraints are active at every minimiser (scaling W and H up lowers the CE
 * once the margins are positive, and a zero W gives log K, which a small ETF beats), so the
 * minimisers are those of the problem restricted to the two spheres, which is solved in the
 * scale-free parametrisation W = sqrt(K EW) V / ||V||_F, H = sqrt(K EH) G / ||G||_omega with
 * ||G||_omega^2 = sum_j ||g_j||^2 / n_{class of j}: the projection onto the norm balls, built into
 * the objective so that unconstrained L-BFGS, Newton and Hessian certificates apply. The scalings
 * of V and G are exact symmetries (zero curvature), reported with the rotations W Q, Q^T H.
 *
 * Its convex ground truth over class-level logits is src/ground-truth/layer-peeled.ts.
 */
import { InputError, describe, requireFinite } from '../../errors.ts';
import type { Rng } from '../../random.ts';
import { rotationOrbitSubspace } from '../../linalg/rotation-orbit.ts';
import type { Subspace } from '../../linalg/subspace.ts';
import { norm2 } from '../../linalg/vector.ts';
import type { InstanceBase, Objective, Problem } from '../problem.ts';
import { gamma } from '../../linalg/rounding.ts';
import { ufmCeObjective, type UfmCeInstance } from '../ufm-ce/problem.ts';
import { ufmCeRounding } from '../ufm-ce/objective.ts';

export interface LayerPeeledInstance extends InstanceBase {
  readonly problem: 'layer-peeled';
  readonly K: number;
  readonly n: readonly number[];
  /** Feature dimension p. */
  readonly d: number;
  readonly EW: number;
  readonly EH: number;
}

/** The CE part as a bias-free, unregularised ufm-ce. */
export function ceInstance(inst: LayerPeeledInstance): UfmCeInstance {
  return { problem: 'ufm-ce', K: inst.K, n: inst.n, d: inst.d, lambdaW: 0, lambdaH: 0, lambdaB: 0, bias: false };
}

function columnWeights(inst: LayerPeeledInstance): Float64Array {
  const N = inst.n.reduce((a, b) => a + b, 0);
  const w = new Float64Array(N);
  for (let k = 0, j = 0; k < inst.K; k++) for (let i = 0; i < inst.n[k]; i++) w[j++] = 1 / inst.n[k];
  return w;
}

/** (W, H) of a point (V, G): the point on the constraint spheres. */
export function layerPeeledPoint(inst: LayerPeeledInstance, x: Float64Array): Float64Array {
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const om = columnWeights(inst);
  const a = Math.sqrt(K * inst.EW);
  const b = Math.sqrt(K * inst.EH);
  let s = 0;
  for (let i = 0; i < K * d; i++) s += x[i] * x[i];
  let t = 0;
  for (let r = 0; r < d; r++) for (let j = 0; j < N; j++) t += om[j] * x[K * d + r * N + j] ** 2;
  const y = new Float64Array(K * d + d * N);
  for (let i = 0; i < K * d; i++) y[i] = (a / Math.sqrt(s)) * x[i];
  for (let i = K * d; i < K * d + d * N; i++) y[i] = (b / Math.sqrt(t)) * x[i];
  return y;
}

export function layerPeeledObjective(inst: LayerPeeledInstance): Objective {
  const F = ufmCeObjective(ceInstance(inst), 'full');
  const rounding = ufmCeRounding(ceInstance(inst), 'full');
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const om = columnWeights(inst);
  const a = Math.sqrt(K * inst.EW);
  const b = Math.sqrt(K * inst.EH);
  const nW = K * d;
  const size = nW + d * N;
  const y = new Float64Array(size);
  const gy = new Float64Array(size);
  const u = new Float64Array(size);
  const hu = new Float64Array(size);
  const blocks = [
    { name: 'V', rows: K, cols: d, offset: 0 },
    { name: 'G', rows: d, cols: N, offset: nW },
  ];
  // Norms of V and G (omega-weighted), and the lifted point y = (W, H).
  function lift(x: Float64Array): { s: number; t: number } {
    let s = 0;
    for (let i = 0; i < nW; i++) s += x[i] * x[i];
    let t = 0;
    for (let r = 0; r < d; r++) for (let j = 0; j < N; j++) t += om[j] * x[nW + r * N + j] ** 2;
    s = Math.sqrt(s);
    t = Math.sqrt(t);
    for (let i = 0; i < nW; i++) y[i] = (a / s) * x[i];
    for (let i = nW; i < size; i++) y[i] = (b / t) * x[i];
    return { s, t };
  }
  const omAt = (i: number) => om[(i - nW) % N];
  /** out <- J^T g: (a/s)(g - u <u,g>) on V, (b/t)(g - Omega G <G,g>/t^2) on G. */
  function pullBack(x: Float64Array, s: number, t: number, g: Float64Array, out: Float64Array): void {
    let ug = 0;
    for (let i = 0; i < nW; i++) ug += x[i] * g[i];
    ug /= s;
    for (let i = 0; i < nW; i++) out[i] = (a / s) * (g[i] - (x[i] / s) * ug);
    let Gg = 0;
    for (let i = nW; i < size; i++) Gg += x[i] * g[i];
    for (let i = nW; i < size; i++) out[i] = (b / t) * (g[i] - (omAt(i) * x[i] * Gg) / (t * t));
  }
  return {
    size,
    blocks,
    value(x, grad) {
      const { s, t } = lift(x);
      if (!grad) return F.value(y);
      const f = F.value(y, gy);
      pullBack(x, s, t, gy, grad);
      return f;
    },
    hessVec(x, v, out) {
      const { s, t } = lift(x);
      F.value(y, gy);
      // u = J v.
      let uv = 0;
      for (let i = 0; i < nW; i++) uv += x[i] * v[i];
      uv /= s;
      for (let i = 0; i < nW; i++) u[i] = (a / s) * (v[i] - (x[i] / s) * uv);
      let Gv = 0;
      for (let i = nW; i < size; i++) Gv += omAt(i) * x[i] * v[i];
      for (let i = nW; i < size; i++) u[i] = (b / t) * (v[i] - (x[i] * Gv) / (t * t));
      F.hessVec(y, u, hu);
      pullBack(x, s, t, hu, out);
      // Second-order terms of the maps (see the module comment's parametrisation).
      let ug = 0;
      let vg = 0;
      for (let i = 0; i < nW; i++) {
        ug += x[i] * gy[i];
        vg += v[i] * gy[i];
      }
      ug /= s;
      const Pvg = vg - uv * ug; // <P v, g>
      for (let i = 0; i < nW; i++) {
        const ui = x[i] / s;
        const Pg = gy[i] - ui * ug;
        const Pv = v[i] - ui * uv;
        out[i] += (a / (s * s)) * (-uv * Pg - Pv * ug - ui * Pvg);
      }
      const dt = Gv / t;
      let Gg = 0;
      let vG = 0;
      for (let i = nW; i < size; i++) {
        Gg += x[i] * gy[i];
        vG += v[i] * gy[i];
      }
      for (let i = nW; i < size; i++) {
        const w = omAt(i);
        out[i] += -((b * dt) / (t * t)) * gy[i] + ((3 * b * dt) / t ** 4) * w * x[i] * Gg - (b / t ** 3) * (w * v[i] * Gg + w * x[i] * vG);
      }
    },
    // The lift y = (a/s) V, (b/t) G: the norms s, t (sums of squares, a square root) and the
    // scalings a = sqrt(K EW), b = sqrt(K EH) put a relative error of gamma(n + 6) in each entry.
    valueError(x) {
      lift(x);
      return rounding(y, { W: gamma(nW + 6), H: gamma(size - nW + 8) });
    },
  };
}

/** Tangents of the exact symmetries at x: the two scalings and the rotations (V A, -A^T... ) */
export function layerPeeledSymmetries(inst: LayerPeeledInstance, x: Float64Array): Float64Array[] {
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const nW = K * d;
  const size = nW + d * N;
  const out: Float64Array[] = [];
  const sV = new Float64Array(size);
  sV.set(x.subarray(0, nW), 0);
  const sG = new Float64Array(size);
  sG.set(x.subarray(nW), nW);
  out.push(sV, sG);
  // W -> W Q, H -> Q^T H for Q = exp(A), A = E_pq - E_qp: tangent (V A, -A H) = (V A, A^T G).
  for (let p = 0; p < d; p++)
    for (let q = p + 1; q < d; q++) {
      const t = new Float64Array(size);
      for (let k = 0; k < K; k++) {
        t[k * d + q] += x[k * d + p];
        t[k * d + p] -= x[k * d + q];
      }
      for (let j = 0; j < N; j++) {
        t[nW + q * N + j] += x[nW + p * N + j];
        t[nW + p * N + j] -= x[nW + q * N + j];
      }
      out.push(t);
    }
  return out;
}

/** The span of layerPeeledSymmetries as a projector without a basis (src/linalg/rotation-orbit.ts): the rotations, plus the two scalings. */
export function layerPeeledSymmetrySubspace(inst: LayerPeeledInstance, x: Float64Array): Subspace {
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const nW = K * d;
  const sV = new Float64Array(x.length);
  sV.set(x.subarray(0, nW), 0);
  const sG = new Float64Array(x.length);
  sG.set(x.subarray(nW), nW);
  return rotationOrbitSubspace(x, { d, rows: K, cols: N, offW: 0, offH: nW }, [sV, sG], norm2(x));
}

const KNOWN_FIELDS = new Set(['problem', 'K', 'n', 'd', 'EW', 'EH', 'id', 'note', 'seed']);

export function parseLayerPeeled(raw: unknown, source: string): LayerPeeledInstance {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (r.problem !== 'layer-peeled') throw new InputError(`${source}.problem`, `expected "layer-peeled", got ${describe(r.problem)}`);
  for (const key of Object.keys(r)) {
    if (!KNOWN_FIELDS.has(key)) throw new InputError(`${source}.${key}`, `unknown field for problem "layer-peeled" (known: ${[...KNOWN_FIELDS].join(', ')})`);
  }
  const int = (name: string, v: unknown, min: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      throw new InputError(`${source}.${name}`, `expected an integer >= ${min}, got ${describe(v)}`);
    return v;
  };
  const K = int('K', r.K, 2);
  if (!Array.isArray(r.n) || r.n.length !== K) throw new InputError(`${source}.n`, `expected ${K} per-class sample counts, got ${describe(r.n)}`);
  const n = r.n.map((v, k) => int(`n[${k}]`, v, 1));
  const d = int('d', r.d, 1);
  const EW = requireFinite(`${source}.EW`, r.EW);
  const EH = requireFinite(`${source}.EH`, r.EH);
  if (!(EW > 0)) throw new InputError(`${source}.EW`, `must be > 0, got ${EW}`);
  if (!(EH > 0)) throw new InputError(`${source}.EH`, `must be > 0, got ${EH}`);
  return { problem: 'layer-peeled', K, n, d, EW, EH };
}

export const layerPeeled: Problem<LayerPeeledInstance> = {
  name: 'layer-peeled',
  description: 'mean cross-entropy on W H (no bias) on the norm balls (1/K) sum ||w_k||^2 <= EW, (1/K) sum_k (1/n_k) sum_i ||h_ki||^2 <= EH',
  conventions:
    "min (1/N) sum_{k,i} CE(W h_{k,i}, k) subject to (1/K) sum_k ||w_k||^2 <= EW and (1/K) sum_k (1/n_k) sum_i ||h_{k,i}||^2 <= EH, no bias: Fang et al.'s constraint form. Both constraints are active at every minimiser, so the problem is solved on the two spheres through a scale-free parametrisation; the certified optimum of imbalanced instances comes from the convex problem over class-level logits on the nuclear-norm ball of radius K sqrt(EW EH).",
  parse: parseLayerPeeled,
  objective: layerPeeledObjective,
  randomStart(inst: LayerPeeledInstance, rng: Rng, scale: number): Float64Array {
    const N = inst.n.reduce((a, b) => a + b, 0);
    return rng.normalArray(inst.K * inst.d + inst.d * N, scale);
  },
  summarize: (i) => `K=${i.K} n=[${i.n.join(',')}] d=${i.d} EW=${i.EW} EH=${i.EH}`,
  symmetries: layerPeeledSymmetries,
  symmetrySubspace: layerPeeledSymmetrySubspace,
};
