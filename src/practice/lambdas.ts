/**
 * The lambdas of the compared UFM instance. A trained network gives lambdaW = wd (the classifier
 * decay) and lambdaH = lh / N: its feature term lh/2 mean_i ||h_i||^2 is the UFM's lambdaH/2
 * ||H||^2 with ||H||^2 summed over the N samples (docs/catalogue.md). `ncverify metrics` takes the
 * UFM values directly. A lambda that is not given (0 or absent) must still be positive in the
 * UFM: it is set to the other one (or both to DEFAULT_LAMBDA) and a note says so, because the
 * imbalanced predictions depend on N sqrt(lambdaW lambdaH) (docs/catalogue.md: the geometry depends on
 * the product only).
 */
export const DEFAULT_LAMBDA = 5e-4;

export interface ResolvedLambdas {
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** Whether each was given, or chosen. */
  readonly given: { readonly lambdaW: boolean; readonly lambdaH: boolean };
  readonly notes: string[];
}

/** From UFM values (either may be absent or 0: not given). */
export function resolveLambdas(lambdaW: number | undefined, lambdaH: number | undefined, source: string): ResolvedLambdas {
  const w = lambdaW !== undefined && lambdaW > 0 ? lambdaW : null;
  const h = lambdaH !== undefined && lambdaH > 0 ? lambdaH : null;
  const notes: string[] = [];
  const W = w ?? h ?? DEFAULT_LAMBDA;
  const H = h ?? w ?? DEFAULT_LAMBDA;
  if (w === null)
    notes.push(
      `lambda_W not given ${source}: the instance uses lambda_W = ${W}${h !== null ? ' (= lambda_H)' : ''}; the predicted geometry depends on this choice`,
    );
  if (h === null)
    notes.push(
      `lambda_H not given ${source}: the instance uses lambda_H = ${H}${w !== null ? ' (= lambda_W)' : ''}; the predicted geometry depends on this choice`,
    );
  return { lambdaW: W, lambdaH: H, given: { lambdaW: w !== null, lambdaH: h !== null }, notes };
}

/** A network's lambdas: lambdaW = wd, lambdaH = lh / N. */
export function networkLambdas(weightDecay: number, featureDecay: number, N: number): ResolvedLambdas {
  const r = resolveLambdas(weightDecay, featureDecay / N, '(--weight-decay 0 / --feature-decay 0)');
  const notes =
    featureDecay > 0
      ? [
          `lambda_H = lh / N = ${featureDecay} / ${N} = ${featureDecay / N} (the feature term lh/2 mean ||h_i||^2 is the UFM's lambda_H/2 ||H||^2, summed over samples)`,
          ...r.notes,
        ]
      : r.notes;
  return { ...r, notes };
}
