/**
 * Progress of a long run. On an interactive terminal a one-line bar on stderr is redrawn after
 * every decided instance (instances done / total, rate per minute, time left), and the normal
 * output lines are printed above it. Anywhere else (a pipe, a file, CI=true) there is no bar:
 * the plain per-instance lines are the progress, so logs stay clean.
 */
export interface ProgressOptions {
  /** Where the bar goes. @defaultValue process.stderr */
  readonly stream?: NodeJS.WriteStream;
  /** Force the bar on or off (default: on when the stream is a TTY and CI is not set). */
  readonly bar?: boolean;
  /** Clock in ms (tests). @defaultValue performance.now */
  readonly now?: () => number;
  /** The bar's text after `done` ticks and `seconds` (e.g. a hunt's best violation and time left). @defaultValue progressText */
  readonly text?: (done: number, seconds: number) => string;
}

export interface Progress {
  /** Prints a normal output line (above the bar when there is one). */
  line(text: string): void;
  /** One more instance decided. */
  tick(): void;
  /** Removes the bar. */
  done(): void;
  /** The bar's text as last drawn (empty without a bar). */
  readonly current: string;
}

export function wantsBar(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The bar's text for `done` of `total` after `seconds`, `width` cells wide. */
export function progressText(done: number, total: number, seconds: number, width = 24): string {
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(frac * width);
  const rate = seconds > 0 ? (60 * done) / seconds : 0;
  const left = done > 0 ? (seconds / done) * (total - done) : Infinity;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} instances  ${rate.toFixed(1)}/min  ${done >= total ? `${duration(seconds)} total` : `~${duration(left)} left`}`;
}

export function createProgress(total: number, out: (line: string) => void, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const bar = options.bar ?? wantsBar(stream);
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  let done = 0;
  let current = '';
  const draw = (): void => {
    if (!bar) return;
    const seconds = (now() - t0) / 1000;
    current = options.text ? options.text(done, seconds) : progressText(done, total, seconds);
    stream.write(`\r\x1b[K${current}`);
  };
  const clear = (): void => {
    if (bar && current) stream.write('\r\x1b[K');
  };
  return {
    line(text: string): void {
      clear();
      out(text);
      draw();
    },
    tick(): void {
      done++;
      draw();
    },
    done(): void {
      clear();
      current = '';
    },
    get current() {
      return current;
    },
  };
}
