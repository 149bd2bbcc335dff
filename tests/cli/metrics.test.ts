/**
 * `ncverify metrics`: the files it writes (JSON schema and provenance, Markdown, HTML with the
 * figures), the label map, --pairs, and exit 2 naming the input for every bad input of issue 12.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';
import { writeNpy } from '../../src/io/npy.ts';
import { Rng } from '../../src/random.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ncverify-metrics-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const f = (name: string) => path.join(tmp, name);

// Three well-separated classes in d = 4 with labels 5, 9, 2 (remapped to 1, 2, 0); N = 60.
const N = 60;
const d = 4;
const rng = new Rng(8);
const labelValues = [5, 9, 2];
const centres = [
  [4, 0, 0, 1],
  [0, 4, 0, 1],
  [0, 0, 4, 1],
];
const X = new Float64Array(N * d);
const y: number[] = [];
for (let i = 0; i < N; i++) {
  const k = i % 3;
  y.push(labelValues[k]);
  for (let j = 0; j < d; j++) X[i * d + j] = centres[k][j] + 0.3 * rng.normal();
}
writeNpy(f('x.npy'), X, [N, d], '<f4');
writeNpy(f('y.npy'), y, [N], '<i8');
const W = new Float64Array(10 * d);
labelValues.forEach((v, k) => centres[k].forEach((c, j) => (W[v * d + j] = c)));
writeNpy(f('W.npy'), W, [10, d], '<f8');
writeNpy(f('b.npy'), new Float64Array(10).fill(-1), [10], '<f8');

describe('ncverify metrics', () => {
  it('writes metrics.json (schema, provenance, label map), metrics.md and index.html', async () => {
    const dir = f('out');
    const { code, out, err } = await cli(
      'metrics',
      '--features',
      f('x.npy'),
      '--labels',
      f('y.npy'),
      '--classifier',
      f('W.npy'),
      '--bias',
      f('b.npy'),
      '--out',
      dir,
    );
    expect(code).toBe(0);
    expect(out).toMatch(/NC1 — within-class variability/);
    expect(out).toMatch(/sample-weighted μ_G .* class-mean μ_G/);
    expect(out).toMatch(/wrote .*metrics\.json, .*metrics\.md, .*index\.html/);
    expect(err).toMatch(/pass 1\/3 class means: 60 rows/);
    const doc = JSON.parse(readFileSync(path.join(dir, 'metrics.json'), 'utf8'));
    expect(doc.schema).toBe('ncverify/metrics@1');
    expect(doc.provenance.backend.precision).toBe('float64');
    expect(doc.provenance.commit).toBeTypeOf('string');
    expect(doc.inputs.features).toEqual({ source: f('x.npy'), dtype: '<f4' });
    expect(doc.perClass.map((c: { label: number; n: number }) => [c.label, c.n])).toEqual([
      [2, 20],
      [5, 20],
      [9, 20],
    ]);
    expect(doc.nc4.withBias.agreement.value).toBe(1);
    const md = readFileSync(path.join(dir, 'metrics.md'), 'utf8');
    expect(md).toMatch(/\| tr\(Σ_W Σ_B\^\+\)\/K, pinv \|/);
    expect(md).toMatch(/Galanti et al\. 2022/);
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    for (const id of ['fig-gram-cm', 'fig-gram-sw', 'fig-gram-w', 'fig-norms', 'fig-cdnv', 'fig-cos']) expect(html).toContain(`data-figure="${id}"`);
    expect(html).toContain('class="katex');
    // (The embedded KaTeX fonts are base64 and may hold the letters NaN.)
    expect(html.replace(/base64,[^)"']*/g, '')).not.toMatch(/NaN/);
  });

  it('--json prints the document; --pairs says it was sampled', async () => {
    const { code, out } = await cli('metrics', '--features', f('x.npy'), '--labels', f('y.npy'), '--json', '--pairs', '50', '--seed', '4');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.pairs).toEqual({ mode: 'sampled', samples: 50, seed: 4 });
    expect(doc.cdnv.distancePower2.mean.sampled.pairs).toBe(50);
    expect(doc.nc3).toBeUndefined();
  });

  it('prints "undefined" with the reason, never NaN', async () => {
    // K - 1 = 2 > d = 1: the top-(K-1) variant is undefined.
    const X1 = Float64Array.from({ length: 12 }, (_, i) => (i % 3) * 5 + 0.1 * Math.sin(i));
    writeNpy(f('x1.npy'), X1, [12, 1], '<f8');
    writeNpy(
      f('y1.npy'),
      Array.from({ length: 12 }, (_, i) => i % 3),
      [12],
      '<i4',
    );
    const { code, out } = await cli('metrics', '--features', f('x1.npy'), '--labels', f('y1.npy'));
    expect(code).toBe(0);
    expect(out).toMatch(/top K−1 eigenpairs\s+undefined \[1\]\s+undefined \[1\]/);
    expect(out).toMatch(/\[1\] K - 1 = 2 > d = 1/);
    expect(out).not.toMatch(/NaN/);
  });
});

