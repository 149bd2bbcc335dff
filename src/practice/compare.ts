/**
 * `--compare CLAIM[,CLAIM...]`: a trained network's last-layer geometry next to each claim's
 * prediction for the same class counts (and lambdas, when given).
 *
 * For each claim the instance of instance.ts is checked by the engine (src/engine/check.ts,
 * which solves and certifies it as the claim's solve mode says: src/engine/claim-solve.ts) with
 * the Gram matrices recorded: the prediction is the certified solution's W W^T and class-mean
 * Gram (at the point the verdict is about: the certified minimiser on a pass, the best start
 * otherwise, and the verdict is shown next to it). Measured and predicted geometries then go
 * through the same scale-free quantities (geometry.ts); each gets a distance to the prediction
 * and, for contrast, to the balanced simplex ETF.
 */
import { isTheorem, type Catalogue } from '../engine/catalogue.ts';
import { checkInstance } from '../engine/check.ts';
import type { Theorem } from '../engine/theorem.ts';
import type { Verdict } from '../engine/verdict.ts';
import { InputError } from '../errors.ts';
import { deriveSeed } from '../random.ts';
import { catalogue as builtIn } from '../../theorems/index.ts';
import { distances, etfGeometry, geometryFromGrams, headline, type Geometry, type QuantityDistance } from './geometry.ts';
import { claimInstance, type LayerFacts } from './instance.ts';
import type { ResolvedLambdas } from './lambdas.ts';

/** The measured side: facts about the layer and its Grams (M M^T of the class means, W W^T). */
export interface MeasuredLayer extends LayerFacts {
  readonly meanGram: number[][];
  readonly wGram: number[][] | null;
}

/** Always said: the compared quantities are normalised, and whether the prediction's scale means anything here. */
export interface ScaleNote {
  /** True when the prediction's scale is not the network's to match (a lambda was not given, or the model fixes its own scale). */
  readonly free: boolean;
  readonly text: string;
  /** ||W||_F^2 and mean ||m_k||^2 of both (reported, not compared). */
  readonly measured: Geometry['scale'];
  readonly predicted: Geometry['scale'];
}

export type ClaimComparison =
  | {
      readonly kind: 'compared';
      readonly claim: string;
      readonly paper: string;
      readonly section: string;
      readonly statement: string;
      /** The claim's UFM instance (its problem's own fields; `unknown` in the report, as in an InstanceResult). */
      readonly instance: unknown;
      readonly summary: string;
      /** The engine's verdict on this instance, and why. */
      readonly verdict: Verdict;
      readonly reason: string;
      /** Which point the prediction was read at. */
      readonly point: 'certified' | 'best-start' | 'counterexample';
      readonly notes: readonly string[];
      readonly scale: ScaleNote;
      readonly predicted: Geometry;
      readonly quantities: readonly QuantityDistance[];
      /** Mean of the normalised-Gram distances (geometry.ts `headline`). */
      readonly distance: number;
      readonly etfDistance: number;
      readonly seconds: number;
    }
  | { readonly kind: 'not-applicable'; readonly claim: string; readonly reason: string };

export interface Comparison {
  readonly measured: Geometry;
  readonly etf: Geometry;
  readonly lambdas: ResolvedLambdas;
  readonly claims: readonly ClaimComparison[];
}

/** Parses `--compare a,b,c` against the catalogue (unknown ids: an InputError naming --compare). */
export function parseCompare(text: string, cat: Catalogue = builtIn): Theorem[] {
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (ids.length === 0) throw new InputError('--compare', 'name one or more claim ids, comma-separated (see `ncverify list`)');
  return ids.map((id) => {
    if (!cat.has(id)) throw new InputError('--compare', `unknown claim id "${id}" (see \`ncverify list\`)`);
    const c = cat.get(id);
    if (!isTheorem(c)) throw new InputError('--compare', `"${id}" is a ${c.kind} claim; --compare needs a global-minimiser or landscape claim`);
    return c;
  });
}

/**
 * Compares `layer` with every claim in `claims`.
 *
 * Syntax: compareWithClaims(parseCompare('hongling2024.thm2,dang2024relu.global'), layer, networkLambdas(5e-4, 0.02, 220), { seed: 1 })
 */
export function compareWithClaims(
  claims: readonly Theorem[],
  layer: MeasuredLayer,
  lambdas: ResolvedLambdas,
  options: { seed: number; onClaim?: (c: ClaimComparison) => void },
): Comparison {
  const K = layer.counts.length;
  if (layer.meanGram.length !== K)
    throw new InputError('--compare', `the class-mean Gram is ${layer.meanGram.length} x ${layer.meanGram.length} for ${K} classes`);
  const measured = geometryFromGrams(layer.meanGram, layer.wGram, layer.counts);
  const etf = etfGeometry(K, layer.counts);
  const out: ClaimComparison[] = [];
  claims.forEach((thm, i) => {
    const c = compareOne(thm, layer, lambdas, measured, etf, deriveSeed(options.seed, 31, i));
    options.onClaim?.(c);
    out.push(c);
  });
  return { measured, etf, lambdas, claims: out };
}

function compareOne(thm: Theorem, layer: MeasuredLayer, lambdas: ResolvedLambdas, measured: Geometry, etf: Geometry, seed: number): ClaimComparison {
  const t0 = performance.now();
  const ci = claimInstance(thm, layer, lambdas, seed);
  if (ci.kind === 'not-applicable') return { kind: 'not-applicable', claim: thm.id, reason: ci.reason };
  const r = checkInstance(thm, ci.instance, 0, { seed, recordGram: true });
  const g = r.gram?.measured;
  if (!g || !g.classMeanGram) {
    return {
      kind: 'not-applicable',
      claim: thm.id,
      reason: `the engine returned no class-level solution for ${thm.id} on ${r.summary} (verdict ${r.verdict}: ${r.reason})`,
    };
  }
  const predicted = geometryFromGrams(g.classMeanGram, layer.wGram && g.WWt ? g.WWt : null, layer.counts);
  const quantities = distances(measured, predicted, etf);
  const problem = thm.problem.name;
  const free = problem === 'uf-svm' || !lambdas.given.lambdaW || !lambdas.given.lambdaH;
  const why =
    problem === 'uf-svm'
      ? "the SVM's unit margins fix its scale, unrelated to the network's"
      : free
        ? 'a lambda was not given, so the predicted norms follow the chosen one'
        : "the lambdas are the network's, but its backbone decay, its ReLU layers and finite training also set its norms";
  return {
    kind: 'compared',
    claim: thm.id,
    paper: thm.paper,
    section: thm.section,
    statement: thm.statement,
    instance: ci.instance,
    summary: r.summary,
    verdict: r.verdict,
    reason: r.reason,
    point: r.gram.point,
    notes: ci.notes,
    scale: {
      free,
      text: `normalised quantities are compared (Grams divided by their Frobenius norm, norms by their mean): ${why}`,
      measured: measured.scale,
      predicted: predicted.scale,
    },
    predicted,
    quantities,
    distance: headline(quantities, 'toPrediction'),
    etfDistance: headline(quantities, 'toEtf'),
    seconds: (performance.now() - t0) / 1000,
  };
}
