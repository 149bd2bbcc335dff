/**
 * The unconstrained-features SVM of Thrampoulidis et al. (docs/catalogue.md, seli2022):
 *
 *   min 1/2 ||W||^2 + 1/2 ||H||^2  s.t. (w_{y_i} - w_c)^T h_i >= 1 for every sample i and c != y_i,
 *
 * W in R^{K x d} (rows are classifiers), H in R^{d x N} (columns are features, class by class as
 * in ufm-ce). Non-convex in (W, H), and the margin constraints are bilinear, so the engine's
 * L-BFGS + Hessian certificate does not apply: the objective declares its constraints
 * (`Objective.constraints`), and the engine solves it with an augmented Lagrangian and an SQP
 * polish (src/solvers/constrained.ts) and certifies it by the KKT conditions (src/certify/kkt.ts).
 *
 * Both the objective and the margins are homogeneous of degree 2 in (W, H), so any point with
 * positive margins is made exactly feasible by scaling it by (1 / min margin)^{1/2}: every point
 * the solver returns is feasible, and its objective is an upper bound on the optimum.
 *
 * For fixed W the feature subproblem of each sample is strictly convex, so every solution has
 * NC1 and the problem reduces exactly to one column per class weighted by n_k
 * (1/2 ||W||^2 + 1/2 sum_k n_k ||h_k||^2, margins (w_k - w_c)^T h_k >= 1): `mode: 'reduced'`.
 * Its convex ground truth is src/ground-truth/uf-svm-convex.ts.
 */
import { InputError, describe } from '../../errors.ts';
import { requireClassCounts } from '../fields.ts';
import type { Rng } from '../../random.ts';
import { rotationOrbitSubspace } from '../../linalg/rotation-orbit.ts';
import { gamma } from '../../linalg/rounding.ts';
import type { Subspace } from '../../linalg/subspace.ts';
import { norm2 } from '../../linalg/vector.ts';
import { mat, matmul, matmulTN, rowGram, toRows, type Mat } from '../../linalg/matrix.ts';
import type { InequalityConstraints, InstanceBase, Objective, Problem } from '../problem.ts';

export interface UfSvmInstance extends InstanceBase {
  readonly problem: 'uf-svm';
  /** Number of classes, >= 2. */
  readonly K: number;
  /** Samples per class, length K, each >= 1. */
  readonly n: readonly number[];
  /** Feature dimension, >= 1. */
  readonly d: number;
}

/** Columns of H: one per sample (`full`) or one per class weighted by n_k (`reduced`). */
export type UfSvmMode = 'full' | 'reduced';

interface Columns {
  P: number;
  label: Int32Array;
  weight: Float64Array;
}

function columnsOf(inst: UfSvmInstance, mode: UfSvmMode): Columns {
  if (mode === 'reduced') return { P: inst.K, label: Int32Array.from(inst.n, (_, k) => k), weight: Float64Array.from(inst.n) };
  const N = inst.n.reduce((a, b) => a + b, 0);
  const label = new Int32Array(N);
  for (let k = 0, j = 0; k < inst.K; k++) for (let i = 0; i < inst.n[k]; i++) label[j++] = k;
  return { P: N, label, weight: new Float64Array(N).fill(1) };
}

/**
 * The margin constraints c_{j,c} = (w_{y_j} - w_c)^T h_j - 1 >= 0, indexed j (K - 1) + slot(c),
 * slot(c) = c for c < y_j and c - 1 above. All are bilinear: their Hessians couple row y_j and
 * row c of W with column j of H only.
 */
function marginConstraints(inst: UfSvmInstance, cols: Columns): InequalityConstraints {
  const { K, d } = inst;
  const { P, label } = cols;
  const nW = K * d;
  const size = nW + d * P;
  const other = (y: number, s: number) => (s < y ? s : s + 1);
  return {
    count: P * (K - 1),
    values(x, out) {
      for (let j = 0; j < P; j++) {
        const y = label[j];
        for (let s = 0; s < K - 1; s++) {
          const c = other(y, s);
          let m = 0;
          for (let r = 0; r < d; r++) m += (x[y * d + r] - x[c * d + r]) * x[nW + r * P + j];
          out[j * (K - 1) + s] = m - 1;
        }
      }
    },
    jacobianRows(x, idx, out) {
      out.fill(0, 0, idx.length * size);
      idx.forEach((q, a) => {
        const j = Math.floor(q / (K - 1));
        const y = label[j];
        const c = other(y, q % (K - 1));
        const row = a * size;
        for (let r = 0; r < d; r++) {
          const h = x[nW + r * P + j];
          out[row + y * d + r] += h;
          out[row + c * d + r] -= h;
          out[row + nW + r * P + j] = x[y * d + r] - x[c * d + r];
        }
      });
    },
    jacobianTVec(x, u, out) {
      out.fill(0);
      for (let j = 0; j < P; j++) {
        const y = label[j];
        for (let s = 0; s < K - 1; s++) {
          const uj = u[j * (K - 1) + s];
          if (uj === 0) continue;
          const c = other(y, s);
          for (let r = 0; r < d; r++) {
            const h = x[nW + r * P + j];
            out[y * d + r] += uj * h;
            out[c * d + r] -= uj * h;
            out[nW + r * P + j] += uj * (x[y * d + r] - x[c * d + r]);
          }
        }
      }
    },
    // Each margin is bilinear in (W, H), so sum_i u_i Hess c_i is constant and its product with v
    // is J(v)^T u: the Jacobian-transpose product taken at the point v.
    weightedHessVec(_x, u, v, out) {
      this.jacobianTVec(v, u, out);
    },
  };
}

