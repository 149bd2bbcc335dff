/**
 * Figures as inline SVG, rendered in Node with vega-lite (compile) and vega (headless view):
 * no browser and no canvas are involved, so the HTML report is produced anywhere.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The house style for every figure: fonts the page also uses, no outer padding. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 13, anchor: 'start' as const },
  view: { stroke: '#ccc' },
  // Per-mark aria labels repeat every datum as text (most of the SVG's bytes); each figure has
  // a caption and role="img" instead.
  aria: false,
};

/** Geometry attributes whose numbers are rounded to 2 decimals (vega writes up to 17 digits). */
const GEOMETRY = /\b(transform|d|x|y|x1|x2|y1|y2|width|height|points)="([^"]*)"/g;

function roundGeometry(svg: string): string {
  return svg.replace(
    GEOMETRY,
    (_m, attr: string, value: string) => `${attr}="${value.replace(/-?\d+\.\d{3,}(e-?\d+)?/g, (n) => String(Math.round(Number(n) * 100) / 100))}"`,
  );
}

/**
 * Renders a vega-lite spec to an SVG string. Element ids are prefixed with `id` so that several
 * SVGs in one page cannot capture each other's clip paths and gradients (`url(#clip1)` resolves
 * to the first element with that id in the whole document).
 *
 * Syntax: await vegaLiteSvg(spec, 'fig-3')
 */
export async function vegaLiteSvg(spec: TopLevelSpec, id: string): Promise<string> {
  const compiled = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = roundGeometry(await view.toSVG());
    return svg
      .replace(/\bid="([^"]+)"/g, `id="${id}-$1"`)
      .replace(/url\(#([^)]+)\)/g, `url(#${id}-$1)`)
      .replace(/href="#([^"]+)"/g, `href="#${id}-$1"`)
      .replace(/^<svg /, `<svg role="img" data-figure="${id}" `);
  } finally {
    view.finalize();
  }
}

/** Log-scale axes cannot show 0: values at or below 0 are drawn at this floor (and said so). */
export const LOG_FLOOR = 1e-18;
