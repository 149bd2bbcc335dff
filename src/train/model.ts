/**
 * `--model`: `mlp:W1,W2,...` (fully connected ReLU layers of these widths; the last-layer
 * features are the output of the last ReLU, so they are nonnegative: the ReLU feature model of
 * Dang et al. 2024) or `linear[:W]` (one learned linear layer of width W, default 512, no
 * activation: features of either sign, the free features of Zhu et al. / Hong & Ling). Either
 * way a linear classifier W h + b follows.
 */
import { InputError } from '../errors.ts';

export type ModelSpec = { readonly kind: 'mlp'; readonly hidden: readonly number[] } | { readonly kind: 'linear'; readonly width: number };

const MAX_WIDTH = 65536;

export function parseModel(text: string, flag = '--model'): ModelSpec {
  const width = (s: string): number => {
    const w = Number(s);
    if (!Number.isInteger(w) || w < 1 || w > MAX_WIDTH)
      throw new InputError(flag, `layer width ${JSON.stringify(s)} in ${JSON.stringify(text)} must be an integer from 1 to ${MAX_WIDTH}`);
    return w;
  };
  if (text === 'linear') return { kind: 'linear', width: 512 };
  let m = /^linear:(.+)$/.exec(text);
  if (m) return { kind: 'linear', width: width(m[1]) };
  m = /^mlp:(.+)$/.exec(text);
  if (m) return { kind: 'mlp', hidden: m[1].split(',').map(width) };
  throw new InputError(flag, `expected mlp:W1,W2,... or linear[:W], got ${JSON.stringify(text)}`);
}

export function modelText(m: ModelSpec): string {
  return m.kind === 'mlp' ? `mlp:${m.hidden.join(',')}` : `linear:${m.width}`;
}

/** The feature layers (input width, output width, activation) of a model on `inputDim` inputs. */
export function featureLayers(m: ModelSpec, inputDim: number): Array<{ readonly fanIn: number; readonly fanOut: number; readonly relu: boolean }> {
  const widths = m.kind === 'mlp' ? m.hidden : [m.width];
  return widths.map((w, i) => ({ fanIn: i === 0 ? inputDim : widths[i - 1], fanOut: w, relu: m.kind === 'mlp' }));
}

/** The feature dimension d (width of the last feature layer). */
export function featureDim(m: ModelSpec): number {
  return m.kind === 'mlp' ? m.hidden[m.hidden.length - 1] : m.width;
}

/** Whether the last-layer features are nonnegative by construction. */
export function nonnegativeFeatures(m: ModelSpec): boolean {
  return m.kind === 'mlp';
}
