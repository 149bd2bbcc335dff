/**
 * Hand-written WGSL compute kernels for the float32 value and gradient of the free-feature
 * ufm-ce objective (src/problems/ufm-ce.ts), and the dispatch plan that both the GPU code
 * (device.ts) and its plain-JavaScript float32 model (reference.ts) follow:
 *
 *   f = (1/N) sum_j CE(W h_j + b, y_j) + lambdaW/2 ||W||^2 + lambdaH/2 ||H||^2 + lambdaB/2 ||b||^2
 *
 * (mean CE over the N samples, ||H||^2 summed over all samples, not averaged: ufm-ce.ts's
 * convention). x = [W (K x d, row-major), H (d x N, row-major), b (K)], the engine's layout, so
 * the gradient comes back in the same layout with f appended at index `size`.
 *
 * Why our own WGSL rather than @tensorflow/tfjs-backend-webgpu: that backend expects a browser
 * `navigator.gpu` (it is not tested against Dawn for Node), would add a second tfjs backend whose
 * kernel order and fused ops change between releases (so its float32 arithmetic has no stable
 * model to test against when no adapter is present, as on CI), and every tfjs op is a separate
 * dispatch with its own intermediate tensor and its own data download. Six dispatches in one
 * command buffer and one download per evaluation are all this objective needs, and because the
 * plan below fixes every summation order, reference.ts can mirror the kernels' arithmetic
 * operation by operation in Math.fround.
 *
 * The dispatches, in order (one compute pass; WebGPU orders storage writes between dispatches):
 *   1. gemm   Z = W H + b 1^T                       (K x N, reduction over d)
 *   2. ce     per column j: softmax, ce_j, the residual G = (softmax(z_j) - e_{y_j}) / N written
 *             over Z, and t_j = ce_j / N + lambdaH/2 ||h_j||^2; a tree sum of t over each
 *             workgroup's 128 columns into part[]
 *   3. gemm   dW = G H^T + lambdaW W                 (K x d, reduction over N)
 *   4. gemm   dH = W^T G + lambdaH H                 (d x N, reduction over K)
 *   5. rowsum db_k = sum_j G_kj + lambdaB b_k          (bias only)
 *   6. final  f = sum(part) + lambdaW/2 ||W||^2 + lambdaB/2 ||b||^2, written after the gradient
 *
 * Limits this respects so that it also runs on compatibility-mode adapters (Dawn's OpenGL ES
 * backend, used by the tests on Mesa's llvmpipe): at most 4 storage buffers per dispatch, 128
 * invocations per workgroup, 2 KiB of workgroup memory.
 */

/** Output tile edge of the gemm kernel (each of its 8 x 8 threads computes a 2 x 2 block). */
export const TILE = 16;
/** Threads of the 1-D kernels (ce, rowsum, final); their tree sums assume a power of two. */
export const WG = 128;

/**
 * One product C = A B (+ epilogue), C of M x Ncols with row stride Ncols at cOff, reduction
 * length R. A[i,t] = a[aOff + i aRs + t aCs], B[t,j] = b[bOff + t bRs + j bCs] (strides let the
 * same kernel read W, W^T, H and H^T in place). Epilogue: C_ij = acc_ij + lam x[pOff + i Ncols + j]
 * (a ridge gradient) + rScale x[rOff + i] (the bias add); a term with a zero coefficient is skipped.
 */
export interface GemmParams {
  readonly M: number;
  readonly Ncols: number;
  readonly R: number;
  readonly aOff: number;
  readonly aRs: number;
  readonly aCs: number;
  readonly bOff: number;
  readonly bRs: number;
  readonly bCs: number;
  readonly cOff: number;
  readonly pOff: number;
  readonly lam: number;
  readonly rOff: number;
  readonly rScale: number;
}

/** The float32 problem: sizes, offsets into x, labels, and the penalties. */
export interface UfmCeF32Shape {
  readonly K: number;
  readonly d: number;
  readonly N: number;
  readonly bias: boolean;
  /** Class of each column of H (class by class, as ufm-ce.ts lays them out). */
  readonly label: Uint32Array;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB: number;
}

