// Entry point of a team worker thread (team.ts): worker threads do not inherit the loader hooks
// of the thread that starts them, so it registers tsx itself before importing the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./team-worker.ts', import.meta.url).href);
