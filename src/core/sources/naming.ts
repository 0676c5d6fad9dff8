// How a source is named wherever it is shown (issue 14, "provenance in use"): by the title its
// provenance carries, with publisher and published date beside it, and its reliability grade;
// by its file name when it has no provenance. One wording for the Sources view, the hovers, the
// Claims tooltips, the status bar and the brief. Everything here is text from a page someone
// captured: callers render it through src/core/text/untrusted.ts (forLabel, inert), never as
// markdown, a link or a codicon. Pure: no `vscode`, no file system.
import { RELIABILITY } from '../admiralty';
import type { Provenance } from '../types';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The file name of a corpus-relative POSIX path. */
export function fileName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/** The title to show: provenance.title when it has any words, else the file name. */
export function sourceTitle(rel: string, provenance: Provenance | undefined): string {
  const t = provenance?.title?.replace(/\s+/g, ' ').trim();
  return t ? t : fileName(rel);
}

/** Whether the source is shown by a captured title (so its file name belongs in the tooltip). */
export function hasTitle(provenance: Provenance | undefined): boolean {
  return !!provenance?.title?.trim();
}

/** `2026-11-02` of an ISO 8601 time or date; anything else as it was written. */
export function shortDate(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ]|$)/.exec(s.trim());
  return m ? m[1] : s.trim();
}

/** `Publisher, 2026-11-02` (either may be missing; empty when both are). */
export function sourceByline(provenance: Provenance | undefined): string {
  const publisher = provenance?.publisher?.replace(/\s+/g, ' ').trim();
  const published = provenance?.published ? shortDate(provenance.published) : '';
  return [publisher, published].filter(Boolean).join(', ');
}

/** `B (usually reliable)`; an unknown grade as it is. */
export function reliabilityWords(grade: string): string {
  const meaning = RELIABILITY[grade.trim().toUpperCase()];
  return meaning ? `${grade} (${meaning})` : grade;
}

/**
 * How a source is cited in one line: `Title — Publisher, 2026-11-02 · reliability B (usually
 * reliable)`. Without provenance: the file name, and the grade when there is one.
 */
export function citeSource(rel: string, provenance: Provenance | undefined, reliability?: string): string {
  const byline = sourceByline(provenance);
  const head = byline ? `${sourceTitle(rel, provenance)} — ${byline}` : sourceTitle(rel, provenance);
  return reliability ? `${head} · reliability ${reliabilityWords(reliability)}` : head;
}

/** A source as the Sources view sorts it: by title (as a reader sees it), then by path, so the order is stable. */
export interface Titled {
  title: string;
  rel: string;
}

export function compareSources(a: Titled, b: Titled): number {
  return collator.compare(a.title, b.title) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
}
