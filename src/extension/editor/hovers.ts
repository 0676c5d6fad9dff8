// Hovers for reviewers: what an entity is and where else it appears, how far a claim can be
// trusted and what the evidence for and against it says, and the analyst's notes. Spans come
// from LiveDocuments, so a hover agrees with the highlights while the source is being edited.
// All file content is rendered through markdown.ts (plain text, no links, no HTML).
// For a team (issue 9) a claim's hover also says who set its status and credibility and what
// they replaced (from the annotation's history), shows a claim whose words changed since it was
// assessed as a word diff with a Confirm link, and shows a merge conflict with each side's value,
// who set it and when, and a Resolve link.
import * as vscode from 'vscode';
import { whenHoverLine } from '../analysis/whenSuggestion';
import { CREDIBILITY, RELIABILITY } from '../../core/admiralty';
import { isSidecarPath } from '../../core/format';
import { distinctMentions } from '../../core/corpus';
import { creditFor, sameValue, setBy, type HistoryEntry } from '../../core/review/history';
import { wordDiff } from '../../core/review/words';
import { sourceByline, sourceTitle } from '../../core/sources/naming';
import type { Annotation, Entity, FieldConflict } from '../../core/types';
import { Commands } from '../ids';
import { isConflicted, reviewOf, type Review } from '../views/summary';
import type { CorpusRoot, CorpusStore } from '../store/corpusStore';
import { evidenceLines } from './evidence';
import type { AnnotationSpan, LiveDocument, LiveDocuments } from './liveDocuments';
import { inert, inertQuote } from '../../core/text/untrusted';
import { actionLink, revealLink, section, type Action } from './markdown';
import { REVIEW_ACTIONS, reviewActionRow, reviewStateLine } from '../review/hoverRow';
import { firstEndingAfter } from '../../core/spans';

/** How many other documents an entity hover lists before summing up the rest. */
const MAX_DOCUMENT_LINKS = 8;

interface Hit {
  start: number;
  end: number;
  render(texts: OtherTexts): vscode.MarkdownString;
}

/** Other sources' texts a hover's links need (the corpus keeps only open sources' texts; issue 15): those read, and those still wanted. */
interface OtherTexts {
  got: Map<string, string>;
  wanted: Set<string>;
}

