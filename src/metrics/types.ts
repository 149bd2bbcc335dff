/**
 * Result types of the neural-collapse metrics (src/metrics/nc-metrics.ts). Every number that can
 * be undefined for an input (a class with one sample, more classes than dimensions, a
 * between-class covariance of low rank, two equal class means) is a {@link Metric}: either a
 * value or the reason there is none. No NaN ever stands for "undefined".
 */

/** A metric's value, or why the input has none. */
export type Metric =
  | {
      readonly defined: true;
      readonly value: number;
      /** Present when the value is an estimate from sampled class pairs (`--pairs N`). */
      readonly sampled?: { readonly pairs: number; readonly standardError: number };
    }
  | { readonly defined: false; readonly reason: string };

export const defined = (value: number, sampled?: { pairs: number; standardError: number }): Metric =>
  Number.isFinite(value) ? { defined: true, value, ...(sampled ? { sampled } : {}) } : { defined: false, reason: `not finite (${value})` };
export const undefinedMetric = (reason: string): Metric => ({ defined: false, reason });

/** The two global means every centred quantity is reported for. */
export type Convention = 'sampleWeighted' | 'classMean';
export const CONVENTIONS: readonly Convention[] = ['sampleWeighted', 'classMean'];

/** How each convention is named in every table and in the JSON. */
export const CONVENTION_TEXT: Record<Convention, string> = {
  sampleWeighted: 'mu_G = (1/N) sum_i h_i (sample-weighted global mean)',
  classMean: 'mu_G = (1/K) sum_k mu_k (unweighted mean of class means: Papyan et al. 2020 code, Linguistic Collapse)',
};

/** A pseudo-inverse cutoff and what it kept. */
export interface PinvCutoff {
  /** Relative tolerance: eigenvalues <= rtol * lambda_max are treated as zero. */
  readonly rtol: number;
  /** The absolute cutoff rtol * lambda_max. */
  readonly cutoff: number;
  /** Numerical rank of Sigma_B: eigenvalues above the cutoff. */
  readonly rank: number;
  /** Who uses this cutoff. */
  readonly convention: string;
}

/** The between-class covariance Sigma_B = (1/K) sum_k (mu_k - mu_G)(mu_k - mu_G)^T of one convention. */
export interface SigmaBSummary {
  readonly trace: number;
  readonly lambdaMax: number;
  /** Its largest eigenvalues, descending (at most 64). */
  readonly topEigenvalues: readonly number[];
  /** torch.linalg.pinv's default (neural_collapse's 'pinv'): rtol = d * eps. */
  readonly torchCutoff: PinvCutoff;
  /** numpy.linalg.pinv's default: rcond = 1e-15. */
  readonly numpyCutoff: PinvCutoff;
}

/** NC1 variants of one convention. */
export interface Nc1Metrics {
  /** tr(Sigma_W Sigma_B^+)/K, pinv with torch's default cutoff (Papyan et al. 2020; neural_collapse covariance_ratio 'pinv'). */
  readonly pinv: Metric;
  /** The same with numpy.linalg.pinv's default cutoff rcond = 1e-15. */
  readonly pinvNumpyCutoff: Metric;
  /** tr(Sigma_W V Lambda^-1 V^T)/K over the top K-1 eigenpairs of Sigma_B (Han et al. 2022 code: scipy svds(Sigma_B, k=K-1)). */
  readonly topKMinus1: Metric;
  /** tr(Sigma_W)/tr(Sigma_B) (Tirer et al. 2023; neural_collapse 'quotient'). */
  readonly traceQuotient: Metric;
  readonly sigmaB: SigmaBSummary;
}

/** Mean and spread of a pair statistic over class pairs (exact, or sampled). */
export interface PairStat {
  readonly mean: Metric;
  /** Population standard deviation over the pairs. */
  readonly std: Metric;
  /** Pairs the statistic was averaged over. */
  readonly pairs: number;
}

/** A histogram with fixed bin edges (lo + i * width), plus counts below and above. */
export interface Histogram {
  readonly lo: number;
  readonly width: number;
  readonly counts: readonly number[];
  readonly below: number;
  readonly above: number;
  readonly label: string;
}

/** NC2 and GNC2 of one convention (the class means centred at that convention's mu_G). */
export interface Nc2Metrics {
  /** CoV of ||mu_k - mu_G||: std with K-1 (torch.std, Papyan/Han code) over mean. */
  readonly equinormCov: Metric;
  /** Variance (K-1) of log ||mu_k - mu_G|| (Linguistic Collapse 'norms_log'). */
  readonly logNormVariance: Metric;
  /** Mean over k != l of |cos(mu_k - mu_G, mu_l - mu_G) + 1/(K-1)| (Papyan et al. 2020 coherence). */
  readonly coherence: Metric;
  /** Mean and population std of the cosines over pairs (Papyan: Std cos; Linguistic Collapse 'interfere'). */
  readonly cosine: PairStat;
  /** || G/||G||_F - (I - 11^T/K)/sqrt(K-1) ||_F, G = centred class-mean Gram (Kothapalli 2023; neural_collapse simplex_etf_error). */
  readonly etfError: Metric;
  /** log(1/||u_k - u_l||) over pairs, u = normalised centred means (Liu et al. 2023; Linguistic Collapse GNC2). */
  readonly gnc2LogKernel: PairStat;
}

