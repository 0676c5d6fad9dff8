// The brief as one standalone, printable HTML file (`marginalia export --format html`): no
// script, no remote resource (a Content-Security-Policy meta forbids any, should a future edit
// add one), styles inline, every file-derived string HTML-escaped, nothing from a file in an
// attribute, link or URL. Printing gives a clean A4 document; colours follow the status scale
// of the editor's highlights.
import { CREDIBILITY } from '../admiralty';
import { ACH_PRINCIPLE } from '../analysis/ach';
import { pushAll } from '../arrays';
import { ownValue } from '../records';
import { finish, type Sliced } from '../slices';
import type { AchRating } from '../types';
import type { Brief, BriefAch, BriefClaim, Evidence } from './brief';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** HTML text: markup characters as entities, controls (bidi overrides too) dropped. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const STYLE = `
body{font:15px/1.5 Georgia,"Times New Roman",serif;color:#1d1d1f;max-width:52rem;margin:2rem auto;padding:0 1.5rem}
h1{font-size:1.8rem;margin:0 0 .2rem}h2{font:600 1.15rem system-ui,sans-serif;border-bottom:2px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
.lede{color:#555}.claim{border-left:5px solid #999;padding:.3rem 0 .3rem 1rem;margin:1rem 0;break-inside:avoid}
.disputed{border-color:#d97706}.refuted{border-color:#c0262d}.unverified{border-color:#8a8f98}.corroborated{border-color:#2f855a}
blockquote{margin:.2rem 0 .5rem;font-size:1.05rem;font-style:italic}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0;font:13px/1.5 system-ui,sans-serif}
dt{color:#555}dd{margin:0}.note{white-space:pre-wrap}
ul.ev{margin:.2rem 0;padding-left:1.2rem}.against{color:#9b2c2c}.for{color:#276749}
.badge{font:600 11px system-ui,sans-serif;text-transform:uppercase;letter-spacing:.04em;padding:.1rem .4rem;border-radius:3px;color:#fff;background:#8a8f98}
.badge.disputed{background:#d97706}.badge.refuted{background:#c0262d}.badge.corroborated{background:#2f855a}
table{border-collapse:collapse;width:100%;font:13px system-ui,sans-serif}th,td{text-align:left;border-bottom:1px solid #ddd;padding:.25rem .4rem;vertical-align:top}
td.n{text-align:right}.caveat{font:13px system-ui,sans-serif}
table.ach{margin-top:1rem}td.r{text-align:center;font-weight:600}.r-i{color:#9b2c2c}.r-c{color:#276749}.r-n{color:#555}.weighting{font:13px/1.5 system-ui,sans-serif;color:#555}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}a{color:inherit}}
`;

export function briefHtml(b: Brief): string {
  return finish(briefHtmlSliced(b));
}

