// The shapes the store hands to the rest of the extension: a corpus root with what was read of
// it, a source as the views and commands address it, and what changed. Apart from the store
// itself (corpusStore.ts) so the loaders can fill them in without importing the store; and what
// the store has done (its counts), for the tests and the bench.
import type * as vscode from 'vscode';
import type { Corpus, SourceEntry } from '../../core/corpus';
import type { ParsedSidecar, ParsedWorkspace } from '../../core/format';
import type { Problem } from '../../core/types';
import type { LoaderCounts } from './sourceLoader';

export interface CorpusRoot {
  /** The folder holding marginalia.yaml, or a workspace folder without one. */
  readonly uri: vscode.Uri;
  readonly corpus: Corpus;
  registryUri: vscode.Uri;
  registry: ParsedWorkspace | null;
  /** Sidecars whose source file is gone, by the source path (relative to the root) they belong to. */
  readonly missing: Map<string, MissingSource>;
  /** Sources that exist but were refused (a link outside the corpus, a FIFO, too large, not UTF-8), by relative path. */
  readonly refused: Map<string, Problem>;
}

/** A sidecar left behind: its source was renamed or deleted. */
export interface MissingSource {
  /** The source it names by its own file name, relative to the corpus root (POSIX). */
  readonly source: string;
  /** The sidecar, relative to the corpus root. */
  readonly sidecarPath: string;
  /** What it holds, to count and re-link; null when it vanished meanwhile. */
  readonly parsed: ParsedSidecar | null;
}

export interface SourceRef {
  root: CorpusRoot;
  /** Path relative to the corpus root, POSIX. */
  rel: string;
  uri: vscode.Uri;
  sidecarUri: vscode.Uri;
  entry: SourceEntry | undefined;
  /** Set when the source is gone but its sidecar is still there. */
  missing?: MissingSource;
  /** Set when the source exists but was refused. */
  refused?: Problem;
}

/**
 * What changed: a list of source URIs, or everything (a registry change, a full index).
 * `listOnly`: a long index has listed its sources and read none of them yet (issue 15): only the
 * list of rows is new, so what shows what was read (Problems) waits for the index's end.
 */
export type StoreChange = { all: true; listOnly?: true } | { all: false; sources: vscode.Uri[] };

/** What the store has done since the extension started (its `counts`), for the tests and the bench. */
export interface StoreCounts extends LoaderCounts {
  /** Sidecars Marginalia wrote for a closed source, placed without reading its text again (`setSidecarText`). */
  placedUnread: number;
  /** Saves placed in the editor's worker and taken, and answers dropped because the source was saved again or changed meanwhile (documentHooks.ts). */
  savesPlaced: { offThread: number; dropped: number };
  /** Times the index workers' init was packed (indexPools.ts packedFor). */
  workerInitsPacked: number;
  /** Registries a worker parsed, off the host's thread (registryFiles.ts, node/registryParse.ts). */
  registriesParsedOffThread: number;
  /** Of those, registry texts Marginalia wrote, parsed by the editor's worker that made them (RegistryFiles.written). */
  registriesParsedAsWritten: number;
  /** Registry texts read again as they were before the last change (an Undo), whose parse was taken again (RegistryFiles.taken). */
  registriesParsedBefore: number;
  /** Registry parses written for the next session, or tried (registryFiles.ts): once the index that made them has ended. */
  registryParsesKept: number;
  /** Pools of index workers an index started early and then did not use (a guess at its corpus roots that missed). */
  discardedPools: number;
  /** Mention matchers an index worker built and sent back, and those the editor's worker built with a registry text it wrote (indexPools.ts takeWritten). */
  matchersBuilt: { byIndexWorkers: number; asWritten: number };
}
