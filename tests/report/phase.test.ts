import { describe, expect, it } from 'vitest';
import { phaseSpec } from '../../src/report/figures/phase.ts';
import { thresholdPhaseSeries } from '../../src/engine/phase.ts';
import { vegaLiteSvg } from '../../src/report/figures/vega-svg.ts';

const study = { claim: 'hongling2024.cor4', parameter: 'N lambdaZ', property: 'the minority cluster collapses' };
const rows = [
  { configuration: 'a', predicted: Math.sqrt(2), measured: Math.sqrt(2) + 1e-9, outcome: 'agree' },
  { configuration: 'b', predicted: Math.sqrt(5), measured: 2.5, outcome: 'disagree' },
  { configuration: 'c', predicted: 1, measured: Number.NaN, outcome: 'no-switch' },
];

describe('phase diagrams', () => {
  it('turns threshold-study rows into a measured-vs-predicted series (no point where nothing switched)', () => {
    const s = thresholdPhaseSeries(study, rows);
    expect(s.points).toEqual([
      { parameter: Math.sqrt(2), predicted: Math.sqrt(2), measured: Math.sqrt(2) + 1e-9 },
      { parameter: Math.sqrt(5), predicted: Math.sqrt(5), measured: 2.5 },
      { parameter: 1, predicted: 1, measured: null },
    ]);
    expect(s.title).toContain('hongling2024.cor4');
  });

  it('draws the predicted curve and one point per measured switch as SVG', async () => {
    const svg = await vegaLiteSvg(phaseSpec(thresholdPhaseSeries(study, rows)), 'phase-test');
    expect(svg).toMatch(/^<svg /);
    const points = svg.slice(svg.indexOf('layer_1_marks'));
    // Two measured switches (the no-switch row has none); each point is one <path> with a transform.
    expect((points.slice(0, points.indexOf('</g>')).match(/<path [^>]*transform=/g) ?? []).length).toBe(2);
  });
});
