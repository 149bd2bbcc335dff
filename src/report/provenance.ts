/** Where a report came from: seed, git commit, package versions, backend, machine, time. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';
import type { BulkDescentProvenance } from '../backends/provenance.ts';

export interface Provenance {
  readonly seed: number;
  readonly commit: string;
  readonly dirty: boolean;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly node: string;
  readonly packages: Record<string, string>;
  /** Which arithmetic decided the verdicts: always float64 JavaScript (js-float64). */
  readonly backend: { readonly name: string; readonly precision: string; readonly device: string };
  /** The float32 bulk-descent phase: what `--backend` asked for, what was loaded, and whether it ran. Absent in reports from before it existed. */
  readonly bulkDescent?: BulkDescentProvenance;
  readonly machine: Machine;
  /** A merged report: where and when each shard ran (its own seed, commit and packages are the merged ones). */
  readonly shards?: readonly ShardProvenance[];
}

/** The machine a run (or shard) ran on. */
export interface Machine {
  readonly platform: string;
  readonly arch: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
}

export interface ShardProvenance {
  /** "i/n". */
  readonly shard: string;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: Machine;
}

const PACKAGES = [
  'mathjs',
  'nerdamer',
  'ml-matrix',
  'fast-check',
  'tsx',
  'katex',
  'vega',
  'vega-lite',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
];

export function gitCommit(cwd = process.cwd()): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: 'unknown (not a git checkout)', dirty: false };
  }
}

export function packageVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = {};
  const self = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  out.ncverify = self.version;
  for (const name of PACKAGES) {
    // Looked up on disk: packages whose "exports" hide package.json (vega) cannot be resolved by name.
    const pj = (require.resolve.paths(name) ?? []).map((dir) => path.join(dir, name, 'package.json')).find((f) => existsSync(f));
    // Not installed (the tfjs accelerators are opt-in): absent from the list.
    if (pj) out[name] = (JSON.parse(readFileSync(pj, 'utf8')) as { version: string }).version;
  }
  return out;
}

export function provenance(
  seed: number,
  startedAt: Date,
  durationSeconds: number,
  backend?: Provenance['backend'],
  bulkDescent?: BulkDescentProvenance,
): Provenance {
  const cpus = os.cpus();
  return {
    seed,
    ...gitCommit(),
    startedAt: startedAt.toISOString(),
    durationSeconds,
    node: process.version,
    packages: packageVersions(),
    backend: backend ?? { name: 'js-float64', precision: 'float64', device: 'cpu' },
    ...(bulkDescent ? { bulkDescent } : {}),
    machine: {
      platform: os.platform(),
      arch: os.arch(),
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    },
  };
}

/** One phrase for reports: whether a float32 bulk-descent phase ran, on what, and how often. */
export function bulkDescentSummary(b: BulkDescentProvenance | undefined): string {
  if (!b) return 'no float32 phase recorded';
  if (!b.backend) return `no float32 phase (--backend ${b.requested}${b.note ? `: ${b.note}` : ''})`;
  return b.used
    ? `float32 bulk descent on ${b.backend} (${b.device}) for ${b.starts} starts of ${b.instances} instances (K N d >= ${b.minWork.toExponential(0)}), then float64`
    : `float32 backend ${b.backend} (${b.device}) loaded but not used (no instance with K N d >= ${b.minWork.toExponential(0)})`;
}
