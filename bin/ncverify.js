#!/usr/bin/env node
// ncverify is written in TypeScript and runs through tsx's loader, so a fresh `npm install`
// is all a user needs (no build step), and user theorem files may be TypeScript too.
import { register } from 'tsx/esm/api';

// Anything that escapes main() (an error in a timer or an event handler, or while loading the
// sources) is an internal error: one line and exit code 3, never a stack trace (unless --debug)
// and never exit 1, the code of a refuted theorem. These listeners are installed first, so they
// run before any that a dependency adds (the tfjs wasm backend's rethrowing ones would end the
// process with code 7 and its minified source).
const debug = process.argv.includes('--debug') || process.env.NCVERIFY_DEBUG === '1';
let describeCrash = (e) => [
  `ncverify: internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}${debug ? '' : ' (--debug prints the stack trace)'}`,
  ...(debug && e instanceof Error && e.stack ? [e.stack] : []),
];
const crash = (e) => {
  try {
    process.stderr.write(describeCrash(e).join('\n') + '\n');
  } catch {
    // stderr is gone: the exit code says it.
  }
  process.exit(3);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

let main;
try {
  register();
  const cli = await import('../src/cli/main.ts');
  const failure = await import('../src/cli/failure.ts');
  describeCrash = (e) => failure.internalErrorLines(e, process.argv.slice(2), debug);
  main = cli.main;
} catch (e) {
  crash(e);
}
process.exitCode = await main(process.argv.slice(2));
