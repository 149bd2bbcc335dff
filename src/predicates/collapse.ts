/** Structural predicates of neural collapse (NC1, NC2 as a simplex ETF, NC3 alignment, ...). */
import { centering, frobNorm, matmul, relFrobDiff, rowGram, rowNorms, scale, transpose, type Mat } from '../linalg/matrix.ts';
import type { Measurement } from './predicate.ts';
import { hypotOf } from '../linalg/vector.ts';

/** NC1: max over samples of ||h_{k,i} - h_k||, relative to the RMS class-mean norm. */
export function withinClassCollapse(H: Mat, labels: Int32Array, Hbar: Mat): Measurement {
  const { rows: d, cols: P } = H;
  const K = Hbar.cols;
  let worst = 0;
  for (let j = 0; j < P; j++) {
    let s = 0;
    for (let i = 0; i < d; i++) {
      const diff = H.data[i * P + j] - Hbar.data[i * K + labels[j]];
      s += diff * diff;
    }
    worst = Math.max(worst, Math.sqrt(s));
  }
  const ref = frobNorm(Hbar) / Math.sqrt(K);
  return ref > 0
    ? { deviation: worst / ref, kind: 'relative', detail: 'max_{k,i} ||h_{k,i} - h_k|| / rms_k ||h_k||', sensitivity: (2 + worst / ref) / ref }
    : { deviation: worst, kind: 'absolute', detail: 'max_{k,i} ||h_{k,i} - h_k|| (all class means are 0)', sensitivity: 2 };
}

/** Equal row norms: (max - min) / mean of the row norms (absolute spread when all are 0). */
export function equalRowNorms(A: Mat, what = 'w_k'): Measurement {
  const norms = rowNorms(A);
  let mx = -Infinity;
  let mn = Infinity;
  let mean = 0;
  for (const v of norms) {
    mx = Math.max(mx, v);
    mn = Math.min(mn, v);
    mean += v / norms.length;
  }
  return mean > 0
    ? { deviation: (mx - mn) / mean, kind: 'relative', detail: `(max - min) / mean of ||${what}||`, sensitivity: (2 + (mx - mn) / mean) / mean }
    : { deviation: 0, kind: 'absolute', detail: `all ||${what}|| are 0`, sensitivity: 2 };
}

/** Simplex ETF Gram: A A^T = normSq (K/(K-1)) C, compared in relative Frobenius norm. */
export function simplexEtfGram(A: Mat, normSq: number): Measurement {
  const K = A.rows;
  const target = scale(centering(K), (normSq * K) / (K - 1));
  const t = frobNorm(target);
  return {
    deviation: relFrobDiff(rowGram(A), target),
    kind: normSq === 0 ? 'absolute' : 'relative',
    detail: `||A A^T - ${fmt(normSq)} (K/(K-1)) C||_F / ||target||_F`,
    // ||d(A A^T)|| <= 2 ||A|| ||dA|| to first order.
    sensitivity: (2 * frobNorm(A)) / (t > 0 ? t : 1),
  };
}

/** Gram matches a given matrix: ||A A^T - G||_F / ||G||_F. */
export function gramMatches(A: Mat, G: Mat, label: string): Measurement {
  const g = frobNorm(G);
  return {
    deviation: relFrobDiff(rowGram(A), G),
    kind: g === 0 ? 'absolute' : 'relative',
    detail: `||A A^T - ${label}||_F / ||${label}||_F`,
    sensitivity: (2 * frobNorm(A)) / (g > 0 ? g : 1),
  };
}

/** Alignment h_k = c w_k for every k: ||H_bar^T - c W||_F / ||c W||_F. */
export function alignment(Hbar: Mat, W: Mat, c: number): Measurement {
  const target = scale(W, c);
  const t = frobNorm(target);
  return {
    deviation: relFrobDiff(transpose(Hbar), target),
    kind: t === 0 ? 'absolute' : 'relative',
    detail: `||H_bar^T - ${fmt(c)} W||_F / ||${fmt(c)} W||_F`,
    sensitivity: ((1 + Math.abs(c)) * (1 + relFrobDiff(transpose(Hbar), target))) / (t > 0 ? t : 1),
  };
}

/** Zero global mean: ||sum_k h_k|| / sum_k ||h_k||. */
export function zeroGlobalMean(Hbar: Mat): Measurement {
  const { rows: d, cols: K } = Hbar;
  const sum = new Float64Array(d);
  let total = 0;
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let i = 0; i < d; i++) {
      sum[i] += Hbar.data[i * K + k];
      s += Hbar.data[i * K + k] ** 2;
    }
    total += Math.sqrt(s);
  }
  const norm = hypotOf(sum);
  return total > 0
    ? { deviation: norm / total, kind: 'relative', detail: '||sum_k h_k|| / sum_k ||h_k||', sensitivity: (2 * Math.sqrt(K)) / total }
    : { deviation: 0, kind: 'absolute', detail: 'all class means are 0', sensitivity: Math.sqrt(K) };
}

/**
 * Bias b = beta 1 with beta = 0 when the bias is penalised. Deviation: spread of the entries
 * (max - min) and, if `mustVanish`, also max |b_k|, relative to max(1, ||b||).
 */
export function constantBias(b: Float64Array, mustVanish: boolean): Measurement {
  let mx = -Infinity;
  let mn = Infinity;
  let amax = 0;
  for (const v of b) {
    mx = Math.max(mx, v);
    mn = Math.min(mn, v);
    amax = Math.max(amax, Math.abs(v));
  }
  const dev = mustVanish ? Math.max(mx - mn, amax) : mx - mn;
  return {
    deviation: dev,
    kind: 'absolute',
    detail: mustVanish ? 'max_k |b_k| (b = 0 claimed)' : 'max_k b_k - min_k b_k (b = beta 1 claimed)',
    sensitivity: 2,
  };
}

/** Frobenius norm of a set of matrices that are claimed to be zero. */
export function isZero(mats: Mat[], what: string): Measurement {
  let s = 0;
  for (const m of mats) s += frobNorm(m) ** 2;
  return { deviation: Math.sqrt(s), kind: 'absolute', detail: `||${what}||_F (zero claimed)`, sensitivity: 1 };
}

/**
 * Relative difference of two scalars (absolute when the claimed value is 0). `slope` bounds
 * |d measured / dx| (e.g. 2 max||w_k|| for a mean squared norm).
 */
export function scalarMatches(measured: number, claimed: number, what: string, slope: number): Measurement {
  if (!Number.isFinite(claimed)) return { deviation: Infinity, kind: 'absolute', detail: `${what}: claimed value is ${claimed}`, sensitivity: 0 };
  const diff = Math.abs(measured - claimed);
  return claimed === 0
    ? { deviation: diff, kind: 'absolute', detail: `|${what} - 0|`, sensitivity: slope }
    : {
        deviation: diff / Math.abs(claimed),
        kind: 'relative',
        detail: `|${what} - ${fmt(claimed)}| / |${fmt(claimed)}|`,
        sensitivity: slope / Math.abs(claimed),
      };
}

/** Class-mean Gram H_bar^T H_bar. */
export function classMeanGram(Hbar: Mat): Mat {
  return matmul(transpose(Hbar), Hbar);
}

export function fmt(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x);
}
