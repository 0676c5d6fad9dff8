// The brief as Markdown (`marginalia export --format brief`, and **Open Brief** in VS Code's
// Markdown preview). Everything that came from a file (quotes, notes, names, paths, tags) goes
// through inert(), so it renders as exactly its characters: a note holding `[x](command:…)`,
// `<img>` or `# heading` is text, never a link, image or heading.
import { ACH_PRINCIPLE } from '../analysis/ach';
import { pushAll } from '../arrays';
import { ownValue } from '../records';
import { clip, inert } from '../text/untrusted';
import { finish, type Sliced } from '../slices';
import type { Brief, BriefAch, BriefClaim, Evidence } from './brief';

const t = (s: string) => inert(s.replace(/\s+/g, ' ').trim());
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const day = (iso?: string) => (iso ? iso.slice(0, 10) : undefined);
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function briefMarkdown(b: Brief): string {
  return finish(briefMarkdownSliced(b));
}

/** `briefMarkdown`, pausing every few dozen claims or entities (core/slices.ts: the extension runs it in slices). */
export function* briefMarkdownSliced(b: Brief): Sliced<string> {
  // lines, joined a few thousand at a time at the pauses (one join of 5 MB took 30 ms)
  const out: string[] = [`# ${b.title}`, '', `${cap(t(b.scope))}: ${plural(b.counts.sources, 'source')}, ${plural(b.counts.claims, 'claim')} shown, ${plural(b.counts.annotations, 'annotation')} in all.`, ''];
  const joined: string[] = [];
  const settle = () => {
    if (out.length < 4096) return;
    joined.push(out.join('\n'));
    out.length = 0;
  };
  if (b.groups.length === 0) out.push('No claims match.', '');
  for (const g of b.groups) {
    out.push(`## ${cap(g.status)} — ${plural(g.claims.length, 'claim')}`, '');
    for (let i = 0; i < g.claims.length; i++) {
      pushAll(out, claim(g.claims[i], i + 1)).push('');
      if (i % 64 === 63) {
        settle();
        yield;
      }
    }
  }
  yield;
  if (b.ach) {
    yield* ach(b.ach, out);
    out.push('');
    settle();
  }
  yield;
  out.push('## Entities', '');
  if (b.entities.length === 0) out.push('No registry entity is mentioned.', '');
  else {
    out.push('| entity | type | mentions | by source |', '|---|---|---:|---|');
    for (let i = 0; i < b.entities.length; i++) {
      const e = b.entities[i];
      out.push(`| ${cell(e.name)} | ${cell(e.type)} | ${e.total} | ${e.perSource.map((p) => `${cell(p.source)} (${p.count})`).join(', ')} |`);
      if (i % 256 === 255) {
        settle();
        yield;
      }
    }
    out.push('');
  }
  settle();
  yield;
  out.push('## Caveats', '');
  if (b.caveats.length === 0) out.push('None: every annotation is placed, no merge conflict is open, every file was read.', '');
  for (let i = 0; i < b.caveats.length; i++) {
    const c = b.caveats[i];
    const what = c.what === 'orphaned' ? '**Orphaned**' : c.what === 'conflict' ? '**Merge conflict**' : '**Unreadable**';
    out.push(`- ${what} in ${t(c.source)}${c.id ? ` (${t(c.id)})` : ''}: ${t(c.message)}${c.quote ? ` — “${t(clip(c.quote, 120))}”` : ''}`);
    if (i % 256 === 255) {
      settle();
      yield;
    }
  }
  if (out.length) joined.push(out.join('\n'));
  return joined.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/** A table cell: inert, and `|` already escaped by inert (all ASCII punctuation is). */
const cell = (s: string) => t(s);

/** The ACH matrix: the hypotheses with their scores, then the claims (rows) against them (columns). */
function* ach(m: BriefAch, out: string[]): Sliced<void> {
  out.push('## Competing hypotheses', '', `${ACH_PRINCIPLE} ${m.weighting} Over the ${plural(m.claims, 'claim')} this brief shows.`, '');
  out.push('| rank | hypothesis | score | inconsistent | consistent |', '|---:|---|---:|---:|---:|');
  for (const c of m.columns) out.push(`| ${c.rank} | **${cell(c.id)}** — ${cell(c.text)}${c.note !== undefined ? ` (*${cell(c.note)}*)` : ''} | ${c.score} | ${c.inconsistent} | ${c.consistent} |`);
  out.push('');
  if (m.rows.length === 0) {
    out.push('No claim shown is rated against these hypotheses yet.');
    return;
  }
  out.push(`| claim | source | status | weight | ${m.columns.map((c) => cell(c.id)).join(' | ')} |`, `|---|---|---|---:|${m.columns.map(() => ':-:|').join('')}`);
  for (let i = 0; i < m.rows.length; i++) {
    const r = m.rows[i];
    out.push(`| “${cell(clip(r.quote, 80))}” | ${cell(r.source)} | ${r.status} | ${r.weight} | ${m.columns.map((c) => ownValue(r.ratings, c.id) ?? '·').join(' | ')} |`);
    if (i % 256 === 255) yield;
  }
  out.push('', `Claims most diagnostic first (those rating the hypotheses most differently); CC very consistent … II very inconsistent, · not assessed.${m.unrated ? ` ${plural(m.unrated, 'claim')} shown rate${m.unrated === 1 ? 's' : ''} no hypothesis and ${m.unrated === 1 ? 'is' : 'are'} not listed.` : ''}`);
}

function claim(c: BriefClaim, n: number): string[] {
  const lines = [`### ${n}. “${t(clip(c.quote, 100))}”`, ''];
  if (Array.from(c.quote).length > 100) lines.push(`> ${t(c.quote)}`, '');
  lines.push(`- **Source:** ${t(c.source)}${c.title ? ` — *${t(c.title)}*` : ''}`);
  lines.push(`- **Status:** ${c.status}${c.derived ? ' (not assessed; contradicted by another source)' : ''}${c.state !== 'anchored' ? ` · placement: ${c.state}` : ''}`);
  const grades = [
    c.credibility ? `**Credibility:** ${c.credibility.grade} — ${c.credibility.words}` : '**Credibility:** not graded',
    c.reliability ? `**Source reliability:** ${t(c.reliability.grade)} — ${c.reliability.words}` : null,
  ].filter(Boolean);
  lines.push(`- ${grades.join(' · ')}`);
  if (c.assessedBy || c.assessedAt) lines.push(`- **Assessed by** ${c.assessedBy ? t(c.assessedBy) : 'unknown'}${c.assessedAt ? `, ${t(day(c.assessedAt)!)}` : ''}`);
  if (c.tags.length) lines.push(`- **Tags:** ${c.tags.map(t).join(', ')}`);
  if (c.note !== undefined) {
    lines.push('- **Note:**', '');
    pushAll(lines, inert(c.note).split('\n').map((l) => (l === '' ? '  >' : `  > ${l}`))).push('');
  }
  for (const side of ['against', 'for', 'related'] as const) {
    const ev = c.evidence.filter((e) => e.side === side);
    if (!ev.length) continue;
    lines.push(`- **Evidence ${side === 'related' ? 'related' : side}:**`);
    for (const e of ev) lines.push(`  - ${evidence(e)}`);
  }
  return lines;
}

const RELS = {
  outgoing: { contradicts: 'contradicts', supports: 'supports', 'same-as': 'same as', 'see-also': 'see also' },
  incoming: { contradicts: 'contradicted by', supports: 'supported by', 'same-as': 'same as', 'see-also': 'referred to by' },
} as const;

function evidence(e: Evidence): string {
  const quote = e.quote === null ? '(not found)' : `“${t(clip(e.quote, 160))}”`;
  return `${RELS[e.direction][e.rel]} ${t(e.source)}${e.status ? ` (${e.status})` : ''}: ${quote}`;
}
