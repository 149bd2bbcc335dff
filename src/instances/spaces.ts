/**
 * The instance space of each problem (src/instances/space.ts), by the instance's `"problem"`
 * name. A problem without a space is hunted on its claims' own arbitraries only (no edges, no
 * adaptive search, no structural shrinking).
 */
import { dlnCeSpace, dlnMseSpace } from './deep-linear-space.ts';
import { layerPeeledSpace } from './layer-peeled-space.ts';
import type { InstanceSpace } from './space.ts';
import { ufSvmSpace } from './uf-svm-space.ts';
import { ufmCeSpace } from './ufm-ce-space.ts';
import { cvaeSpace, hvaeSpace, vaeSpace } from './vae-space.ts';

const SPACES: readonly InstanceSpace[] = [ufmCeSpace, dlnMseSpace, dlnCeSpace, layerPeeledSpace, ufSvmSpace, cvaeSpace, vaeSpace, hvaeSpace];

/** The space of problem `name`, or undefined. */
export function spaceFor(name: string): InstanceSpace | undefined {
  return SPACES.find((s) => s.problem === name);
}

/** Every problem that has a space. */
export function spaceProblems(): string[] {
  return SPACES.map((s) => s.problem);
}
