/**
 * The metrics report: the versioned JSON document (`ncverify/metrics@1`) and the table model
 * that the Markdown, HTML and terminal renderers share, so every format shows the same rows,
 * names the global-mean convention in every table, and prints an undefined metric as
 * "undefined" with its reason (never NaN).
 */
import type { Metric, NcMetricsResult, PairStat } from '../../metrics/types.ts';
import type { Provenance } from '../provenance.ts';

export const METRICS_SCHEMA = 'ncverify/metrics@1';

/** Where the inputs came from. */
export interface MetricsInputs {
  readonly features: { readonly source: string; readonly dtype: string };
  readonly labels: { readonly source: string; readonly dtype: string };
  readonly classifier?: { readonly source: string };
  readonly bias?: { readonly source: string };
}

/** metrics.json. */
export interface MetricsDocument extends NcMetricsResult {
  readonly schema: typeof METRICS_SCHEMA;
  readonly provenance: Provenance;
  readonly inputs: MetricsInputs;
}

export function metricsDocument(result: NcMetricsResult, inputs: MetricsInputs, provenance: Provenance): MetricsDocument {
  return { schema: METRICS_SCHEMA, provenance, inputs, ...result };
}

/** A cell: a metric, a plain number, or text. */
export type Cell = Metric | number | string | null;