export class Hovers implements vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly store: CorpusStore,
    private readonly live: LiveDocuments,
  ) {
    // every language: sources are chosen by glob, not by language id; non-sources get nothing
    this.registration = vscode.languages.registerHoverProvider('*', { provideHover: (d, p) => this.provide(d, p) });
  }

  async provide(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    // a sidecar maps to its source in the store, but its own text is YAML, not the source
    if (isSidecarPath(document.uri.path)) return undefined;
    const doc = this.live.get(document);
    if (!doc) return undefined;
    const offset = document.offsetAt(position);
    const hits = this.hitsAt(doc, offset);
    if (hits.length === 0) return undefined;
    // the innermost span is what the pointer is on; sections go outermost claim first
    const inner = hits.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
    const range = new vscode.Range(document.positionAt(inner.start), document.positionAt(inner.end));
    const texts: OtherTexts = { got: new Map(), wanted: new Set() };
    let rendered = hits.map((h) => h.render(texts));
    if (texts.wanted.size) {
      for (const source of texts.wanted) {
        const text = await this.store.textOf({ root: doc.ref.root, rel: source });
        if (text !== null) texts.got.set(source, text);
      }
      texts.wanted.clear();
      rendered = hits.map((h) => h.render(texts));
    }
    return new vscode.Hover(rendered, range);
  }

  private hitsAt(doc: LiveDocument, offset: number): Hit[] {
    const root = doc.ref.root;
    const under = (s: { start: number; end: number }) => s.start <= offset && offset < s.end;
    const spans = doc.annotations.filter(under);
    const order = { claim: 0, note: 1, entity: 2 } as const;
    spans.sort((a, b) => order[a.annotation.kind] - order[b.annotation.kind] || a.start - b.start);
    const hits: Hit[] = spans.map((s) => ({
      start: s.start,
      end: s.end,
      render: (texts) => (s.annotation.kind === 'claim' ? this.claim(doc, s) : s.annotation.kind === 'note' ? this.note(doc, s) : this.entityAnnotation(doc, s, texts)),
    }));
    const mention = findMention(doc, offset);
    const annotated = new Set(spans.filter((s) => s.annotation.kind === 'entity').map((s) => s.annotation.entity));
    if (mention && !annotated.has(mention.entity)) {
      const entity = root.corpus.entity(mention.entity);
      if (entity) hits.push({ start: mention.start, end: mention.end, render: (texts) => this.entity(doc, entity, texts) });
    }
    return hits;
  }

  private entity(doc: LiveDocument, e: Entity, texts: OtherTexts, md = section()): vscode.MarkdownString {
    const root = doc.ref.root;
    md.appendMarkdown(`$(symbol-field) **${inert(e.name)}** · ${inert(e.type)}\n\n`);
    const aliases = e.aliases.map((a) => a.text).filter((t) => t !== e.name);
    if (aliases.length) md.appendMarkdown(`*Also:* ${aliases.map((a) => inertQuote(a, 60)).join(' · ')}\n\n`);
    if (e.note) md.appendMarkdown(`${inert(e.note)}\n\n`);

    // a hand-marked mention the registry also matches counts once, as in mentionsOf (issue 9, bug 3)
    const marked = doc.annotations.filter((s) => s.annotation.kind === 'entity' && s.annotation.entity === e.id).map((s) => ({ entity: e.id, start: s.start, end: s.end }));
    const here = marked.length + distinctMentions(doc.mentions.filter((m) => m.entity === e.id), marked).length;
    const elsewhere = new Map<string, { count: number; first: { start: number; end: number; annotation?: Annotation } }>();
    for (const m of root.corpus.mentionsOf(e.id)) {
      if (m.source === doc.ref.rel) continue;
      const seen = elsewhere.get(m.source);
      if (seen) seen.count++;
      else elsewhere.set(m.source, { count: 1, first: m });
    }
    const total = here + [...elsewhere.values()].reduce((n, d) => n + d.count, 0);
    const docs = elsewhere.size + (here > 0 ? 1 : 0);
    md.appendMarkdown(`**Mentions:** ${plural(here, 'time')} in this document · ${plural(total, 'time')} in ${plural(docs, 'document')}\n\n`);
    const links = [...elsewhere].slice(0, MAX_DOCUMENT_LINKS).map(([source, d]) => {
      const uri = this.store.uriOf(root, source).toString();
      const args = d.first.annotation ? { source: uri, id: d.first.annotation.id } : { source: uri, ...utf16Range(root, source, d.first, texts) };
      return `${revealLink(source, args)} (${d.count})`;
    });
    if (elsewhere.size > MAX_DOCUMENT_LINKS) links.push(`and ${plural(elsewhere.size - MAX_DOCUMENT_LINKS, 'more document')}`);
    if (links.length) md.appendMarkdown(`*Also in:* ${links.join(' · ')}\n\n`);
    return md;
  }

  private entityAnnotation(doc: LiveDocument, s: AnnotationSpan, texts: OtherTexts): vscode.MarkdownString {
    const a = s.annotation;
    const entity = a.entity ? doc.ref.root.corpus.entity(a.entity) : undefined;
    const md = section(isConflicted(a) ? [Commands.resolveConflict] : []);
    if (isConflicted(a)) conflictSection(md, a, { source: doc.ref.uri.toString(), id: a.id });
    if (entity) this.entity(doc, entity, texts, md);
    else md.appendMarkdown(`$(symbol-field) **Entity** · ${a.entity ? `${inert(a.entity)} (not in the registry)` : 'no registry entry'}\n\n`);
    md.appendMarkdown(`---\n\n*Marked here as this entity*${byline(a)}\n\n`);
    if (a.note) md.appendMarkdown(`${inert(a.note)}\n\n`);
    this.anchorState(md, s);
    return md;
  }

  private claim(doc: LiveDocument, s: AnnotationSpan): vscode.MarkdownString {
    const a = s.annotation;
    const { corpus } = doc.ref.root;
    // the words as the editor shows them now, saved or not
    const review = reviewOf(a, doc.document.getText(new vscode.Range(doc.document.positionAt(s.start), doc.document.positionAt(s.end))));
    const actions: Action[] = [];
    if (review) actions.push(Commands.confirmClaimText);
    if (isConflicted(a)) actions.push(Commands.resolveConflict);
    actions.push(...REVIEW_ACTIONS, Commands.revealInClaims);
    const md = section(actions);
    const status = corpus.statusOf(doc.ref.rel, a);
    const derived = !a.status && status === 'disputed';
    md.appendMarkdown(`$(${STATUS_ICON[status]}) **Claim — ${status}**`);
    md.appendMarkdown(derived ? ' *(not assessed: disputed because a claim in another source contradicts it)*\n\n' : a.status ? '\n\n' : ' *(not assessed yet)*\n\n');
    const args = { source: doc.ref.uri.toString(), id: a.id };
    // a status in conflict is only the ancestor's: the conflict section says who set what
    if (a.status && !a.conflicts?.some((c) => c.field === 'status')) {
      const t = trail(a, 'status', (v) => (typeof v === 'string' ? v : 'not assessed'));
      if (t) md.appendMarkdown(`*${a.status} — ${t}*\n\n`);
    }
    if (review) this.needsReview(md, review, args);
    if (isConflicted(a)) conflictSection(md, a, args);
    const grades: string[] = [];
    if (a.credibility !== undefined) {
      const t = historyOf(a).some((e) => e.field === 'credibility') ? trail(a, 'credibility', (v) => (typeof v === 'number' ? String(v) : 'not graded')) : undefined;
      grades.push(`Credibility **${a.credibility}** — ${CREDIBILITY[a.credibility] ?? 'unknown'}${t ? ` *(${t})*` : ''}`);
    }
    const sidecar = corpus.get(doc.ref.rel)?.parsed?.sidecar;
    const reliability = sidecar?.reliability;
    const grade = reliability && `Source reliability **${inert(reliability)}** — ${RELIABILITY[reliability] ?? 'unknown'}`;
    // a captured source is named as it is cited (issue 14): title — publisher, date, with its grade
    if (sidecar?.provenance) {
      const byline = sourceByline(sidecar.provenance);
      md.appendMarkdown(`*Source:* **${inertQuote(sourceTitle(doc.ref.rel, sidecar.provenance), 120)}**${byline ? ` — ${inertQuote(byline, 80)}` : ''}${grade ? ` · ${grade}` : ''}\n\n`);
    } else if (grade) grades.push(grade);
    if (grades.length) md.appendMarkdown(`${grades.join(' · ')}\n\n`);
    md.appendMarkdown(whenHoverLine(doc, s)); // issue 13: the claim's date, or the one its sentence suggests
    if (a.note) md.appendMarkdown(`${inert(a.note)}\n\n`);
    if (a.tags?.length) md.appendMarkdown(`*Tags:* ${a.tags.map((t) => inertQuote(t, 40)).join(', ')}\n\n`);
    const by = byline(a);
    if (by) md.appendMarkdown(`*${by.slice(3)}*\n\n`);
    // the diff above already says how the text changed
    if (!review) this.anchorState(md, s);
    const evidence = evidenceLines(this.store, doc.ref, a);
    if (evidence.length) md.appendMarkdown(`**Evidence**\n\n${evidence.map((l) => `- ${l}`).join('\n')}\n\n`);
    // the review loop (issue 11): the verdict, who and when, and the reviewer's actions
    md.appendMarkdown(`---\n\n${reviewStateLine(a)}\n\n${reviewActionRow(args)}\n\n${actionLink('Reveal in Claims View', Commands.revealInClaims, args)}\n\n`);
    return md;
  }

  /** The assessed words against the words now there, whole, and the way to accept them. */
  private needsReview(md: vscode.MarkdownString, review: Review, args: { source: string; id: string }): void {
    md.appendMarkdown(`$(diff) **Needs review: the words changed since this claim was assessed**\n\n`);
    md.appendMarkdown(`${diffMarkdown(review.assessed, review.current)}\n\n`);
    md.appendMarkdown(`*Struck out: only in the assessed text; bold: only in the text now.* ${actionLink('Confirm Claim Text', Commands.confirmClaimText, args)} accepts the new words.\n\n`);
  }

  private note(doc: LiveDocument, s: AnnotationSpan): vscode.MarkdownString {
    const a = s.annotation;
    const md = section(isConflicted(a) ? [Commands.resolveConflict] : []);
    if (isConflicted(a)) conflictSection(md, a, { source: doc.ref.uri.toString(), id: a.id });
    md.appendMarkdown(`$(note) **Note**${byline(a)}\n\n`);
    md.appendMarkdown(a.note ? `${inert(a.note)}\n\n` : '*(empty note)*\n\n');
    if (a.tags?.length) md.appendMarkdown(`*Tags:* ${a.tags.map((t) => inertQuote(t, 40)).join(', ')}\n\n`);
    this.anchorState(md, s);
    const related = evidenceLines(this.store, doc.ref, a);
    if (related.length) md.appendMarkdown(`**Related**\n\n${related.map((l) => `- ${l}`).join('\n')}\n\n`);
    return md;
  }

  private anchorState(md: vscode.MarkdownString, s: AnnotationSpan): void {
    if (s.state !== 'fuzzy') return;
    const pct = Math.round(s.confidence * 100);
    md.appendMarkdown(`$(warning) *Found by approximate match (${pct}%): the text has changed since it was annotated as* “${inertQuote(s.annotation.quote, 120)}”\n\n`);
  }

  dispose(): void {
    this.registration.dispose();
  }
}

