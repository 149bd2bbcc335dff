/**
 * Typed access to a claim's evaluated predictions. Expressions evaluate to numbers, booleans
 * or (per-class predictions) vectors of either; a check asks for the type it needs and a
 * prediction of another type is an error that names the claim and the prediction, never a
 * silent NaN or a wrong comparison.
 */
import { InputError, describe } from '../errors.ts';
import type { Scope } from '../symbolic/expr.ts';

export class Predictions {
  /** `where` prefixes error messages, e.g. "zhu2021.global.predictions". */
  constructor(
    readonly values: Scope,
    private readonly where: string,
  ) {}

  /** The names read since the last `clearReads` (the engine asks which predictions a check used). */
  readonly reads = new Set<string>();

  clearReads(): void {
    this.reads.clear();
  }

  has(name: string): boolean {
    return name in this.values;
  }

  /** A number (NaN is a number: the engine rejects non-finite predictions before any check runs). */
  num(name: string): number {
    const v = this.get(name);
    if (typeof v !== 'number') throw this.wrong(name, 'a number', v);
    return v;
  }

  bool(name: string): boolean {
    const v = this.get(name);
    if (typeof v !== 'boolean') throw this.wrong(name, 'a boolean', v);
    return v;
  }

  /** A per-class (or per-mode) vector of numbers; a scalar is not accepted. */
  vec(name: string): readonly number[] {
    const v = this.get(name);
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw this.wrong(name, 'a vector of numbers', v);
    return v;
  }

  /** A per-class vector of booleans (e.g. which classes collapse). */
  flags(name: string): readonly boolean[] {
    const v = this.get(name);
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'boolean')) throw this.wrong(name, 'a vector of booleans', v);
    return v;
  }

  private get(name: string): unknown {
    if (!(name in this.values)) throw new InputError(`${this.where}.${name}`, 'is not a prediction of this claim');
    this.reads.add(name);
    return this.values[name];
  }

  private wrong(name: string, expected: string, got: unknown): InputError {
    return new InputError(`${this.where}.${name}`, `expected ${expected}, got ${typeof got === 'boolean' ? String(got) : describe(got)}`);
  }
}
