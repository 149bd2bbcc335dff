/**
 * Named matrices of a layer-peeled point: the point (V, G) lifted onto the constraint spheres
 * (layerPeeledPoint), read as the bias-free ufm-ce point it is (W, H, class means H_bar).
 */
import { ufmCeView, type UfmCeView } from '../ufm-ce/view.ts';
import { ceInstance, layerPeeledPoint, type LayerPeeledInstance } from './problem.ts';

export function layerPeeledView(inst: LayerPeeledInstance, x: Float64Array): UfmCeView {
  return ufmCeView(ceInstance(inst), layerPeeledPoint(inst, x));
}
