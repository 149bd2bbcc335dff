/** Command-line parsing with errors that name the flag. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../errors.ts';

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs' messages may run over lines ("... is ambiguous.\nTo specify ..."): one line, as every error.
    throw new InputError(`ncverify ${command}`, (e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '').replace(/\s*\n\s*/g, ' '));
  }
}

/** A finite number flag, >= min (> min when strict) where a min is given. An empty value is refused, not read as 0. */
export function numberFlag(value: unknown, flag: string, min?: number, strict = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const below = min !== undefined && (strict ? n <= min : n < min);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || below) {
    const bound = min === undefined ? '' : ` ${strict ? '>' : '>='} ${min}`;
    throw new InputError(flag, `expected a finite number${bound}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * A decimal integer flag >= min. Only digits: Number('') is 0 and Number('0x10') is 16, which
 * would let an empty or mistyped value through as a number nobody wrote.
 */
export function intFlag(value: unknown, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\s*\+?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new InputError(flag, `expected an integer >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}
