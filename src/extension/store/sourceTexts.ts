// A closed source's text, read when asked (issue 15: 10,000 sources in ≤ 300 MB). The corpus
// keeps a source's text and its sidecar's only while the source is open in an editor
// (core/corpus.ts `keepText`); the views, Problems, exports and commands that need a closed
// one's text ask here. The order: the text the corpus keeps; an open, unchanged document's
// text; else the file, through the guarded read (confined to the corpus, size-capped, strict
// UTF-8), like every other read. A small cache, bounded in characters and keyed by what the
// corpus last read (its hash), serves a view that asks for the same few sources again; a
// source read again by the store (a new hash) is read again here too. Many texts at once (the
// entity network, an export: `textsOf`) are read in a worker (node/textsRead.ts).
//
// Also here: which sources are open (the corpus's `keepText`), and giving an editor opened on a
// closed source the text the corpus placed its annotations in (`adopt`), so the editor's
// highlights and a later save start from the store's placements, not from a new anchoring.
import * as vscode from 'vscode';
import { sidecarPathFor } from '../../core/format';
import { readCorpusFileSync } from '../../node/corpusFs';
import { TEXTS_CHUNK, TextsReader } from '../../node/textsRead';
import { pushAll } from '../../core/arrays';
import { packUnits, unitsOf, type Unit } from '../../core/analysis/cooccurrence';
import { fullTurn } from '../../core/slices';
import { maxFileBytes, readGuarded, resolveRoot } from './guardedRead';
import { MIN_FOR_WORKERS } from './indexPools';
import type { CorpusRoot } from './storeTypes';
import type { FileText } from '../../core/worker/docTexts';

/** Characters of text the cache holds at most (about 8 MB as UTF-16); one larger text is not cached. */
const CACHE_CHARS = 4_000_000;

export type Which = 'source' | 'sidecar';

export class SourceTexts {
  /** URI string → text; insertion order is use order (least recent first). */
  private readonly cache = new Map<string, { hash: number; text: string }>();
  private cached = 0;
  /** Files `textsOf` had read in a worker so far (for tests). */
  readOffThread = 0;
  /** Why a worker last left a chunk to be read here (logged; the tests say it when they fail). */
  lastWorkerFailure: string | undefined;
  /** Documents open in an editor, by URI string. */
  private readonly open = new Set<string>();
  /** Each document's whole text at one version (`documentText`). */
  private readonly documents = new WeakMap<vscode.TextDocument, { version: number; text: string }>();

  /** Each corpus root resolved through symlinks, for the guarded read; and once resolved. Rebuilt with each index. */
  private readonly realRoots = new Map<string, Promise<string>>();
  private readonly realRootsResolved = new Map<string, string>();

  constructor(
    private readonly uriOf: (root: CorpusRoot, rel: string) => vscode.Uri,
    private readonly warn: (message: string) => void,
  ) {
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

  /**
   * Where a worker may read a clean document's text for itself rather than be sent it (core/
   * worker/docTexts.ts): its file, when the store holds exactly that text read from it (with its
   * SHA-256, which the worker checks the bytes against) and its root is resolved; else undefined.
   */
  fileText(document: vscode.TextDocument, root: CorpusRoot, held: { text: string | null; sha256: string | null } | undefined): FileText | undefined {
    const real = this.realRootsResolved.get(root.uri.toString());
    if (document.uri.scheme !== 'file' || document.isDirty || real === undefined || !held?.sha256 || held.text === null) return undefined;
    if (held.text !== this.documentText(document)) return undefined;
    return { root: real, path: document.uri.fsPath, maxBytes: maxFileBytes(root.uri), sha256: held.sha256 };
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
    const known = this.known(root, rel, which);
    return known !== undefined ? known : this.readOne(root, rel, which);
  }

  /**
   * Many sources' texts (or their sidecars'), by path; one that cannot be read is left out. Each
   * is taken as `textOf` takes it; from MIN_FOR_WORKERS sources of a `file:` root, those to read
   * from disk are read in a worker (node/textsRead.ts: the entity network at 10,000 sources
   * waited 5.6 s for them read here), TEXTS_CHUNK at a time, a turn of the host's thread between
   * chunks; the rest (or all, where no worker could) ten at a time here.
   */
  async textsOf(root: CorpusRoot, rels: readonly string[], which: Which = 'source'): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    await this.eachRead(root, rels, which, (text) => text, (reader, files) => reader.read(files), (rel, text) => out.set(rel, text));
    return out;
  }

  /**
   * Each source's units of `unit` (core/analysis/cooccurrence.ts unitsOf, packed), handed to
   * `each` as they come: those read in a worker are found there, and their texts never reach
   * this thread (the entity network at 10,000 sources: 25 MB of strings, which the host's
   * collector then paused 45-75 ms over).
   */
  unitsOf(root: CorpusRoot, rels: readonly string[], unit: Unit, each: (rel: string, units: Int32Array) => void): Promise<void> {
    return this.eachRead(root, rels, 'source', (text) => packUnits(unitsOf(text, unit)), (reader, files) => reader.readUnits(files, unit), each);
  }

