/**
 * .github/workflows/verify.yml cannot run here, so its structure is checked: a matrix of
 * shards whose --shard flags cover 1..n exactly, a merge job that needs them and publishes the
 * Markdown summary, JUnit and the HTML (GitHub Pages), least-privilege permissions, and
 * ncverify invocations that use only flags the CLI documents.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { suites } from '../../theorems/index.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
  id?: string;
  shell?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  'runs-on': string;
  'timeout-minutes'?: number;
  steps: Step[];
  strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown[]> };
  permissions?: Record<string, string>;
  environment?: { name: string; url?: string };
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const wf = parse(readFileSync(new URL('../../.github/workflows/verify.yml', import.meta.url), 'utf8')) as Workflow;
const needs = (j: Job) => (Array.isArray(j.needs) ? j.needs : j.needs ? [j.needs] : []);
const runs = (j: Job) => j.steps.map((s) => s.run ?? '').join('\n');
const uses = (j: Job, action: string) => j.steps.filter((s) => s.uses?.startsWith(`${action}@`));

async function helpText(): Promise<string> {
  const out: string[] = [];
  await main(['help'], (l) => out.push(l));
  return out.join('\n');
}

describe('.github/workflows/verify.yml', () => {
  it('runs on push, pull requests and by hand, read-only by default', () => {
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_dispatch']));
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(wf.jobs).sort()).toEqual(['ci', 'deploy', 'merge', 'shard']);
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect(job['runs-on'], name).toMatch(/ubuntu/);
      expect(job['timeout-minutes'], name).toBeGreaterThan(0);
      for (const s of job.steps) if (s.uses) expect(s.uses, `${name}: actions pinned to a major version`).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
    }
  });

  it('runs the same `npm run ci` as .ci/run (typecheck, lint, tests, smoke), with the browser test required', () => {
    const ci = wf.jobs.ci;
    expect(runs(ci)).toContain('npm ci --no-audit --no-fund');
    const step = ci.steps.find((s) => s.run === 'npm run ci') as Step & { env?: Record<string, string> };
    expect(step, 'a step that runs npm run ci').toBeDefined();
    expect(step.env?.NCVERIFY_REQUIRE_BROWSER).toBe('1');
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toMatch(/^npm run ci$/m);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    for (const part of ['npm run typecheck', 'npm run lint', 'npm test', 'npm run smoke']) expect(pkg.scripts.ci).toContain(part);
  });

  it('spreads one suite over a matrix whose --shard i/n cover 1..n exactly', () => {
    const shard = wf.jobs.shard;
    const matrix = shard.strategy!.matrix.shard as number[];
    const n = matrix.length;
    expect(n).toBeGreaterThan(1);
    expect([...matrix].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(shard.strategy!['fail-fast']).toBe(false);
    const run = runs(shard);
    expect(run).toContain(`npx ncverify run --suite "$SUITE" --seed "$SEED" --shard \${{ matrix.shard }}/${n} --out reports/shard-\${{ matrix.shard }}`);
    expect(Object.keys(suites)).toContain('default');
    expect(wf.env!.SUITE).toContain("'default'");
    const upload = uses(shard, 'actions/upload-artifact');
    expect(upload).toHaveLength(1);
    expect(upload[0].with!.name).toBe('shard-${{ matrix.shard }}');
    expect(upload[0].with!.path).toBe('reports/shard-${{ matrix.shard }}/report.json');
  });

  it('merges after every shard, appends the Markdown to the job summary and uploads JUnit and the report', () => {
    const merge = wf.jobs.merge;
    expect(needs(merge)).toEqual(['shard']);
    const download = uses(merge, 'actions/download-artifact');
    expect(download).toHaveLength(1);
    expect(download[0].with).toMatchObject({ pattern: 'shard-*', path: 'reports/shards' });
    const run = runs(merge);
    expect(run).toContain('npx ncverify merge reports/shards/shard-*/report.json --out reports/latest');
    expect(run).toMatch(/cat reports\/latest\/report\.md >> "\$GITHUB_STEP_SUMMARY"/);
    const uploads = uses(merge, 'actions/upload-artifact').map((s) => s.with!.path);
    expect(uploads).toContain('reports/latest/junit.xml');
    expect(uses(merge, 'actions/upload-pages-artifact')[0].with!.path).toBe('reports/latest/');
    // The verdict decides the job only after the summary and artifacts are out.
    const names = merge.steps.map((s) => s.name ?? s.uses ?? s.run);
    const failStep = merge.steps.findIndex((s) => s.if?.includes('steps.merge.outputs.code'));
    expect(failStep).toBe(merge.steps.length - 1);
    expect(names.indexOf('Job summary')).toBeLessThan(failStep);
    for (const s of merge.steps.filter((x) => x.name === 'Job summary' || x.name?.startsWith('Upload'))) expect(s.if).toBe('always()');
  });

  it('deploys the HTML to GitHub Pages from main only, with the Pages permissions on that job alone', () => {
    const deploy = wf.jobs.deploy;
    expect(needs(deploy)).toEqual(['merge']);
    expect(deploy.if).toContain("github.ref == 'refs/heads/main'");
    expect(deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(deploy.environment!.name).toBe('github-pages');
    expect(uses(deploy, 'actions/deploy-pages')).toHaveLength(1);
    for (const name of ['ci', 'shard', 'merge']) expect(wf.jobs[name].permissions).toBeUndefined();
  });

  it('calls ncverify only with commands and flags its help documents', async () => {
    const help = await helpText();
    const calls = Object.values(wf.jobs)
      .flatMap((j) => runs(j).split('\n'))
      .filter((l) => l.includes('npx ncverify'));
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) {
      const [, command, args] = /npx ncverify (\w+)(.*)$/.exec(call)!;
      const usage = help.split('\n').find((l) => l.trim().startsWith(`ncverify ${command} `));
      expect(usage, `help documents "${command}"`).toBeDefined();
      for (const flag of args.match(/--[a-z-]+/g) ?? []) expect(usage, `${command} ${flag}`).toContain(flag);
    }
  });
});
