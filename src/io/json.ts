/**
 * Reading JSON files that users hand to ncverify (instance files, report.json, VAE data files)
 * strictly: JSON.parse keeps the last of two equal keys without a word, so `{"lambdaW": 1,
 * "lambdaW": -1}` would be read as whichever came last; here a duplicate key is an error naming
 * its path and line. A UTF-8 byte-order mark (which some Windows editors write) is accepted and
 * dropped, as RFC 8259 section 8.1 allows a parser to do. Syntax errors name the line and column.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.ts';

type Reviver = (key: string, value: unknown) => unknown;

/** Line and column (both 1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

interface Frame {
  /** Keys seen so far (an object), or null (an array). */
  readonly keys: Set<string> | null;
  readonly path: string;
  /** The current key (object) or index (array). */
  current: string | number;
}

/**
 * The first key that appears twice in one object of `text` (which must be valid JSON), with the
 * path of that object (`.claims[3].results[0]`) and the offset of the second occurrence.
 */
export function findDuplicateKey(text: string): { path: string; key: string; offset: number } | null {
  const stack: Frame[] = [];
  let expectKey = false;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    return top.keys ? `${top.path}.${String(top.current)}` : `${top.path}[${String(top.current)}]`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 /* \ */ ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { path: top.path, key, offset: i };
        top.keys.add(key);
        top.current = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 123 /* { */) {
      stack.push({ keys: new Set(), path: childPath(), current: '' });
      expectKey = true;
    } else if (c === 91 /* [ */) {
      stack.push({ keys: null, path: childPath(), current: 0 });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.current = (top.current as number) + 1;
    }
  }
  return null;
}

/**
 * Parses JSON text strictly (see the module comment). Errors are InputErrors naming `source`
 * (and, for a duplicate key, the path inside it, e.g. `inst.json.lambdaW`).
 */
export function parseJson(text: string, source: string, reviver?: Reviver): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body, reviver);
  } catch (e) {
    const msg = (e as Error).message;
    const at = /at position (\d+)/.exec(msg);
    const where = at ? (({ line, column }) => ` (line ${line}, column ${column})`)(lineColumn(body, Number(at[1]))) : '';
    throw new InputError(source, `is not valid JSON: ${msg.replace(/\s*\(line \d+ column \d+\)$/, '')}${where}`);
  }
  const dup = findDuplicateKey(body);
  if (dup) {
    throw new InputError(
      `${source}${dup.path}.${dup.key}`,
      `appears twice in one object (line ${lineColumn(body, dup.offset).line}): give each key once (JSON readers disagree on which value wins)`,
    );
  }
  return value;
}

/** Reads and strictly parses a JSON file; an unreadable file is an InputError naming it. */
export function readJsonFile(file: string, source: string = file, reviver?: Reviver): unknown {
  return parseJson(readTextFile(file, source), source, reviver);
}

/** Reads a UTF-8 text file; an unreadable one is an InputError naming it (with the system's code, e.g. ENOENT). */
export function readTextFile(file: string, source: string = file): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(source, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
