// The entity layer's window (issue 4: a 1 MB source has thousands of mentions, so only those
// near the visible lines become Ranges): where the window lies in the text as it is now, the
// ranges of its mentions by entity type (only some types, when a keystroke changed only those),
// and what the entity annotations are, to tell whether a change reached them. Split from
// decorations.ts, which decides when to draw.
import * as vscode from 'vscode';
import { firstEndingAfter } from '../../core/spans';
import { ENTITY_TYPES } from '../../core/types';
import type { EntityType } from './decorationStyles';
import type { LiveDocument } from './liveDocuments';

/** The lines whose mentions are drawn, and the text version they were drawn for. */
export interface Window {
  fromLine: number;
  toLine: number;
  version: number;
}

/** The window's first and last offsets in the document as it is now. */
export function offsetsOf(document: vscode.TextDocument, window: Window): { from: number; to: number } {
  const last = document.lineCount - 1;
  const from = document.offsetAt(new vscode.Position(Math.min(window.fromLine, last), 0));
  // the end of the window's last line (offsetAt clamps the character to it), without lineAt,
  // which builds a TextLine of the line's text on every keystroke
  const to = document.offsetAt(new vscode.Position(Math.min(window.toLine, last), Number.MAX_SAFE_INTEGER));
  return { from, to };
}

/** The highlight type of an entity id: its registry type, or `other`. */
export function entityTypeOf(doc: LiveDocument): (id: string | undefined) => EntityType {
  const { corpus } = doc.ref.root;
  return (id) => {
    const t = id === undefined ? undefined : corpus.entity(id)?.type;
    return t !== undefined && (ENTITY_TYPES as readonly string[]).includes(t) ? (t as EntityType) : 'other';
  };
}

/** Entity annotations (few: all of them) and the registry mentions in the window; only the types in `only` when given. */
export function entityRanges(document: vscode.TextDocument, doc: LiveDocument, window: Window, only?: ReadonlySet<EntityType>): Record<EntityType, vscode.Range[]> {
  const byType = emptyByType();
  const typeOf = entityTypeOf(doc);
  // an `entity` annotation says what the words are: a registry match under it gives way
  const annotated = doc.annotations.filter((s) => s.annotation.kind === 'entity').sort((a, b) => a.start - b.start);
  for (const s of annotated) {
    const t = typeOf(s.annotation.entity);
    if (!only || only.has(t)) byType[t].push(range(document, s.start, s.end));
  }
  const { from, to } = offsetsOf(document, window);
  const ms = doc.mentions;
  let j = 0;
  for (let i = firstEndingAfter(ms, from); i < ms.length && ms[i].start < to; i++) {
    const m = ms[i];
    const t = typeOf(m.entity);
    if (only && !only.has(t)) continue;
    while (j < annotated.length && annotated[j].end <= m.start) j++;
    let covered = false;
    for (let k = j; k < annotated.length && annotated[k].start < m.end && !covered; k++) covered = annotated[k].end > m.start;
    if (!covered) byType[t].push(range(document, m.start, m.end));
  }
  return byType;
}

export function emptyByType(): Record<EntityType, vscode.Range[]> {
  return Object.fromEntries(ENTITY_TYPES.map((t) => [t, [] as vscode.Range[]])) as Record<EntityType, vscode.Range[]>;
}

export function range(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

/** The placed `entity` annotations with what they name and where. */
export function entitySpans(doc: LiveDocument): string {
  let out = '';
  for (const s of doc.annotations) if (s.annotation.kind === 'entity') out += `${s.annotation.id}\u0001${s.annotation.entity}\u0001${s.start}\u0001${s.end}\u0002`;
  return out;
}

/** Which `entity` annotations are placed: when one is lost or found, entities are redrawn. */
export function entityAnnotations(doc: LiveDocument): string {
  let ids = '';
  for (const s of doc.annotations) if (s.annotation.kind === 'entity') ids += `${s.annotation.id} `;
  return ids;
}