export interface Table {
  readonly title: string;
  /** Said under the title: what the rows follow, which convention the columns are. */
  readonly note?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

const SW = 'sample-weighted μ_G = (1/N) Σ h_i';
const CM = 'class-mean μ_G = (1/K) Σ μ_k';

/** The tables of a result, in reading order. */
export function metricTables(r: NcMetricsResult): Table[] {
  const tables: Table[] = [];
  const both = <T>(f: (x: NcMetricsResult['nc1']['classMean']) => T) => [f(r.nc1.sampleWeighted), f(r.nc1.classMean)];
  const sampled =
    r.pairs.mode === 'sampled' ? ` Pair statistics estimated from ${r.pairs.samples} sampled class pairs (seed ${r.pairs.seed}); ± is one standard error.` : '';
  tables.push({
    title: 'NC1 — within-class variability',
    note: `Σ_W = (1/N) Σ_i (h_i − μ_{y_i})(h_i − μ_{y_i})^T (tr Σ_W = ${fmt(r.traceSigmaW)}); Σ_B = (1/K) Σ_k (μ_k − μ_G)(μ_k − μ_G)^T for each global mean.`,
    columns: ['metric', SW, CM, 'follows'],
    rows: [
      ['tr(Σ_W Σ_B^+)/K, pinv', ...both((x) => x.pinv), 'Papyan et al. 2020; neural_collapse covariance_ratio "pinv" (torch.linalg.pinv, rtol = d·eps)'],
      ['  same, numpy cutoff', ...both((x) => x.pinvNumpyCutoff), 'numpy.linalg.pinv default rcond = 1e-15'],
      ['tr(Σ_W Σ_B^+)/K, top K−1 eigenpairs', ...both((x) => x.topKMinus1), 'Han et al. 2022 code: scipy svds(Σ_B, k=K−1)'],
      ['tr(Σ_W)/tr(Σ_B)', ...both((x) => x.traceQuotient), 'Tirer et al. 2023; neural_collapse "quotient"'],
      [
        'rank of Σ_B (cutoff d·eps·λ_max)',
        ...both((x) => `${x.sigmaB.torchCutoff.rank} (cutoff ${fmt(x.sigmaB.torchCutoff.cutoff)})`),
        "numerical rank at torch's cutoff",
      ],
      [
        'rank of Σ_B (cutoff 1e-15·λ_max)',
        ...both((x) => `${x.sigmaB.numpyCutoff.rank} (cutoff ${fmt(x.sigmaB.numpyCutoff.cutoff)})`),
        "numerical rank at numpy's cutoff",
      ],
      ['λ_max(Σ_B), tr(Σ_B)', ...both((x) => `${fmt(x.sigmaB.lambdaMax)}, ${fmt(x.sigmaB.trace)}`), ''],
    ],
  });
  const pair = (p: PairStat) => [p.mean, p.std];
  tables.push({
    title: 'CDNV — class-distance normalised variance',
    note: `(σ_k² + σ_l²) / (2 ‖μ_k − μ_l‖^p) averaged over class pairs, σ_k² = (1/n_k) Σ ‖h_i − μ_k‖² (does not depend on μ_G).${r.cdnv.singletonClassesExcluded ? ` ${r.cdnv.singletonClassesExcluded} class(es) with one sample left out (no within-class variance).` : ''}${sampled}`,
    columns: ['distance power p', 'mean over pairs', 'std over pairs', 'pairs', 'follows'],
    rows: [
      ['p = 1 (‖μ_k − μ_l‖)', ...pair(r.cdnv.distancePower1), r.cdnv.distancePower1.pairs, 'distance to the first power'],
      ['p = 2 (‖μ_k − μ_l‖²)', ...pair(r.cdnv.distancePower2), r.cdnv.distancePower2.pairs, 'Galanti et al. 2022; neural_collapse variability_cdnv dist_exp=1'],
      [
        'p = 4 ((‖μ_k − μ_l‖²)²)',
        ...pair(r.cdnv.distancePower4),
        r.cdnv.distancePower4.pairs,
        'Linguistic Collapse analyze.py: variability_cdnv(V, M, 2) squares the squared distance',
      ],
    ],
  });
  const n2 = (f: (x: NcMetricsResult['nc2']['classMean']) => Cell) => [f(r.nc2.sampleWeighted), f(r.nc2.classMean)];
  tables.push({
    title: 'NC2 / GNC2 — geometry of the centred class means',
    note: `c_k = μ_k − μ_G for each global mean; u_k = c_k/‖c_k‖; G = [c_k · c_l].${sampled}`,
    columns: ['metric', SW, CM, 'follows'],
    rows: [
      ['equinorm: std/mean of ‖c_k‖', ...n2((x) => x.equinormCov), 'Papyan et al. 2020 (torch.std, K−1)'],
      ['variance of log ‖c_k‖', ...n2((x) => x.logNormVariance), 'Linguistic Collapse "norms_log" (K−1)'],
      ['mean |cos(c_k, c_l) + 1/(K−1)|', ...n2((x) => x.coherence), 'Papyan et al. 2020 (coherence)'],
      ['mean cos(c_k, c_l)', ...n2((x) => x.cosine.mean), 'Linguistic Collapse "interfere" mean'],
      ['std of cos(c_k, c_l) over pairs', ...n2((x) => x.cosine.std), 'Papyan et al. 2020 (equiangularity); population std'],
      ['‖G/‖G‖_F − (I − 11ᵀ/K)/√(K−1)‖_F', ...n2((x) => x.etfError), 'Kothapalli 2023; neural_collapse simplex_etf_error'],
      ['GNC2: mean of log(1/‖u_k − u_l‖)', ...n2((x) => x.gnc2LogKernel.mean), 'Liu et al. 2023; Linguistic Collapse (kernel_stats)'],
      [
        'GNC2: variance of log(1/‖u_k − u_l‖)',
        ...n2((x) => (x.gnc2LogKernel.std.defined ? x.gnc2LogKernel.std.value ** 2 : x.gnc2LogKernel.std)),
        'population variance over pairs (kernel_stats)',
      ],
    ],
  });
  if (r.classifier) {
    tables.push({
      title: 'NC2 of the classifier rows w_k (uncentred)',
      columns: ['metric', 'value', 'follows'],
      rows: [
        ['std/mean of ‖w_k‖', r.classifier.equinormCov, 'Papyan et al. 2020'],
        ['mean |cos(w_k, w_l) + 1/(K−1)|', r.classifier.coherence, 'Papyan et al. 2020'],
        ['std of cos(w_k, w_l)', r.classifier.cosine.std, ''],
        ['‖WWᵀ/‖WWᵀ‖_F − (I − 11ᵀ/K)/√(K−1)‖_F', r.classifier.etfError, 'Zhu et al. 2021'],
      ],
    });
  }
  if (r.nc3) {
    const n3 = (f: (x: NonNullable<NcMetricsResult['nc3']>['classMean']) => Cell) => [f(r.nc3!.sampleWeighted), f(r.nc3!.classMean)];
    tables.push({
      title: 'NC3 / UNC3 — classifier against centred means',
      note: 'W: the classifier rows of the classes present; C: their centred means.',
      columns: ['metric', SW, CM, 'follows'],
      rows: [
        ['‖W/‖W‖_F − C/‖C‖_F‖_F²', ...n3((x) => x.selfDuality), 'Papyan et al. 2020 / Han et al. code (squared)'],
        ['‖WCᵀ/‖WCᵀ‖_F − (I − 11ᵀ/K)/√(K−1)‖_F', ...n3((x) => x.crossStructureError), 'neural_collapse self_duality_error'],
        ['UNC3: mean cos(w_k, c_k)', ...n3((x) => x.unc3CosineMean), 'Linguistic Collapse 3.6'],
        ['UNC3: variance of cos(w_k, c_k)', ...n3((x) => x.unc3CosineVariance), 'Linguistic Collapse "simcos" (K−1)'],
        ['UNC3: CoV of cos(w_k, c_k)', ...n3((x) => x.unc3CosineCov), ''],
        ['mean ‖w_k/‖w_k‖ − u_k‖', ...n3((x) => x.normalisedDistanceMean), 'neural_collapse distance_norms'],
      ],
    });
  }
  if (r.nc4) {
    const rows: Cell[][] = [];
    if (r.nc4.withBias) rows.push(['argmax(W h + b)', r.nc4.withBias.agreement, r.nc4.withBias.classAveragedAgreement, r.nc4.withBias.accuracy]);
    rows.push(['argmax(W h)', r.nc4.withoutBias.agreement, r.nc4.withoutBias.classAveragedAgreement, r.nc4.withoutBias.accuracy]);
    rows.push(['nearest class mean', null, null, r.nc4.nccAccuracy]);
    tables.push({
      title: 'NC4 — agreement with the nearest class mean',
      note: `argmax over all ${r.nc4.classifierRows} classifier rows (${r.nc4.rowsWithoutSamples} without samples); nearest mean over the ${r.K} classes present (independent of μ_G). Agreement as neural_collapse clf_ncc_agreement (weighted / class-averaged).`,
      columns: ['decision', 'agreement (per sample)', 'agreement (class-averaged)', 'accuracy'],
      rows,
    });
  }
  return tables;
}

/** Number formatting shared by the renderers: 6 significant digits, exponent outside [1e-3, 1e6). */
export function fmt(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(6))) : x.toExponential(4);
}

/** A cell as text; undefined metrics call `note(reason)` and show the footnote mark it returns. */
export function cellText(c: Cell, note: (reason: string) => string): string {
  if (c === null) return '—';
  if (typeof c === 'number') return fmt(c);
  if (typeof c === 'string') return c;
  if (!c.defined) return `undefined ${note(c.reason)}`;
  return c.sampled ? `${fmt(c.value)} ± ${fmt(c.sampled.standardError)}` : fmt(c.value);
}

/** Footnotes: one mark per distinct reason, numbered in order of first use. */
export class Footnotes {
  private readonly reasons: string[] = [];
  mark = (reason: string): string => {
    let i = this.reasons.indexOf(reason);
    if (i < 0) i = this.reasons.push(reason) - 1;
    return `[${i + 1}]`;
  };
  list(): readonly string[] {
    return this.reasons.map((r, i) => `[${i + 1}] ${r}`);
  }
}
