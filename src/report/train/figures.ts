/** vega-lite specs of the training report: NC metrics over epochs (log y) and the loss curves. */
import type { TopLevelSpec } from 'vega-lite';
import type { EpochRecord } from '../../train/types.ts';
import { LOG_FLOOR } from '../figures/vega-svg.ts';
import type { CheckpointSummary } from './document.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const SERIES: Array<[keyof CheckpointSummary, string]> = [
  ['nc1', 'NC1 tr(Σ_W Σ_B⁺)/K'],
  ['nc1SampleWeighted', 'NC1, sample-weighted μ_G'],
  ['equinorm', 'equinorm std/mean ‖μ_k − μ_G‖'],
  ['etfError', 'ETF error of the class means'],
  ['wEtfError', 'ETF error of W'],
  ['selfDuality', 'self-duality ‖W/‖W‖ − C/‖C‖‖²'],
];

/** The NC curves at the checkpoints, one line per metric (class-mean μ_G unless named). */
export function ncCurvesSpec(points: readonly CheckpointSummary[], tptEpoch: number | null): TopLevelSpec {
  const values = points.flatMap((p) =>
    SERIES.flatMap(([k, name]) => {
      const v = p[k];
      return v === null ? [] : [{ epoch: p.epoch, value: Math.max(LOG_FLOOR, v), metric: name }];
    }),
  );
  const layers: unknown[] = [
    {
      mark: { type: 'line', point: { size: 18 } },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
        y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: 'value (log scale)' },
        color: { field: 'metric', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
      },
    },
  ];
  if (tptEpoch !== null)
    layers.push({
      data: { values: [{ epoch: tptEpoch }] },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#667085' },
      encoding: { x: { field: 'epoch', type: 'quantitative' } },
    });
  return { $schema: SCHEMA, title: 'Neural collapse over training', width: 420, height: 260, data: { values }, layer: layers } as unknown as TopLevelSpec;
}

/** Training loss, objective and train error over epochs. */
export function lossSpec(epochs: readonly EpochRecord[]): TopLevelSpec {
  const values = epochs.flatMap((e) => [
    { epoch: e.epoch, value: Math.max(LOG_FLOOR, e.dataLoss), series: 'training loss' },
    { epoch: e.epoch, value: Math.max(LOG_FLOOR, e.objective), series: 'objective (loss + decay terms)' },
    { epoch: e.epoch, value: Math.max(1e-6, 1 - e.accuracy), series: 'train error (0 drawn at 1e-6)' },
  ]);
  return {
    $schema: SCHEMA,
    title: 'Loss, objective and train error',
    width: 420,
    height: 220,
    data: { values },
    mark: { type: 'line' },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' },
      y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: null },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
    },
  };
}
