/**
 * Small CSV files of numbers (features N x d, or one label per line), for small cases and
 * hand-written examples. Comma, tab or semicolon separated (decided by the first data line);
 * one header line is allowed (recognised by holding a field that is not a number); blank lines
 * and a trailing newline are ignored; quoted fields are not (this is not a general CSV parser:
 * a field is a number or the file is refused). Numbers are parsed as JavaScript does
 * (round-to-nearest float64, like numpy's loadtxt).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.ts';

/** A CSV file read into memory: rows x cols values, row-major. */
export interface CsvMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  /** The header line's fields, when the file had one. */
  readonly header?: readonly string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)$/i;

function parseNumber(s: string): number {
  const t = s.toLowerCase().replace(/^\+/, '');
  if (t === 'nan') return NaN;
  if (t === 'inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return Number(s);
}

function readText(file: string, input: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(input, code === 'ENOENT' ? `${file}: no such file` : `${file} cannot be read (${code ?? (e as Error).message})`);
  }
  if (text.length === 0) throw new InputError(input, `${file} is an empty file (0 bytes)`);
  return text.replace(/^\uFEFF/, '');
}

function splitter(line: string): RegExp {
  if (line.includes('\t')) return /\t/;
  if (line.includes(',')) return /,/;
  if (line.includes(';')) return /;/;
  return /\s+/;
}

/**
 * Reads a CSV of numbers. Every data line must have the same number of fields.
 *
 * Syntax: readCsvMatrix('features.csv', '--features') -> { rows, cols, data }
 */
export function readCsvMatrix(file: string, input: string = file): CsvMatrix {
  const lines = readText(file, input).split(/\r?\n/);
  const kept: Array<[number, string]> = [];
  lines.forEach((l, i) => {
    if (l.trim() !== '') kept.push([i + 1, l.trim()]);
  });
  if (kept.length === 0) throw new InputError(input, `${file} has no data lines`);
  const sep = splitter(kept.length > 1 ? kept[1][1] : kept[0][1]);
  let header: string[] | undefined;
  const first = kept[0][1].split(sep).map((s) => s.trim());
  if (first.some((f) => !NUMBER.test(f))) {
    header = first;
    kept.shift();
  }
  if (kept.length === 0) throw new InputError(input, `${file} has a header line but no data lines`);
  const cols = kept[0][1].split(sep).length;
  const data = new Float64Array(kept.length * cols);
  kept.forEach(([lineNo, l], r) => {
    const f = l.split(sep);
    if (f.length !== cols) throw new InputError(input, `${file} line ${lineNo} has ${f.length} fields, the first data line ${cols}`);
    for (let j = 0; j < cols; j++) {
      const s = f[j].trim();
      if (!NUMBER.test(s)) throw new InputError(input, `${file} line ${lineNo}, field ${j + 1}: ${JSON.stringify(s)} is not a number`);
      data[r * cols + j] = parseNumber(s);
    }
  });
  return { rows: kept.length, cols, data, ...(header ? { header } : {}) };
}

/**
 * Reads integer labels, one per line (a single-column CSV; one header line allowed). A field that
 * is not an integer written as one ("3", "-1"; not "3.0", "3e0") is refused: a label file of floats
 * is almost always the wrong file (logits, probabilities), and rounding it would hide that.
 *
 * Syntax: readCsvLabels('labels.csv', '--labels') -> Float64Array of integers
 */
export function readCsvLabels(file: string, input: string = file): Float64Array {
  const lines = readText(file, input).split(/\r?\n/);
  const out: number[] = [];
  let sawData = false;
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (l === '') return;
    if (/[,\t;]/.test(l)) throw new InputError(input, `${file} line ${i + 1} has several fields; a label file has one integer per line`);
    if (!/^[+-]?\d+$/.test(l)) {
      if (!sawData && !NUMBER.test(l)) return; // a header line
      throw new InputError(input, `${file} line ${i + 1}: ${JSON.stringify(l)} is not an integer label (labels must be integers, not floats)`);
    }
    sawData = true;
    const v = Number(l);
    if (!Number.isSafeInteger(v)) throw new InputError(input, `${file} line ${i + 1}: ${l} is beyond 2^53`);
    out.push(v);
  });
  if (out.length === 0) throw new InputError(input, `${file} has no labels`);
  return Float64Array.from(out);
}
