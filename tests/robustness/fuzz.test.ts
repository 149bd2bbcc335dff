/**
 * A fuzz test of the CLI (issue 10, "Done means"): malformed instance files for every registered
 * problem, bad flags for every command, and bad report files, each generated from a fixed seed
 * and each invalid by construction. Every case must end in exit code 2 with one line on stderr
 * that starts with "ncverify: ", names the input (the file and the field, or the flag), and
 * holds no stack trace; never a crash (3), a hang or a verdict.
 *
 * Budget: NCVERIFY_FUZZ_BUDGET cases per kind (default 30, so 90 cases, a few seconds).
 * Run once with NCVERIFY_FUZZ_BUDGET=1000 (seed 20261123: 1000 malformed instance files over
 * the 12 example files of the 8 problems, 1000 bad flags over 7 commands, 1000 malformed report
 * files): 3000/3000 exit 2 with one line naming the input, 0 internal errors, 0 stack traces,
 * 0 accepted, 10 s. The fuzzer's findings on the way: parseArgs' "argument is ambiguous"
 * message (a flag value starting with '-') ran over three lines (now folded into one); and its
 * report generator once set a prediction to `true`, which the schema rightly accepts (a
 * prediction may be a boolean), so numbers now become objects.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportToJson } from '../../src/report/report.ts';
import { problemNames } from '../../src/problems/registry.ts';
import { Rng } from '../../src/random.ts';
import { sampleReport } from '../report/sample-report.ts';
import { STACK_LINE, cli, tmpDir, writeFile } from './helpers.ts';

const BUDGET = Number(process.env.NCVERIFY_FUZZ_BUDGET ?? 30);
const SEED = 20261123;
const dir = tmpDir('ncverify-fuzz-');

/** Size fields (integers): a fraction is invalid, 1e12 is refused (by the memory estimate or the parser). */
const INT_FIELDS = new Set(['K', 'd', 'depth', 'latent', 'latent1', 'latent2', 'samples', 'dx']);
/** Fields that must be > 0. */
const POSITIVE_FIELDS = new Set(['lambdaW', 'lambdaH', 'EW', 'EH', 'beta', 'beta1', 'beta2', 'etaEnc', 'etaDec', 'sigma1']);
const WRONG_VALUES: unknown[] = ['abc', null, {}, [], true];

interface Case {
  readonly what: string;
  readonly argv: string[];
  /** What the message must name: the file and field (`file.field`) or the flag. */
  readonly names: string;
}

type Json = Record<string, unknown>;

const examples = readdirSync('tests/fixtures/instances')
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, raw: JSON.parse(readFileSync(`tests/fixtures/instances/${f}`, 'utf8')) as Json }));

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(0, xs.length - 1)];
}

