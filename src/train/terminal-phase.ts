/**
 * When training has entered the terminal phase (Papyan, Han & Donoho 2020: "the training error
 * vanishes"): train accuracy is exactly 100% and the training loss (the mean cross-entropy or
 * MSE on all N samples) has stopped moving, i.e. over the last `window` epochs it changed by at
 * most rtol * L + atol. After entry, training goes on for a stated number of epochs
 * (`terminalEpochs`), the phase in which neural collapse is measured.
 *
 * Why the data loss and not the regularised objective: weight decay shrinks the feature layers'
 * weights on a time scale of 1/(lr wd) SGD steps (2e5 steps at lr = 0.01, wd = 5e-4), so the
 * objective keeps drifting long after the loss has settled; every report carries the objective
 * of every epoch, so the drift is visible.
 */

export interface PlateauRule {
  /** Epochs the change is measured over. @defaultValue 10 */
  readonly window: number;
  /** @defaultValue 0.01 */
  readonly rtol: number;
  /** Absolute slack, for a loss that tends to 0 (no regularisation). @defaultValue 1e-5 */
  readonly atol: number;
}

export const DEFAULT_PLATEAU: PlateauRule = { window: 10, rtol: 0.01, atol: 1e-5 };

/** Why training stopped, or where it is. */
export type TerminalPhase =
  | { readonly state: 'training' }
  | { readonly state: 'entered'; readonly epoch: number }
  | { readonly state: 'done'; readonly entered: number; readonly epoch: number };

/** The rule as one sentence, for reports. */
export function plateauText(r: PlateauRule, terminalEpochs: number): string {
  return `terminal phase: train accuracy 100% and the training loss changed by at most ${r.rtol} L + ${r.atol} over the last ${r.window} epochs; then ${terminalEpochs} more epochs, the learning rate decaying linearly to a tenth`;
}

/**
 * Whether epoch `e` (losses[e], accuracy of that epoch) is in the terminal phase by `rule`.
 * `losses[i]` is the training loss after epoch i (index 0: before training).
 */
export function onPlateau(losses: readonly number[], e: number, accuracy: number, rule: PlateauRule = DEFAULT_PLATEAU): boolean {
  if (accuracy < 1 || e < rule.window) return false;
  const now = losses[e];
  const before = losses[e - rule.window];
  return Math.abs(now - before) <= rule.rtol * Math.abs(now) + rule.atol;
}

/** Advances the state after epoch `e`. */
export function nextPhase(
  phase: TerminalPhase,
  losses: readonly number[],
  e: number,
  accuracy: number,
  terminalEpochs: number,
  rule: PlateauRule = DEFAULT_PLATEAU,
): TerminalPhase {
  if (phase.state === 'training') {
    if (!onPlateau(losses, e, accuracy, rule)) return phase;
    return terminalEpochs === 0 ? { state: 'done', entered: e, epoch: e } : { state: 'entered', epoch: e };
  }
  if (phase.state === 'entered' && e - phase.epoch >= terminalEpochs) return { state: 'done', entered: phase.epoch, epoch: e };
  return phase;
}
