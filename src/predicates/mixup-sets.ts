/**
 * The mixup claims (docs/catalogue.md, fisher2024mixup) over every mix of a point: the per-mix
 * predicates of mixup.ts, applied to each mixed feature and reduced to the worst one. Inputs
 * are plain records (the ufm-mixup view's MixView has this shape), so any layer can feed them.
 *
 * The worst deviation is reported with the largest sensitivity of the mixes compared: the
 * tolerance floor + 10 sensitivity distance then bounds every mix's own tolerance from above by
 * at most the spread of their sensitivities, and the point's distance to the exact minimiser
 * (||g|| / lambdaH for the fixed classifier) is at rounding level, so the floor decides.
 *
 * Feature distances are relative to max(||h||, 1): features of norm below 1 are compared
 * absolutely. A mixed feature can vanish exactly (K = 2 at lam = 1/2: the target (1/2, 1/2) is
 * softmax(0), so h* = 0), where a relative distance is 0/0 at rounding level.
 */
import { InputError } from '../errors.ts';
import { rowGram, type Mat } from '../linalg/matrix.ts';
import { decisionBoundaryGap, distanceFromSpan, parallelTo } from './mixup.ts';
import type { Measurement } from './predicate.ts';

/** One mixed example at a point: the mix (i, j, lam), its feature and its logits. */
export interface MixedFeature {
  readonly mix: { readonly i: number; readonly j: number; readonly lam: number };
  readonly h: ArrayLike<number>;
  readonly logits: ArrayLike<number>;
}

/** Row k of the classifier (w_k). */
function row(W: Mat, k: number): Float64Array {
  return W.data.subarray(k * W.cols, (k + 1) * W.cols);
}

/**
 * A relative gap |z_i - z_j| / max(1, max_k |z_k|) below which a mix off the claimed boundary
 * is taken to be on it (the same role as NO_COLLAPSE_SPREAD for "no collapse"). Instances keep
 * their off-boundary mixes at |lam - 1/2| >= 0.1, where the gap is 0.15 or more (200 draws).
 */
export const OFF_BOUNDARY_GAP = 1e-3;

/** The scale a feature distance is divided by (module comment). */
const featureScale = (n: number) => Math.max(n, 1);

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
}

/** The worst of per-mix measurements, labelled by mix; 0 (with `none`) when nothing was compared. */
function worst(items: ReadonlyArray<{ label: string; m: Measurement }>, none: string): Measurement {
  if (items.length === 0) return { deviation: 0, kind: 'absolute', detail: none, sensitivity: 0 };
  let w = items[0];
  let sensitivity = 0;
  for (const it of items) {
    sensitivity = Math.max(sensitivity, it.m.sensitivity);
    if (Number.isNaN(w.m.deviation)) continue;
    if (Number.isNaN(it.m.deviation) || it.m.deviation > w.m.deviation) w = it;
  }
  return { ...w.m, detail: `${w.label}: ${w.m.detail ?? ''}`, sensitivity };
}

const label = (f: MixedFeature, m: number) => `mix ${m} (${f.mix.i}, ${f.mix.j}, ${f.mix.lam})`;

/**
 * Every feature is a positive multiple of its own class's classifier: h_m = t w_{i_m}, t > 0
 * (the same-class claim). Worst of parallelTo over the mixes.
 */
export function parallelToOwnClass(features: readonly MixedFeature[], W: Mat): Measurement {
  return worst(
    features.map((f, m) => ({ label: label(f, m), m: parallelTo(f.h, row(W, f.mix.i)) })),
    'no mixes',
  );
}

/**
 * Features of one pair (i, j) scale with lam as h*(lam) = (lam / lam_ref)^exponent h*(lam_ref),
 * lam_ref the largest lam of the pair (exponent 0: independent of lam). The worst
 * ||h_m - factor h_ref|| / max(||factor h_ref||, 1).
 */
export function lamScaling(features: readonly MixedFeature[], exponent: number): Measurement {
  const pairs = new Map<string, number[]>();
  features.forEach((f, m) => {
    const key = `${f.mix.i},${f.mix.j}`;
    pairs.set(key, [...(pairs.get(key) ?? []), m]);
  });
  const items: Array<{ label: string; m: Measurement }> = [];
  for (const members of pairs.values()) {
    const ref = members.reduce((a, b) => (features[b].mix.lam > features[a].mix.lam ? b : a));
    const lamRef = features[ref].mix.lam;
    if (lamRef === 0) continue;
    const hRef = features[ref].h;
    const refNorm = norm(hRef);
    for (const m of members) {
      if (m === ref) continue;
      const factor = (features[m].mix.lam / lamRef) ** exponent;
      const h = features[m].h;
      let r = 0;
      for (let q = 0; q < h.length; q++) r += (h[q] - factor * hRef[q]) ** 2;
      const scale = featureScale(Math.abs(factor) * refNorm);
      // Both features move with the point: d||h - f h_ref|| <= (1 + |f|) per unit move.
      items.push({
        label: `${label(features[m], m)} against mix ${ref} (lam ${lamRef})`,
        m: {
          deviation: Math.sqrt(r) / scale,
          kind: 'relative',
          detail: `||h - ${factor.toPrecision(6)} h_ref|| / max(||${factor.toPrecision(6)} h_ref||, 1)`,
          sensitivity: (1 + Math.abs(factor)) / scale,
        },
      });
    }
  }
  return worst(items, 'no two mixes of one pair (i, j) with lam_ref > 0');
}

