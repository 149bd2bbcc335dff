/**
 * The vector passes of the L-BFGS loop (lbfgs.ts), each one pass over memory that updates a
 * vector and returns the dot product the recursion needs next.
 *
 * Why four accumulators: a single running sum `s += a[i] * b[i]` is one chain of dependent
 * additions (4 cycles each), which left the two-loop recursion latency-bound while the vectors
 * fit in cache: 43% of a full solve at (K, N, d) = (20, 1980, 32) (bench/README.md). Every dot
 * product here sums element i into partial sum i mod 4 and returns (s0 + s2) + (s1 + s3): a
 * fixed order, independent of how the loop is run, and the order of two f64x2 accumulators
 * (lanes 0, 1 and 2, 3) added lane-wise and then across, so a SIMD version can be bit-identical.
 * The result differs from the one-accumulator sum only by rounding (both are backward stable).
 */

/** a . b over the elements lo .. hi-1 (lo a multiple of 4), in the four-partial-sum order above. */
export function dot4(a: Float64Array, b: Float64Array, lo = 0, hi = a.length): number {
  const n = hi;
  const n4 = lo + ((hi - lo) & ~3);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = lo; i < n4; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  if (n4 < n) s0 += a[n4] * b[n4];
  if (n4 + 1 < n) s1 += a[n4 + 1] * b[n4 + 1];
  if (n4 + 2 < n) s2 += a[n4 + 2] * b[n4 + 2];
  return s0 + s2 + (s1 + s3);
}

/** dir = c g; returns dir . t (over lo .. hi-1, as every pass here). */
export function scaleDot(c: number, g: Float64Array, dir: Float64Array, t: Float64Array, lo = 0, hi = g.length): number {
  const n = hi;
  const n4 = lo + ((hi - lo) & ~3);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = lo; i < n4; i += 4) {
    const q0 = c * g[i];
    const q1 = c * g[i + 1];
    const q2 = c * g[i + 2];
    const q3 = c * g[i + 3];
    dir[i] = q0;
    dir[i + 1] = q1;
    dir[i + 2] = q2;
    dir[i + 3] = q3;
    s0 += t[i] * q0;
    s1 += t[i + 1] * q1;
    s2 += t[i + 2] * q2;
    s3 += t[i + 3] * q3;
  }
  for (let i = n4; i < n; i++) {
    const q = c * g[i];
    dir[i] = q;
    const p = t[i] * q;
    if ((i & 3) === 0) s0 += p;
    else if ((i & 3) === 1) s1 += p;
    else s2 += p;
  }
  return s0 + s2 + (s1 + s3);
}

/** dir = gamma (dir + c v), or dir + c v when gamma is 1 (exactly: the product by 1 is skipped); returns dir . t. */
export function axpyDot(gamma: number, c: number, v: Float64Array, dir: Float64Array, t: Float64Array, lo = 0, hi = dir.length): number {
  const n = hi;
  const n4 = lo + ((hi - lo) & ~3);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  if (gamma === 1) {
    for (let i = lo; i < n4; i += 4) {
      const q0 = dir[i] + c * v[i];
      const q1 = dir[i + 1] + c * v[i + 1];
      const q2 = dir[i + 2] + c * v[i + 2];
      const q3 = dir[i + 3] + c * v[i + 3];
      dir[i] = q0;
      dir[i + 1] = q1;
      dir[i + 2] = q2;
      dir[i + 3] = q3;
      s0 += t[i] * q0;
      s1 += t[i + 1] * q1;
      s2 += t[i + 2] * q2;
      s3 += t[i + 3] * q3;
    }
  } else {
    for (let i = lo; i < n4; i += 4) {
      const q0 = gamma * (dir[i] + c * v[i]);
      const q1 = gamma * (dir[i + 1] + c * v[i + 1]);
      const q2 = gamma * (dir[i + 2] + c * v[i + 2]);
      const q3 = gamma * (dir[i + 3] + c * v[i + 3]);
      dir[i] = q0;
      dir[i + 1] = q1;
      dir[i + 2] = q2;
      dir[i + 3] = q3;
      s0 += t[i] * q0;
      s1 += t[i + 1] * q1;
      s2 += t[i + 2] * q2;
      s3 += t[i + 3] * q3;
    }
  }
  for (let i = n4; i < n; i++) {
    const r = dir[i] + c * v[i];
    const q = gamma === 1 ? r : gamma * r;
    dir[i] = q;
    const p = t[i] * q;
    if ((i & 3) === 0) s0 += p;
    else if ((i & 3) === 1) s1 += p;
    else s2 += p;
  }
  return s0 + s2 + (s1 + s3);
}

/** out = x + a dir (the line search's trial point). */
export function axpyInto(x: Float64Array, a: number, dir: Float64Array, out: Float64Array, lo = 0, hi = x.length): void {
  for (let i = lo; i < hi; i++) out[i] = x[i] + a * dir[i];
}

/**
 * s = xNew - x, y = gNew - g; writes [s . y, y . y, gNew . gNew] (the new correction pair's
 * curvature, its scale and the new gradient's squared norm) to out[at .. at+2], each in the
 * four-partial-sum order. s may be x and y may be g (each element is read before it is written).
 */
