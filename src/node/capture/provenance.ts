// The provenance a captured source carries (issue 14), and the check that its text is still
// what was captured. The hash is of the text as stored (UTF-8 bytes), so a CRLF checkout or a
// hand edit shows as a change — which is what a reviewer asks: is this the text that was
// assessed? The warning names the capture date so the reader knows how old the assessment is.
import { createHash } from 'node:crypto';
import type { TextDump } from '../../core/capture/textDump';
import type { Provenance, Sidecar } from '../../core/types';
import type { Metadata } from '../../core/capture/metadata';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256Hex of the text these bytes are the UTF-8 of (the same digest, without decoding them). */
export function sha256HexOfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What a capture knows before it is stored: its text, metadata and where it came from. */
export interface Captured {
  text: string;
  /** `txt` for extracted pages and PDFs; `md` or `txt` for text files as they are. */
  ext: 'txt' | 'md';
  meta: Metadata;
  /** The file name (never a full local path: it would leak the analyst's folders) or the URL. */
  capturedFrom: string;
  /** The original bytes and their extension, for --keep-original. */
  original?: { bytes: Uint8Array; ext: string };
  /** A text file that is a web page saved as text: its article, offered in place of the whole (`--clean`). */
  pageDump?: TextDump;
}

/** The capture with only the article of a page saved as text (unchanged when it is not one). */
export function articleOnly(c: Captured): Captured {
  return c.pageDump ? { ...c, text: c.pageDump.text } : c;
}

export function provenanceFor(c: Captured, retrieved: Date): Provenance {
  const p: Provenance = {};
  if (c.meta.url) p.url = c.meta.url;
  if (c.meta.title) p.title = c.meta.title;
  if (c.meta.publisher) p.publisher = c.meta.publisher;
  if (c.meta.author) p.author = c.meta.author;
  if (c.meta.published) p.published = c.meta.published;
  p.retrieved = retrieved.toISOString().replace(/\.\d{3}Z$/, 'Z');
  p.sha256 = sha256Hex(c.text);
  p.capturedFrom = c.capturedFrom;
  return p;
}

/** "changed since captured (date)" when the text no longer has the captured hash, else null. */
export function changedSinceCaptured(sidecar: Pick<Sidecar, 'provenance'>, text: string | { sha256: string }): string | null {
  const p = sidecar.provenance;
  // the extension keeps a closed source's digest, not its text (issue 15)
  if (!p?.sha256 || (typeof text === 'string' ? sha256Hex(text) : text.sha256) === p.sha256) return null;
  const when = p.retrieved ? ` (${p.retrieved.slice(0, 10)})` : '';
  return `changed since captured${when}: the text no longer matches provenance.sha256`;
}

/** Whether a stored provenance describes the same document as a new capture (same URL, else same title). */
export function sameDocument(stored: Provenance | undefined, next: Metadata): boolean {
  if (!stored) return false;
  if (stored.url && next.url) return stored.url === next.url;
  return !!stored.title && !!next.title && stored.title === next.title;
}
