/** train.md and the terminal summary of `ncverify train`. */
import { fmt } from '../metrics/document.ts';
import { comparisonMarkdown, comparisonText } from '../practice/comparison.ts';
import { settingsLine, terminalLine, type CheckpointSummary, type TrainDocument } from './document.ts';

const cell = (v: number | null) => (v === null ? 'undefined' : fmt(v));

/** The checkpoint table (Markdown rows). */
export function checkpointTable(doc: Pick<TrainDocument, 'checkpoints' | 'result'>): string[] {
  const byEpoch = new Map(doc.result.epochs.map((e) => [e.epoch, e]));
  const out = [
    '| epoch | loss | objective | train acc. | NC1 | NC1 (sample-weighted μ_G) | equinorm | ETF error | ETF error of W | self-duality |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of doc.checkpoints) {
    const e = byEpoch.get(c.epoch)!;
    out.push(
      `| ${c.epoch} | ${fmt(e.dataLoss)} | ${fmt(e.objective)} | ${(100 * e.accuracy).toFixed(2)}% | ${cell(c.nc1)} | ${cell(c.nc1SampleWeighted)} | ${cell(c.equinorm)} | ${cell(c.etfError)} | ${cell(c.wEtfError)} | ${cell(c.selfDuality)} |`,
    );
  }
  return out;
}

/** NC1 at the end over NC1 at the start, when both are defined. */
export function nc1Reduction(points: readonly CheckpointSummary[]): number | null {
  const a = points[0]?.nc1,
    b = points[points.length - 1]?.nc1;
  return a !== undefined && a !== null && b !== undefined && b !== null && b > 0 ? a / b : null;
}

export function renderTrainMarkdown(doc: TrainDocument): string {
  const r = doc.result;
  const p = doc.provenance;
  const out = ['# ncverify train', ''];
  out.push(`- ${settingsLine(r.settings)}`);
  out.push(`- **precision**: ${doc.precisionNote}`);
  out.push(`- ${terminalLine(r)}`);
  const red = nc1Reduction(doc.checkpoints);
  if (red !== null)
    out.push(
      `- NC1 (class-mean μ_G) fell from ${fmt(doc.checkpoints[0].nc1!)} at initialisation to ${fmt(doc.checkpoints[doc.checkpoints.length - 1].nc1!)}: a factor ${red.toFixed(1)}`,
    );
  out.push(
    `- ${r.seconds.toFixed(1)} s; commit \`${p.commit.slice(0, 12)}\`${p.dirty ? ' (uncommitted changes)' : ''}, ${p.startedAt}, node ${p.node}, ${p.machine.cpus} × ${p.machine.cpuModel}`,
  );
  out.push(
    `- files: ${Object.values(doc.files)
      .map((f) => `\`${f}\``)
      .join(
        ', ',
      )} (features, W and bias as float32 .npy, exactly the values the metrics were computed from; \`ncverify metrics --features features.npy --labels labels.npy --classifier W.npy --bias bias.npy\` reproduces the final metrics)`,
    '',
  );
  out.push(
    '## NC metrics at the checkpoints',
    '',
    'Class-mean global mean μ_G = (1/K) Σ μ_k unless named; every variant of every metric at every checkpoint is in history.json.',
    '',
  );
  for (const row of checkpointTable(doc)) out.push(row);
  out.push('');
  out.push(
    '## Per class at the end',
    '',
    '| class | name | n_k | ‖μ_k − μ_G‖ (class-mean μ_G) | ‖w_k‖ | cos(w_k, μ_k − μ_G) |',
    '|---:|---|---:|---:|---:|---:|',
  );
  for (const c of r.finalMetrics.perClass) {
    const cos = c.cosWToCentredMean?.classMean;
    out.push(
      `| ${c.class} | ${r.settings.classNames[c.class] ?? ''} | ${c.n} | ${fmt(c.centredNorm.classMean)} | ${c.wNorm === undefined ? '—' : fmt(c.wNorm)} | ${cos === undefined || cos === null ? '—' : fmt(cos)} |`,
    );
  }
  out.push('');
  if (doc.comparison) for (const l of comparisonMarkdown(doc.comparison)) out.push(l);
  return out.join('\n') + '\n';
}

/** What `ncverify train` prints at the end (the bar, if any, showed the epochs). */
export function renderTrainText(doc: TrainDocument): string[] {
  const r = doc.result;
  const out = [settingsLine(r.settings), `precision: ${doc.precisionNote}`, terminalLine(r)];
  const red = nc1Reduction(doc.checkpoints);
  const first = doc.checkpoints[0],
    last = doc.checkpoints[doc.checkpoints.length - 1];
  out.push(
    `NC1 ${cell(first.nc1)} -> ${cell(last.nc1)}${red !== null ? ` (a factor ${red.toFixed(1)})` : ''}; equinorm ${cell(last.equinorm)}; ETF error ${cell(last.etfError)}, of W ${cell(last.wEtfError)}; self-duality ${cell(last.selfDuality)}; ${r.seconds.toFixed(1)} s`,
  );
  if (doc.comparison) for (const l of comparisonText(doc.comparison)) out.push(l);
  return out;
}
