/**
 * `--backend NAME` for `check`, `run` and `solve`: which tfjs backend runs the float32 bulk
 * descent on instances above its threshold (src/backends/bulk-descent.ts). Verdicts are always
 * decided in float64 whatever the choice. Values: auto (default), webgpu, gpu, node, wasm, cpu, none.
 */
import { bulkApplies, prepareBulkDescent, type BulkSetup } from '../backends/bulk-descent.ts';
import { parseBackendFlag } from '../backends/tfjs.ts';
import { describeAdapter } from '../backends/webgpu/detect.ts';
import type { Theorem } from '../engine/theorem.ts';
import type { InstanceBase } from '../problems/problem.ts';

/** The parseArgs option of the flag. */
export const BACKEND_OPTION = { backend: { type: 'string' } } as const;

/**
 * Parses `--backend` and loads what the command needs: a forced backend always (an unavailable
 * one is an InputError naming `--backend`, exit 2), `auto` only when one of `instances` reaches
 * the threshold.
 */
export async function setupBackend(flag: unknown, instances: Iterable<unknown>): Promise<BulkSetup> {
  const request = parseBackendFlag(flag);
  let needed = false;
  if (request.kind === 'auto') {
    for (const inst of instances) {
      if (bulkApplies(inst as InstanceBase)) {
        needed = true;
        break;
      }
    }
  }
  return prepareBulkDescent(request, needed);
}

/** The instances of `thm` a full solve would see (a `reduced` claim solves its exact reduction instead, without float32). */
export function* fullSolveInstances(thm: Theorem, instances: readonly InstanceBase[]): Iterable<InstanceBase> {
  for (const inst of instances) {
    if (thm.solveMode === 'reduced' && thm.problem.exactReduction?.(inst)) continue;
    yield inst;
  }
}

/** One line for text output: what ran the bulk descent (if anything) and that verdicts are float64. */
export function backendLine(setup: BulkSetup, used: { instances: number; starts: number }): string {
  const b = setup.bulk?.backend;
  const phase = b
    ? `float32 bulk descent on ${b.name} (${b.name === 'webgpu' ? `gpu: ${describeAdapter(b.adapter)}` : b.device}) from K N d >= ${(setup.bulk.minWork ?? 0).toExponential(0)}: ${used.starts > 0 ? `ran on ${used.starts} starts of ${used.instances} instances` : 'not used (no instance that large)'}`
    : `no float32 phase (${setup.note ?? setup.requested})`;
  return `backend: decided in float64 (js-float64); ${phase}`;
}