export function correctionPair(
  xNew: Float64Array,
  x: Float64Array,
  gNew: Float64Array,
  g: Float64Array,
  s: Float64Array,
  y: Float64Array,
  out: Float64Array,
  lo = 0,
  hi = x.length,
  at = 0,
): void {
  const n = hi;
  const n4 = lo + ((hi - lo) & ~3);
  // Partial sums sy_l, yy_l, gg_l of the elements i with i mod 4 = l.
  let sy0 = 0,
    sy1 = 0,
    sy2 = 0,
    sy3 = 0;
  let yy0 = 0,
    yy1 = 0,
    yy2 = 0,
    yy3 = 0;
  let gg0 = 0,
    gg1 = 0,
    gg2 = 0,
    gg3 = 0;
  for (let i = lo; i < n4; i += 4) {
    const g0 = gNew[i],
      g1 = gNew[i + 1],
      g2 = gNew[i + 2],
      g3 = gNew[i + 3];
    const s0 = xNew[i] - x[i],
      s1 = xNew[i + 1] - x[i + 1],
      s2 = xNew[i + 2] - x[i + 2],
      s3 = xNew[i + 3] - x[i + 3];
    const y0 = g0 - g[i],
      y1 = g1 - g[i + 1],
      y2 = g2 - g[i + 2],
      y3 = g3 - g[i + 3];
    s[i] = s0;
    s[i + 1] = s1;
    s[i + 2] = s2;
    s[i + 3] = s3;
    y[i] = y0;
    y[i + 1] = y1;
    y[i + 2] = y2;
    y[i + 3] = y3;
    sy0 += s0 * y0;
    sy1 += s1 * y1;
    sy2 += s2 * y2;
    sy3 += s3 * y3;
    yy0 += y0 * y0;
    yy1 += y1 * y1;
    yy2 += y2 * y2;
    yy3 += y3 * y3;
    gg0 += g0 * g0;
    gg1 += g1 * g1;
    gg2 += g2 * g2;
    gg3 += g3 * g3;
  }
  for (let i = n4; i < n; i++) {
    const gi = gNew[i];
    const si = xNew[i] - x[i];
    const yi = gi - g[i];
    s[i] = si;
    y[i] = yi;
    if ((i & 3) === 0) {
      sy0 += si * yi;
      yy0 += yi * yi;
      gg0 += gi * gi;
    } else if ((i & 3) === 1) {
      sy1 += si * yi;
      yy1 += yi * yi;
      gg1 += gi * gi;
    } else {
      sy2 += si * yi;
      yy2 += yi * yi;
      gg2 += gi * gi;
    }
  }
  out[at] = sy0 + sy2 + (sy1 + sy3);
  out[at + 1] = yy0 + yy2 + (yy1 + yy3);
  out[at + 2] = gg0 + gg2 + (gg1 + gg3);
}

/** The passes over the elements lo .. hi-1 of the vectors (lo a multiple of 4): the functions above, or their SIMD versions. */
export interface RangePasses {
  dot(a: Float64Array, b: Float64Array, lo: number, hi: number): number;
  scaleDot(c: number, g: Float64Array, dir: Float64Array, t: Float64Array, lo: number, hi: number): number;
  axpyDot(gamma: number, c: number, v: Float64Array, dir: Float64Array, t: Float64Array, lo: number, hi: number): number;
  axpyInto(x: Float64Array, a: number, dir: Float64Array, out: Float64Array, lo: number, hi: number): void;
  correctionPair(
    xNew: Float64Array,
    x: Float64Array,
    gNew: Float64Array,
    g: Float64Array,
    s: Float64Array,
    y: Float64Array,
    out: Float64Array,
    lo: number,
    hi: number,
    at: number,
  ): void;
}

export const jsRanges: RangePasses = { dot: dot4, scaleDot, axpyDot, axpyInto, correctionPair };

/**
 * Elements per chunk of a long vector. A vector longer than this is passed over in chunks of
 * VECTOR_CHUNK elements (the last one shorter), each chunk's dot product in the four-partial-sum
 * order, and the chunks' results added in chunk order: s = p_0, s = s + p_1, ... The chunks are
 * fixed by the length alone, so a pass gives the same bits whether one thread runs every chunk
 * or a thread team (src/linalg/team.ts) shares them (wasm/lbfgs-team.ts). A vector of at most
 * VECTOR_CHUNK elements is one chunk, summed as the whole-vector passes sum.
 */
export const VECTOR_CHUNK = 1 << 15;

/** Number of chunks of a vector of length n (1 for n <= VECTOR_CHUNK). */
export const vectorChunks = (n: number): number => Math.max(1, Math.ceil(n / VECTOR_CHUNK));

/** The fixed-order sum of `count` chunk results at stride `stride` from `at` (see VECTOR_CHUNK). */
export function foldChunks(slots: Float64Array, count: number, stride = 1, at = 0): number {
  let s = slots[at];
  for (let c = 1; c < count; c++) s += slots[at + c * stride];
  return s;
}

