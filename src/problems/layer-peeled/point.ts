/**
 * The layer-peeled point builder: a claimed minimiser at class level (W, class means H_bar),
 * every sample at its class mean, as the variables (V, G) of the objective. The parametrisation
 * rescales V and G onto the constraint spheres, so (W, H) is the point itself when it lies on
 * them; a claim off the spheres is moved onto them (and then misses the claimed optimum).
 */
import type { Mat } from '../../linalg/matrix.ts';
import { ufmCePoint } from '../ufm-ce/point.ts';
import { ceInstance, type LayerPeeledInstance } from './problem.ts';

export function layerPeeledPointOf(inst: LayerPeeledInstance, p: { readonly W: Mat; readonly Hbar: Mat }): Float64Array {
  return ufmCePoint(ceInstance(inst), { W: p.W, Hbar: p.Hbar });
}
