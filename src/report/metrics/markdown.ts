/**
 * metrics.md and the terminal summary of `ncverify metrics`: the tables of document.ts, with
 * undefined metrics as footnoted "undefined [n]" and the convention named in every table.
 */
import { maxOf } from '../../linalg/vector.ts';
import type { MetricsDocument } from './document.ts';
import { Footnotes, cellText, fmt, metricTables, type Table } from './document.ts';
import type { NcMetricsResult } from '../../metrics/types.ts';

const PER_CLASS_ROWS = 50;
const esc = (s: string) => s.replace(/\|/g, '\\|');

function header(r: NcMetricsResult, inputs?: MetricsDocument['inputs']): string[] {
  const out: string[] = [];
  if (inputs) {
    out.push(`- features: \`${inputs.features.source}\` (${inputs.features.dtype}); labels: \`${inputs.labels.source}\` (${inputs.labels.dtype})`);
    if (inputs.classifier) out.push(`- classifier: \`${inputs.classifier.source}\`${inputs.bias ? `; bias: \`${inputs.bias.source}\`` : ''}`);
  }
  out.push(`- N = ${r.N} samples, d = ${r.d}, K = ${r.K} classes (labels remapped to 0..K−1 in ascending order; map in the per-class table)`);
  out.push(
    `- pairs: ${r.pairs.mode === 'exact' ? `exact, all ${(r.K * (r.K - 1)) / 2} class pairs` : `sampled, ${r.pairs.samples} pairs (seed ${r.pairs.seed}), ± one standard error`}`,
  );
  out.push(
    `- float64 throughout (${r.run.kernels} kernels); ${r.run.workers} thread(s); blocks of ${r.run.blockRows} rows; scatter in r = ${r.run.scatterDimension} coordinates${r.run.projected ? ' (projected onto the span of the centred means)' : ''}; ${r.run.seconds.total.toFixed(2)} s`,
  );
  return out;
}

function mdTable(t: Table, notes: Footnotes): string[] {
  const out = [`### ${t.title}`, ''];
  if (t.note) out.push(t.note, '');
  out.push(`| ${t.columns.map(esc).join(' | ')} |`, `|${t.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const row of t.rows) out.push(`| ${row.map((c) => esc(cellText(c, notes.mark))).join(' | ')} |`);
  out.push('');
  return out;
}

/** Renders metrics.md. */
export function renderMetricsMarkdown(doc: MetricsDocument): string {
  const notes = new Footnotes();
  const p = doc.provenance;
  const out = ['# ncverify metrics', ''];
  for (const l of header(doc, doc.inputs)) out.push(l);
  out.push(
    `- commit \`${p.commit.slice(0, 12)}\`${p.dirty ? ' (uncommitted changes)' : ''}, ${p.startedAt}, node ${p.node}, ${p.machine.cpus} × ${p.machine.cpuModel}`,
    '',
  );
  for (const t of metricTables(doc)) for (const l of mdTable(t, notes)) out.push(l);
  out.push(`### Per class${doc.K > PER_CLASS_ROWS ? ` (first ${PER_CLASS_ROWS} of ${doc.K}; all in metrics.json)` : ''}`, '');
  const hasW = doc.perClass[0]?.wNorm !== undefined;
  out.push(
    `| class | label | n_k | σ_k² | ‖μ_k − μ_G‖ (sample-weighted) | ‖μ_k − μ_G‖ (class-mean) |${hasW ? ' ‖w_k‖ | cos(w_k, μ_k − μ_G) (sample-weighted) | (class-mean) |' : ''}`,
  );
  out.push(`|---:|---:|---:|---:|---:|---:|${hasW ? '---:|---:|---:|' : ''}`);
  for (const c of doc.perClass.slice(0, PER_CLASS_ROWS)) {
    const cells = [
      c.class,
      c.label,
      c.n,
      c.variance === null ? 'undefined (one sample)' : fmt(c.variance),
      fmt(c.centredNorm.sampleWeighted),
      fmt(c.centredNorm.classMean),
    ];
    if (hasW)
      cells.push(
        fmt(c.wNorm!),
        c.cosWToCentredMean!.sampleWeighted === null ? '—' : fmt(c.cosWToCentredMean!.sampleWeighted),
        c.cosWToCentredMean!.classMean === null ? '—' : fmt(c.cosWToCentredMean!.classMean),
      );
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('');
  const list = notes.list();
  if (list.length > 0) for (const l of ['**Undefined metrics**', '', ...list.map((x) => `- ${x}`), '']) out.push(l);
  return out.join('\n');
}

/** The terminal summary: the tables without the "follows" column, aligned. */
export function renderMetricsText(r: NcMetricsResult): string[] {
  const notes = new Footnotes();
  const out = [...header(r).map((l) => l.replace(/^- /, '').replace(/`/g, '')), ''];
  for (const t of metricTables(r)) {
    const keep = t.columns.map((c, i) => (c === 'follows' ? -1 : i)).filter((i) => i >= 0);
    const rows = [keep.map((i) => t.columns[i]), ...t.rows.map((row) => keep.map((i) => cellText(row[i], notes.mark)))];
    const widths = keep.map((_, j) => Math.min(44, maxOf(rows.map((row) => row[j].length))));
    out.push(t.title);
    rows.forEach((row, ri) => {
      out.push('  ' + row.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
      if (ri === 0) out.push('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
    });
    out.push('');
  }
  const list = notes.list();
  if (list.length > 0) for (const l of ['Undefined:', ...list.map((x) => '  ' + x), '']) out.push(l);
  return out;
}