const STATUS_ICON = { disputed: 'warning', refuted: 'error', unverified: 'question', corroborated: 'pass' } as const;

function historyOf(a: Annotation): readonly HistoryEntry[] {
  return a.history ?? [];
}

/**
 * Who set a field's value and what it replaced, as a reviewer reads it: `set by Ben Byrne,
 * 29 Nov 2026 (was unverified, Ana Analyst, 28 Nov)`. From the last history entry for the
 * field; the value before it is credited to the entry before that, else to the creator. With
 * no history, the creator set it. Escaped; undefined when nothing says who.
 */
function trail(a: Annotation, field: string, show: (v: unknown) => string): string | undefined {
  const history = historyOf(a);
  const last = setBy({ history: [...history], author: a.author, created: a.created }, field);
  if (!last.by && !last.at) return undefined;
  // a last entry that did not set the value shown (a hand edit since, a merge) says nothing about it
  const lastEntry = [...history].reverse().find((e) => e.field === field);
  if (lastEntry && 'to' in lastEntry && !sameValue(lastEntry.to, (a as unknown as Record<string, unknown>)[field])) return undefined;
  let out = `set by ${last.by ? inertQuote(last.by, 60) : 'someone'}${last.at ? `, ${inert(longDate(last.at))}` : ''}`;
  let i = history.length - 1;
  while (i >= 0 && history[i].field !== field) i--;
  if (i < 0) return out;
  let j = i - 1;
  while (j >= 0 && history[j].field !== field) j--;
  const prevBy = j >= 0 ? history[j].by : a.author;
  const prevAt = j >= 0 ? history[j].at : a.created;
  const was = [inertQuote(show(last.hasFrom ? last.from : undefined), 60), prevBy && inertQuote(prevBy, 60), prevAt && inert(shortDate(prevAt, last.at))].filter(Boolean);
  out += ` (was ${was.join(', ')})`;
  return out;
}

