// Entry point of the metrics worker threads. Worker threads do not inherit the loader hooks of
// the thread that starts them, so each registers tsx itself (as src/parallel/worker-bootstrap.mjs
// does) before importing the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker.ts', import.meta.url).href);
