/**
 * Where the CLI's lines go. Written with a synchronous write to the file descriptor, so that a
 * reader that goes away (`ncverify run | head`) is noticed at the next line: the write fails
 * with EPIPE right there, and the command ends quietly (src/cli/main.ts). process.stdout.write
 * would report the EPIPE only as an asynchronous 'error' event, which a synchronous check loop
 * never yields to, and which crashes the process when nobody listens.
 */
import { writeSync } from 'node:fs';

/** The reader of stdout or stderr went away: the command stops quietly. */
export class OutputClosed extends Error {
  override readonly name = 'OutputClosed';
  constructor(readonly fd: number) {
    super(`output ${fd === 1 ? 'stdout' : fd === 2 ? 'stderr' : `fd ${fd}`} was closed by its reader`);
  }
}

/** A line writer to a file descriptor (1: stdout, 2: stderr) that throws OutputClosed on EPIPE. */
export function lineWriter(fd: number): (line: string) => void {
  return (line: string) => {
    const buf = Buffer.from(line + '\n', 'utf8');
    let off = 0;
    while (off < buf.length) {
      try {
        off += writeSync(fd, buf, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') throw new OutputClosed(fd);
        // A non-blocking descriptor that is full (a terminal or pipe set O_NONBLOCK by someone else): wait and retry.
        if (code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          continue;
        }
        throw e;
      }
    }
  };
}
