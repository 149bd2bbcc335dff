/**
 * The UFM with nonnegative features (Dang et al. 2024, "unconstrained ReLU features";
 * docs/catalogue.md, dang2024relu): `"problem": "ufm-ce", "features": "nonnegative"`.
 *
 * H >= 0 is imposed by the smooth reparametrisation H = G o G (entrywise square), so the
 * unconstrained solvers and the Hessian certificates apply unchanged. Its stationary points are
 * the constrained problem's: grad_G = 2 G o grad_H F vanishes iff grad_H F = 0 where H > 0.
 * At an entry with G = 0 the G-Hessian is 2 (grad_H F)_entry on the diagonal, so a second-order
 * point in G is exactly a KKT point of H >= 0 with nonnegative multipliers, and a live class
 * stuck at h_k = 0 (a negative multiplier) is a strict saddle in G: the certificate sees the
 * negative curvature and a negative-curvature escape can leave it.
 *
 * The variables are laid out as ufm-ce's with the block H replaced by G (named "G").
 */
import type { Rng } from '../../random.ts';
import type { Objective, VariableBlock } from '../problem.ts';
import { UNIT_ROUNDOFF } from '../../linalg/rounding.ts';
import { ufmCeObjective, ufmCeRounding, type UfmCeInstance } from './objective.ts';

/** The point with G replaced by H = G o G (the ufm-ce layout the views and predicates read). */
export function featuresFromRoots(inst: UfmCeInstance, x: Float64Array): Float64Array {
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const y = Float64Array.from(x);
  for (let i = K * d; i < K * d + d * N; i++) y[i] = x[i] * x[i];
  return y;
}

/** f(W, G, b) = F(W, G o G, b), F the ufm-ce objective; exact gradient and Hessian-vector product. */
export function ufmCeReluObjective(inst: UfmCeInstance): Objective {
  const inner = ufmCeObjective(inst, 'full');
  const rounding = ufmCeRounding(inst, 'full');
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const off = K * d;
  const end = K * d + d * N;
  const size = inner.size;
  const y = new Float64Array(size);
  const gy = new Float64Array(size);
  const u = new Float64Array(size);
  const blocks: VariableBlock[] = inner.blocks.map((b) => (b.name === 'H' ? { ...b, name: 'G' } : b));
  const lift = (x: Float64Array) => {
    y.set(x);
    for (let i = off; i < end; i++) y[i] = x[i] * x[i];
  };
  return {
    size,
    blocks,
    value(x, grad) {
      lift(x);
      if (!grad) return inner.value(y);
      const f = inner.value(y, grad);
      for (let i = off; i < end; i++) grad[i] *= 2 * x[i];
      return f;
    },
    hessVec(x, v, out) {
      // d/dG (2 G o g_H) [v] = 2 v o g_H + 2 G o (Hess F [J v])_H with J v = (v_W, 2 G o v_G, v_b).
      lift(x);
      inner.value(y, gy);
      u.set(v);
      for (let i = off; i < end; i++) u[i] = 2 * x[i] * v[i];
      inner.hessVec(y, u, out);
      for (let i = off; i < end; i++) out[i] = 2 * x[i] * out[i] + 2 * v[i] * gy[i];
    },
    // H = G o G carries one rounding per entry into the ufm-ce value.
    valueError(x) {
      lift(x);
      return rounding(y, { H: UNIT_ROUNDOFF });
    },
  };
}

/**
 * A start for the nonnegative model. Plain Gaussian starts often end at a local minimum where a
 * live minority class has h_k = 0 and the other classes share its coordinates; in G = sqrt(H)
 * that point is flat to fourth order along the escape (the W-G coupling of W (G o G) vanishes at
 * G = 0), so no Hessian certificate can see a way out. Every other start therefore also gives
 * class k a head start on coordinate k mod d, a symmetry-breaking restart, not a use of the
 * claimed solution (magnitudes and W stay random).
 */
export function ufmCeReluStart(inst: UfmCeInstance, rng: Rng, scale: number): Float64Array {
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const x = rng.normalArray(K * d + d * N + (inst.bias ? K : 0), 0.5 * scale);
  if (rng.uniform() < 0.5) {
    for (let k = 0, col = 0; k < K; k++) {
      for (let i = 0; i < inst.n[k]; i++, col++) x[K * d + (k % d) * N + col] = scale * (1 + 0.2 * rng.normal());
    }
  }
  return x;
}

