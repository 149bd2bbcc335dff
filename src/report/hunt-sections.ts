/**
 * HTML fragments for what hunts and coverage add to a claim's section of the report: the clause
 * table (every sentence of the claim's catalogue text and what checks it, with how many check
 * records of the run exercised each named check), the assumption-necessity table, and the
 * failure maps drawn as phase diagrams (figures/phase-map.ts).
 */
import type { ClauseRecord } from '../engine/clauses.ts';
import type { InstanceResult } from '../engine/verdict.ts';
import type { HuntMap } from '../hunt/map.ts';
import type { NecessityResult } from '../hunt/necessity.ts';
import { phaseMapSpec } from './figures/phase-map.ts';
import { vegaLiteSvg } from './figures/vega-svg.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STATUS_CLASS = { checked: 'v-pass', assumption: 'v-skipped', unchecked: 'v-inconclusive' } as const;

/** How many check records of the results carry each check name. */
export function exercisedChecks(results: readonly InstanceResult[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of results) for (const c of r.checks) out.set(c.name, (out.get(c.name) ?? 0) + 1);
  return out;
}

/** "9/11 clauses checked" and whether all are. */
export function clauseSummary(clauses: readonly ClauseRecord[] | undefined): { text: string; complete: boolean } {
  if (!clauses || clauses.length === 0) return { text: 'no clauses declared', complete: false };
  const unchecked = clauses.filter((c) => c.status === 'unchecked').length;
  const covered = clauses.length - unchecked;
  return { text: `${covered}/${clauses.length}${unchecked > 0 ? ` (${unchecked} unchecked)` : ''}`, complete: unchecked === 0 };
}

/** The clause table of one claim; `exercised` counts the run's check records per check name (absent: not shown). */
export function clausesBlock(clauses: readonly ClauseRecord[] | undefined, exercised?: ReadonlyMap<string, number>): string {
  if (!clauses || clauses.length === 0)
    return '<h3>Clauses</h3><p class="small muted">This claim declares no clauses: which of its sentences are checked is not recorded.</p>';
  const evidence = (c: ClauseRecord) => {
    if (c.status === 'assumption') return `assumption <code>${esc(c.assumption!)}</code>`;
    if (c.status === 'unchecked') return `<em>unchecked</em>: ${esc(c.unchecked!)}`;
    return c
      .checkedBy!.map((n) => {
        const k = exercised?.get(n);
        return `<code>${esc(n)}</code>${exercised && k !== undefined ? ` <span class="muted">(${k} records)</span>` : ''}`;
      })
      .join(', ');
  };
  const rows = clauses.map(
    (c) =>
      `<tr><td><span class="badge ${STATUS_CLASS[c.status]}">${c.status}</span></td><td>${esc(c.text)}${c.note ? `<br><span class="small muted">${esc(c.note)}</span>` : ''}</td><td class="small">${evidence(c)}</td></tr>`,
  );
  const s = clauseSummary(clauses);
  return (
    `<h3>Clauses</h3><p class="small muted">Every sentence of the claim in the catalogue and what decides it: ${esc(s.text)} covered (checked, or a hypothesis encoded as an assumption).</p>` +
    `<table class="clauses"><thead><tr><th>status</th><th>clause</th><th>checked by</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

const OUTCOME_CLASS = { necessary: 'v-pass', undefined: 'v-skipped', 'not-shown': 'v-inconclusive' } as const;

/**
 * Said beside a necessity table when the claim already fails inside all its assumptions: then a
 * counterexample outside one of them shows only that the claim fails there too, not that the
 * assumption is what makes it true.
 */
export const FAILS_INSIDE =
  'This claim fails inside its assumptions too, so "necessary" below shows only that it also fails outside each, not that the assumption is what makes it true.';

export function necessityBlock(n: NecessityResult | undefined, failsInside = false): string {
  if (!n || n.rows.length === 0) return '';
  const rows = n.rows.map(
    (r) =>
      `<tr><td><code>${esc(r.assumption)}</code></td><td><code>${esc(r.expression)}</code></td><td><span class="badge ${OUTCOME_CLASS[r.outcome]}">${r.outcome}</span></td><td class="num">${r.instances}</td>` +
      `<td class="small">${esc(r.message)}${r.counterexample ? `<pre>${esc(JSON.stringify(r.counterexample.instance))}</pre>` : ''}</td></tr>`,
  );
  return (
    `<h3>Assumption necessity</h3><p class="small muted">Each assumption dropped in turn: a hunt outside it and inside the others, at most ${n.budget} instances each (seed ${n.seed}). <em>necessary</em>: a certified counterexample there; <em>undefined</em>: the predictions are not real numbers there; <em>not-shown</em>: none found, it may be superfluous (never proved). Replay or extend with <code>ncverify hunt ${esc(n.claim)} --drop-assumption NAME</code>.</p>` +
    (failsInside ? `<p class="small"><strong>${esc(FAILS_INSIDE)}</strong></p>` : '') +
    `<table class="necessity"><thead><tr><th>assumption</th><th>expression</th><th>outcome</th><th>instances</th><th>evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** One failure map as a figure; `id` keeps its SVG ids unique in the page. */
export async function mapFigure(m: HuntMap, id: string): Promise<string> {
  const fixed = Object.entries(m.base)
    .filter(([k]) => k !== m.x.name && k !== m.y.name)
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`)
    .join(', ');
  const svg = await vegaLiteSvg(phaseMapSpec(m, `${m.claim}: verdicts over ${m.x.name} x ${m.y.name}`), id);
  const c = m.counts;
  return `<figure class="figure fig-phase-map">${svg}<figcaption>Failure map of <code>${esc(m.claim)}</code>: ${c.pass} pass, ${c.fail} fail, ${c.inconclusive} inconclusive, ${c.skipped} skipped${m.unsolved ? `, ${m.unsolved} not solved` : ''}; every other parameter fixed (${esc(fixed)}); seed ${m.seed}. Redraw with <code>ncverify hunt ${esc(m.claim)} --map ${esc(m.x.name)},${esc(m.y.name)}</code>.</figcaption></figure>`;
}
