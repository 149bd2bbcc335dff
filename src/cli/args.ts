/** Command-line parsing with errors that name the flag. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../errors.ts';

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new InputError(`ncverify ${command}`, (e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export function intFlag(value: unknown, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(flag, `expected an integer >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}
