/**
 * Streaming and execution independence: a .npy file several blocks long gives the in-memory
 * result (to 1e-12 relative; with the same block size, the same bits); float32 input gives the
 * float64 result of the float32 values; C and Fortran order agree; the result does not depend on
 * the thread count or on the kernels (WebAssembly or JavaScript); sampled pairs say so and their
 * estimates sit within a few standard errors of the exact values.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/io/npy.ts';
import { ncMetrics } from '../../src/metrics/nc-metrics.ts';
import type { NcMetricsResult } from '../../src/metrics/types.ts';
import { Rng } from '../../src/random.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ncverify-metrics-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const N = 7301;
const d = 12;
const K = 9;
let X64: Float64Array;
let X32: Float32Array;
let y: number[];
let W: Float64Array;
let b: Float64Array;

beforeAll(() => {
  const rng = new Rng(17);
  const means = Array.from({ length: K }, () => Array.from({ length: d }, () => 4 * rng.normal() + 2));
  X64 = new Float64Array(N * d);
  y = [];
  for (let i = 0; i < N; i++) {
    // Imbalanced: class k has weight ~ 1/(k+1).
    let k = 0;
    const u = rng.uniform() * 2.829;
    for (let acc = 1; acc < u && k < K - 1; acc += 1 / (k + 2)) k++;
    y.push(2 * k); // labels 0, 2, 4, ...: rows of the 2K-row classifier (odd rows have no samples)
    for (let j = 0; j < d; j++) X64[i * d + j] = means[k][j] + rng.normal() * (1 + 0.1 * k);
  }
  X32 = Float32Array.from(X64);
  W = Float64Array.from({ length: 2 * K * d }, () => rng.normal());
  b = Float64Array.from({ length: 2 * K }, () => rng.normal());
  writeNpy(path.join(tmp, 'x64.npy'), X64, [N, d], '<f8');
  writeNpy(path.join(tmp, 'x32.npy'), X32, [N, d], '<f4');
  writeNpy(path.join(tmp, 'y.npy'), y, [N], '<i8');
  // The same float32 values in Fortran order, written column by column.
  const F = new Float32Array(N * d);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) F[j * N + i] = X32[i * d + j];
  writeNpyFortran(path.join(tmp, 'x32f.npy'), F, N, d);
});

/** A Fortran-order .npy (the writer only makes C order; the header is written by hand here). */
function writeNpyFortran(file: string, colMajor: Float32Array, rows: number, cols: number): void {
  writeNpy(file, colMajor, [cols, rows], '<f4');
  // Rewrite the header: shape (rows, cols), fortran_order True; same length (padded to 64).
  const bytes = readFileSync(file);
  const hlen = bytes[8] | (bytes[9] << 8);
  const dict = `{'descr': '<f4', 'fortran_order': True, 'shape': (${rows}, ${cols}), }`;
  const header = Buffer.from(dict.padEnd(hlen - 1, ' ') + '\n', 'latin1');
  header.copy(bytes, 10);
  writeFileSync(file, bytes);
}

/** Every numeric leaf of a result except timings and the run record, by path. */
function leaves(r: NcMetricsResult): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (v: unknown, p: string) => {
    if (typeof v === 'number') out.set(p, v);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'run') walk(x, `${p}.${k}`);
  };
  walk(r, '');
  return out;
}

function expectClose(a: NcMetricsResult, b: NcMetricsResult, rel: number): void {
  const la = leaves(a);
  const lb = leaves(b);
  expect([...la.keys()]).toEqual([...lb.keys()]);
  let worst = 0;
  for (const [k, v] of la) {
    const w = lb.get(k)!;
    const e = v === w ? 0 : Math.abs(v - w) / Math.max(Math.abs(v), Math.abs(w));
    if (!(e <= rel)) throw new Error(`${k}: ${v} vs ${w} (relative ${e})`);
    worst = Math.max(worst, e);
  }
  expect(worst).toBeLessThanOrEqual(rel);
}

const opts = () => ({ classifier: { data: W, rows: 2 * K, cols: d }, bias: b, blockRows: 1000, tile: 4 });