/** The float32 shape of a free-feature ufm-ce instance (labels class by class, as ufm-ce.ts lays out H). */
export function ufmCeF32Shape(inst: {
  K: number;
  d: number;
  n: readonly number[];
  bias: boolean;
  lambdaW: number;
  lambdaH: number;
  lambdaB: number;
}): UfmCeF32Shape {
  const N = inst.n.reduce((a, b) => a + b, 0);
  const label = new Uint32Array(N);
  let j = 0;
  for (let k = 0; k < inst.K; k++) for (let s = 0; s < inst.n[k]; s++) label[j++] = k;
  return { K: inst.K, d: inst.d, N, bias: inst.bias, label, lambdaW: inst.lambdaW, lambdaH: inst.lambdaH, lambdaB: inst.bias ? inst.lambdaB : 0 };
}

/** Everything the dispatches need, derived once per instance (device.ts packs it into uniforms). */
export interface UfmCePlan {
  readonly shape: UfmCeF32Shape;
  /** Length of x (and of the gradient); f is stored at out[size]. */
  readonly size: number;
  readonly offH: number;
  readonly offB: number;
  readonly logits: GemmParams;
  readonly gradW: GemmParams;
  readonly gradH: GemmParams;
  /** Workgroups of the ce kernel = entries of part[]. */
  readonly ceGroups: number;
  /** Weight of each sample's CE: 1/N, the mean convention of ufm-ce.ts. */
  readonly ceScale: number;
}

export function ufmCePlan(shape: UfmCeF32Shape): UfmCePlan {
  const { K, d, N, bias, lambdaW, lambdaH } = shape;
  const offH = K * d;
  const offB = offH + d * N;
  const size = offB + (bias ? K : 0);
  // Z = W H (+ b): A = W (K x d, rows of length d), B = H (d x N).
  const logits: GemmParams = {
    M: K,
    Ncols: N,
    R: d,
    aOff: 0,
    aRs: d,
    aCs: 1,
    bOff: offH,
    bRs: N,
    bCs: 1,
    cOff: 0,
    pOff: 0,
    lam: 0,
    rOff: offB,
    rScale: bias ? 1 : 0,
  };
  // dW = G H^T + lambdaW W: A = G (K x N, in the Z buffer), B[t,j] = H[j,t] = x[offH + j N + t].
  const gradW: GemmParams = { M: K, Ncols: d, R: N, aOff: 0, aRs: N, aCs: 1, bOff: offH, bRs: 1, bCs: N, cOff: 0, pOff: 0, lam: lambdaW, rOff: 0, rScale: 0 };
  // dH = W^T G + lambdaH H: A[i,t] = W[t,i] = x[t d + i], B = G (K x N).
  const gradH: GemmParams = {
    M: d,
    Ncols: N,
    R: K,
    aOff: 0,
    aRs: 1,
    aCs: d,
    bOff: 0,
    bRs: N,
    bCs: 1,
    cOff: offH,
    pOff: offH,
    lam: lambdaH,
    rOff: 0,
    rScale: 0,
  };
  return { shape, size, offH, offB, logits, gradW, gradH, ceGroups: Math.ceil(N / WG), ceScale: 1 / N };
}

/** The gemm uniform (16 words: 14 fields, 2 of padding to a multiple of 16 bytes). */
export function packGemm(p: GemmParams): ArrayBuffer {
  const buf = new ArrayBuffer(64);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  u.set([p.M, p.Ncols, p.R, p.aOff, p.aRs, p.aCs, p.bOff, p.bRs, p.bCs, p.cOff, p.pOff]);
  f[11] = p.lam;
  u[12] = p.rOff;
  f[13] = p.rScale;
  return buf;
}

/** The uniform shared by the ce, rowsum and final kernels (16 words). */
export function packCe(plan: UfmCePlan): ArrayBuffer {
  const { K, N, d, bias, lambdaW, lambdaH, lambdaB } = plan.shape;
  const buf = new ArrayBuffer(64);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  u.set([K, N, d, plan.offH, plan.offB, bias ? 1 : 0, plan.ceGroups, plan.size]);
  f[8] = plan.ceScale;
  f[9] = 0.5 * lambdaH;
  f[10] = 0.5 * lambdaW;
  f[11] = 0.5 * lambdaB;
  f[12] = lambdaB;
  return buf;
}

