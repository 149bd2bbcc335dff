/**
 * Predicates of the mixup claims (docs/catalogue.md, fisher2024mixup) on plain vectors, so that any
 * layer can feed them (the ufm-mixup view gives h, the logits, w_i, w_j): parallel to w_i,
 * in span{w_i, w_j}, on the i/j decision boundary, equal features, the log-odds limit.
 *
 * Sensitivities (per unit move of h in the 2-norm) are first-order bounds used with the
 * certificate's distance, as for the other predicates: a relative residual r(h)/||h|| moves by
 * at most 2/||h|| per unit of h; logits move by max_k ||w_k|| per unit of h.
 */
import type { Measurement } from './predicate.ts';

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
}

function dotv(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/**
 * h is a positive multiple of w: ||h - (h.w/||w||^2) w|| / ||h||, plus 1 when h points away from
 * w (h.w <= 0). Relative; 0 iff h = t w with t > 0.
 */
export function parallelTo(h: ArrayLike<number>, w: ArrayLike<number>): Measurement {
  const hn = norm(h);
  const ww = dotv(w, w);
  const t = dotv(h, w) / ww;
  let r = 0;
  for (let k = 0; k < h.length; k++) r += (h[k] - t * w[k]) ** 2;
  const away = t > 0 ? 0 : 1;
  return {
    deviation: (hn > 0 ? Math.sqrt(r) / hn : Infinity) + away,
    kind: 'relative',
    detail: `||h - ${t.toPrecision(6)} w|| / ||h||${away ? ' (+1: h points away from w)' : ''}`,
    sensitivity: hn > 0 ? 2 / hn : Infinity,
  };
}

/** Distance of h from span{a, b} relative to ||h|| (least squares; a dependent pair spans a line). */
export function distanceFromSpan(h: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>): Measurement {
  const gaa = dotv(a, a);
  const gbb = dotv(b, b);
  const gab = dotv(a, b);
  const ha = dotv(h, a);
  const hb = dotv(h, b);
  const det = gaa * gbb - gab * gab;
  let ca: number;
  let cb: number;
  if (det > 1e-12 * gaa * gbb) {
    ca = (gbb * ha - gab * hb) / det;
    cb = (gaa * hb - gab * ha) / det;
  } else {
    ca = ha / gaa;
    cb = 0;
  }
  let r = 0;
  for (let k = 0; k < h.length; k++) r += (h[k] - ca * a[k] - cb * b[k]) ** 2;
  const hn = norm(h);
  return {
    deviation: hn > 0 ? Math.sqrt(r) / hn : 0,
    kind: 'relative',
    detail: `||h - (${ca.toPrecision(6)} w_i + ${cb.toPrecision(6)} w_j)|| / ||h||`,
    sensitivity: hn > 0 ? 2 / hn : 0,
  };
}

/**
 * On the i/j decision boundary: |z_i - z_j| / max(1, max_k |z_k|). `maxRowNorm` is max_k ||w_k||
 * (for the sensitivity).
 */
export function decisionBoundaryGap(z: ArrayLike<number>, i: number, j: number, maxRowNorm: number): Measurement {
  let zmax = 1;
  for (let k = 0; k < z.length; k++) zmax = Math.max(zmax, Math.abs(z[k]));
  return {
    deviation: Math.abs(z[i] - z[j]) / zmax,
    kind: 'relative',
    detail: `|z_${i} - z_${j}| = ${Math.abs(z[i] - z[j]).toExponential(3)} (scale ${zmax.toPrecision(4)})`,
    sensitivity: (2 * maxRowNorm) / zmax,
  };
}

/** Two features agree: ||h - g|| / ||g|| (e.g. the same-class feature at two values of lam, or a closed form against a solve). */
export function sameFeature(h: ArrayLike<number>, g: ArrayLike<number>): Measurement {
  let r = 0;
  for (let k = 0; k < h.length; k++) r += (h[k] - g[k]) ** 2;
  const gn = norm(g);
  return {
    deviation: gn > 0 ? Math.sqrt(r) / gn : Math.sqrt(r),
    kind: gn > 0 ? 'relative' : 'absolute',
    detail: `||h - h_ref|| / ||h_ref||, ||h_ref|| = ${gn.toPrecision(6)}`,
    sensitivity: gn > 0 ? 1 / gn : 1,
  };
}

/** z_i - z_j against log(lam/(1-lam)) (absolute), the lambdaH -> 0 limit of fisher2024mixup. */
export function logOddsGap(z: ArrayLike<number>, i: number, j: number, lam: number, maxRowNorm: number): Measurement {
  const target = Math.log(lam / (1 - lam));
  return {
    deviation: Math.abs(z[i] - z[j] - target),
    kind: 'absolute',
    detail: `z_${i} - z_${j} = ${(z[i] - z[j]).toPrecision(8)} vs log(lam/(1-lam)) = ${target.toPrecision(8)}`,
    sensitivity: 2 * maxRowNorm,
  };
}

/**
 * The rows of W form a simplex ETF up to scale: ||W W^T / s - (K/(K-1)) C||_F / ||(K/(K-1)) C||_F
 * with s the mean squared row norm (for the learnable-classifier conjecture).
 */
export function etfUpToScale(WWt: readonly (readonly number[])[]): Measurement {
  const K = WWt.length;
  let s = 0;
  for (let k = 0; k < K; k++) s += WWt[k][k];
  s /= K;
  let err = 0;
  let ref = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      const t = k === l ? 1 : -1 / (K - 1);
      err += (WWt[k][l] / s - t) ** 2;
      ref += t * t;
    }
  }
  return {
    deviation: s > 0 ? Math.sqrt(err / ref) : Infinity,
    kind: 'relative',
    detail: `||W W^T / ${s.toPrecision(6)} - (K/(K-1)) C||_F / ||.||_F`,
    sensitivity: s > 0 ? 4 / Math.sqrt(s) : Infinity,
  };
}
