/**
 * The page `ncverify hunt --map` writes next to its JSON: the claim, its failure maps as phase
 * diagrams (figures/phase-map.ts) and the cells that failed, with their instances. Static and
 * self-contained like the report's index.html (no script, no network).
 */
import type { Theorem } from '../engine/theorem.ts';
import type { HuntMap } from '../hunt/map.ts';
import { mapFigure } from './hunt-sections.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `body { font: 15px/1.5 system-ui, sans-serif; color: #101828; max-width: 1100px; margin: 0 auto; padding: 24px; }
figure { display: inline-block; margin: 0; border: 1px solid #eaecf0; border-radius: 6px; padding: 8px; }
figcaption { font-size: 13px; color: #475467; max-width: 560px; } code, pre { font: 13px ui-monospace, monospace; }
pre { background: #f2f4f7; padding: 6px 8px; white-space: pre-wrap; overflow-wrap: anywhere; } .muted { color: #667085; }`;

export async function renderHuntHtml(page: { readonly title: string; readonly claim: Theorem; readonly maps: readonly HuntMap[] }): Promise<string> {
  const parts: string[] = [];
  for (const [k, m] of page.maps.entries()) {
    parts.push(await mapFigure(m, `map${k + 1}`));
    const fails = m.cells.filter((c) => c.verdict === 'fail');
    if (fails.length > 0) {
      parts.push(
        `<h3>Failing cells</h3>${fails.map((c) => `<p><code>${esc(m.x.name)} = ${c.x.toPrecision(4)}, ${esc(m.y.name)} = ${c.y.toPrecision(4)}</code> (${esc(c.kind ?? '')}): ${esc(c.reason)}</p><pre>${esc(JSON.stringify(c.instance))}</pre>`).join('')}`,
      );
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(page.title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(page.title)}</h1><p>${esc(page.claim.paper)}, ${esc(page.claim.section)}: ${esc(page.claim.statement)}</p>
${parts.join('\n')}</body></html>
`;
}
