/** Loading a user's theorem module: every exported claim (defineTheorem / defineStudy), or array of them. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { InputError } from '../errors.ts';
import type { Claim } from './catalogue.ts';

const KINDS = new Set(['global-minimiser', 'landscape', 'threshold', 'asymptotic', 'construction']);

function isClaim(v: unknown): v is Claim {
  return !!v && typeof v === 'object' && typeof (v as Claim).id === 'string' && KINDS.has((v as Claim).kind) && Object.isFrozen(v);
}

/**
 * Loads a user theorem module (TypeScript or JavaScript) and collects every exported claim made
 * with defineTheorem or defineStudy (frozen objects), and arrays of them.
 */
export async function loadClaimFile(file: string): Promise<Claim[]> {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new InputError(file, 'no such theorem file');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof InputError) throw new InputError(file, e.message);
    throw new InputError(file, `could not be loaded: ${(e as Error).message}`);
  }
  const found: Claim[] = [];
  for (const v of Object.values(mod)) {
    if (isClaim(v)) found.push(v);
    else if (Array.isArray(v)) for (const t of v) if (isClaim(t)) found.push(t);
  }
  const unique = [...new Map(found.map((t) => [t.id, t])).values()];
  if (unique.length === 0) throw new InputError(file, 'exports no claim made with defineTheorem or defineStudy (export it, or an array of them)');
  for (const c of unique) {
    if (found.some((t) => t.id === c.id && t !== c)) throw new InputError(file, `exports two different claims with the id "${c.id}"`);
  }
  return unique;
}