/**
 * The passes over one solve's vectors: these JavaScript functions, or the same passes in
 * WebAssembly SIMD on vectors in its memory (wasm/lbfgs-f64x2.ts), bit-identical to them, on
 * one thread or shared with a thread team (wasm/lbfgs-team.ts).
 */
export interface VectorPasses {
  /** Whether these are the SIMD passes. */
  readonly simd: boolean;
  /** Threads that share each pass (1 without a team). */
  readonly threads: number;
  /**
   * Ends the solve's use of the vectors (the SIMD passes hand their memory to the next solve):
   * none of them may be read or written afterwards.
   */
  release(): void;
  /** A zeroed vector of the solve's length (the SIMD passes run only on vectors they made). */
  vector(): Float64Array;
  dot(a: Float64Array, b: Float64Array): number;
  scaleDot(c: number, g: Float64Array, dir: Float64Array, t: Float64Array): number;
  axpyDot(gamma: number, c: number, v: Float64Array, dir: Float64Array, t: Float64Array): number;
  axpyInto(x: Float64Array, a: number, dir: Float64Array, out: Float64Array): void;
  /** correctionPair above into out[0 .. 2], chunked. */
  correctionPair(xNew: Float64Array, x: Float64Array, gNew: Float64Array, g: Float64Array, s: Float64Array, y: Float64Array, out: Float64Array): void;
}

/** The passes, as a chunk's task names them (runChunk). */
export const DOT = 0;
export const SCALE_DOT = 1;
export const AXPY_DOT = 2;
export const AXPY_INTO = 3;
export const PAIR = 4;

/**
 * Chunk c of pass `op` over vectors of length n: `V` are the pass's vectors in the order of its
 * VectorPasses method, `a` and `b` its scalars; the chunk's dot products go to out[c] (three to
 * out[3 c ..] for PAIR). One thread and a team's workers run the same chunks through this.
 */
export function runChunk(r: RangePasses, op: number, V: readonly Float64Array[], a: number, b: number, n: number, c: number, out: Float64Array): void {
  const lo = c * VECTOR_CHUNK;
  const hi = Math.min(n, lo + VECTOR_CHUNK);
  switch (op) {
    case DOT:
      out[c] = r.dot(V[0], V[1], lo, hi);
      break;
    case SCALE_DOT:
      out[c] = r.scaleDot(a, V[0], V[1], V[2], lo, hi);
      break;
    case AXPY_DOT:
      out[c] = r.axpyDot(a, b, V[0], V[1], V[2], lo, hi);
      break;
    case AXPY_INTO:
      r.axpyInto(V[0], a, V[1], V[2], lo, hi);
      break;
    case PAIR:
      r.correctionPair(V[0], V[1], V[2], V[3], V[4], V[5], out, lo, hi, 3 * c);
      break;
    default:
      throw new Error(`lbfgs-passes: unknown pass ${op}`);
  }
}

/**
 * The passes over vectors of length n, given `run`, which runs every chunk of a pass (runChunk)
 * into `slots`: the chunks' results are added in chunk order here, whoever ran them.
 */
export function foldedPasses(
  n: number,
  base: Pick<VectorPasses, 'simd' | 'release' | 'vector'>,
  threads: number,
  run: (op: number, V: Float64Array[], a: number, b: number, slots: Float64Array) => void,
  slots: Float64Array = new Float64Array(3 * vectorChunks(n)),
): VectorPasses {
  const chunks = vectorChunks(n);
  return {
    ...base,
    threads,
    dot(a, b) {
      run(DOT, [a, b], 0, 0, slots);
      return foldChunks(slots, chunks);
    },
    scaleDot(c, g, dir, t) {
      run(SCALE_DOT, [g, dir, t], c, 0, slots);
      return foldChunks(slots, chunks);
    },
    axpyDot(gamma, c, v, dir, t) {
      run(AXPY_DOT, [v, dir, t], gamma, c, slots);
      return foldChunks(slots, chunks);
    },
    axpyInto(x, a, dir, out) {
      run(AXPY_INTO, [x, dir, out], a, 0, slots);
    },
    correctionPair(xNew, x, gNew, g, s, y, out) {
      run(PAIR, [xNew, x, gNew, g, s, y], 0, 0, slots);
      for (let j = 0; j < 3; j++) out[j] = foldChunks(slots, chunks, 3, j);
    },
  };
}

/** The passes over vectors of length n on one thread: `r` runs each chunk in turn. */
export function chunkedPasses(r: RangePasses, n: number, base: Pick<VectorPasses, 'simd' | 'release' | 'vector'>): VectorPasses {
  const chunks = vectorChunks(n);
  return foldedPasses(n, base, 1, (op, V, a, b, slots) => {
    for (let c = 0; c < chunks; c++) runChunk(r, op, V, a, b, n, c, slots);
  });
}

/** The JavaScript passes over vectors of length n. */
export function jsPasses(n: number): VectorPasses {
  // Shared memory, so that an objective on a thread team (src/linalg/team.ts) reads the point
  // and writes the gradient in place.
  return chunkedPasses(jsRanges, n, { simd: false, release: () => undefined, vector: () => new Float64Array(new SharedArrayBuffer(8 * n)) });
}
