// A registry change told as soon as the open sources can take it (issue 15). An edited
// marginalia.yaml reaches every source: the store sets the corpus's new registry, then reads
// every closed source again for its mentions, and tells its listeners once all are read. The
// source open in the editor is not among them (the editor's worker finds its mentions,
// LiveDocuments), yet waited for them all: at 2,000 sources the entity just made with New
// entity… was highlighted in the analyst's own document 0.8-2 s after the command began. It is
// told here instead once the new registry is the corpus's and its mention matcher is on the host
// (kept; an addition's comes with its parse from the editor's worker that wrote it, indexPools.ts
// takeWritten; else sent back by the index worker that built it, some 200-500 ms in), so the
// editor's worker is handed that matcher rather than building the same one beside the index's.
import * as vscode from 'vscode';
import type { MatcherCache } from '../../core/mentions/matcherCache';
import type { CorpusRoot } from './storeTypes';
import { nextTask } from './savesInProgress';

export class NewRegistries implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<CorpusRoot>();
  /** A root's corpus has a new registry and the host holds its matcher (or it has no entities); its closed sources may still be being read again. */
  readonly onDidSet = this.emitter.event;
  /** Roots whose new registry waits for its matcher, by root URI (the matchers' key). */
  private readonly waiting = new Map<string, CorpusRoot>();

  constructor(private readonly matchers: MatcherCache) {
    matchers.onKeep = (key, entities) => {
      const root = this.waiting.get(key);
      if (!root || root.corpus.registry?.entities !== entities) return;
      this.waiting.delete(key);
      this.tell(root);
    };
  }

  /** `root`'s corpus has just been given a new registry (Reloads). */
  set(root: CorpusRoot): void {
    const key = root.uri.toString();
    this.waiting.delete(key);
    const entities = root.corpus.registry?.entities;
    if (!entities?.length || this.matchers.kept(key, entities)) this.tell(root);
    else this.waiting.set(key, root);
  }

  /** In a task of its own: the matcher comes in the middle of applying an index worker's answer. */
  private tell(root: CorpusRoot): void {
    void nextTask().then(() => this.emitter.fire(root));
  }

  dispose(): void {
    this.matchers.onKeep = undefined;
    this.emitter.dispose();
  }
}
