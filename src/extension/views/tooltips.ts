// Tooltips for reviewers. Everything that comes from a sidecar or the registry is untrusted
// (issue 8): it goes in through `inert` (src/core/text/untrusted.ts, shared with the hovers),
// and no MarkdownString here is ever trusted, so no text can become a link, HTML or codicon.
import * as vscode from 'vscode';
import type { Corpus, SourceEntry } from '../../core/corpus';
import type { Annotation, ClaimStatus, Entity } from '../../core/types';
import { citeSource, fileName, hasTitle, shortDate, sourceByline, sourceTitle } from '../../core/sources/naming';
import { inert } from '../../core/text/untrusted';
import { clip, credibilityText, reliabilityText } from './presentation';
import { plural, STATUS_ORDER, type Counts, type Review, type SidecarHealth } from './summary';

function untrusted(): vscode.MarkdownString {
  // theme icons on before any text goes in, so `$(…)` in file text is escaped, not drawn
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** Appends text from a file, as exactly that text (see `inert`). */
export function appendUntrusted(md: vscode.MarkdownString, text: string): void {
  md.appendMarkdown(inert(text));
}

/** A bold fixed label followed by file text. */
function field(md: vscode.MarkdownString, label: string, text: string): void {
  md.appendMarkdown(`**${label}:** `);
  appendUntrusted(md, text);
  md.appendMarkdown('  \n');
}

export function sourceTooltip(rel: string, entry: SourceEntry, corpus: Corpus, counts: Counts, health: SidecarHealth, changed: string | null = null): vscode.MarkdownString {
  const md = untrusted();
  const sidecar = entry.parsed?.sidecar;
  const p = sidecar?.provenance;
  // the captured title, publisher and dates are page text: inert, never a link (not even `url`)
  md.appendMarkdown('**');
  appendUntrusted(md, sourceTitle(rel, p));
  md.appendMarkdown('**\n\n');
  const byline = sourceByline(p);
  if (byline) {
    appendUntrusted(md, byline);
    md.appendMarkdown('\n\n');
  }
  if (hasTitle(p) || fileName(rel) !== rel) field(md, 'File', rel);
  if (p?.author) field(md, 'Author', p.author);
  if (p?.url) field(md, 'From', p.url);
  else if (p?.capturedFrom) field(md, 'From', p.capturedFrom);
  if (p?.retrieved) field(md, 'Captured', shortDate(p.retrieved));
  if (sidecar?.reliability) field(md, 'Source reliability', reliabilityText(sidecar.reliability));
  if (changed) {
    md.appendMarkdown('\n\n$(warning) **Changed since captured');
    if (p?.retrieved) {
      // (inert trims each line: the space stays outside it)
      md.appendMarkdown(' on ');
      appendUntrusted(md, shortDate(p.retrieved));
    }
    md.appendMarkdown('**: the text no longer matches the hash taken at capture, so it may not be the text that was assessed. Review it, then run *Accept Source Change*.\n\n');
  }
  if (counts.claimTotal) {
    const parts = STATUS_ORDER.filter((s) => counts.claims[s]).map((s) => `${counts.claims[s]} ${s}`);
    field(md, `Claims (${counts.claimTotal})`, parts.join(', '));
  } else md.appendMarkdown('No claims assessed  \n');
  const top = topEntities(corpus, entry, 5);
  if (counts.entities) field(md, `Entities (${counts.entities})`, top.join(', ') + (counts.entities > top.length ? ', …' : ''));
  if (counts.notes) md.appendMarkdown(`**Notes (${counts.notes})**  \n`);
  if (counts.orphans) {
    md.appendMarkdown(`\n\n$(warning) **${plural(counts.orphans, 'orphaned annotation')}**: the quoted text is no longer in the source. Select the text and run *Re-attach Orphan to Selection*.\n\n`);
  }
  if (health.conflict) md.appendMarkdown('\n\n$(error) **The sidecar has unresolved git conflict markers.** Nothing is written to it until they are resolved (*Resolve Sidecar Conflict*).\n\n');
  for (const p of [...health.errors, ...health.warnings].slice(0, 5)) {
    md.appendMarkdown(`${p.severity === 'error' ? '$(error)' : '$(warning)'} line ${p.line}: `);
    appendUntrusted(md, p.message);
    md.appendMarkdown('  \n');
  }
  if (!health.hasSidecar) md.appendMarkdown('\n\n*No annotations yet: entities are found through the registry.*');
  return md;
}

/** The most mentioned entities of a source, with their counts. */
function topEntities(corpus: Corpus, entry: SourceEntry, n: number): string[] {
  const counts = new Map<string, number>();
  for (const m of corpus.mentions(entry)) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
  for (const p of entry.placements) {
    if (p.annotation.kind === 'entity' && p.annotation.entity && p.result.start !== null) counts.set(p.annotation.entity, (counts.get(p.annotation.entity) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([id, k]) => `${corpus.entity(id)?.name ?? id} ×${k}`);
}

export interface AnnotationFacts {
  rel: string;
  annotation: Annotation;
  status: ClaimStatus | undefined;
  orphaned: boolean;
  /** Set when the claim's words changed since it was assessed. */
  review?: Review;
  entity: Entity | undefined;
  corpus: Corpus;
}

export function annotationTooltip(f: AnnotationFacts): vscode.MarkdownString {
  const a = f.annotation;
  const md = untrusted();
  if (a.kind === 'claim') {
    md.appendMarkdown(`**Claim** · ${f.status ?? 'unverified'}${!a.status ? ' *(not assessed; derived from links)*' : ''}  \n`);
    if (a.credibility !== undefined) md.appendMarkdown(`Credibility ${credibilityText(a.credibility)}  \n`);
    // the source as it is cited (issue 14): title — publisher, date · reliability
    const s = f.corpus.get(f.rel)?.parsed?.sidecar;
    if (s?.provenance || s?.reliability) field(md, 'Source', citeSource(f.rel, s.provenance, s.reliability));
  } else if (a.kind === 'entity') {
    md.appendMarkdown('**Entity** · ');
    appendUntrusted(md, f.entity ? `${f.entity.name} (${f.entity.type})` : `${a.entity ?? '?'} (not in the registry)`);
    md.appendMarkdown('  \n');
  } else md.appendMarkdown('**Note**  \n');
  md.appendMarkdown('\n> ');
  appendUntrusted(md, clip(a.quote, 200));
  md.appendMarkdown('\n\n');
  if (a.note) {
    appendUntrusted(md, a.note);
    md.appendMarkdown('\n\n');
  }
  for (const l of a.links ?? []) {
    const t = f.corpus.resolve(f.rel, l).target;
    md.appendMarkdown(`*${l.rel}* `);
    appendUntrusted(md, t ? `“${clip(t.annotation.quote, 60)}” (${t.source})` : `${l.to} (not found)`);
    md.appendMarkdown('  \n');
  }
  const by = [a.author, (a.updated ?? a.created)?.slice(0, 10)].filter(Boolean).join(', ');
  if (by) {
    md.appendMarkdown('\n\n');
    appendUntrusted(md, by);
  }
  if (f.review) {
    md.appendMarkdown('\n\n$(diff) **Needs review**: the words changed since it was assessed. Now: ');
    appendUntrusted(md, `“${clip(f.review.current, 200)}”`);
    md.appendMarkdown('. Run *Confirm Claim Text* to accept them.');
  }
  for (const c of a.conflicts ?? []) {
    md.appendMarkdown('\n\n$(git-merge) **Merge conflict** on ');
    appendUntrusted(md, `${c.field}: ${c.values.map((v) => (v.deleted || !('value' in v) ? 'removed' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value)) + (v.author ? ` (${v.author})` : '')).join(' / ')}`);
    md.appendMarkdown('. Run *Resolve Sidecar Conflict*.');
  }
  if (f.orphaned) md.appendMarkdown('\n\n$(warning) **Orphaned**: this text is no longer in the source. Select where it belongs and run *Re-attach Orphan to Selection*.');
  return md;
}

export function entityTooltip(e: Entity | undefined, id: string, mentions: number, documents: number): vscode.MarkdownString {
  const md = untrusted();
  md.appendMarkdown('**');
  appendUntrusted(md, e?.name ?? id);
  md.appendMarkdown('**');
  if (e) {
    md.appendMarkdown(' · ');
    appendUntrusted(md, e.type);
  } else md.appendMarkdown(' · *not in the registry*');
  md.appendMarkdown('\n\n');
  if (e?.aliases.length) field(md, 'Also', e.aliases.map((a) => a.text).join(', '));
  if (e?.note) {
    appendUntrusted(md, e.note);
    md.appendMarkdown('\n\n');
  }
  md.appendMarkdown(`${plural(mentions, 'mention')} in ${plural(documents, 'source')}`);
  return md;
}
