/**
 * One ncverify measurement for bench/metrics.ts, in its own process: ncMetrics on the given files,
 * timed inside the process (no tsx start-up, like the numpy peer's in-process time), with the
 * process's CPU time and peak RSS (worker threads included: they share the process).
 *
 * usage: node bin/run-ts.js bench/metrics-run.ts FEATURES LABELS [W [b]] [--workers N] [--pairs N]
 */
import { ncMetrics } from '../src/metrics/nc-metrics.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  args.splice(i, 2);
  return v;
};
const workers = flag('--workers');
const pairs = flag('--pairs');
const [features, labels, W, b] = args;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await ncMetrics(features, labels, {
  ...(W ? { classifier: W } : {}),
  ...(b ? { bias: b } : {}),
  ...(workers ? { workers } : {}),
  ...(pairs ? { pairs } : {}),
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMiB: process.resourceUsage().maxRSS / 1024, result }) + '\n');