/**
 * Tiled product. Each workgroup owns a TILE x TILE block of C and walks the reduction in steps
 * of TILE, staging A and B tiles in workgroup memory (zeros outside the matrices, so a partial
 * tile adds exact zeros). The accumulators sum over t in increasing order, one product at a
 * time (a compiler may fuse each into an fma: one rounding instead of two, covered by the
 * same error bound). Tile loads read along whichever index has stride 1, so they coalesce
 * for W, W^T, H and H^T alike.
 */
export const GEMM_WGSL = /* wgsl */ `
struct Gemm {
  M: u32, Ncols: u32, R: u32,
  aOff: u32, aRs: u32, aCs: u32,
  bOff: u32, bRs: u32, bCs: u32,
  cOff: u32, pOff: u32, lam: f32, rOff: u32, rScale: f32,
  pad0: u32, pad1: u32,
}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<uniform> p: Gemm;

const TS: u32 = ${TILE}u;
var<workgroup> As: array<f32, ${TILE * TILE}>;
var<workgroup> Bs: array<f32, ${TILE * TILE}>;

@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i0 = wg.y * TS;
  let j0 = wg.x * TS;
  let flat = lid.y * 8u + lid.x;
  var acc00 = 0.0; var acc01 = 0.0; var acc10 = 0.0; var acc11 = 0.0;
  for (var t0 = 0u; t0 < p.R; t0 = t0 + TS) {
    for (var q = 0u; q < 4u; q = q + 1u) {
      let e = flat + q * 64u;
      // As[r * TS + s] = A[i0 + r, t0 + s]; consecutive threads step along the stride-1 index.
      var r = e / TS; var s = e % TS;
      if (p.aRs == 1u) { r = e % TS; s = e / TS; }
      var va = 0.0;
      if (i0 + r < p.M && t0 + s < p.R) { va = a[p.aOff + (i0 + r) * p.aRs + (t0 + s) * p.aCs]; }
      As[r * TS + s] = va;
      // Bs[s * TS + r] = B[t0 + s, j0 + r].
      var rb = e % TS; var sb = e / TS;
      if (p.bRs == 1u) { rb = e / TS; sb = e % TS; }
      var vb = 0.0;
      if (t0 + sb < p.R && j0 + rb < p.Ncols) { vb = b[p.bOff + (t0 + sb) * p.bRs + (j0 + rb) * p.bCs]; }
      Bs[sb * TS + rb] = vb;
    }
    workgroupBarrier();
    let ra = lid.y * 2u;
    let cb = lid.x * 2u;
    for (var t = 0u; t < TS; t = t + 1u) {
      let a0 = As[ra * TS + t];
      let a1 = As[(ra + 1u) * TS + t];
      let b0 = Bs[t * TS + cb];
      let b1 = Bs[t * TS + cb + 1u];
      acc00 = acc00 + a0 * b0;
      acc01 = acc01 + a0 * b1;
      acc10 = acc10 + a1 * b0;
      acc11 = acc11 + a1 * b1;
    }
    workgroupBarrier();
  }
  let accs = array<f32, 4>(acc00, acc01, acc10, acc11);
  for (var q = 0u; q < 4u; q = q + 1u) {
    let i = i0 + lid.y * 2u + q / 2u;
    let j = j0 + lid.x * 2u + q % 2u;
    if (i < p.M && j < p.Ncols) {
      var v = accs[q];
      if (p.lam != 0.0) { v = v + p.lam * x[p.pOff + i * p.Ncols + j]; }
      if (p.rScale != 0.0) { v = v + p.rScale * x[p.rOff + i]; }
      c[p.cOff + i * p.Ncols + j] = v;
    }
  }
}
`;

const CE_UNIFORM = /* wgsl */ `
struct Ce {
  K: u32, N: u32, d: u32, offH: u32, offB: u32, bias: u32, parts: u32, size: u32,
  invN: f32, halfLamH: f32, halfLamW: f32, halfLamB: f32, lamB: f32,
  pad0: u32, pad1: u32, pad2: u32,
}
var<workgroup> red: array<f32, ${WG}>;

// red[0] = sum of red[]: halves the active range each step (pairs (i, i + s)), in a fixed order.
fn treeSum(i: u32) {
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    workgroupBarrier();
    if (i < s) { red[i] = red[i] + red[i + s]; }
  }
  workgroupBarrier();
}
`;

