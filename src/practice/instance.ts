/**
 * The instance of a claim's problem that corresponds to a trained network's last layer: the
 * network's class counts n_k and its lambdas, the rest from the claim's own instance family.
 *
 * - ufm-ce: lambdaW, lambdaH as resolved (lambdas.ts); the bias and the feature model (free or
 *   nonnegative) as the claim's own instances have them, because that is the model the claim is
 *   about: of the variants among 40 of its instances, the one closest to the network (the same
 *   bias first, then the same feature model); lambdaB = lambdaW when there is a bias (the
 *   network decays its bias with wd).
 * - dln-mse, dln-ce: one layer (the classifier), lambdaW = [lambdaW]; bias as the claim's.
 * - uf-svm: no parameters: the limit of vanishing regularisation (Thrampoulidis et al. 2022).
 * The dimension d is the smallest of K, K + 1 (and, for the ReLU model, the number of live
 * classes) that satisfies the claim's assumptions: for d >= K the class-level solution, which is
 * all that is compared, does not depend on d, and a small d keeps the certified solve cheap.
 * Every difference from the network is returned as a note (the network's bias, its ReLU
 * features, its loss). A claim whose assumptions no such instance meets (zhu2021 on imbalanced
 * counts) is not applicable, with the violated assumptions as the reason.
 */
import fc from 'fast-check';
import type { Theorem } from '../engine/theorem.ts';
import type { InstanceBase } from '../problems/problem.ts';
import { evaluateExpr } from '../symbolic/expr.ts';
import type { ResolvedLambdas } from './lambdas.ts';

/** What is known of the network's last layer. */
export interface LayerFacts {
  readonly counts: readonly number[];
  readonly nonnegative: boolean;
  readonly hasBias: boolean;
  /** Absent for features from a file (`ncverify metrics`). */
  readonly loss?: 'ce' | 'mse';
}

export type ClaimInstance =
  { readonly kind: 'instance'; readonly instance: InstanceBase; readonly notes: string[] } | { readonly kind: 'not-applicable'; readonly reason: string };

export const COMPARABLE_PROBLEMS = ['ufm-ce', 'dln-mse', 'dln-ce', 'uf-svm'] as const;

type Template = Record<string, unknown> & { problem: string; bias?: boolean; features?: string; lambdaB?: number };

/** Instances of the claim's family looked at for its model variants (bias or not, free or nonnegative features). */
const TEMPLATES = 40;

/** Of the model variants the claim's own instances use, the one closest to the network (bias first, then the feature model). */
function closestTemplate(samples: readonly Template[], facts: LayerFacts): Template {
  const score = (t: Template) => (t.bias === facts.hasBias ? 2 : 0) + ((t.features === 'nonnegative') === facts.nonnegative ? 1 : 0);
  return samples.reduce((best, t) => (score(t) > score(best) ? t : best), samples[0]);
}

function violated(thm: Theorem, inst: InstanceBase): string[] {
  const symbols = thm.symbols(inst);
  return Object.entries(thm.assumptions)
    .filter(([name, src]) => evaluateExpr(src, symbols, `${thm.id}.assumptions.${name}`) !== true)
    .map(([n, s]) => `${n} (${s})`);
}

