/** The CLI in-process, as the tests call it: its exit code and what it wrote to stdout and stderr. */
import { main } from '../../src/cli/main.ts';

export interface CliLines {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** `ncverify ...argv`, every line kept. */
export async function cliLines(...argv: string[]): Promise<CliLines> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

/** `ncverify ...argv`, stdout and stderr each joined into one string. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await cliLines(...argv);
  return { code: r.code, out: r.out.join('\n'), err: r.err.join('\n') };
}