describe('the example of README.md, "Features of real networks"', () => {
  it('runs on the committed files and shows the imbalance between the two global means', async () => {
    const ex = (n: string) => path.join(import.meta.dirname, '../fixtures/metrics-example', n);
    const { code, out } = await cli(
      'metrics',
      '--features',
      ex('features.csv'),
      '--labels',
      ex('labels.csv'),
      '--classifier',
      ex('W.npy'),
      '--bias',
      ex('b.npy'),
      '--json',
    );
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect([doc.N, doc.d, doc.K]).toEqual([90, 5, 4]);
    expect(doc.perClass.map((c: { label: number; n: number }) => [c.label, c.n])).toEqual([
      [3, 40],
      [8, 25],
      [15, 15],
      [42, 10],
    ]);
    expect(doc.nc4.rowsWithoutSamples).toBe(39);
    expect(doc.nc2.sampleWeighted.equinormCov.value).not.toBeCloseTo(doc.nc2.classMean.equinormCov.value, 2);
  });
});

describe('bad input: exit 2 naming the input', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    [
      'feature/label length mismatch',
      () => {
        writeNpy(f('y59.npy'), y.slice(0, 59), [59], '<i8');
        return ['--features', f('x.npy'), '--labels', f('y59.npy')];
      },
      /^ncverify: --labels: has 59 labels for 60 feature rows/,
    ],
    [
      'NaN in features, naming the first bad row',
      () => {
        const Xn = Float64Array.from(X);
        Xn[37 * d + 2] = NaN;
        Xn[41 * d] = Infinity;
        writeNpy(f('xnan.npy'), Xn, [N, d], '<f8');
        return ['--features', f('xnan.npy'), '--labels', f('y.npy')];
      },
      /^ncverify: --features: row 37, column 2 is NaN: features must be finite \(first bad row 37\)/,
    ],
    [
      'Inf in features',
      () => {
        const Xn = Float64Array.from(X);
        Xn[5 * d + 1] = -Infinity;
        writeNpy(f('xinf.npy'), Xn, [N, d], '<f8');
        return ['--features', f('xinf.npy'), '--labels', f('y.npy')];
      },
      /--features: row 5, column 1 is -Infinity/,
    ],
    [
      'a non-.npy file',
      () => {
        writeFileSync(f('notnpy.npy'), 'PK\x03\x04 a zip file');
        return ['--features', f('notnpy.npy'), '--labels', f('y.npy')];
      },
      /^ncverify: --features: .*notnpy\.npy: not a \.npy file|^ncverify: .*notnpy\.npy: not a \.npy file/,
    ],
    [
      'an unsupported dtype',
      () => {
        writeNpy(f('xi.npy'), [1, 2], [2], '<i4');
        const b = readFileSync(f('xi.npy'));
        b.write("'<c8'", b.indexOf("'<i4'"), 'latin1');
        writeFileSync(f('xc.npy'), b);
        return ['--features', f('xc.npy'), '--labels', f('y.npy')];
      },
      /xc\.npy: unsupported dtype "<c8"/,
    ],
    [
      'K > N (a classifier with more rows than samples)',
      () => {
        writeNpy(f('Wbig.npy'), new Float64Array(61 * d), [61, d], '<f8');
        return ['--features', f('x.npy'), '--labels', f('y.npy'), '--classifier', f('Wbig.npy')];
      },
      /^ncverify: --classifier: has K = 61 rows but there are only N = 60 samples \(K > N\)/,
    ],
    [
      'a label file of floats',
      () => {
        writeNpy(f('yf.npy'), y, [N], '<f8');
        return ['--features', f('x.npy'), '--labels', f('yf.npy')];
      },
      /^ncverify: --labels: .*floats \(<f8\); labels must be an integer dtype/,
    ],
    [
      'd = 0',
      () => {
        writeNpy(f('x0.npy'), [], [N, 0], '<f4');
        return ['--features', f('x0.npy'), '--labels', f('y.npy')];
      },
      /^ncverify: --features: has shape \(60, 0\): d = 0/,
    ],
    [
      'an empty file',
      () => {
        writeFileSync(f('empty.npy'), '');
        return ['--features', f('empty.npy'), '--labels', f('y.npy')];
      },
      /empty\.npy: empty file \(0 bytes\)/,
    ],
    [
      'an empty label file',
      () => {
        writeFileSync(f('empty.csv'), '');
        return ['--features', f('x.npy'), '--labels', f('empty.csv')];
      },
      /^ncverify: --labels: .*empty\.csv is an empty file/,
    ],
    [
      'a transposed classifier',
      () => {
        writeNpy(f('Wt.npy'), new Float64Array(d * 10), [d, 10], '<f8');
        return ['--features', f('x.npy'), '--labels', f('y.npy'), '--classifier', f('Wt.npy')];
      },
      /^ncverify: --classifier: is 4 x 10 but the features have d = 4 \(is W transposed\? it must be K x d\)/,
    ],
    [
      'labels that do not index the classifier',
      () => {
        writeNpy(f('W5.npy'), new Float64Array(5 * d), [5, d], '<f8');
        return ['--features', f('x.npy'), '--labels', f('y.npy'), '--classifier', f('W5.npy')];
      },
      /^ncverify: --labels: label 5 has no row in --classifier/,
    ],
    [
      'one class',
      () => {
        writeNpy(f('y1c.npy'), new Array(N).fill(3), [N], '<i8');
        return ['--features', f('x.npy'), '--labels', f('y1c.npy')];
      },
      /^ncverify: --labels: has one class/,
    ],
    ['a missing flag', () => ['--features', f('x.npy')], /^ncverify: ncverify metrics: needs --labels/],
    ['a bad --pairs', () => ['--features', f('x.npy'), '--labels', f('y.npy'), '--pairs', '0'], /^ncverify: --pairs: expected an integer >= 1/],
  ];
  for (const [name, args, msg] of cases) {
    it(name, async () => {
      const { code, err } = await cli('metrics', ...args());
      expect(code).toBe(2);
      expect(err).toMatch(msg);
    });
  }
});

