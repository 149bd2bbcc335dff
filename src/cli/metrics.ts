/**
 * `ncverify metrics --features F --labels L [--classifier W] [--bias B] [--json] [--out DIR]
 * [--pairs N] [--seed S] [--workers N] [--block-rows R]`: the neural-collapse metrics of a
 * feature file (src/metrics/nc-metrics.ts). Prints a summary (or the JSON document with --json)
 * and with --out writes metrics.json, metrics.md and index.html. Bad input: exit 2 naming it.
 *
 * Progress goes to stderr: on a terminal a one-line bar per pass, redrawn; elsewhere (pipes, CI)
 * one plain line when each pass ends.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { ncMetrics } from '../metrics/nc-metrics.ts';
import { compactJson } from '../report/json-format.ts';
import { metricsDocument, type MetricsInputs } from '../report/metrics/document.ts';
import { renderMetricsHtml } from '../report/metrics/html.ts';
import { renderMetricsMarkdown, renderMetricsText } from '../report/metrics/markdown.ts';
import { provenance } from '../report/provenance.ts';
import { displayDir } from '../report/write.ts';
import { compareWithClaims, parseCompare, type Comparison } from '../practice/compare.ts';
import { measuredFromFiles } from '../practice/from-training.ts';
import { resolveLambdas } from '../practice/lambdas.ts';
import { comparisonHtml, comparisonMarkdown, comparisonText } from '../report/practice/comparison.ts';
import { intFlag, numberFlag, parse } from './args.ts';
import { wantsBar } from './progress.ts';

type Out = (line: string) => void;

export const METRICS_FILES = { json: 'metrics.json', markdown: 'metrics.md', html: 'index.html' } as const;

const PHASES = { pass1: 'pass 1/3 class means', pass2: 'pass 2/3 scatter and decisions', pairs: 'pass 3/3 class pairs' } as const;
type Phase = keyof typeof PHASES;

/** Progress of the three passes: a redrawn bar on a TTY, else one line per finished pass. */
function passProgress(err: Out, bar: boolean) {
  const t0 = performance.now();
  let phaseStart = t0;
  let current: Phase | null = null;
  let last = { done: 0, total: 0 };
  let drawnAt = 0;
  const unit = (p: Phase) => (p === 'pairs' ? 'tiles' : 'rows');
  const finish = () => {
    if (!current) return;
    const s = ((performance.now() - phaseStart) / 1000).toFixed(1);
    const line = `${PHASES[current]}: ${last.total} ${unit(current)} in ${s} s`;
    if (bar) process.stderr.write(`\r\x1b[K${line}\n`);
    else err(line);
  };
  return {
    update(phase: Phase, done: number, total: number): void {
      if (phase !== current) {
        finish();
        current = phase;
        phaseStart = performance.now();
      }
      last = { done, total };
      if (!bar) return;
      const now = performance.now();
      if (now - drawnAt < 100 && done < total) return;
      drawnAt = now;
      const frac = total > 0 ? done / total : 1;
      const filled = Math.round(frac * 24);
      const el = (now - phaseStart) / 1000;
      const left = done > 0 ? (el / done) * (total - done) : Infinity;
      process.stderr.write(
        `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(24 - filled)}] ${PHASES[phase]}: ${done}/${total} ${unit(phase)}  ${el.toFixed(1)} s${Number.isFinite(left) && done < total ? `, ~${left.toFixed(0)} s left` : ''}`,
      );
    },
    done(): void {
      finish();
      current = null;
    },
  };
}

