/**
 * Posterior-collapse measurements (docs/catalogue.md, dang2024vae): how many latents a decoder or
 * encoder leaves unused, and the energy of a map from its singular values.
 */
import { countMatches, energyMatches } from './mismatch.ts';
import type { Measurement } from './predicate.ts';

/**
 * Of `latents` latents, those beyond the live singular values count as collapsed; a singular
 * value at or below 1e-6 `scale` (the largest value the map can have on the instance) counts as
 * 0. The count must equal `claimed` exactly.
 */
export function collapsedLatents(singularValues: readonly number[], latents: number, scale: number, claimed: number, what = 'collapsed latents'): Measurement {
  const live = singularValues.filter((s) => s > 1e-6 * scale).length;
  return countMatches(latents - live, claimed, what);
}

/** ||A||_F^2 = sum_i s_i^2 from A's singular values equals the claimed energy (energyMatches). */
export function spectralEnergyMatches(singularValues: readonly number[], claimed: number, what: string): Measurement {
  return energyMatches(Math.sqrt(singularValues.reduce((a, s) => a + s * s, 0)), claimed, what);
}
