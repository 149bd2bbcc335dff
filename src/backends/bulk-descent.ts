/**
 * Where the engine uses float32 bulk descent (docs/design.md, "Numbers"): for ufm-ce instances with
 * free features whose work per objective evaluation, K N d multiply-adds per product, is at
 * least `BULK_MIN_WORK`, each multistart start first descends in float32 on a tfjs backend
 * (ufm-ce-float32.ts) to a loose relative gradient, then the usual float64 L-BFGS + Newton
 * polish and the float64 certificate decide. Below the threshold nothing changes.
 *
 * The threshold was measured on the shared 2-core development machine with `npx tsx
 * bench/bulk-threshold.ts` (bench/README.md, "Float32 bulk descent in the engine"), which times
 * one engine start with and without the float32 phase on the wasm backend: 1.7x slower at
 * K N d = 3.5e4, break-even at 1.3e6 (3.45 s against 3.49 s), faster at 1.0e7 (28-31 s against
 * 31-49 s). Smaller problems lose: float32 noise stops L-BFGS near a relative gradient of 1e-4,
 * so the float64 L-BFGS and the Newton polish to 1e-11 still do most of the work, and each
 * float32 evaluation pays fixed tfjs costs (tensor creation, copies to and from float64). The
 * GPU and tfjs-node backends were not measured (not installable here); they use the same
 * threshold until someone measures them. The webgpu backend (webgpu/backend.ts) also keeps it:
 * its break-even is still unmeasured (bench/gpu-check.sh measures it on a GPU machine).
 */
import type { InstanceBase } from '../problems/problem.ts';
import type { UfmCeInstance } from '../problems/ufm-ce/problem.ts';
import { lbfgs } from '../solvers/lbfgs.ts';
import { float32ValueAndGradient } from './ufm-ce-float32.ts';
import type { BulkDescentProvenance } from './provenance.ts';
import { chooseBackend, type BackendRequest, type Float32Backend } from './tfjs.ts';

/** K N d from which the float32 phase runs (see the file comment for how it was measured). */
export const BULK_MIN_WORK = 1e7;

/** Relative gradient at which float32 descent hands over to float64 (float32 noise stalls L-BFGS near 1e-4). */
const HAND_OVER = 1e-3;

/** What the engine needs to run bulk descent: a loaded backend and the size from which to use it. */
export interface BulkDescent {
  readonly backend: Float32Backend;
  /** @defaultValue BULK_MIN_WORK */
  readonly minWork?: number;
}

/** K N d of a free-feature ufm-ce instance (the size the threshold is about); null for instances without a float32 path. */
export function bulkWork(instance: InstanceBase): number | null {
  if (instance.problem !== 'ufm-ce') return null;
  const inst = instance as UfmCeInstance;
  if (inst.features === 'nonnegative') return null;
  return inst.K * inst.d * inst.n.reduce((a, b) => a + b, 0);
}

/** Whether `bulk` would run on this instance (a free-feature ufm-ce instance at or above the threshold). */
export function bulkApplies(instance: InstanceBase, minWork: number = BULK_MIN_WORK): boolean {
  const w = bulkWork(instance);
  return w !== null && w >= minWork;
}

/**
 * The float32 phase from x0, or null when the instance is below the threshold (or has no
 * float32 path). Deterministic for a given backend: the same start gives the same point.
 */
export function bulkDescentFrom(bulk: BulkDescent, instance: InstanceBase, x0: Float64Array): { x: Float64Array; iterations: number } | null {
  if (!bulkApplies(instance, bulk.minWork)) return null;
  const inst = instance as UfmCeInstance;
  // The same L-BFGS and hand-over on every backend; webgpu's function blocks on its worker.
  const fg = float32ValueAndGradient(bulk.backend, inst);
  try {
    const r = lbfgs(fg, x0, { gtol: HAND_OVER, relative: true, maxIterations: 100000, fNoise: 1e-6 });
    return { x: r.x, iterations: r.iterations };
  } finally {
    fg.release?.();
  }
}

/** The float32 setup of one command: what `--backend` asked for and what was loaded. */
export interface BulkSetup {
  /** The `--backend` request: 'auto', 'none', or the backend forced. */
  readonly requested: string;
  /** The loaded backend and threshold; null when no float32 phase can run. */
  readonly bulk: BulkDescent | null;
  /** Why `bulk` is null (or what auto detection skipped). */
  readonly note?: string;
}

/**
 * Loads the backend a command needs. A forced backend is loaded even when no instance reaches
 * the threshold, so that an unavailable one is an error (InputError naming `--backend`) rather
 * than silently unused; `auto` loads only when `needed` (some instance reaches the threshold)
 * and falls back to float64 if nothing loads.
 */
export async function prepareBulkDescent(request: BackendRequest, needed: boolean, minWork: number = BULK_MIN_WORK): Promise<BulkSetup> {
  if (request.kind === 'none') return { requested: 'none', bulk: null, note: '--backend none: every solve in float64' };
  if (request.kind === 'forced') {
    const { backend } = await chooseBackend(request.name);
    return { requested: request.name, bulk: { backend, minWork } };
  }
  if (!needed) return { requested: 'auto', bulk: null, note: `no instance reaches the float32 threshold K N d >= ${minWork.toExponential(0)}` };
  try {
    const { backend, skipped } = await chooseBackend();
    const note = skipped.length > 0 ? `auto: skipped ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}` : undefined;
    return { requested: 'auto', bulk: { backend, minWork }, ...(note ? { note } : {}) };
  } catch (e) {
    return { requested: 'auto', bulk: null, note: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * What a command's report records about the float32 phase (Provenance.bulkDescent): the
 * request, the loaded backend, and how many instances and starts actually ran it.
 */
export function bulkDescentRecord(
  setup: BulkSetup,
  results: Iterable<{ readonly starts: ReadonlyArray<{ readonly bulkDescent?: unknown }> }>,
): BulkDescentProvenance {
  let instances = 0;
  let starts = 0;
  for (const r of results) {
    const n = r.starts.filter((s) => s.bulkDescent !== undefined).length;
    starts += n;
    if (n > 0) instances++;
  }
  const b = setup.bulk?.backend ?? null;
  return {
    requested: setup.requested,
    backend: b?.name ?? null,
    precision: b ? b.precision : null,
    device: b?.device ?? null,
    ...(b?.name === 'webgpu' ? { adapter: b.adapter } : {}),
    minWork: setup.bulk?.minWork ?? BULK_MIN_WORK,
    used: starts > 0,
    instances,
    starts,
    ...(setup.note ? { note: setup.note } : {}),
  };
}