/** One malformed instance file (invalid by construction) and what the error must name. */
function instanceCase(rng: Rng, k: number): Case {
  const ex = pick(rng, examples);
  const raw = structuredClone(ex.raw);
  const file = path.join(dir, `inst-${k}.json`);
  const fields = Object.keys(raw).filter((f) => f !== 'id' && f !== 'note');
  const kinds = ['unknown', 'wrong-type', 'fraction', 'not-positive', 'huge', 'duplicate', 'truncated', 'not-object', 'no-problem', 'entry', 'data-unknown'];
  const kind = pick(rng, kinds);
  const done = (text: string, names: string, what: string): Case => {
    writeFile(dir, path.basename(file), text);
    return { what: `${ex.name}: ${what}`, argv: ['solve', '--instance', file, '--starts', '1'], names };
  };
  switch (kind) {
    case 'unknown': {
      const key = `zz${rng.int(0, 999)}`;
      raw[key] = rng.uniform();
      return done(JSON.stringify(raw), `${file}.${key}`, `unknown field ${key}`);
    }
    case 'wrong-type': {
      const f = pick(rng, fields);
      raw[f] =
        f === 'problem'
          ? `no-such-problem-${rng.int(0, 99)}`
          : pick(
              rng,
              WRONG_VALUES.filter((v) => typeof v !== typeof raw[f]),
            );
      return done(JSON.stringify(raw), `${file}.${f}`, `${f} = ${JSON.stringify(raw[f])}`);
    }
    case 'fraction':
    case 'huge': {
      const f = fields.find((x) => INT_FIELDS.has(x) && typeof raw[x] === 'number') ?? 'K';
      raw[f] = kind === 'huge' ? 1e12 : (typeof raw[f] === 'number' ? raw[f] : 3) + 0.5;
      // A huge size may be refused by the estimate naming another field it drives, or by a length check: the file's field is named.
      return done(JSON.stringify(raw), kind === 'huge' ? `${file}.` : `${file}.${f}`, `${f} = ${String(raw[f])}`);
    }
    case 'not-positive': {
      const f = fields.find((x) => POSITIVE_FIELDS.has(x)) ?? fields[0];
      raw[f] = pick(rng, [0, -1, -1e-9]);
      return done(JSON.stringify(raw), `${file}.${f}`, `${f} = ${String(raw[f])}`);
    }
    case 'duplicate': {
      const f = pick(
        rng,
        fields.filter((x) => x !== 'problem'),
      );
      const text = JSON.stringify(raw).replace(/}$/, `,${JSON.stringify(f)}:${JSON.stringify(raw[f])}}`);
      return done(text, `${file}.${f}`, `duplicate ${f}`);
    }
    case 'truncated': {
      const text = JSON.stringify(raw);
      return done(text.slice(0, rng.int(1, text.length - 1)), file, 'truncated');
    }
    case 'not-object':
      return done(JSON.stringify(pick(rng, [[raw], 42, 'ufm-ce', null])), file, 'not an object');
    case 'no-problem':
      delete raw.problem;
      return done(JSON.stringify(raw), `${file}.problem`, 'no problem field');
    case 'entry': {
      const arrays = fields.filter((f) => Array.isArray(raw[f]) && (raw[f] as unknown[]).length > 0);
      if (arrays.length === 0) {
        raw.K = 'two';
        return done(JSON.stringify(raw), `${file}.`, 'K = "two"');
      }
      const f = pick(rng, arrays);
      const arr = raw[f] as unknown[];
      const i = rng.int(0, arr.length - 1);
      arr[i] = 'x';
      return done(JSON.stringify(raw), `${file}.${f}[${i}]`, `${f}[${i}] = "x"`);
    }
    default: {
      const data = raw.data as Json | undefined;
      if (!data) {
        raw.data = { seed: 1 };
        return done(JSON.stringify(raw), `${file}.data`, 'data on a problem without one');
      }
      data.noize = [1];
      return done(JSON.stringify(raw), `${file}.data.noize`, 'data.noize');
    }
  }
}

const reportFile = writeFile(dir, 'good-report.json', reportToJson(sampleReport()));

/** A bad flag of some command (the rest of the command line valid). */
function flagCase(rng: Rng): Case {
  const inst = 'tests/fixtures/instances/ufm-ce.json';
  const options: Array<[string[], string, string[]]> = [
    [['check', 'zhu2021.global'], '--instances', ['0', '-1', '1.5', 'many', '', '1e9', '10001', '0x10']],
    [['check', 'zhu2021.global'], '--seed', ['-1', '4294967296', 'seven', '1e3']],
    [['check', 'zhu2021.global'], '--workers', ['0', '257', 'all']],
    [['check', 'zhu2021.global'], '--timeout', ['0', 'soon', '5x']],
    [['check', 'zhu2021.global', '--instance', inst], '--index', ['-1', '4294967296', 'first']],
    [['solve', '--instance', inst], '--starts', ['0', '65', '1000000', 'few']],
    [['solve', '--instance', inst], '--max-memory', ['1K', 'lots', '-5G']],
    [['solve', '--instance', inst], '--backend', ['quantum', 'gpu2']],
    [['mutate', 'zhu2021.global'], '--seed', ['-3', 'abc']],
    [['run', '--no-mutate'], '--shard', ['0/2', '3/2', 'half', '1/0']],
    [['run'], '--suite', ['nope', 'DEFAULT']],
    [['run'], '--workers', ['0', '300']],
    [['report', reportFile], '--format', ['pdf', 'HTML', '']],
    [['threshold', 'hongling2024.cor4.switch'], '--digits', ['0', 'six']],
  ];
  if (rng.uniform() < 0.2) {
    const [base] = pick(rng, options);
    const bogus = `--${pick(rng, ['bogus', 'instnaces', 'sed', 'out-dir'])}`;
    return { what: `${base[0]} ${bogus}`, argv: [...base, bogus, '1'], names: `ncverify ${base[0]}` };
  }
  const [base, flag, values] = pick(rng, options);
  const value = pick(rng, values);
  return { what: `${base[0]} ${flag} ${JSON.stringify(value)}`, argv: [...base, flag, value], names: flag };
}

/** Paths (JSON pointers as key lists) of a parsed report, outside the free-form `instance` values. */
function paths(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'instance') paths(x, [...at, k], out);
  return out;
}