/** `briefHtml`, pausing every few dozen claims or entities (core/slices.ts: the extension runs it in slices). */
export function* briefHtmlSliced(b: Brief): Sliced<string> {
  const parts: string[] = [];
  parts.push(`<h1>${esc(b.title)}</h1>`);
  parts.push(`<p class="lede">${esc(cap(b.scope))}: ${plural(b.counts.sources, 'source')}, ${plural(b.counts.claims, 'claim')} shown, ${plural(b.counts.annotations, 'annotation')} in all.</p>`);
  if (b.groups.length === 0) parts.push('<p>No claims match.</p>');
  for (const g of b.groups) {
    parts.push(`<h2>${esc(cap(g.status))} — ${plural(g.claims.length, 'claim')}</h2>`);
    for (let i = 0; i < g.claims.length; i++) {
      parts.push(claim(g.claims[i]));
      if (i % 64 === 63) yield;
    }
  }
  yield;
  if (b.ach) pushAll(parts, ach(b.ach));
  yield;
  parts.push('<h2>Entities</h2>');
  if (b.entities.length === 0) parts.push('<p>No registry entity is mentioned.</p>');
  else {
    parts.push('<table><thead><tr><th>Entity</th><th>Type</th><th>Mentions</th><th>By source</th></tr></thead><tbody>');
    for (let i = 0; i < b.entities.length; i++) {
      const e = b.entities[i];
      parts.push(`<tr><td>${esc(e.name)}</td><td>${esc(e.type)}</td><td class="n">${e.total}</td><td>${e.perSource.map((p) => `${esc(p.source)} (${p.count})`).join(', ')}</td></tr>`);
      if (i % 256 === 255) yield;
    }
    parts.push('</tbody></table>');
  }
  yield;
  parts.push('<h2>Caveats</h2>');
  if (b.caveats.length === 0) parts.push('<p class="caveat">None: every annotation is placed, no merge conflict is open, every file was read.</p>');
  else {
    parts.push('<ul class="caveat">');
    for (let i = 0; i < b.caveats.length; i++) {
      const c = b.caveats[i];
      if (i % 256 === 255) yield;
      const what = c.what === 'orphaned' ? 'Orphaned' : c.what === 'conflict' ? 'Merge conflict' : 'Unreadable';
      parts.push(`<li><strong>${what}</strong> in ${esc(c.source)}${c.id ? ` (${esc(c.id)})` : ''}: ${esc(c.message)}${c.quote ? ` — “${esc(c.quote)}”` : ''}</li>`);
    }
    parts.push('</ul>');
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(b.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    ...parts,
    '</body></html>',
    '',
  ].join('\n');
}

/** A cell's class by rating, from this table only: nothing from a file reaches an attribute. */
const RATING_CLASS: Record<AchRating, string> = { CC: 'r r-c', C: 'r r-c', N: 'r r-n', I: 'r r-i', II: 'r r-i' };

/** The ACH matrix, as the Markdown brief gives it: scores per hypothesis, then claims × hypotheses. */
function ach(m: BriefAch): string[] {
  const out = ['<h2>Competing hypotheses</h2>', `<p class="weighting">${esc(ACH_PRINCIPLE)} ${esc(m.weighting)} Over the ${plural(m.claims, 'claim')} this brief shows.</p>`];
  out.push('<table><thead><tr><th>Rank</th><th>Hypothesis</th><th>Score</th><th>Inconsistent</th><th>Consistent</th></tr></thead><tbody>');
  for (const c of m.columns) {
    out.push(`<tr><td class="n">${c.rank}</td><td><strong>${esc(c.id)}</strong> — ${esc(c.text)}${c.note !== undefined ? ` <em>(${esc(c.note)})</em>` : ''}</td><td class="n">${c.score}</td><td class="n">${c.inconsistent}</td><td class="n">${c.consistent}</td></tr>`);
  }
  out.push('</tbody></table>');
  if (m.rows.length === 0) {
    out.push('<p>No claim shown is rated against these hypotheses yet.</p>');
    return out;
  }
  out.push(`<table class="ach"><thead><tr><th>Claim</th><th>Source</th><th>Status</th><th>Weight</th>${m.columns.map((c) => `<th>${esc(c.id)}</th>`).join('')}</tr></thead><tbody>`);
  for (const r of m.rows) {
    const cells = m.columns.map((c) => {
      const v = ownValue(r.ratings, c.id);
      return v ? `<td class="${RATING_CLASS[v]}">${v}</td>` : '<td class="r r-n">·</td>';
    });
    out.push(`<tr><td>“${esc(r.quote)}”</td><td>${esc(r.source)}</td><td>${esc(r.status)}</td><td class="n">${r.weight}</td>${cells.join('')}</tr>`);
  }
  out.push('</tbody></table>');
  const unrated = m.unrated ? ` ${plural(m.unrated, 'claim')} shown rate${m.unrated === 1 ? 's' : ''} no hypothesis and ${m.unrated === 1 ? 'is' : 'are'} not listed.` : '';
  out.push(`<p class="weighting">Claims most diagnostic first (those rating the hypotheses most differently); CC very consistent … II very inconsistent, · not assessed.${unrated}</p>`);
  return out;
}

function claim(c: BriefClaim): string {
  const rows: [string, string][] = [];
  rows.push(['Source', `${esc(c.source)}${c.title ? ` — <em>${esc(c.title)}</em>` : ''}`]);
  rows.push(['Credibility', c.credibility ? `${c.credibility.grade} — ${esc(CREDIBILITY[c.credibility.grade] ?? '')}` : 'not graded']);
  if (c.reliability) rows.push(['Source reliability', `${esc(c.reliability.grade)} — ${esc(c.reliability.words)}`]);
  if (c.assessedBy || c.assessedAt) rows.push(['Assessed by', `${esc(c.assessedBy ?? 'unknown')}${c.assessedAt ? `, ${esc(c.assessedAt.slice(0, 10))}` : ''}`]);
  if (c.tags.length) rows.push(['Tags', c.tags.map(esc).join(', ')]);
  if (c.state !== 'anchored') rows.push(['Placement', esc(c.state)]);
  if (c.note !== undefined) rows.push(['Note', `<span class="note">${esc(c.note)}</span>`]);
  const ev = (['against', 'for', 'related'] as const).map((side) => {
    const list = c.evidence.filter((e) => e.side === side);
    return list.length ? [`Evidence ${side}`, `<ul class="ev ${side}">${list.map((e) => `<li>${evidence(e)}</li>`).join('')}</ul>`] as [string, string] : null;
  });
  for (const r of ev) if (r) rows.push(r);
  return [
    `<section class="claim ${c.status}">`,
    `<span class="badge ${c.status}">${c.status}</span>${c.derived ? ' <small>(not assessed; contradicted by another source)</small>' : ''}`,
    `<blockquote>“${esc(c.quote)}”</blockquote>`,
    `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    '</section>',
  ].join('\n');
}

const RELS = {
  outgoing: { contradicts: 'contradicts', supports: 'supports', 'same-as': 'same as', 'see-also': 'see also' },
  incoming: { contradicts: 'contradicted by', supports: 'supported by', 'same-as': 'same as', 'see-also': 'referred to by' },
} as const;

function evidence(e: Evidence): string {
  const quote = e.quote === null ? '(not found)' : `“${esc(e.quote)}”`;
  return `${RELS[e.direction][e.rel]} ${esc(e.source)}${e.status ? ` (${e.status})` : ''}: ${quote}`;
}
