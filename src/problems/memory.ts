/**
 * The memory an instance needs, estimated from its JSON fields before anything is allocated
 * (d = 1e9, n_k = 1e308, depth = 1e308, K = 1e6 or a latent size of 1e9 used to crash or
 * allocate gigabytes). Each registered problem's fields are read defensively: a field that is
 * not a usable number counts as 0 here, and the problem's parser then names it. An instance
 * whose estimate is above the limit is refused with an InputError naming the field that drives
 * the estimate and the estimate itself (exit 2); `--max-memory` raises the limit on purpose.
 *
 * What is counted (8-byte doubles, per instance in one thread; a worker thread holds one
 * instance at a time):
 * - the n optimisation variables times the vectors a certified solve keeps alive at once: the
 *   Lanczos basis of the certificate (min(n, 300) vectors, fully reorthogonalised), the L-BFGS
 *   pairs (2 x 10), the Newton-CG and line-search work vectors and one solution per start
 *   (together 64 more);
 * - what each problem holds besides: activations of the deep linear layers, the dense Jacobian
 *   and Gram of the UF-SVM's active margin constraints, the VAE data samples (JS arrays, 16
 *   bytes a number) and moment matrices, a data file's text and numbers.
 */
import { statSync } from 'node:fs';
import { InputError } from '../errors.ts';

/** The default limit: 4 GiB, the same on every machine, so that the same instances are refused everywhere. */
export const DEFAULT_MEMORY_LIMIT = 4 * 1024 ** 3;

let limit = DEFAULT_MEMORY_LIMIT;

/** The limit in force (bytes). */
export function memoryLimit(): number {
  return limit;
}

/** Sets the limit (`--max-memory`); undefined restores the default. */
export function setMemoryLimit(bytes: number | undefined): void {
  limit = bytes ?? DEFAULT_MEMORY_LIMIT;
}

/** What an instance needs, and the field that drives it. */
export interface MemoryEstimate {
  readonly bytes: number;
  /** Optimisation variables of the instance. */
  readonly variables: number;
  /** The field (relative to the instance, e.g. `d`, `n[0]`, `data.samples`) whose size dominates. */
  readonly field: string;
  /** Its value. */
  readonly value: number;
  /** How the estimate is made up, e.g. "9.0e+9 variables". */
  readonly detail: string;
}

/** Vectors of length n alive at once in a certified solve, besides the Lanczos basis. */
const SOLVE_VECTORS = 64;
const LANCZOS_VECTORS = 300;
const DOUBLE = 8;
/** A number in a JS array (boxed or not, with the array's own overhead). */
const JS_NUMBER = 16;

/** A usable size: a finite number >= 0, else 0 (the parser reports the field). */
function size(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0;
}

/** The entries of a numeric array field (0 for unusable ones), the largest with its index. */
function sizes(v: unknown): { values: number[]; sum: number; max: number; argmax: number } {
  const values = Array.isArray(v) ? v.map(size) : [];
  let sum = 0;
  let max = 0;
  let argmax = 0;
  values.forEach((x, i) => {
    sum += x;
    if (x > max) {
      max = x;
      argmax = i;
    }
  });
  return { values, sum, max, argmax };
}

type Field = readonly [name: string, value: number];

/** The field with the largest value (the one to name). */
function largest(fields: readonly Field[]): Field {
  return fields.reduce((a, b) => (b[1] > a[1] ? b : a), fields[0]);
}

function solveBytes(variables: number): number {
  return DOUBLE * variables * (Math.min(variables, LANCZOS_VECTORS) + SOLVE_VECTORS);
}

/** A part of the estimate and the fields it grows with. */
interface Term {
  readonly bytes: number;
  readonly fields: readonly Field[];
}

/** The estimate: the solve's vectors plus the problem's own terms; the field named is the largest of the largest term. */
function estimate(parts: { variables: number; fields: readonly Field[]; terms?: readonly Term[] }): MemoryEstimate {
  const terms: Term[] = [{ bytes: solveBytes(parts.variables), fields: parts.fields }, ...(parts.terms ?? [])].filter((t) => t.fields.length > 0);
  const bytes = terms.reduce((a, t) => a + t.bytes, 0);
  const top = terms.reduce((a, t) => (t.bytes > a.bytes ? t : a), terms[0]);
  const [field, value] = largest(top.fields);
  const extra = bytes - terms[0].bytes;
  const vars = Number.isFinite(parts.variables) ? `${parts.variables.toExponential(2)} variables` : 'unboundedly many variables';
  const detail = `${vars}${extra > 0 ? ` and ${Number.isFinite(extra) ? `${formatBytes(extra)} of problem data` : 'unbounded problem data'}` : ''}`;
  return { bytes, variables: parts.variables, field, value, detail };
}