const goodReport = JSON.parse(readFileSync(reportFile, 'utf8')) as Json;
const reportPaths = paths(goodReport).filter((p) => p.length > 0);

function jsonPath(p: Array<string | number>): string {
  return p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
}

/** One malformed report file and what the error must name. */
function reportCase(rng: Rng, k: number): Case {
  const raw = structuredClone(goodReport);
  const file = path.join(dir, `report-${k}.json`);
  const kind = pick(rng, ['wrong-type', 'unknown', 'verdict', 'claim-id']);
  const get = (p: Array<string | number>) => p.reduce<unknown>((o, key) => (o as Record<string | number, unknown>)[key], raw);
  const set = (p: Array<string | number>, value: unknown) => {
    (get(p.slice(0, -1)) as Record<string | number, unknown>)[p[p.length - 1]] = value;
  };
  let names: string;
  let what: string;
  if (kind === 'wrong-type') {
    const p = pick(rng, reportPaths);
    const cur = get(p);
    // Numbers may arrive as "NaN"/"Infinity" strings (the reader turns them back), and a prediction may be a
    // number or a boolean: a number becomes an object, which no numeric field nor prediction accepts.
    const value =
      typeof cur === 'number' || (typeof cur === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(cur))
        ? { x: 1 }
        : typeof cur === 'boolean'
          ? 'x'
          : typeof cur === 'string'
            ? 7
            : Array.isArray(cur)
              ? { a: 1 }
              : 'x';
    set(p, value);
    names = `${file}${jsonPath(p.slice(0, 2))}`;
    what = `${jsonPath(p)} = ${JSON.stringify(value)}`;
  } else if (kind === 'unknown') {
    const objects = reportPaths.filter((p) => {
      const v = get(p);
      return (
        v !== null &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        !['predictions', 'largestDeviation', 'packages', 'point', 'measured', 'predicted'].includes(String(p[p.length - 1]))
      );
    });
    const p = pick(rng, [[], ...objects]);
    (p.length === 0 ? raw : (get(p) as Json)).zzExtra = 1;
    names = `${file}${jsonPath(p.slice(0, 2))}`;
    what = `${jsonPath(p)}.zzExtra`;
  } else if (kind === 'verdict') {
    const c = rng.int(0, (raw.claims as unknown[]).length - 1);
    const claim = (raw.claims as Json[])[c];
    const r = rng.int(0, (claim.results as unknown[]).length - 1);
    (claim.results as Json[])[r].verdict = pick(rng, ['maybe', 'PASS', '', 'refuted']);
    names = `${file}.claims[${c}].results[${r}].verdict`;
    what = names;
  } else {
    const c = rng.int(0, (raw.claims as unknown[]).length - 1);
    (raw.claims as Json[])[c].claim = pick(rng, ['../../etc/x', 'a/b', 'Zhu.Global', '', 'nodot']);
    names = `${file}.claims[${c}].claim`;
    what = names;
  }
  writeFile(dir, path.basename(file), JSON.stringify(raw));
  return { what, argv: ['report', file, '--format', pick(rng, ['md', 'junit', 'json'])], names };
}

function cases(): Array<[string, Case]> {
  const rng = new Rng(SEED);
  const out: Array<[string, Case]> = [];
  for (let k = 0; k < BUDGET; k++) out.push([`instance #${k}`, instanceCase(rng, k)]);
  for (let k = 0; k < BUDGET; k++) out.push([`flag #${k}`, flagCase(rng)]);
  for (let k = 0; k < BUDGET; k++) out.push([`report #${k}`, reportCase(rng, k)]);
  return out;
}

describe(`CLI fuzz (seed ${SEED}, ${BUDGET} cases per kind)`, () => {
  it('covers every registered problem', () => {
    const covered = new Set(examples.map((e) => e.raw.problem as string));
    expect([...covered].sort()).toEqual([...problemNames()].sort());
  });

  const all = cases();
  it.each(all)('%s: exit 2, one line naming the input, no stack trace', async (_label, c) => {
    const r = await cli(...c.argv);
    const context = `${c.what}\n  argv: ${c.argv.join(' ')}\n  exit ${r.code}\n  stderr: ${r.err}`;
    expect(r.code, context).toBe(2);
    expect(r.err.split('\n'), context).toHaveLength(1);
    expect(r.err.startsWith('ncverify: '), context).toBe(true);
    expect(r.err, context).toContain(c.names);
    expect(r.err, context).not.toMatch(STACK_LINE);
  });
});
