/**
 * `ncverify construct ebv|sse-c`: builds a construction (src/constructions/), measures it, and
 * checks every property the catalogue claims for it (docs/catalogue.md, ebv2023 and fedloge2024),
 * printing each check with its deviation and tolerance. `construct ebv --check FILE` measures a
 * given set of vectors instead (the authors' shipped matrices converted to .npy, a trained
 * classifier). Exit codes: 0 every check holds, 1 a check fails (a finding), 2 bad input.
 */
import { InputError, describe } from '../errors.ts';
import { mat, type Mat } from '../linalg/matrix.ts';
import { readNpy, npyToFloat64, writeNpy } from '../io/npy.ts';
import { generateEbv } from '../constructions/ebv.ts';
import { ebvClaimChecks, sseCClaimChecks, type ConstructionCheck } from '../constructions/claims.ts';
import { nearestAngles } from '../constructions/sse-c-checks.ts';
import { sseC } from '../constructions/sse-c.ts';
import { measureVectorSet, type VectorSetMeasurement } from '../constructions/vector-set.ts';
import { intFlag, numberFlag, parse } from './args.ts';
import { constructClaimCommand } from './construct-claim.ts';
import { catalogue } from '../../theorems/index.ts';

type Out = (line: string) => void;

export function constructCommand(argv: string[], out: Out, err: Out): number {
  const [what, ...rest] = argv;
  if (what === 'ebv') return ebvCommand(rest, out, err);
  if (what === 'sse-c') return sseCCommand(rest, out);
  // A construction claim of the catalogue (ebv2023.welch, ...): its random parameter sets.
  if (typeof what === 'string' && catalogue.has(what)) return constructClaimCommand(catalogue.construction(what, 'construct'), rest, out);
  throw new InputError(
    'ncverify construct',
    `name a construction (ebv or sse-c) or a construction claim (${catalogue.constructions.map((c) => c.id).join(', ')}), got ${describe(what ?? null)}`,
  );
}

function measurementLines(m: VectorSetMeasurement, out: Out): void {
  out(
    `  N=${m.N} d=${m.d}  max|cos| ${m.maxAbsCos.toPrecision(6)}${m.maxPair ? ` (vectors ${m.maxPair[0]}, ${m.maxPair[1]})` : ''}  RMS cos ${m.rmsCos.toPrecision(6)}`,
  );
  const b = m.bound;
  const welch = b.welch === null ? 'Welch n/a (N <= d)' : `Welch ${b.welch.toPrecision(6)}`;
  const ortho = b.orthoplex === null ? 'orthoplex n/a (N <= d(d+1)/2)' : `orthoplex ${b.orthoplex.toPrecision(6)}`;
  out(
    `  bounds: ${welch}, ${ortho}; best ${b.name}${m.ratioToBound === null ? ' (0: orthonormal sets exist)' : `, max|cos| / bound = ${m.ratioToBound.toPrecision(6)}`}`,
  );
  if (m.N <= m.d) out(`  max |V V^T - I| = ${m.orthonormalityError.toExponential(3)}`);
}

function checkLines(checks: readonly ConstructionCheck[], out: Out): void {
  for (const c of checks)
    out(
      `  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name.padEnd(18)} ${c.deviation.toExponential(2)} <=? ${c.tolerance.toExponential(1)}  ${c.claim}${c.detail ? ` — ${c.detail}` : ''}`,
    );
}

