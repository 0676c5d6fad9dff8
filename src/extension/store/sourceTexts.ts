// A closed source's text, read when asked (issue 15: 10,000 sources in ≤ 300 MB). The corpus
// keeps a source's text and its sidecar's only while the source is open in an editor
// (core/corpus.ts `keepText`); the views, Problems, exports and commands that need a closed
// one's text ask here. The order: the text the corpus keeps; an open, unchanged document's
// text; else the file, through the guarded read (confined to the corpus, size-capped, strict
// UTF-8), like every other read. A small cache, bounded in characters and keyed by what the
// corpus last read (its hash), serves a view that asks for the same few sources again; a
// source read again by the store (a new hash) is read again here too.
//
// Also here: which sources are open (the corpus's `keepText`), and giving an editor opened on a
// closed source the text the corpus placed its annotations in (`adopt`), so the editor's
// highlights and a later save start from the store's placements, not from a new anchoring.
import * as vscode from 'vscode';
import { sidecarPathFor } from '../../core/format';
import { readCorpusFileSync } from '../../node/corpusFs';
import { maxFileBytes, readGuarded, resolveRoot } from './guardedRead';
import type { CorpusRoot } from './storeTypes';

/** Characters of text the cache holds at most (about 8 MB as UTF-16); one larger text is not cached. */
const CACHE_CHARS = 4_000_000;

export type Which = 'source' | 'sidecar';

export class SourceTexts {
  /** URI string → text; insertion order is use order (least recent first). */
  private readonly cache = new Map<string, { hash: number; text: string }>();
  private cached = 0;
  /** Documents open in an editor, by URI string. */
  private readonly open = new Set<string>();
  /** Each document's whole text at one version (`documentText`). */
  private readonly documents = new WeakMap<vscode.TextDocument, { version: number; text: string }>();

  /** Each corpus root resolved through symlinks, for the guarded read; and once resolved. Rebuilt with each index. */
  private readonly realRoots = new Map<string, Promise<string>>();
  private readonly realRootsResolved = new Map<string, string>();

  constructor(private readonly uriOf: (root: CorpusRoot, rel: string) => vscode.Uri) {
    for (const d of vscode.workspace.textDocuments) this.open.add(d.uri.toString());
  }

  realRootOf(root: vscode.Uri): Promise<string> {
    const key = root.toString();
    let real = this.realRoots.get(key);
    if (!real) {
      this.realRoots.set(key, (real = resolveRoot(root)));
      real.then((r) => this.realRoots.get(key) === real && this.realRootsResolved.set(key, r), () => undefined);
    }
    return real;
  }

  clearRoots(): void {
    this.realRoots.clear();
    this.realRootsResolved.clear();
  }

  /**
   * A source's text read at once with the guarded read (a sidecar just written is placed in its
   * closed source's text, and the writer expects the store updated when it returns); null when
   * that cannot be done here (not on disk, its root not resolved yet, refused).
   */
  readNow(root: CorpusRoot, uri: vscode.Uri): string | null {
    const real = this.realRootsResolved.get(root.uri.toString());
    if (uri.scheme !== 'file' || real === undefined) return null;
    const r = readCorpusFileSync(real, uri.fsPath, { maxBytes: maxFileBytes(root.uri) });
    return r.ok ? r.text : null;
  }

  /**
   * A document's whole text at its current version, one string per version. getText() joins
   * every line afresh, a new 2 MB string a call for a 1 MB source, and a save had five of
   * Marginalia's listeners ask (the store taking the saved text, the highlights, the sidecar
   * sync, the claim-cue scan, the views): garbage the host then collected during the save
   * (issue 15). A save changes no version; every edit does.
   */
  documentText(document: vscode.TextDocument): string {
    const had = this.documents.get(document);
    if (had && had.version === document.version) return had.text;
    const text = document.getText();
    this.documents.set(document, { version: document.version, text });
    return text;
  }

  get anyOpen(): boolean {
    return this.open.size > 0;
  }

  /** Whether the source at `uri` is open in an editor (the corpus keeps its texts). */
  isOpen(uri: vscode.Uri): boolean {
    return this.open.has(uri.toString());
  }

  opened(uri: vscode.Uri): void {
    this.open.add(uri.toString());
  }

  closed(uri: vscode.Uri): void {
    this.open.delete(uri.toString());
  }

  /**
   * The text of a source (`which` 'source') or of its sidecar, as the store read it last when
   * it can tell; null when there is none or it cannot be read now.
   */
  async textOf(root: CorpusRoot, rel: string, which: Which = 'source'): Promise<string | null> {
    const entry = root.corpus.get(rel);
    const kept = which === 'source' ? entry?.text : entry?.sidecarText;
    if (kept !== null && kept !== undefined) return kept;
    if (entry && (which === 'source' ? !entry.readable : entry.sidecarLength === null)) return null;
    const uri = this.uriOf(root, which === 'source' ? rel : sidecarPathFor(rel));
    const key = uri.toString();
    const hash = entry ? (which === 'source' ? entry.textHash : entry.sidecarHash) : -1;
    const hit = this.cache.get(key);
    if (hit && hit.hash === hash) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.text;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isDirty);
    let text: string | null;
    if (doc) text = this.documentText(doc);
    else {
      const r = await readGuarded(await this.realRootOf(root.uri), uri, maxFileBytes(root.uri));
      text = r.ok ? r.text : null;
    }
    if (text !== null && entry) this.remember(key, hash, text);
    return text;
  }

  private remember(key: string, hash: number, text: string): void {
    this.evict(key);
    if (text.length > CACHE_CHARS) return;
    this.cache.set(key, { hash, text });
    this.cached += text.length;
    for (const [k] of this.cache) {
      if (this.cached <= CACHE_CHARS) break;
      this.evict(k);
    }
  }

  private evict(key: string): void {
    const had = this.cache.get(key);
    if (!had) return;
    this.cache.delete(key);
    this.cached -= had.text.length;
  }

  /** Characters the cache holds (for tests). */
  get cachedChars(): number {
    return this.cached;
  }
}


/** Sources' texts read through the store (ten at a time), by path; one that cannot be read is left out. */
export async function textsOf(store: { textOf(ref: { root: CorpusRoot; rel: string }): Promise<string | null> }, root: CorpusRoot, sources: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let next = 0;
  const reader = async () => {
    while (next < sources.length) {
      const rel = sources[next++];
      const text = await store.textOf({ root, rel });
      if (text !== null) out.set(rel, text);
    }
  };
  await Promise.all(Array.from({ length: Math.min(10, sources.length) }, reader));
  return out;
}
