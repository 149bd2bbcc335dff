/**
 * JSON text for report.json that people can read and diff, and that stays small: objects are
 * indented one space per level, but an array of scalars (or of arrays of scalars, such as a
 * matrix or a convergence curve) and an object whose values are all scalars (a check record)
 * each go on one line. JSON.stringify(v, null, 1) would put every number of a curve on its
 * own line and triple the file.
 */

type Replacer = (key: string, value: unknown) => unknown;

const isScalar = (v: unknown) => v === null || typeof v !== 'object';

/**
 * Serialises `value` like JSON.stringify(value, replacer, 1), with the one-line rules above.
 * Keys whose (replaced) value is undefined or a function are left out, as JSON.stringify does.
 */
export function compactJson(value: unknown, replacer: Replacer = (_k, v) => v): string {
  const prepare = (key: string, v: unknown): unknown => {
    let x = v;
    if (x !== null && typeof x === 'object' && typeof (x as { toJSON?: unknown }).toJSON === 'function') x = (x as { toJSON(k: string): unknown }).toJSON(key);
    return replacer(key, x);
  };
  const write = (v: unknown, indent: string): string | undefined => {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (isScalar(v)) return JSON.stringify(v);
    const inner = indent + ' ';
    if (Array.isArray(v)) {
      const items = v.map((e, i) => write(prepare(String(i), e), inner) ?? 'null');
      const flat = v.every((e, i) => {
        const p = prepare(String(i), e);
        return isScalar(p) || (Array.isArray(p) && p.every((q, j) => isScalar(prepare(String(j), q))));
      });
      if (items.length === 0) return '[]';
      return flat ? `[${items.join(', ')}]` : `[\n${items.map((s) => inner + s).join(',\n')}\n${indent}]`;
    }
    const entries: string[] = [];
    let allScalar = true;
    for (const [k, raw] of Object.entries(v as Record<string, unknown>)) {
      const p = prepare(k, raw);
      const s = write(p, inner);
      if (s === undefined) continue;
      if (!isScalar(p)) allScalar = false;
      entries.push(`${JSON.stringify(k)}: ${s}`);
    }
    if (entries.length === 0) return '{}';
    return allScalar ? `{${entries.join(', ')}}` : `{\n${entries.map((s) => inner + s).join(',\n')}\n${indent}}`;
  };
  return write(prepare('', value), '') ?? 'null';
}