/** A 2-D float .npy as rows (or, with `columns`, its columns) of vectors. */
function readVectors(file: string, columns: boolean): Mat {
  const a = readNpy(file);
  if (a.shape.length !== 2) throw new InputError(file, `expected a 2-D array of vectors, got shape (${a.shape.join(', ')})`);
  const [r, c] = a.shape;
  const data = npyToFloat64(a);
  if (!columns) return mat(r, c, data);
  const t = mat(c, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t.data[j * r + i] = data[i * c + j];
  return t;
}

function ebvCommand(argv: string[], out: Out, err: Out): number {
  const { values, positionals } = parse(
    argv,
    {
      N: { type: 'string' },
      d: { type: 'string' },
      alpha: { type: 'string' },
      method: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      check: { type: 'string' },
      columns: { type: 'boolean' },
      'max-steps': { type: 'string' },
      'iterations-per-stage': { type: 'string' },
    },
    'construct ebv',
  );
  if (positionals.length > 0) throw new InputError('ncverify construct ebv', `unexpected argument ${JSON.stringify(positionals[0])}`);
  if (typeof values.check === 'string') {
    for (const f of ['N', 'd', 'alpha', 'method', 'seed', 'out', 'max-steps', 'iterations-per-stage'] as const) {
      if (values[f] !== undefined) throw new InputError(`--${f}`, '--check FILE measures a given set of vectors; it takes no generation flags');
    }
    const V = readVectors(values.check, Boolean(values.columns));
    const m = measureVectorSet(V, values.check);
    const checks = ebvClaimChecks(m, 'file');
    if (values.json)
      out(JSON.stringify({ construction: 'ebv', file: values.check, vectors: values.columns ? 'columns' : 'rows', measurement: m, checks }, jsonSafe, 1));
    else {
      out(`ebv --check ${values.check} (${values.columns ? 'columns' : 'rows'} are the vectors)`);
      measurementLines(m, out);
      checkLines(checks, out);
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  }
  if (values.columns) throw new InputError('--columns', 'only applies with --check FILE');
  if (values.N === undefined) throw new InputError('--N', 'is required: the number of vectors (or give --check FILE)');
  if (values.d === undefined) throw new InputError('--d', 'is required: the dimension');
  const N = intFlag(values.N, '--N', 1)!;
  const d = intFlag(values.d, '--d', 1)!;
  const method = (values.method ?? 'best') as string;
  if (method !== 'official' && method !== 'best') throw new InputError('--method', `expected official or best, got ${JSON.stringify(method)}`);
  const alpha = numberFlag(values.alpha, '--alpha');
  const seed = intFlag(values.seed, '--seed', 0) ?? 1;
  const maxSteps = intFlag(values['max-steps'], '--max-steps', 1);
  const iterationsPerStage = intFlag(values['iterations-per-stage'], '--iterations-per-stage', 1);
  if (method === 'best' && maxSteps !== undefined) throw new InputError('--max-steps', 'applies to --method official (the SGD step budget)');
  if (method === 'official' && iterationsPerStage !== undefined) throw new InputError('--iterations-per-stage', 'applies to --method best');
  const r = generateEbv(
    { N, d, alpha, method, seed, maxSteps, iterationsPerStage, onProgress: values.json ? undefined : (line) => err(`  ${line}`) },
    { N: '--N', d: '--d', alpha: '--alpha' },
  );
  if (typeof values.out === 'string') writeNpy(values.out, r.vectors.data, [N, d], '<f8');
  const checks = ebvClaimChecks(r.measurement, method);
  const stopped =
    r.method === 'official'
      ? { alpha: r.alpha, lr: r.lr, steps: r.steps, stop: r.stop }
      : { via: r.construction, evaluations: r.evaluations, stages: r.stages };
  if (values.json) {
    out(
      JSON.stringify(
        { construction: 'ebv', method, N, d, seed, ...stopped, seconds: r.seconds, simd: r.simd, measurement: r.measurement, checks, out: values.out ?? null },
        jsonSafe,
        1,
      ),
    );
  } else {
    const how =
      r.method === 'official'
        ? `${r.steps} SGD steps (lr ${r.lr}), ${r.stop === 'threshold' ? `stopping rule max|cos| <= ${r.alpha} + 1e-4 met` : `stopping rule max|cos| <= ${r.alpha} + 1e-4 NOT met within the step budget: the authors' script would have saved nothing; this is the last iterate`}`
        : r.construction === 'orthonormal'
          ? 'exactly orthonormal (Householder QR), N <= d'
          : `p-norm continuation, ${r.stages.length} stages, ${r.evaluations} evaluations`;
    out(`ebv --method ${method} N=${N} d=${d} seed=${seed}: ${how}; ${r.seconds.toFixed(2)} s${r.simd ? ' (wasm SIMD products)' : ''}`);
    measurementLines(r.measurement, out);
    checkLines(checks, out);
    if (typeof values.out === 'string') out(`  wrote ${values.out} (${N} x ${d} float64, rows are the vectors)`);
  }
  return checks.every((c) => c.ok) ? 0 : 1;
}

function sseCCommand(argv: string[], out: Out): number {
  const { values, positionals } = parse(
    argv,
    {
      K: { type: 'string' },
      d: { type: 'string' },
      sparsity: { type: 'string' },
      seed: { type: 'string' },
      steps: { type: 'string' },
      out: { type: 'string' },
      'out-realigned': { type: 'string' },
      json: { type: 'boolean' },
    },
    'construct sse-c',
  );
  if (positionals.length > 0) throw new InputError('ncverify construct sse-c', `unexpected argument ${JSON.stringify(positionals[0])}`);
  if (values.K === undefined) throw new InputError('--K', 'is required: the number of classes');
  if (values.d === undefined) throw new InputError('--d', 'is required: the feature dimension');
  const K = intFlag(values.K, '--K', 2)!;
  const d = intFlag(values.d, '--d', 1)!;
  const sparsity = numberFlag(values.sparsity, '--sparsity');
  const seed = intFlag(values.seed, '--seed', 0) ?? 1;
  const steps = intFlag(values.steps, '--steps', 0);
  const t0 = performance.now();
  const r = sseC({ K, d, sparsity, seed, steps, names: { K: '--K', d: '--d', sparsity: '--sparsity' } });
  const seconds = (performance.now() - t0) / 1000;
  const stats = nearestAngles(r.refined);
  const sparseStats = nearestAngles(r.sparse);
  const checks = sseCClaimChecks(r);
  if (typeof values.out === 'string') writeNpy(values.out, r.refined.data, [K, d], '<f8');
  if (typeof values['out-realigned'] === 'string') writeNpy(values['out-realigned'], r.realigned.data, [K, d], '<f8');
  const angles = (s: typeof stats) => ({
    mean: s.mean,
    min: s.min,
    max: s.max,
    etfAngle: s.etfAngle,
    gap: s.gap,
    pairMean: s.pairMean,
    pairVariance: s.pairVariance,
  });
  if (values.json) {
    out(
      JSON.stringify(
        {
          construction: 'sse-c',
          K,
          d,
          seed,
          sparsity: r.sparsity,
          zeroCount: r.zeroCount,
          steps: r.steps,
          lr: r.lr,
          normTarget: r.normTarget,
          gamma: r.gamma,
          finalLoss: r.finalLoss,
          seconds,
          nearestAngles: { refined: angles(stats), sparse: angles(sparseStats) },
          checks,
          out: values.out ?? null,
          outRealigned: values['out-realigned'] ?? null,
        },
        jsonSafe,
        1,
      ),
    );
  } else {
    out(`sse-c K=${K} d=${d} sparsity=${r.sparsity} seed=${seed}: ${r.zeroCount} zeros, ${r.steps} Adam steps (lr ${r.lr}), ${seconds.toFixed(2)} s`);
    out(
      `  nearest angle (deg): refined mean ${stats.mean.toFixed(4)} [${stats.min.toFixed(4)}, ${stats.max.toFixed(4)}], sparse before refinement ${sparseStats.mean.toFixed(4)}, dense ETF ${stats.etfAngle.toFixed(4)}; gap ${stats.gap.toFixed(4)}`,
    );
    checkLines(checks, out);
    if (typeof values.out === 'string') out(`  wrote ${values.out} (${K} x ${d} float64, rows are the class vectors w_k)`);
    if (typeof values['out-realigned'] === 'string') out(`  wrote ${values['out-realigned']} (GLA-FR rows, norm ${r.gamma})`);
  }
  return checks.every((c) => c.ok) ? 0 : 1;
}

function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v instanceof Float64Array) return Array.from(v);
  return v;
}