/** K, n (per class; N = their sum) of a class-level instance, as fields to name. */
function classFields(r: Record<string, unknown>): { K: number; N: number; fields: Field[] } {
  const K = size(r.K);
  const n = sizes(r.n);
  const N = n.values.length > 0 ? n.sum : 0;
  return {
    K,
    N,
    fields: [
      ['K', K],
      [`n[${n.argmax}]`, n.max],
    ],
  };
}

function vaeData(r: Record<string, unknown>): { dx: number; dy: number; bytes: number; fields: Field[] } {
  const data = r.data !== null && typeof r.data === 'object' && !Array.isArray(r.data) ? (r.data as Record<string, unknown>) : {};
  if (typeof data.path === 'string') {
    let fileBytes = 0;
    try {
      fileBytes = statSync(data.path).size;
    } catch {
      // The parser names an unreadable file.
    }
    // The text (up to 2 bytes a character) and the numbers read from it (a few characters each).
    return { dx: 0, dy: 0, bytes: 6 * fileBytes, fields: [['data.path', fileBytes]] };
  }
  const dx = size(data.dx);
  const dy = size(data.dy);
  const samples = size(data.samples);
  const D = dx + dy;
  return {
    dx,
    dy,
    bytes: JS_NUMBER * samples * D + DOUBLE * 4 * D * D,
    fields: [
      ['data.samples', samples],
      ['data.dx', dx],
      ['data.dy', dy],
    ],
  };
}

const ESTIMATORS: Record<string, (r: Record<string, unknown>) => MemoryEstimate> = {
  'ufm-ce': (r) => {
    const { K, N, fields } = classFields(r);
    const d = size(r.d);
    const variables = K * d + d * N + (r.bias === false ? 0 : K);
    // The nonnegative model keeps H = G o G beside G; logits and probabilities are K x N.
    const extra = DOUBLE * ((r.features === 'nonnegative' ? 2 * d * N : 0) + 4 * K * N);
    return estimate({ variables, fields: [...fields, ['d', d]], terms: [{ bytes: extra, fields }] });
  },
  'layer-peeled': (r) => {
    const { K, N, fields } = classFields(r);
    const d = size(r.d);
    return estimate({ variables: K * d + d * N, fields: [...fields, ['d', d]], terms: [{ bytes: DOUBLE * 4 * K * N, fields }] });
  },
  'uf-svm': (r) => {
    const { K, N, fields } = classFields(r);
    const d = size(r.d);
    const variables = K * d + d * N;
    // Every margin (w_y - w_c)^T h_j >= 1 may be active: a dense row of the Jacobian each, and their Gram.
    const m = N * Math.max(0, K - 1);
    return estimate({ variables, fields: [...fields, ['d', d]], terms: [{ bytes: DOUBLE * (m * variables + m * m + 4 * m), fields }] });
  },
  'dln-mse': (r) => deepLinear(r),
  'dln-ce': (r) => deepLinear(r),
  cvae: (r) => vaeFamily(r, 'cvae'),
  vae: (r) => vaeFamily(r, 'vae'),
  hvae: (r) => vaeFamily(r, 'hvae'),
  'ufm-mixup': (r) => {
    const K = size(r.K);
    const d = size(r.d);
    // The number of mixed examples M: a list, n K for a balanced batch, K^2 per lam for all pairs.
    const mixes = r.mixes;
    let M = 0;
    let field: Field = ['mixes', 0];
    if (Array.isArray(mixes)) {
      M = mixes.length;
      field = ['mixes', M];
    } else if (mixes !== null && typeof mixes === 'object') {
      const m = mixes as Record<string, unknown>;
      const b = m.balanced !== null && typeof m.balanced === 'object' ? (m.balanced as Record<string, unknown>) : undefined;
      const a = m.allPairs !== null && typeof m.allPairs === 'object' ? (m.allPairs as Record<string, unknown>) : undefined;
      if (b) {
        M = K * size(b.n);
        field = ['mixes.balanced.n', size(b.n)];
      } else if (a) {
        M = K * K * (Array.isArray(a.lam) ? a.lam.length : 1);
        field = ['K', K];
      }
    }
    const variables = (r.classifier === 'learnable' ? K * d : 0) + d * M;
    // The classifier (K x d), the logits and probabilities of every mixed example (K x M each).
    return estimate({ variables, fields: [['K', K], ['d', d], field], terms: [{ bytes: DOUBLE * (K * d + 4 * K * M), fields: [['K', K], field] }] });
  },
};

