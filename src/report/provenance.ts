/** Where a report came from: seed, git commit, package versions, backend, machine, time. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';

export interface Provenance {
  readonly seed: number;
  readonly commit: string;
  readonly dirty: boolean;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly node: string;
  readonly packages: Record<string, string>;
  /** Which arithmetic decided the verdicts, and which backend (if any) ran bulk descent. */
  readonly backend: { readonly name: string; readonly precision: string; readonly device: string };
  readonly machine: { readonly platform: string; readonly arch: string; readonly cpus: number; readonly cpuModel: string; readonly memoryGiB: number };
  /** A merged report: where and when each shard ran (its own seed, commit and packages are the merged ones). */
  readonly shards?: readonly ShardProvenance[];
}

export interface ShardProvenance {
  /** "i/n". */
  readonly shard: string;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: Provenance['machine'];
}

const PACKAGES = ['mathjs', 'nerdamer', 'ml-matrix', 'fast-check', 'tsx', 'katex', 'vega', 'vega-lite', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

export function gitCommit(cwd = process.cwd()): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
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

export function provenance(seed: number, startedAt: Date, durationSeconds: number, backend?: Provenance['backend']): Provenance {
  const cpus = os.cpus();
  return {
    seed,
    ...gitCommit(),
    startedAt: startedAt.toISOString(),
    durationSeconds,
    node: process.version,
    packages: packageVersions(),
    backend: backend ?? { name: 'js-float64', precision: 'float64', device: 'cpu' },
    machine: {
      platform: os.platform(), arch: os.arch(), cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    },
  };
}