/**
 * Escape points for the stall described at `ufmCeReluStart`: for each class k whose mean is
 * (numerically) zero and each coordinate j unused by W and H, the point with w_{:,j} =
 * s (e_k - 1/K) and G_{j, class k} = sqrt(s) for a few s. In (W, H) space this is the direction of
 * negative curvature of the bilinear coupling W H along the feasible cone H >= 0, which the
 * G-parametrisation hides (it is flat there to fourth order).
 */
export function ufmCeReluEscapes(inst: UfmCeInstance, x: Float64Array): Float64Array[] {
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const H = featuresFromRoots(inst, x);
  let scale = 0;
  for (let i = 0; i < K * d + d * N; i++) scale = Math.max(scale, Math.abs(H[i]));
  const tiny = 1e-6 * Math.max(scale, 1e-12);
  const classCols: number[][] = [];
  for (let k = 0, col = 0; k < K; k++) classCols.push(Array.from({ length: inst.n[k] }, () => col++));
  const freeCoords: number[] = [];
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let k = 0; k < K; k++) m = Math.max(m, Math.abs(x[k * d + j]));
    for (let c = 0; c < N; c++) m = Math.max(m, H[K * d + j * N + c]);
    if (m <= tiny) freeCoords.push(j);
  }
  const out: Float64Array[] = [];
  let base = x;
  if (freeCoords.length === 0) {
    // No free coordinate: the stalled point lies on a flat set where some class l spreads its
    // mean over two coordinates j', j (it alone uses them). Rotating that plane, W -> W Q and
    // h_l -> Q^T h_l with h_l moved onto j', keeps f and frees coordinate j.
    const freed = freeOneCoordinate(inst, x, H, classCols, tiny);
    if (!freed) return out;
    base = freed.x;
    freeCoords.push(freed.j);
  }
  const j = freeCoords[0];
  for (let k = 0; k < K; k++) {
    let hk = 0;
    for (let r = 0; r < d; r++) for (const c of classCols[k]) hk = Math.max(hk, H[K * d + r * N + c]);
    if (hk > tiny) continue;
    for (const s of [0.1, 0.5, 2].map((f) => f * Math.max(Math.sqrt(scale), 0.1))) {
      const y = Float64Array.from(base);
      for (let i = 0; i < K; i++) y[i * d + j] = s * ((i === k ? 1 : 0) - 1 / K);
      for (const c of classCols[k]) y[K * d + j * N + c] = Math.sqrt(s);
      out.push(y);
    }
  }
  return out;
}

/** The rotation described in `ufmCeReluEscapes`, or null if no class uses two coordinates alone. */
function freeOneCoordinate(inst: UfmCeInstance, x: Float64Array, H: Float64Array, classCols: number[][], tiny: number): { x: Float64Array; j: number } | null {
  const { K, d } = inst;
  const N = inst.n.reduce((a, b) => a + b, 0);
  const users: number[][] = Array.from({ length: d }, () => []);
  for (let r = 0; r < d; r++) for (let k = 0; k < K; k++) if (classCols[k].some((c) => H[K * d + r * N + c] > tiny)) users[r].push(k);
  for (let l = 0; l < K; l++) {
    const own = users.flatMap((u, r) => (u.length === 1 && u[0] === l ? [r] : []));
    if (own.length < 2) continue;
    const [jp, j] = own;
    const y = Float64Array.from(x);
    for (const c of classCols[l]) {
      const a = H[K * d + jp * N + c];
      const b = H[K * d + j * N + c];
      y[K * d + jp * N + c] = Math.sqrt(Math.hypot(a, b));
      y[K * d + j * N + c] = 0;
    }
    // The class mean's direction in the (j', j) plane fixes Q; W's columns rotate with it.
    const c0 = classCols[l][0];
    const a = H[K * d + jp * N + c0];
    const b = H[K * d + j * N + c0];
    const r = Math.hypot(a, b);
    const cs = a / r;
    const sn = b / r;
    for (let i = 0; i < K; i++) {
      const wp = x[i * d + jp];
      const wj = x[i * d + j];
      y[i * d + jp] = cs * wp + sn * wj;
      y[i * d + j] = -sn * wp + cs * wj;
    }
    return { x: y, j };
  }
  return null;
}