describe('streaming', () => {
  it('a file of 8 blocks gives the in-memory result (same bits with the same block size)', async () => {
    const file = await ncMetrics(path.join(tmp, 'x64.npy'), path.join(tmp, 'y.npy'), opts());
    const mem = await ncMetrics({ data: X64, rows: N, cols: d }, y, opts());
    expectClose(file, mem, 0);
    expect(file.run.blockRows).toBe(1000);
    // Another block size changes only the order of the additions: 1e-12 relative.
    const other = await ncMetrics({ data: X64, rows: N, cols: d }, y, { ...opts(), blockRows: 4096 });
    expectClose(file, other, 1e-12);
  });

  it('float32 input gives the float64 result of the float32 values; Fortran order the same', async () => {
    const f32 = await ncMetrics(path.join(tmp, 'x32.npy'), path.join(tmp, 'y.npy'), opts());
    const widened = await ncMetrics({ data: Float64Array.from(X32), rows: N, cols: d }, y, opts());
    expectClose(f32, widened, 0);
    const fortran = await ncMetrics(path.join(tmp, 'x32f.npy'), path.join(tmp, 'y.npy'), opts());
    expectClose(fortran, f32, 0);
    // And it is not the float64 data's result (the test can fail): float32 rounding shows.
    const f64 = await ncMetrics(path.join(tmp, 'x64.npy'), path.join(tmp, 'y.npy'), opts());
    expect(f64.traceSigmaW).not.toBe(f32.traceSigmaW);
  });

  it('the thread count and the kernels do not change a bit', async () => {
    const one = await ncMetrics(path.join(tmp, 'x64.npy'), path.join(tmp, 'y.npy'), { ...opts(), workers: 1 });
    const two = await ncMetrics(path.join(tmp, 'x64.npy'), path.join(tmp, 'y.npy'), { ...opts(), workers: 2 });
    expect(two.run.workers).toBe(2);
    expectClose(one, two, 0);
    const js = await ncMetrics(path.join(tmp, 'x64.npy'), path.join(tmp, 'y.npy'), { ...opts(), forceJsKernels: true });
    expect(js.run.kernels).toBe('js');
    expectClose(one, js, 0);
  });
});

describe('sampled pairs', () => {
  it('says it was sampled, with the sample size and standard errors near the exact values', async () => {
    const rng = new Rng(9);
    const Kb = 60;
    const rows: number[][] = [];
    const labels: number[] = [];
    const means = Array.from({ length: Kb }, () => Array.from({ length: 6 }, () => rng.normal() * 3));
    for (let k = 0; k < Kb; k++)
      for (let i = 0; i < 4; i++) {
        rows.push(means[k].map((m) => m + rng.normal()));
        labels.push(k);
      }
    const exact = await ncMetrics(rows, labels);
    const sampled = await ncMetrics(rows, labels, { pairs: 4000, seed: 3 });
    expect(exact.pairs).toEqual({ mode: 'exact' });
    expect(sampled.pairs).toEqual({ mode: 'sampled', samples: 4000, seed: 3 });
    for (const [e, s] of [
      [exact.cdnv.distancePower2.mean, sampled.cdnv.distancePower2.mean],
      [exact.nc2.classMean.cosine.mean, sampled.nc2.classMean.cosine.mean],
      [exact.nc2.sampleWeighted.gnc2LogKernel.mean, sampled.nc2.sampleWeighted.gnc2LogKernel.mean],
      [exact.nc2.classMean.etfError, sampled.nc2.classMean.etfError],
    ] as const) {
      if (!e.defined || !s.defined) throw new Error('undefined');
      expect(e.sampled).toBeUndefined();
      expect(s.sampled?.pairs).toBe(4000);
      expect(s.sampled!.standardError).toBeGreaterThan(0);
      expect(Math.abs(s.value - e.value)).toBeLessThan(5 * s.sampled!.standardError);
    }
    // Exact (non-pairwise) metrics are the same either way.
    expect(sampled.nc1.classMean.pinv).toEqual(exact.nc1.classMean.pinv);
  });
});