/**
 * Distance of every feature from span{w_i, w_j}, over max(||h||, 1), against the claimed value
 * `claimed` (0 in the catalogue): the worst | dist(h, span) / max(||h||, 1) - claimed |.
 */
export function spanDistance(features: readonly MixedFeature[], W: Mat, claimed: number): Measurement {
  return worst(
    features.map((f, m) => {
      const d = distanceFromSpan(f.h, row(W, f.mix.i), row(W, f.mix.j));
      const hn = norm(f.h);
      const scale = featureScale(hn);
      // distanceFromSpan is relative to ||h||; a distance to a subspace moves by at most 1 per unit move of h.
      const distance = d.deviation * hn;
      return {
        label: label(f, m),
        m: {
          deviation: Math.abs(distance / scale - claimed),
          kind: 'relative' as const,
          detail: `|dist(h, span{w_i, w_j}) / max(||h||, 1) - ${claimed}|, ${d.detail}`,
          sensitivity: 2 / scale,
        },
      };
    }),
    'no mixes',
  );
}

/**
 * The i/j decision boundary of every cross-class mix: on it (z_i = z_j, decisionBoundaryGap)
 * where lam = boundaryLam, and off it on the side of the heavier class elsewhere, by at least
 * OFF_BOUNDARY_GAP: sign(lam - boundaryLam) (z_i - z_j) / max(1, max|z|) >= OFF_BOUNDARY_GAP.
 * (z_i - z_j is increasing in lam: the objective is F(h) - lam (w_i - w_j).h with F strictly
 * convex and lam-free [derived].)
 */
export function decisionSides(features: readonly MixedFeature[], W: Mat, boundaryLam: number): Measurement {
  let maxRowNorm = 0;
  for (let k = 0; k < W.rows; k++) maxRowNorm = Math.max(maxRowNorm, norm(row(W, k)));
  const items = features.flatMap((f, m) => {
    const { i, j, lam } = f.mix;
    if (i === j) return [];
    const on = decisionBoundaryGap(f.logits, i, j, maxRowNorm);
    if (lam === boundaryLam) return [{ label: `${label(f, m)} on the boundary`, m: on }];
    let scale = 1;
    for (let k = 0; k < f.logits.length; k++) scale = Math.max(scale, Math.abs(f.logits[k]));
    const side = (Math.sign(lam - boundaryLam) * (f.logits[i] - f.logits[j])) / scale;
    return [
      {
        label: `${label(f, m)} off the boundary`,
        m: {
          deviation: Math.max(0, OFF_BOUNDARY_GAP - side),
          kind: 'absolute' as const,
          detail: `max(0, ${OFF_BOUNDARY_GAP} - sign(lam - ${boundaryLam}) (z_${i} - z_${j}) / ${scale.toPrecision(4)}), z_${i} - z_${j} = ${(f.logits[i] - f.logits[j]).toExponential(3)}`,
          sensitivity: on.sensitivity,
        },
      },
    ];
  });
  return worst(items, 'no cross-class mixes');
}

/** Every feature equals its claimed one (e.g. a closed form): the worst ||h_m - g_m|| / max(||g_m||, 1). */
export function featuresMatch(features: readonly MixedFeature[], claimed: readonly ArrayLike<number>[]): Measurement {
  if (claimed.length !== features.length) throw new InputError('claimed', `has ${claimed.length} features for ${features.length} mixes`);
  return worst(
    features.map((f, m) => {
      const g = claimed[m];
      const scale = featureScale(norm(g));
      let r = 0;
      for (let q = 0; q < f.h.length; q++) r += (f.h[q] - g[q]) ** 2;
      return {
        label: label(f, m),
        m: {
          deviation: Math.sqrt(r) / scale,
          kind: 'relative' as const,
          detail: `||h - h_claimed|| / max(||h_claimed||, 1), ||h_claimed|| = ${norm(g).toPrecision(6)}`,
          sensitivity: 1 / scale,
        },
      };
    }),
    'no mixes',
  );
}

/**
 * The rows of W have equal norms and pairwise cosine `cosine` (-1/(K-1): a simplex ETF):
 * ||W W^T / s - G||_F / ||G||_F with G = (1 - cosine) I + cosine J and s the mean squared row norm.
 */
export function equiangularRows(W: Mat, cosine: number): Measurement {
  const K = W.rows;
  const G = rowGram(W);
  let s = 0;
  for (let k = 0; k < K; k++) s += G.data[k * K + k];
  s /= K;
  let err = 0;
  let ref = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      const t = k === l ? 1 : cosine;
      err += (G.data[k * K + l] / s - t) ** 2;
      ref += t * t;
    }
  }
  return {
    deviation: s > 0 ? Math.sqrt(err / ref) : Infinity,
    kind: 'relative',
    detail: `||W W^T / ${s.toPrecision(6)} - ((1 - c) I + c J)||_F / ||.||_F, c = ${cosine.toPrecision(6)}`,
    sensitivity: s > 0 ? 4 / Math.sqrt(s) : Infinity,
  };
}