describe('the metrics page at large K', () => {
  it('draws the CDNV histogram instead of the matrix when K > 64, and shows the most frequent classes in the Gram heatmaps', async () => {
    const { ncMetrics } = await import('../../src/metrics/nc-metrics.ts');
    const { renderMetricsHtml } = await import('../../src/report/metrics/html.ts');
    const { metricsDocument } = await import('../../src/report/metrics/document.ts');
    const { provenance } = await import('../../src/report/provenance.ts');
    const r2 = new Rng(21);
    const K = 70;
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let k = 0; k < K; k++)
      for (let i = 0; i < 3; i++) {
        rows.push([Math.cos(k), Math.sin(k), k / 10].map((m) => m + 0.05 * r2.normal()));
        labels.push(k);
      }
    const res = await ncMetrics(rows, labels);
    expect(res.figures.cdnvMatrix).toBeUndefined();
    expect(res.figures.classes).toHaveLength(24);
    const html = await renderMetricsHtml(
      metricsDocument(res, { features: { source: 'memory', dtype: 'float64' }, labels: { source: 'memory', dtype: 'memory' } }, provenance(1, new Date(), 0)),
    );
    expect(html).toContain('Histogram of log10 CDNV over 2415 class pairs');
    expect(html).toContain('the 24 most frequent classes of 70');
  });
});