/** Each value of each conflict, who set it and when, and the way to settle it. */
function conflictSection(md: vscode.MarkdownString, a: Annotation, args: { source: string; id: string }): void {
  for (const c of a.conflicts ?? []) {
    const field = c.field === 'annotation' ? 'the annotation (deleted on one side, changed on the other)' : `\`${inert(c.field)}\``;
    const base = c.field !== 'annotation' && c.base !== undefined ? `; \`${inert(c.field)}\` stays ${inertQuote(showValue(c.base), 80)} until it is resolved` : '';
    md.appendMarkdown(`$(git-merge) **Merge conflict on ${field}**${base}\n\n`);
    md.appendMarkdown(`${c.values.map((v) => `- ${conflictValue(a, c, v)}`).join('\n')}\n\n`);
  }
  md.appendMarkdown(`${actionLink('Resolve Sidecar Conflict', Commands.resolveConflict, args)} picks the value that stays.\n\n`);
}

function conflictValue(a: Annotation, c: FieldConflict, v: FieldConflict['values'][number]): string {
  const what = c.field === 'annotation' ? (v.deleted ? '**deleted**' : '**kept, changed**') : v.deleted || !('value' in v) ? '**removed**' : `**${inertQuote(showValue(v.value), 120)}**`;
  // who set it: the history says best (the merge keeps both sides' entries), else what the merge recorded
  const credit = c.field === 'annotation' || v.deleted ? undefined : creditFor(historyOf(a), c.field, v.value);
  const by = credit?.by ?? v.author ?? a.updatedBy ?? a.author;
  const at = credit?.at ?? v.updated;
  const who = [by && `set by ${inertQuote(by, 60)}`, at && inert(longDate(at))].filter(Boolean).join(', ');
  return who ? `${what} — ${who}` : what;
}