function build(problem: string, t: Template, facts: LayerFacts, lam: ResolvedLambdas, d: number): InstanceBase {
  const K = facts.counts.length;
  const n = [...facts.counts];
  switch (problem) {
    case 'ufm-ce': {
      const bias = t.bias === true;
      return {
        problem,
        K,
        n,
        d,
        lambdaW: lam.lambdaW,
        lambdaH: lam.lambdaH,
        lambdaB: bias ? lam.lambdaW : 0,
        bias,
        ...(t.features === 'nonnegative' ? { features: 'nonnegative' } : {}),
      } as InstanceBase;
    }
    case 'dln-mse':
    case 'dln-ce':
      return { problem, K, n, depth: 1, widths: [d], lambdaW: [lam.lambdaW], lambdaH: lam.lambdaH, bias: t.bias === true } as InstanceBase;
    default:
      // uf-svm has no lambdas, and scaling every n_k by g scales its solution's class-level Grams
      // by sqrt(g) (W W^T = (C D C)^{1/2}, D = diag(n_k); theorems/seli2022.ts), which the
      // normalised comparison divides out: it is solved at n_k / gcd(n), the same geometry with
      // far fewer sample columns (a network's N of thousands makes the SVM's solve very slow).
      return { problem, K, n: svmCounts(n), d } as InstanceBase;
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The network's class counts divided by their greatest common divisor (the uf-svm instance's n). */
export function svmCounts(counts: readonly number[]): number[] {
  const g = counts.reduce(gcd, 0);
  return counts.map((c) => c / g);
}

/** The claim's instance for the network (see the file comment), or why there is none. */
export function claimInstance(thm: Theorem, facts: LayerFacts, lam: ResolvedLambdas, seed: number): ClaimInstance {
  const problem = thm.problem.name;
  if (!(COMPARABLE_PROBLEMS as readonly string[]).includes(problem)) {
    return {
      kind: 'not-applicable',
      reason: `${thm.id} is about the "${problem}" problem; --compare compares a classifier's last layer with claims on ${COMPARABLE_PROBLEMS.join(', ')}`,
    };
  }
  const template = closestTemplate(fc.sample(thm.instances, { seed, numRuns: TEMPLATES }) as unknown as Template[], facts);
  const K = facts.counts.length;
  const dims = [K, K + 1];
  let first: string[] | null = null;
  for (const d0 of dims) {
    let inst = thm.problem.parse(build(problem, template, facts, lam, d0), `${thm.id} instance`);
    // The ReLU model's dimension is its number of live classes (theorems/dang2024relu.ts: with
    // more, the unused directions are flat to fourth order and the certificate cannot decide).
    const live = thm.symbols(inst).live;
    if (typeof live === 'number' && live >= 1 && live !== d0) inst = thm.problem.parse(build(problem, template, facts, lam, live), `${thm.id} instance`);
    const bad = violated(thm, inst);
    if (bad.length === 0) return { kind: 'instance', instance: inst, notes: notes(thm, template, facts, lam) };
    first ??= bad;
  }
  return {
    kind: 'not-applicable',
    reason: `no instance with the network's class counts [${facts.counts.join(', ')}] meets the claim's assumptions: ${first!.join(', ')}`,
  };
}

function notes(thm: Theorem, t: Template, facts: LayerFacts, lam: ResolvedLambdas): string[] {
  const problem = thm.problem.name;
  // uf-svm has no lambdas (the limit of vanishing regularisation): notes about choosing them would mislead.
  const out = problem === 'uf-svm' ? [] : [...lam.notes];
  const claimBias = problem !== 'uf-svm' && t.bias === true;
  if (facts.hasBias && !claimBias)
    out.push(`the claim's model has no classifier bias; the network has one (its W and class means are compared, its bias is not)`);
  if (!facts.hasBias && claimBias) out.push("the claim's model has a classifier bias; the network has none");
  const claimNonneg = problem === 'ufm-ce' && t.features === 'nonnegative';
  if (facts.nonnegative && !claimNonneg) out.push("the network's features are ReLU outputs (nonnegative); the claim's model has free features");
  if (!facts.nonnegative && claimNonneg) out.push("the claim's model has nonnegative (ReLU) features; the network's features have either sign");
  const claimLoss = problem === 'dln-mse' ? 'mse' : 'ce';
  if (facts.loss && facts.loss !== claimLoss)
    out.push(
      `the network was trained with ${facts.loss === 'ce' ? 'cross-entropy' : 'MSE'}; the claim's model uses ${claimLoss === 'ce' ? 'cross-entropy' : 'MSE'}`,
    );
  if (problem === 'uf-svm') {
    out.push("uf-svm is the limit of vanishing regularisation (the SELI geometry), not the network's lambdas");
    const g = facts.counts[0] / svmCounts(facts.counts)[0];
    if (g > 1)
      out.push(
        `uf-svm solved at n_k / ${g} (the gcd of the counts): scaling every n_k scales its class-level Grams by one factor, which the normalised comparison divides out`,
      );
  }
  return out;
}
