/**
 * Validates a parsed report.json against its versioned JSON schema (report.schema.json beside
 * this file, generated from the `Report` type; tests/report/schema.test.ts keeps the two equal)
 * with ajv, so that `report` and `merge` refuse a malformed file with the field named instead
 * of crashing deep in a renderer: unknown verdicts, unknown fields, a wrong type anywhere, a
 * claim id that is not of the form defineTheorem allows (ids name files of the report directory).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InputError } from '../errors.ts';
import { maxOf } from '../linalg/vector.ts';

let validator: ValidateFunction | null = null;

function compiled(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(new URL('./report.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    // strictNumbers off: NaN and Infinity are numbers here (report.json writes them as strings, the reader turns them back).
    validator = new Ajv({ strictNumbers: false, allErrors: true, discriminator: true }).compile(schema);
  }
  return validator;
}

/** `/claims/0/results/3/verdict` as `.claims[0].results[3].verdict`. */
function jsonPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`))
    .join('');
}

/** The value at a JSON pointer, for the message. */
function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const p of pointer.split('/').slice(1))
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return v;
}

function shown(v: unknown): string {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/**
 * One message for ajv's errors: those at the deepest path (a union such as the four verdict
 * forms reports one error per branch there; their allowed constants are listed together).
 */
export function describeErrors(errors: readonly ErrorObject[], data: unknown, source: string): InputError {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0);
  const deepest = maxOf(errors.map(depth));
  const deepestErrors = errors.filter((e) => depth(e) === deepest);
  // In a union (the four verdict forms) every other branch also reports its own constant: a
  // type, pattern or field error says more, the constants only when nothing else is wrong.
  const e =
    deepestErrors.find((x) => !['const', 'enum', 'anyOf', 'oneOf'].includes(x.keyword)) ??
    deepestErrors.find((x) => x.keyword === 'const' || x.keyword === 'enum') ??
    deepestErrors[0];
  const at = deepestErrors.filter((x) => x.instancePath === e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return new InputError(`${source}${jsonPath(e.instancePath)}.${extra}`, 'unknown field (not in the ncverify/report@1 schema)');
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return new InputError(`${source}${jsonPath(e.instancePath)}.${missing}`, 'is missing (required by the ncverify/report@1 schema)');
  }
  if (e.keyword === 'discriminator') {
    const p = e.params as { tag: string; tagValue: unknown };
    return new InputError(
      `${source}${jsonPath(e.instancePath)}.${p.tag}`,
      `must be one of "pass", "fail", "inconclusive", "skipped", got ${shown(p.tagValue)}`,
    );
  }
  const value = valueAt(data, e.instancePath);
  const allowed =
    e.keyword !== 'const' && e.keyword !== 'enum'
      ? []
      : at.flatMap((x) =>
          x.keyword === 'const'
            ? [(x.params as { allowedValue: unknown }).allowedValue]
            : x.keyword === 'enum'
              ? (x.params as { allowedValues: unknown[] }).allowedValues
              : [],
        );
  if (allowed.length > 0) {
    return new InputError(
      `${source}${jsonPath(e.instancePath)}`,
      `must be one of ${[...new Set(allowed.map((a) => shown(a)))].join(', ')}, got ${shown(value)}`,
    );
  }
  return new InputError(`${source}${jsonPath(e.instancePath)}`, `${e.message ?? 'is invalid'} (ncverify/report@1 schema), got ${shown(value)}`);
}

/** Throws an InputError naming the first offending field when `data` is not a valid report. */
export function validateReport(data: unknown, source: string): void {
  const validate = compiled();
  if (!validate(data)) throw describeErrors(validate.errors ?? [], data, source);
}