export async function metricsCommand(argv: string[], out: Out, err: Out = (l) => process.stderr.write(l + '\n')): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      features: { type: 'string' },
      labels: { type: 'string' },
      classifier: { type: 'string' },
      bias: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      pairs: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      'block-rows': { type: 'string' },
      compare: { type: 'string' },
      'lambda-w': { type: 'string' },
      'lambda-h': { type: 'string' },
    },
    'metrics',
  );
  if (positionals.length > 0)
    throw new InputError('ncverify metrics', `unexpected argument ${JSON.stringify(positionals[0])}; inputs are given with --features and --labels`);
  if (typeof values.features !== 'string')
    throw new InputError('ncverify metrics', 'needs --features FILE (.npy, .safetensors[:NAME] or .csv; N x d, rows are samples)');
  if (typeof values.labels !== 'string')
    throw new InputError('ncverify metrics', 'needs --labels FILE (N integers: .npy, .safetensors[:NAME] or a one-column .csv)');
  const pairs = intFlag(values.pairs, '--pairs', 1);
  const seed = intFlag(values.seed, '--seed', 0) ?? 1;
  const workers = intFlag(values.workers, '--workers', 1);
  const blockRows = intFlag(values['block-rows'], '--block-rows', 1);
  const claims = typeof values.compare === 'string' ? parseCompare(values.compare) : null;
  const lambdaW = numberFlag(values['lambda-w'], '--lambda-w', 0, true);
  const lambdaH = numberFlag(values['lambda-h'], '--lambda-h', 0, true);
  if (!claims && (lambdaW !== undefined || lambdaH !== undefined))
    throw new InputError(lambdaW !== undefined ? '--lambda-w' : '--lambda-h', 'only applies with --compare');
  const progress = passProgress(err, wantsBar());
  const startedAt = new Date();
  const t0 = performance.now();
  let result;
  try {
    result = await ncMetrics(values.features, values.labels, {
      ...(typeof values.classifier === 'string' ? { classifier: values.classifier } : {}),
      ...(typeof values.bias === 'string' ? { bias: values.bias } : {}),
      ...(pairs !== undefined ? { pairs, seed } : {}),
      ...(workers !== undefined ? { workers } : {}),
      ...(blockRows !== undefined ? { blockRows } : {}),
      onProgress: (phase, done, total) => progress.update(phase, done, total),
    });
  } finally {
    progress.done();
  }
  const inputs: MetricsInputs = {
    features: { source: values.features, dtype: result.run.featureDtype },
    labels: { source: values.labels, dtype: result.run.labelDtype },
    ...(typeof values.classifier === 'string' ? { classifier: { source: values.classifier } } : {}),
    ...(typeof values.bias === 'string' ? { bias: { source: values.bias } } : {}),
  };
  const prov = provenance(seed, startedAt, (performance.now() - t0) / 1000, {
    name: `js-float64 (${result.run.kernels} products)`,
    precision: 'float64',
    device: 'cpu',
  });
  // --compare: the UFM lambdas are given directly (--lambda-w, --lambda-h), not a network's decay.
  let comparison: Comparison | undefined;
  if (claims) {
    const layer = measuredFromFiles(
      values.features,
      values.labels,
      typeof values.classifier === 'string' ? values.classifier : undefined,
      typeof values.bias === 'string',
    );
    comparison = compareWithClaims(claims, layer, resolveLambdas(lambdaW, lambdaH, '(--lambda-w / --lambda-h)'), {
      seed,
      onClaim: (c) => err(`compared with ${c.claim}: ${c.kind === 'compared' ? `${c.verdict}, ${c.seconds.toFixed(1)} s` : 'not applicable'}`),
    });
  }
  const doc = metricsDocument(result, inputs, prov);
  const json = compactJson(comparison ? { ...doc, comparison } : doc);
  if (values.json) out(json);
  else {
    for (const line of renderMetricsText(result)) out(line);
    if (comparison) for (const line of comparisonText(comparison)) out(line);
  }
  if (typeof values.out === 'string') {
    const dir = values.out;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, METRICS_FILES.json), json + '\n');
    writeFileSync(
      path.join(dir, METRICS_FILES.markdown),
      renderMetricsMarkdown(doc) + (comparison ? ['', ...comparisonMarkdown(comparison)].join('\n') + '\n' : ''),
    );
    const html = await renderMetricsHtml(doc);
    writeFileSync(
      path.join(dir, METRICS_FILES.html),
      comparison ? html.replace('</main>', `<h2>Measured vs predicted</h2>${await comparisonHtml(comparison, 'cmp')}</main>`) : html,
    );
    const shown = displayDir(dir);
    (values.json ? err : out)(
      `wrote ${Object.values(METRICS_FILES)
        .map((f) => path.join(shown, f))
        .join(', ')}`,
    );
  }
  return 0;
}
