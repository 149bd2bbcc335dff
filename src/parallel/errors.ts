/** Errors across the worker boundary (protocol.ts, SerializedError): the same class on both sides. */
import { InputError, NumericalError } from '../errors.ts';
import type { SerializedError } from './protocol.ts';

/** What a worker posts for an error it caught. */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof InputError) return { name: e.name, message: e.message, input: e.input, stack: e.stack };
  if (e instanceof NumericalError) return { name: e.name, message: e.message, routine: e.routine, stack: e.stack };
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: `thrown ${typeof e}: ${String(e)}` };
}

/** The error the main thread raises for a worker's SerializedError (an InputError stays one). */
export function deserializeError(s: SerializedError): Error {
  // InputError and NumericalError prefix their message with what they name: strip it, the constructor adds it back.
  const strip = (prefix: string) => (s.message.startsWith(`${prefix}: `) ? s.message.slice(prefix.length + 2) : s.message);
  let e: Error;
  if (s.name === 'InputError' && s.input !== undefined) e = new InputError(s.input, strip(s.input));
  else if (s.name === 'NumericalError' && s.routine !== undefined) e = new NumericalError(s.routine, strip(s.routine));
  else {
    e = new Error(s.message);
    // Keep the class name (TypeError, RangeError, ...) for the internal-error line.
    Object.defineProperty(e, 'name', { value: s.name, enumerable: false });
  }
  if (s.stack) e.stack = `${s.stack}\n    (in a worker thread)`;
  return e;
}
