// Entry point of every ncverify worker thread. Worker threads do not inherit the loader hooks
// of the thread that starts them, so each one registers tsx itself (as bin/run-ts.js does)
// before importing the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./check-worker.ts', import.meta.url).href);