/**
 * Softmax cross-entropy, one thread per column j, three passes over the K logits of the column
 * (coalesced: neighbouring threads read neighbouring columns): the max m; e_k = exp(z_k - m),
 * stored over z_k, and s = sum e_k in k order; then G_kj = (e_k / s - [k = y_j]) / N, the
 * residual of the mean CE. ce_j = (log s + m) - z_{y_j}.
 */
export const CE_WGSL = /* wgsl */ `
${CE_UNIFORM}
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> z: array<f32>;
@group(0) @binding(2) var<storage, read> label: array<u32>;
@group(0) @binding(3) var<storage, read_write> part: array<f32>;
@group(0) @binding(4) var<uniform> p: Ce;

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wg: vec3<u32>) {
  let j = gid.x;
  var t = 0.0;
  if (j < p.N) {
    var m = z[j];
    for (var k = 1u; k < p.K; k = k + 1u) { m = max(m, z[k * p.N + j]); }
    let y = label[j];
    let zy = z[y * p.N + j];
    var s = 0.0;
    for (var k = 0u; k < p.K; k = k + 1u) {
      let e = exp(z[k * p.N + j] - m);
      z[k * p.N + j] = e;
      s = s + e;
    }
    for (var k = 0u; k < p.K; k = k + 1u) {
      var q = z[k * p.N + j] / s;
      if (k == y) { q = q - 1.0; }
      z[k * p.N + j] = q * p.invN;
    }
    let ce = (log(s) + m) - zy;
    var h2 = 0.0;
    for (var r = 0u; r < p.d; r = r + 1u) {
      let h = x[p.offH + r * p.N + j];
      h2 = h2 + h * h;
    }
    t = ce * p.invN + p.halfLamH * h2;
  }
  red[lid.x] = t;
  treeSum(lid.x);
  if (lid.x == 0u) { part[wg.x] = red[0]; }
}
`;

/**
 * Bias gradient, one workgroup per class k: thread i sums G_k,(i + WG m) for m = 0, 1, ... in
 * order, then the tree sum; db_k = sum + lambdaB b_k.
 */
export const ROWSUM_WGSL = /* wgsl */ `
${CE_UNIFORM}
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Ce;

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wg: vec3<u32>) {
  let k = wg.x;
  var acc = 0.0;
  for (var j = lid.x; j < p.N; j = j + ${WG}u) { acc = acc + g[k * p.N + j]; }
  red[lid.x] = acc;
  treeSum(lid.x);
  if (lid.x == 0u) { out[p.offB + k] = red[0] + p.lamB * x[p.offB + k]; }
}
`;

/**
 * The objective, one workgroup: three strided sums then tree sums (of part[], of W_i^2, of
 * b_k^2), f = (sum part + lambdaW/2 sW) + lambdaB/2 sB, written to out[size].
 */
export const FINAL_WGSL = /* wgsl */ `
${CE_UNIFORM}
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> part: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Ce;

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_id) lid: vec3<u32>) {
  let i = lid.x;
  var acc = 0.0;
  for (var q = i; q < p.parts; q = q + ${WG}u) { acc = acc + part[q]; }
  red[i] = acc;
  treeSum(i);
  let sT = red[0];
  workgroupBarrier();
  acc = 0.0;
  for (var q = i; q < p.offH; q = q + ${WG}u) { let w = x[q]; acc = acc + w * w; }
  red[i] = acc;
  treeSum(i);
  let sW = red[0];
  workgroupBarrier();
  acc = 0.0;
  if (p.bias == 1u) {
    for (var q = i; q < p.K; q = q + ${WG}u) { let v = x[p.offB + q]; acc = acc + v * v; }
  }
  red[i] = acc;
  treeSum(i);
  if (i == 0u) { out[p.size] = (sT + p.halfLamW * sW) + p.halfLamB * red[0]; }
}
`;
