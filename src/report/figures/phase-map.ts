/**
 * The failure map of a hunt (`ncverify hunt CLAIM --map P1,P2`, src/hunt/map.ts) as a phase
 * diagram: one rectangle per grid cell coloured by the engine's verdict there (pass, fail,
 * inconclusive, skipped: outside the assumptions), and the claim's predicted boundary, the
 * edges between cells whose predicted regime differs, drawn as thick lines over them.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { HuntMap, MapAxis } from '../../hunt/map.ts';

/** Cell edges of an axis: midpoints between values (geometric on a log axis), the ends mirrored. */
export function cellEdges(axis: MapAxis): number[] {
  const v = axis.values;
  if (v.length === 1) return axis.log ? [v[0] / 1.5, v[0] * 1.5] : [v[0] - 0.5, v[0] + 0.5];
  const mid = (a: number, b: number) => (axis.log ? Math.sqrt(a * b) : (a + b) / 2);
  const inner = v.slice(1).map((b, k) => mid(v[k], b));
  const first = axis.log ? (v[0] * v[0]) / inner[0] : 2 * v[0] - inner[0];
  const last = axis.log ? v[v.length - 1] ** 2 / inner[inner.length - 1] : 2 * v[v.length - 1] - inner[inner.length - 1];
  return [first, ...inner, last];
}

export const VERDICT_COLOURS = { pass: '#a6f4c5', fail: '#f97066', inconclusive: '#fec84b', skipped: '#d0d5dd' } as const;

export function phaseMapSpec(m: HuntMap, title: string): TopLevelSpec {
  const xe = cellEdges(m.x);
  const ye = cellEdges(m.y);
  const cells = m.cells.map((c) => ({ x0: xe[c.i], x1: xe[c.i + 1], y0: ye[c.j], y1: ye[c.j + 1], verdict: c.verdict }));
  const segments = m.boundary.map((b) =>
    b.i2 !== b.i
      ? { x: xe[Math.max(b.i, b.i2)], x2: xe[Math.max(b.i, b.i2)], y: ye[b.j], y2: ye[b.j + 1] }
      : { x: xe[b.i], x2: xe[b.i + 1], y: ye[Math.max(b.j, b.j2)], y2: ye[Math.max(b.j, b.j2)] },
  );
  const xScale = { type: m.x.log ? 'log' : 'linear', domain: [xe[0], xe[xe.length - 1]], nice: false, ...(m.x.log ? {} : { zero: false }) } as const;
  const yScale = { type: m.y.log ? 'log' : 'linear', domain: [ye[0], ye[ye.length - 1]], nice: false, ...(m.y.log ? {} : { zero: false }) } as const;
  const verdicts = Object.keys(VERDICT_COLOURS);
  const layers: unknown[] = [
    {
      data: { values: cells },
      mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
      encoding: {
        x: { field: 'x0', type: 'quantitative', scale: xScale, title: `${m.x.name} (${m.x.doc})` },
        x2: { field: 'x1' },
        y: { field: 'y0', type: 'quantitative', scale: yScale, title: `${m.y.name} (${m.y.doc})` },
        y2: { field: 'y1' },
        color: {
          field: 'verdict',
          type: 'nominal',
          scale: { domain: verdicts, range: verdicts.map((v) => VERDICT_COLOURS[v as keyof typeof VERDICT_COLOURS]) },
          title: 'verdict',
        },
      },
    },
  ];
  if (segments.length > 0) {
    layers.push({
      data: { values: segments },
      mark: { type: 'rule', color: '#101828', strokeWidth: 3 },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: xScale },
        x2: { field: 'x2' },
        y: { field: 'y', type: 'quantitative', scale: yScale },
        y2: { field: 'y2' },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: title,
      subtitle: `cells: the engine's verdict per instance${segments.length > 0 ? '; black lines: the predicted boundary (where the claimed regime changes)' : ''}`,
    },
    width: 460,
    height: 260,
    layer: layers,
  } as TopLevelSpec;
}
