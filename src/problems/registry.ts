/** Maps an instance file's `"problem"` field to its Problem, and parses instance files. */
import { readJsonFile } from '../io/json.ts';
import { checkInstanceMemory } from './memory.ts';
import { InputError, describe } from '../errors.ts';
import type { InstanceBase, Problem } from './problem.ts';
import { ufmCe } from './ufm-ce/problem.ts';
import { dlnCe, dlnMse } from './deep-linear/problem.ts';
import { linearCvae } from './vae/cvae.ts';
import { linearVae } from './vae/vae.ts';
import { linearHvae } from './vae/hvae.ts';
import { layerPeeled } from './layer-peeled/problem.ts';
import { ufSvm } from './uf-svm/problem.ts';
import { ufmMixup } from './ufm-mixup/index.ts';

const problems = new Map<string, Problem<InstanceBase>>([[ufmCe.name, ufmCe]]);
for (const p of [dlnMse, dlnCe, linearCvae, linearVae, linearHvae]) problems.set(p.name, p);
problems.set(layerPeeled.name, layerPeeled);
problems.set(ufSvm.name, ufSvm);
problems.set(ufmMixup.name, ufmMixup);

/** Adds a problem (later issues register theirs here). */
export function registerProblem(problem: Problem<InstanceBase>): void {
  problems.set(problem.name, problem);
}

export function problemNames(): string[] {
  return [...problems.keys()];
}

export function getProblem(name: unknown, source: string): Problem<InstanceBase> {
  if (typeof name !== 'string') throw new InputError(`${source}.problem`, `expected a problem name (${problemNames().join(', ')}), got ${describe(name)}`);
  const p = problems.get(name);
  if (!p) throw new InputError(`${source}.problem`, `unknown problem "${name}" (known: ${problemNames().join(', ')})`);
  return p;
}

export function parseInstance(raw: unknown, source: string): { problem: Problem<InstanceBase>; instance: InstanceBase } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(source, `expected a JSON object, got ${describe(raw)}`);
  const problem = getProblem((raw as Record<string, unknown>).problem, source);
  return { problem, instance: parseAs(problem, raw, source) };
}

/**
 * Parses `raw` as an instance of `problem`, after checking that its memory estimate is within
 * the limit (src/problems/memory.ts): the estimate reads the fields before the parser (or the
 * objective) allocates anything from them.
 */
export function parseAs<I extends InstanceBase>(problem: Problem<I>, raw: unknown, source: string): I {
  checkInstanceMemory(raw, source);
  return problem.parse(raw, source);
}

/** Reads an instance file: strict JSON (a duplicate key is an error, a byte-order mark is dropped; src/io/json.ts). */
export function readInstanceFile(file: string): { problem: Problem<InstanceBase>; instance: InstanceBase } {
  return parseInstance(readJsonFile(file), file);
}