function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

/**
 * The assessed text into the current one, word by word, whole: deletions struck out and
 * insertions bold. Each piece is escaped (`inert`) before its markers go round it; white space
 * stays outside the markers, as emphasis needs.
 */
export function diffMarkdown(assessed: string, current: string): string {
  return wordDiff(assessed, current)
    .map((op) => {
      const flat = op.text.replace(/\s+/g, ' ');
      const m = /^( ?)(.*?)( ?)$/s.exec(flat)!;
      const core = m[2] === '' ? '' : inert(m[2]);
      if (core === '') return flat === '' ? '' : ' ';
      const wrapped = op.op === 'del' ? `~~${core}~~` : op.op === 'ins' ? `**${core}**` : core;
      return `${m[1]}${wrapped}${m[3]}`;
    })
    .join('');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `29 Nov 2026` from an ISO time (UTC, as stored); anything else as written, cut. */
function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m && MONTHS[Number(m[2]) - 1] ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : iso.slice(0, 40);
}

/** `28 Nov` when in the same year as `than`, else the long form. */
function shortDate(iso: string, than: string | undefined): string {
  const long = longDate(iso);
  return than && /^\d{4}/.test(iso) && iso.slice(0, 4) === than.slice(0, 4) ? long.replace(/ \d{4}$/, '') : long;
}

/** ` · author · date`, or '' — escaped. */
function byline(a: Annotation): string {
  const parts: string[] = [];
  if (a.author) parts.push(inertQuote(a.author, 60));
  const created = day(a.created);
  const updated = day(a.updated);
  if (created) parts.push(`created ${inert(created)}`);
  if (updated && updated !== created) parts.push(`updated ${inert(updated)}`);
  return parts.length ? ` · ${parts.join(' · ')}` : '';
}

/** The date part of an ISO timestamp; anything else as written (it is escaped later). */
function day(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ]|$)/.exec(iso);
  return m ? m[1] : iso.slice(0, 40);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The registry mention under `offset` (mentions are sorted and do not overlap). */
function findMention(doc: LiveDocument, offset: number): { start: number; end: number; entity: string } | undefined {
  const m = doc.mentions[firstEndingAfter(doc.mentions, offset)];
  return m && m.start <= offset && offset < m.end ? m : undefined;
}

/** A stored mention (code points in the file on disk) as the UTF-16 range the editor uses. */
function utf16Range(root: CorpusRoot, source: string, m: { start: number; end: number }, texts: OtherTexts): { start: number; end: number } {
  const entry = root.corpus.get(source);
  const text = entry?.text ?? texts.got.get(source) ?? '';
  if (entry?.readable && entry.text === null && !texts.got.has(source)) texts.wanted.add(source);
  // walks only up to the mention: O(offset), for the one link per document a hover shows
  const at = (points: number, from = 0, fromPoints = 0): number => {
    let units = from;
    for (let p = fromPoints; p < points && units < text.length; p++) {
      const c = text.charCodeAt(units);
      units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
    }
    return units;
  };
  const start = at(m.start);
  return { start, end: at(m.end, start, m.start) };
}
