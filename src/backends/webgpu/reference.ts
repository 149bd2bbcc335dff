/**
 * A plain-JavaScript float32 model of the WGSL kernels in kernels.ts: the same dispatch plan,
 * the same summation orders (gemm accumulators in t order, the 128-wide tree sums, the strided
 * per-thread sums), every operation rounded to float32 with Math.fround. It is what the tests
 * hold against the float64 objective where no WebGPU adapter exists (CI), and what the kernels'
 * float32 error bounds are about. It differs from a GPU run only where WGSL allows it to: the
 * accuracy of exp and log (WGSL: exp within 3 + 2|x| ULP, log within 3 ULP or 2^-21 absolute
 * near 1; here correctly rounded double results rounded to float32) and fused multiply-adds.
 *
 * Slow by design (one Math.fround per operation); for tests and small instances only.
 */
import { WG, ufmCePlan, type GemmParams, type UfmCeF32Shape, type UfmCePlan } from './kernels.ts';

const fr = Math.fround;

/** gemm dispatch: c[cOff + i Ncols + j] for every i < M, j < Ncols. */
export function gemmReference(p: GemmParams, a: Float32Array, b: Float32Array, x: Float32Array, c: Float32Array): void {
  for (let i = 0; i < p.M; i++) {
    for (let j = 0; j < p.Ncols; j++) {
      let acc = 0;
      // Tiles of TILE along t add zeros past R: acc + 0 * 0 = acc exactly, so a plain loop is the same sum.
      for (let t = 0; t < p.R; t++) acc = fr(acc + fr(a[p.aOff + i * p.aRs + t * p.aCs] * b[p.bOff + t * p.bRs + j * p.bCs]));
      let v = acc;
      if (fr(p.lam) !== 0) v = fr(v + fr(fr(p.lam) * x[p.pOff + i * p.Ncols + j]));
      if (fr(p.rScale) !== 0) v = fr(v + fr(fr(p.rScale) * x[p.rOff + i]));
      c[p.cOff + i * p.Ncols + j] = v;
    }
  }
}

/** The kernels' workgroup tree sum of `red` (length WG, overwritten); returns red[0]. */
export function treeSumReference(red: Float32Array): number {
  for (let s = WG / 2; s > 0; s >>= 1) for (let i = 0; i < s; i++) red[i] = fr(red[i] + red[i + s]);
  return red[0];
}

/** ce dispatch: overwrites z (K x N logits) with G, fills part (one entry per workgroup). */
export function ceReference(plan: UfmCePlan, x: Float32Array, z: Float32Array, part: Float32Array): void {
  const { K, N, d, label, lambdaH } = plan.shape;
  const invN = fr(plan.ceScale);
  const halfLamH = fr(0.5 * lambdaH);
  const red = new Float32Array(WG);
  for (let w = 0; w < plan.ceGroups; w++) {
    for (let l = 0; l < WG; l++) {
      const j = w * WG + l;
      let t = 0;
      if (j < N) {
        let m = z[j];
        for (let k = 1; k < K; k++) m = Math.max(m, z[k * N + j]);
        const y = label[j];
        const zy = z[y * N + j];
        let s = 0;
        for (let k = 0; k < K; k++) {
          const e = fr(Math.exp(fr(z[k * N + j] - m)));
          z[k * N + j] = e;
          s = fr(s + e);
        }
        for (let k = 0; k < K; k++) {
          let q = fr(z[k * N + j] / s);
          if (k === y) q = fr(q - 1);
          z[k * N + j] = fr(q * invN);
        }
        const ce = fr(fr(fr(Math.log(s)) + m) - zy);
        let h2 = 0;
        for (let r = 0; r < d; r++) {
          const h = x[plan.offH + r * N + j];
          h2 = fr(h2 + fr(h * h));
        }
        t = fr(fr(ce * invN) + fr(halfLamH * h2));
      }
      red[l] = t;
    }
    part[w] = treeSumReference(red);
  }
}

/** rowsum dispatch (bias only): out[offB + k] = sum_j G_kj + lambdaB b_k. */
export function rowsumReference(plan: UfmCePlan, x: Float32Array, g: Float32Array, out: Float32Array): void {
  const { K, N, lambdaB } = plan.shape;
  const red = new Float32Array(WG);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < WG; l++) {
      let acc = 0;
      for (let j = l; j < N; j += WG) acc = fr(acc + g[k * N + j]);
      red[l] = acc;
    }
    out[plan.offB + k] = fr(treeSumReference(red) + fr(fr(lambdaB) * x[plan.offB + k]));
  }
}

/** final dispatch: f, as the kernel writes it to out[size]. */
export function finalReference(plan: UfmCePlan, x: Float32Array, part: Float32Array): number {
  const { K, bias, lambdaW, lambdaB } = plan.shape;
  const strided = (n: number, term: (q: number) => number): number => {
    const red = new Float32Array(WG);
    for (let l = 0; l < WG; l++) {
      let acc = 0;
      for (let q = l; q < n; q += WG) acc = fr(acc + term(q));
      red[l] = acc;
    }
    return treeSumReference(red);
  };
  const sT = strided(plan.ceGroups, (q) => part[q]);
  const sW = strided(plan.offH, (q) => fr(x[q] * x[q]));
  const sB = bias ? strided(K, (q) => fr(x[plan.offB + q] * x[plan.offB + q])) : 0;
  return fr(fr(sT + fr(fr(0.5 * lambdaW) * sW)) + fr(fr(0.5 * lambdaB) * sB));
}

/** The whole evaluation as the GPU runs it: f and the gradient (in x's layout) from a float32 x. */
export function ufmCeReference(shape: UfmCeF32Shape, x: Float32Array): { f: number; g: Float32Array } {
  const plan = ufmCePlan(shape);
  if (x.length !== plan.size) throw new RangeError(`x has length ${x.length}, the plan needs ${plan.size}`);
  const z = new Float32Array(shape.K * shape.N);
  const part = new Float32Array(plan.ceGroups);
  const out = new Float32Array(plan.size);
  gemmReference(plan.logits, x, x, x, z);
  ceReference(plan, x, z, part);
  gemmReference(plan.gradW, z, x, x, out);
  gemmReference(plan.gradH, x, z, x, out);
  if (shape.bias) rowsumReference(plan, x, z, out);
  return { f: finalReference(plan, x, part), g: out };
}