/** The margin constraints of an instance (for solvers and tests). */
export function ufSvmConstraints(inst: UfSvmInstance, mode: UfSvmMode = 'full'): InequalityConstraints {
  return marginConstraints(inst, columnsOf(inst, mode));
}

/** Tangents of the rotation orbit W -> W Q, H -> Q^T H (it preserves the objective and every margin). */
export function ufSvmSymmetries(inst: UfSvmInstance, x: Float64Array, mode: UfSvmMode = 'full'): Float64Array[] {
  const { K, d } = inst;
  const { P } = columnsOf(inst, mode);
  const nW = K * d;
  const out: Float64Array[] = [];
  for (let p = 0; p < d; p++)
    for (let q = p + 1; q < d; q++) {
      const t = new Float64Array(nW + d * P);
      for (let k = 0; k < K; k++) {
        t[k * d + q] += x[k * d + p];
        t[k * d + p] -= x[k * d + q];
      }
      for (let j = 0; j < P; j++) {
        t[nW + q * P + j] += x[nW + p * P + j];
        t[nW + p * P + j] -= x[nW + q * P + j];
      }
      out.push(t);
    }
  return out;
}

/** The span of ufSvmSymmetries as a projector without a basis (src/linalg/rotation-orbit.ts). */
export function ufSvmSymmetrySubspace(inst: UfSvmInstance, x: Float64Array, mode: UfSvmMode = 'full'): Subspace {
  const { K, d } = inst;
  const { P } = columnsOf(inst, mode);
  return rotationOrbitSubspace(x, { d, rows: K, cols: P, offW: 0, offH: K * d }, [], norm2(x));
}

/** The smallest margin (w_{y_j} - w_c)^T h_j over all columns and c != y_j. */
export function minMargin(inst: UfSvmInstance, x: Float64Array, mode: UfSvmMode = 'full'): number {
  const cons = marginConstraints(inst, columnsOf(inst, mode));
  const c = new Float64Array(cons.count);
  cons.values(x, c);
  let m = Infinity;
  for (const v of c) m = Math.min(m, v + 1);
  return m;
}

/** The objective 1/2 ||W||^2 + 1/2 sum_j omega_j ||h_j||^2 with its margin constraints attached. */
export function ufSvmObjective(inst: UfSvmInstance, mode: UfSvmMode = 'full'): Objective {
  const { K, d } = inst;
  const cols = columnsOf(inst, mode);
  const { P, weight } = cols;
  const nW = K * d;
  const size = nW + d * P;
  const w = (i: number) => (i < nW ? 1 : weight[(i - nW) % P]);
  const cons = marginConstraints(inst, cols);
  const symmetries = (x: Float64Array) => ufSvmSymmetries(inst, x, mode);
  const symmetrySubspace = (x: Float64Array) => ufSvmSymmetrySubspace(inst, x, mode);
  const obj: Objective = {
    size,
    blocks: [
      { name: 'W', rows: K, cols: d, offset: 0 },
      { name: 'H', rows: d, cols: P, offset: nW },
    ],
    value(x, grad) {
      let f = 0;
      for (let i = 0; i < size; i++) {
        const wi = w(i);
        f += 0.5 * wi * x[i] * x[i];
        if (grad) grad[i] = wi * x[i];
      }
      return f;
    },
    hessVec(_x, v, out) {
      for (let i = 0; i < size; i++) out[i] = w(i) * v[i];
    },
    // A sum of non-negative terms, each rounded three times (a weight, a square, a half).
    valueError(x) {
      let f = 0;
      for (let i = 0; i < size; i++) f += 0.5 * w(i) * x[i] * x[i];
      return { bound: gamma(size + 3) * f };
    },
    constraints: cons,
    repair: (x) => restoreFeasibility(inst, x, mode),
    symmetries,
    symmetrySubspace,
  };
  return obj;
}

/**
 * Scales x by (1 / min margin)^{1/2} when some margin is below 1 (degree-2 homogeneity), so the
 * point is feasible; a point with a non-positive margin cannot be repaired and is returned as is.
 */
