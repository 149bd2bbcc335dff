/**
 * The bounded flags: every number a user gives the CLI that sizes work or memory has a range,
 * and a value outside it is an InputError naming the flag and the range (exit 2), never a hang,
 * a runaway allocation or a silent reduction.
 */
import os from 'node:os';
import { InputError } from '../errors.ts';
import { MAX_STARTS } from '../engine/theorem.ts';
import { intFlag } from './args.ts';
import { timeBudget, type TimeBudget } from '../engine/budget.ts';
import { setMemoryLimit } from '../problems/memory.ts';

/** Instances per claim: each one is a certified multistart solve (seconds each), so 1e9 would never end. */
export const MAX_INSTANCES = 10_000;

/** Worker threads even with --force-workers: each holds a whole solve in memory. */
export const MAX_FORCED_WORKERS = 256;

/** Seeds (and replay indices) are 32-bit: the generators would silently reduce a larger one to another seed. */
export const SEED_LIMIT = 2 ** 32;

/** Cores this process may use. */
export function coreCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** `--seed S`: an integer in [0, 2^32). */
export function seedFlag(value: unknown, fallback: number, flag = '--seed'): number {
  const s = intFlag(value, flag, 0);
  if (s === undefined) return fallback;
  if (s >= SEED_LIMIT)
    throw new InputError(
      flag,
      `must be below 2^32 = ${SEED_LIMIT} (seeds are 32-bit; a larger one would be silently reduced to another seed), got ${String(value)}`,
    );
  return s;
}

/** `--instances N`: 1..MAX_INSTANCES. */
export function instancesFlag(value: unknown, fallback: number): number {
  const n = intFlag(value, '--instances', 1);
  if (n === undefined) return fallback;
  if (n > MAX_INSTANCES) {
    throw new InputError(
      '--instances',
      `at most ${MAX_INSTANCES} per claim (each instance is a certified multistart solve), got ${String(value)}: split a larger run over several --seed values`,
    );
  }
  return n;
}

/** `--starts N`: 1..MAX_STARTS, the bound defineTheorem puts on a claim's own `solve.starts`. */
export function startsFlag(value: unknown, fallback: number): number {
  const n = intFlag(value, '--starts', 1);
  if (n === undefined) return fallback;
  if (n > MAX_STARTS) throw new InputError('--starts', `at most ${MAX_STARTS} (each start is a full certified solve), got ${String(value)}`);
  return n;
}

/**
 * `--workers N`: 1 up to the core count; more only with `--force-workers` (oversubscribed
 * threads each hold a full solve in memory and only slow each other down), and never above
 * MAX_FORCED_WORKERS. Default: one per core.
 */
export function workersFlag(value: unknown, force: unknown, cores = coreCount()): number {
  const n = intFlag(value, '--workers', 1);
  if (n === undefined) return cores;
  if (n > MAX_FORCED_WORKERS) throw new InputError('--workers', `at most ${MAX_FORCED_WORKERS} threads, got ${String(value)}`);
  if (n > cores && force !== true) {
    throw new InputError(
      '--workers',
      `${n} threads on ${cores} core${cores > 1 ? 's' : ''}: at most ${cores} (each thread holds a full solve), or add --force-workers to run more on purpose`,
    );
  }
  return n;
}

/** `--timeout T`: a time budget in seconds (or with a unit: 90s, 10m, 2h), > 0. Returns seconds, or undefined for no budget. */
export function timeoutFlag(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/.exec(value) : null;
  const seconds = m ? Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1) : NaN;
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new InputError('--timeout', `expected a time budget such as 90, 90s, 10m or 2h (> 0), got ${JSON.stringify(value)}`);
  return seconds;
}

/** `--max-memory M`: bytes, with an optional unit (512M, 8G, 16GiB, 2T); at least 16 MiB. */
export function maxMemoryFlag(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|b)?\s*$/i.exec(value) : null;
  const unit = m?.[2]?.toLowerCase();
  const bytes = m ? Number(m[1]) * 1024 ** (unit ? 'kmgt'.indexOf(unit) + 1 : 0) : NaN;
  if (!Number.isFinite(bytes) || bytes < 16 * 1024 ** 2) {
    throw new InputError('--max-memory', `expected a size of at least 16M, such as 512M, 8G or 16GiB, got ${JSON.stringify(value)}`);
  }
  return Math.floor(bytes);
}

/** The parseArgs options of the resource flags (`check`, `solve`, `mutate`, `run`, `threshold` take the ones that apply). */
export const TIMEOUT_OPTION = { timeout: { type: 'string' } } as const;
export const MEMORY_OPTION = { 'max-memory': { type: 'string' } } as const;
export const WORKERS_OPTIONS = { workers: { type: 'string' }, 'force-workers': { type: 'boolean' } } as const;

/**
 * Reads `--timeout` and `--max-memory` and puts the memory limit in force for this command
 * (every call, so one command's limit never leaks into the next in the same process).
 */
export function commandLimits(values: Record<string, unknown>): { budget: TimeBudget | undefined } {
  setMemoryLimit(maxMemoryFlag(values['max-memory']));
  return { budget: timeBudget(timeoutFlag(values.timeout)) };
}

/** The line that says a command stopped at its budget, and what it left. */
export function stoppedLine(budget: TimeBudget, left: string): string {
  return `stopped: the --timeout budget of ${budget.seconds} s ran out; ${left} (everything above was decided before it)`;
}
