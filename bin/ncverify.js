#!/usr/bin/env node
// ncverify is written in TypeScript and runs through tsx's loader, so a fresh `npm install`
// is all a user needs (no build step), and user theorem files may be TypeScript too.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