function deepLinear(r: Record<string, unknown>): MemoryEstimate {
  const { K, N, fields } = classFields(r);
  const M = size(r.depth);
  const w = sizes(r.widths);
  const d = size(r.d);
  // widths [d_1..d_M], or d for every layer; W_m is d_{m+1} x d_m (d_{M+1} = K), H is d_1 x N.
  const width = (m: number): number => (w.values.length > 0 ? (w.values[m] ?? 0) : d);
  let variables = 0;
  let activations = 0;
  if (w.values.length > 0 || M <= 1e6) {
    const layers = w.values.length > 0 ? w.values.length : M;
    for (let m = 0; m < layers; m++) {
      variables += width(m) * (m + 1 < layers ? width(m + 1) : K);
      activations += 2 * width(m) * N;
    }
    variables += width(0) * N + (r.bias === true ? K : 0);
  } else {
    // A depth beyond any array: every layer has at least one weight per class.
    variables = M * Math.max(1, d) * Math.max(1, d);
  }
  const widthField: Field = w.values.length > 0 ? [`widths[${w.argmax}]`, w.max] : ['d', d];
  return estimate({
    variables,
    fields: [...fields, ['depth', M], widthField],
    terms: [{ bytes: DOUBLE * (activations + 4 * K * N), fields: [...fields, widthField] }],
  });
}

function vaeFamily(r: Record<string, unknown>, problem: 'cvae' | 'vae' | 'hvae'): MemoryEstimate {
  const data = vaeData(r);
  const dx = data.dx;
  const dy = data.dy;
  if (problem === 'hvae') {
    const d1 = size(r.latent1);
    const d2 = size(r.latent2);
    const variables = 2 * d1 * dx + 2 * d2 * d1 + d2;
    return estimate({
      variables,
      fields: [
        ['latent1', d1],
        ['latent2', d2],
        ['data.dx', dx],
      ],
      terms: [
        { bytes: data.bytes, fields: data.fields },
        {
          bytes: DOUBLE * 4 * (dx * dx + d1 * d1 + d2 * d2),
          fields: [
            ['latent1', d1],
            ['latent2', d2],
            ['data.dx', dx],
          ],
        },
      ],
    });
  }
  const dz = size(r.latent);
  // The encoder reads [x; y] (cvae) or the whitened x (vae); the decoder writes y (cvae) or x.
  const enc = problem === 'cvae' ? dx + dy : dx;
  const tgt = problem === 'cvae' ? dy : dx;
  const variables = dz * enc + tgt * dz + (problem === 'cvae' ? tgt * dx : 0) + (problem === 'vae' && r.sigma !== undefined ? 0 : dz);
  const D = problem === 'vae' ? 2 * dx : dx + dy;
  return estimate({
    variables,
    fields: [
      ['latent', dz],
      ['data.dx', dx],
      ['data.dy', dy],
    ],
    terms: [
      { bytes: data.bytes, fields: data.fields },
      {
        bytes: DOUBLE * 4 * (D * D + dz * dz + dz * D),
        fields: [
          ['latent', dz],
          ['data.dx', dx],
          ['data.dy', dy],
        ],
      },
    ],
  });
}

/** The estimate for a raw instance object of a registered problem, or null (another problem, or no object). */
export function estimateInstanceMemory(raw: unknown): MemoryEstimate | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const est = typeof r.problem === 'string' ? ESTIMATORS[r.problem] : undefined;
  return est ? est(r) : null;
}

/** Bytes as a short human size (2.0 GiB). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'more than any machine has';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === units.length - 1 && v >= 1024 ? `${bytes.toExponential(1)} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Throws an InputError naming the driving field when `raw` needs more than the limit. */
export function checkInstanceMemory(raw: unknown, source: string, bytesLimit: number = limit): void {
  const est = estimateInstanceMemory(raw);
  if (!est || est.bytes <= bytesLimit) return;
  const need = Math.pow(2, Math.ceil(Math.log2(Math.max(est.bytes, 1) / 1024 ** 3)));
  const suggestion = Number.isFinite(need) && need <= 1024 ** 2 ? ` (e.g. --max-memory ${need}G)` : '';
  throw new InputError(
    `${source}.${est.field}`,
    `${est.field} = ${est.value}: this instance needs ${Number.isFinite(est.bytes) ? `about ${formatBytes(est.bytes)}` : 'more memory than any machine has'} (${est.detail}), more than the memory limit of ${formatBytes(bytesLimit)}; raise the limit on purpose with --max-memory${suggestion}`,
  );
}