/** Geometry of the classifier rows alone (uncentred, as in Papyan et al.'s code). */
export interface ClassifierNc2 {
  readonly equinormCov: Metric;
  readonly coherence: Metric;
  readonly cosine: PairStat;
  readonly etfError: Metric;
}

/** NC3 of one convention. */
export interface Nc3Metrics {
  /** || W/||W||_F - M/||M||_F ||_F^2, M the centred means (Papyan/Han code, squared as there). */
  readonly selfDuality: Metric;
  /** || W M^T/||W M^T||_F - (I - 11^T/K)/sqrt(K-1) ||_F (neural_collapse self_duality_error). */
  readonly crossStructureError: Metric;
  /** UNC3 (Linguistic Collapse 3.6): per-class cos(w_k, mu_k - mu_G), mean, variance (K-1) and CoV. */
  readonly unc3CosineMean: Metric;
  readonly unc3CosineVariance: Metric;
  readonly unc3CosineCov: Metric;
  /** Mean over k of || w_k/||w_k|| - (mu_k - mu_G)/||mu_k - mu_G|| || (neural_collapse distance_norms). */
  readonly normalisedDistanceMean: Metric;
}

/** NC4 for one decision rule of the classifier (with or without the bias). */
export interface Nc4Metrics {
  /** Fraction of samples where argmax_k (w_k h [+ b_k]) is the nearest class mean (neural_collapse clf_ncc_agreement, weighted). */
  readonly agreement: Metric;
  /** Mean over classes of the per-class agreement rate (clf_ncc_agreement weighted=False). */
  readonly classAveragedAgreement: Metric;
  /** Fraction of samples the linear classifier labels correctly. */
  readonly accuracy: Metric;
}

/** One class's row of the per-class table. */
export interface PerClass {
  readonly class: number;
  /** The label value in the input that class `class` stands for. */
  readonly label: number;
  readonly n: number;
  /** (1/n_k) sum ||h_i - mu_k||^2 (biased, as neural_collapse's VarNormAccumulator); null for n_k = 1. */
  readonly variance: number | null;
  readonly centredNorm: Record<Convention, number>;
  readonly wNorm?: number;
  readonly cosWToCentredMean?: Record<Convention, number | null>;
}

/** Everything {@link ncMetrics} reports. */
export interface NcMetricsResult {
  readonly N: number;
  readonly d: number;
  readonly K: number;
  readonly conventions: Record<Convention, string>;
  /** tr(Sigma_W), Sigma_W = (1/N) sum_i (h_i - mu_{y_i})(h_i - mu_{y_i})^T (Papyan: sample-weighted). */
  readonly traceSigmaW: number;
  readonly nc1: Record<Convention, Nc1Metrics>;
  /** CDNV_p = mean over pairs of (s_k^2 + s_l^2) / (2 ||mu_k - mu_l||^p), for p = 1, 2 and 4. */
  readonly cdnv: {
    readonly distancePower1: PairStat;
    /** Galanti et al. 2022 (squared distance; neural_collapse variability_cdnv dist_exp=1). */
    readonly distancePower2: PairStat;
    /** Linguistic Collapse's analyze.py: variability_cdnv(V, M, 2) raises the squared distance to 2. */
    readonly distancePower4: PairStat;
    /** Classes left out because they have one sample (no within-class variance to measure). */
    readonly singletonClassesExcluded: number;
    readonly histogram: Histogram;
  };
  readonly nc2: Record<Convention, Nc2Metrics>;
  readonly classifier?: ClassifierNc2;
  readonly nc3?: Record<Convention, Nc3Metrics>;
  readonly nc4?: {
    readonly withBias?: Nc4Metrics;
    readonly withoutBias: Nc4Metrics;
    readonly nccAccuracy: Metric;
    readonly classifierRows: number;
    readonly rowsWithoutSamples: number;
  };
  readonly perClass: readonly PerClass[];
  /** How the pairwise statistics were computed. */
  readonly pairs: { readonly mode: 'exact' } | { readonly mode: 'sampled'; readonly samples: number; readonly seed: number };
  /** Data for the figures: cosine Grams of (at most 24 of) the most frequent classes, and the CDNV matrix when K <= 64. */
  readonly figures: {
    readonly classes: readonly number[];
    readonly meanCosines: Record<Convention, number[][]>;
    readonly wCosines?: number[][];
    readonly cdnvMatrix?: (number | null)[][];
    readonly cosineHistogram: Record<Convention, Histogram>;
  };
  readonly run: {
    readonly workers: number;
    readonly blockRows: number;
    /** Element types as stored (e.g. `<f4`, `F16`, `csv (float64)`), and of the labels. */
    readonly featureDtype: string;
    readonly labelDtype: string;
    readonly kernels: 'wasm-simd' | 'js';
    readonly seconds: { readonly pass1: number; readonly pass2: number; readonly pairs: number; readonly total: number };
    /** Dimension r of the space the scatter was accumulated in (min(K, d)) and whether rows were projected onto it. */
    readonly scatterDimension: number;
    readonly projected: boolean;
  };
}
