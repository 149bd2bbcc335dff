/** Finding claims: the built-in catalogue plus user theorem modules loaded from files. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { InputError } from '../errors.ts';
import type { Theorem } from './theorem.ts';
import { catalogue } from '../../theorems/index.ts';

export function builtinTheorems(): readonly Theorem[] {
  return catalogue;
}

function isTheorem(v: unknown): v is Theorem {
  return !!v && typeof v === 'object' && typeof (v as Theorem).id === 'string' && typeof (v as Theorem).view === 'function'
    && Array.isArray((v as Theorem).checks) && typeof (v as Theorem).predictions === 'object';
}

/**
 * Loads a user theorem module (TypeScript or JavaScript). Every exported value that is a claim
 * made with defineTheorem, or an array of them, is collected.
 */
export async function loadTheoremFile(file: string): Promise<Theorem[]> {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new InputError(file, 'no such theorem file');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof InputError) throw new InputError(file, e.message);
    throw new InputError(file, `could not be loaded: ${(e as Error).message}`);
  }
  const found: Theorem[] = [];
  for (const v of Object.values(mod)) {
    if (isTheorem(v)) found.push(v);
    else if (Array.isArray(v)) for (const t of v) if (isTheorem(t)) found.push(t);
  }
  const unique = [...new Map(found.map((t) => [t.id, t])).values()];
  if (unique.length === 0) throw new InputError(file, 'exports no claim made with defineTheorem (export it, or an array of them)');
  return unique;
}

export function findTheorem(theorems: readonly Theorem[], id: string): Theorem {
  const t = theorems.find((x) => x.id === id);
  if (!t) {
    throw new InputError(`claim id "${id}"`, `unknown; known claims: ${theorems.map((x) => x.id).join(', ')}`);
  }
  return t;
}