  /**
   * What `take` makes of each text, handed to `each`: texts the store knows taken here, the rest
   * read in a worker (`fromWorker`: what it makes of them, the same) from MIN_FOR_WORKERS sources
   * of a `file:` root, TEXTS_CHUNK at a time, a turn of the host's thread between chunks; else
   * (or where no worker could) read ten at a time here.
   */
  private async eachRead<T>(
    root: CorpusRoot,
    rels: readonly string[],
    which: Which,
    take: (text: string) => T,
    fromWorker: (reader: TextsReader, files: string[]) => Promise<(T | string | null)[] | undefined>,
    each: (rel: string, value: T) => void,
  ): Promise<void> {
    const here: string[] = [];
    const reader = rels.length >= MIN_FOR_WORKERS && root.uri.scheme === 'file' ? new TextsReader(await this.realRootOf(root.uri), maxFileBytes(root.uri)) : null;
    try {
      const answered: Promise<void>[] = [];
      for (let i = 0; i < rels.length; i += TEXTS_CHUNK) {
        const unread: string[] = [];
        for (let k = i; k < Math.min(rels.length, i + TEXTS_CHUNK); k++) {
          const known = this.known(root, rels[k], which);
          if (known === undefined) unread.push(rels[k]);
          else if (known !== null) each(rels[k], take(known));
        }
        if (!reader) {
          pushAll(here, unread);
          continue;
        }
        const uris = unread.map((rel) => this.uriOf(root, which === 'source' ? rel : sidecarPathFor(rel)));
        answered.push(
          fromWorker(
            reader,
            uris.map((u) => u.fsPath),
          ).then((values) => {
            if (!values) return void pushAll(here, unread);
            this.readOffThread += values.length;
            for (let k = 0; k < unread.length; k++) {
              const v = values[k];
              if (v === null) continue;
              // a text is kept in the cache; what a worker made of one it kept
              if (typeof v === 'string') this.took(root, unread[k], which, uris[k], v);
              each(unread[k], v as T);
            }
          }),
        );
        await fullTurn();
      }
      await Promise.all(answered);
      // said once for the whole read, however many chunks the worker left
      if (reader && here.length) {
        this.lastWorkerFailure = reader.failure ?? 'unknown';
        this.warn(`${here.length} of ${rels.length} files read on the extension host: the worker did not read them (${this.lastWorkerFailure})`);
      }
    } finally {
      reader?.close();
    }
    let next = 0;
    const readHere = async () => {
      while (next < here.length) {
        const rel = here[next++];
        const text = await this.readOne(root, rel, which);
        if (text !== null) each(rel, take(text));
      }
    };
    await Promise.all(Array.from({ length: Math.min(10, here.length) }, readHere));
  }

  /**
   * The text `textOf` answers without reading a file: the corpus's, the cache's, an open
   * unchanged document's; null when there is none (the source unreadable, no sidecar);
   * undefined when the file must be read.
   */
  private known(root: CorpusRoot, rel: string, which: Which): string | null | undefined {
    const entry = root.corpus.get(rel);
    const kept = which === 'source' ? entry?.text : entry?.sidecarText;
    if (kept !== null && kept !== undefined) return kept;
    if (entry && (which === 'source' ? !entry.readable : entry.sidecarLength === null)) return null;
    const key = this.uriOf(root, which === 'source' ? rel : sidecarPathFor(rel)).toString();
    const hit = this.cache.get(key);
    if (hit && hit.hash === this.hashOf(root, rel, which)) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.text;
    }
    // (the documents are looked through only for one open: a bulk read asks for thousands closed)
    const doc = this.open.has(key) ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isDirty) : undefined;
    return doc ? this.documentText(doc) : undefined;
  }

  /** The file read here through the guarded read, and kept in the cache. */
  private async readOne(root: CorpusRoot, rel: string, which: Which): Promise<string | null> {
    const uri = this.uriOf(root, which === 'source' ? rel : sidecarPathFor(rel));
    const r = await readGuarded(await this.realRootOf(root.uri), uri, maxFileBytes(root.uri));
    const text = r.ok ? r.text : null;
    if (text !== null) this.took(root, rel, which, uri, text);
    return text;
  }

  /** A text read from disk: kept in the cache, for a source the corpus knows. */
  private took(root: CorpusRoot, rel: string, which: Which, uri: vscode.Uri, text: string): void {
    if (root.corpus.get(rel)) this.remember(uri.toString(), this.hashOf(root, rel, which), text);
  }

  /** What the corpus last read of the file: its hash, by which the cache knows a text is still that one. */
  private hashOf(root: CorpusRoot, rel: string, which: Which): number {
    const entry = root.corpus.get(rel);
    return entry ? (which === 'source' ? entry.textHash : entry.sidecarHash) : -1;
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