export function restoreFeasibility(inst: UfSvmInstance, x: Float64Array, mode: UfSvmMode = 'full'): Float64Array {
  const m = minMargin(inst, x, mode);
  if (!(m > 0) || m >= 1) return x;
  const s = Math.sqrt(1 / m);
  return Float64Array.from(x, (v) => v * s);
}

export interface UfSvmView {
  readonly K: number;
  readonly d: number;
  readonly N: number;
  readonly n: readonly number[];
  readonly W: Mat;
  /** d x N features (sample level, even for a reduced point: columns repeated). */
  readonly H: Mat;
  readonly labels: Int32Array;
  /** d x K class means. */
  readonly Hbar: Mat;
}

/** Named matrices of a point; a reduced point is expanded to the sample level (NC1 by construction). */
export function ufSvmView(inst: UfSvmInstance, x: Float64Array, mode: UfSvmMode = 'full'): UfSvmView {
  const { K, d } = inst;
  const cols = columnsOf(inst, mode);
  const full = columnsOf(inst, 'full');
  const N = full.P;
  const nW = K * d;
  const W = mat(K, d, x.slice(0, nW));
  const H = mat(d, N);
  const offset: number[] = [];
  for (let k = 0, o = 0; k < K; k++) {
    offset.push(o);
    o += inst.n[k];
  }
  for (let j = 0; j < N; j++) {
    const src = mode === 'full' ? j : full.label[j];
    for (let r = 0; r < d; r++) H.data[r * N + j] = x[nW + r * cols.P + src];
  }
  const Hbar = mat(d, K);
  for (let j = 0; j < N; j++) {
    const k = full.label[j];
    for (let r = 0; r < d; r++) Hbar.data[r * K + k] += H.data[r * N + j] / inst.n[k];
  }
  return { K, d, N, n: inst.n, W, H, labels: full.label, Hbar };
}

const KNOWN_FIELDS = new Set(['problem', 'K', 'n', 'd', 'id', 'note', 'seed']);

/** Parses a `"problem": "uf-svm"` instance, naming the offending field on error. */
export function parseUfSvm(raw: unknown, source: string): UfSvmInstance {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (r.problem !== 'uf-svm') throw new InputError(`${source}.problem`, `expected "uf-svm", got ${describe(r.problem)}`);
  for (const key of Object.keys(r)) {
    if (!KNOWN_FIELDS.has(key))
      throw new InputError(
        `${source}.${key}`,
        `unknown field for problem "uf-svm" (known: ${[...KNOWN_FIELDS].join(', ')}; the UF-SVM has no regularisation parameters)`,
      );
  }
  const { K, n } = requireClassCounts(r, source);
  const d = r.d;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) throw new InputError(`${source}.d`, `expected an integer >= 1, got ${describe(d)}`);
  return { problem: 'uf-svm', K, n, d };
}

export function summarizeUfSvm(inst: UfSvmInstance): string {
  const nTxt = inst.n.every((v) => v === inst.n[0]) ? `n=${inst.n[0]}x${inst.K}` : `n=[${inst.n.join(',')}]`;
  return `K=${inst.K} ${nTxt} d=${inst.d}`;
}

export const ufSvm: Problem<UfSvmInstance> = {
  name: 'uf-svm',
  description: 'UF-SVM: min 1/2 ||W||^2 + 1/2 ||H||^2 s.t. (w_{y_i} - w_c)^T h_i >= 1 (Thrampoulidis et al. 2022)',
  conventions:
    'min 1/2 ||W||^2 + 1/2 ||H||^2 subject to (w_{y_i} - w_c)^T h_i >= 1 for every sample i and every class c != y_i, no regularisation parameter: W (K x d) rows are classifiers, H (d x N) columns are features class by class. The margins are bilinear, so it is solved by an augmented Lagrangian with an SQP polish and certified by its KKT conditions; its class-level convex ground truth minimises the nuclear norm of Z_bar D^{1/2} under the same margins.',
  parse: parseUfSvm,
  objective: (inst) => ufSvmObjective(inst, 'full'),
  randomStart(inst: UfSvmInstance, rng: Rng, scale: number): Float64Array {
    const N = inst.n.reduce((a, b) => a + b, 0);
    return rng.normalArray(inst.K * inst.d + inst.d * N, 0.5 * scale);
  },
  summarize: summarizeUfSvm,
  symmetries: (inst, x) => ufSvmSymmetries(inst, x, 'full'),
  symmetrySubspace: (inst, x) => ufSvmSymmetrySubspace(inst, x, 'full'),
  describeSolution(inst: UfSvmInstance, x: Float64Array) {
    const v = ufSvmView(inst, x);
    return {
      WWt: toRows(rowGram(v.W)),
      classMeanGram: toRows(matmulTN(v.Hbar, v.Hbar)),
      classLogits: toRows(matmul(v.W, v.Hbar)),
      minMargin: [minMargin(inst, x)],
    };
  },
};
