// The store's corpus roots: each folder holding a marginalia.yaml (and each workspace folder)
// with its Corpus, and which root a file belongs to (the nearest one above it). Each index makes
// a set of its own, which the store swaps in once its sources are listed (corpusStore.ts), so a
// re-index never leaves a source without its corpus. Split from the store so that it keeps to one
// responsibility a file (STYLE). The corpus keeps the texts of open sources only (issue 15:
// 10,000 sources in ≤ 300 MB).
import * as vscode from 'vscode';
import { Corpus } from '../../core/corpus';
import { WORKSPACE_FILE } from '../../core/format';
import type { MatcherCache } from '../../core/mentions/matcherCache';
import { describeFailure } from '../../core/unreadable';
import { relativePath } from './files';
import type { RegistryFiles } from './registryFiles';
import { targetIn, type LoadTarget } from './sourceLoader';
import type { SourceTexts } from './sourceTexts';
import type { CorpusRoot } from './storeTypes';

export class CorpusRoots {
  private readonly roots = new Map<string, CorpusRoot>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly registries: RegistryFiles,
    private readonly matchers: MatcherCache,
    private readonly texts: SourceTexts,
    private readonly uriOf: (root: CorpusRoot, rel: string) => vscode.Uri,
  ) {}

  get size(): number {
    return this.roots.size;
  }

  has(key: string): boolean {
    return this.roots.has(key);
  }

  /** The root at this folder (by its URI string), if it is one. */
  get(key: string): CorpusRoot | undefined {
    return this.roots.get(key);
  }

  /** Every root, in path order. */
  all(): CorpusRoot[] {
    return [...this.roots.values()].sort((a, b) => (a.uri.path < b.uri.path ? -1 : 1));
  }

  /** The nearest root above `uri`, if any. */
  rootFor(uri: vscode.Uri): CorpusRoot | undefined {
    let best: CorpusRoot | undefined;
    for (const r of this.roots.values()) {
      if (relativePath(r.uri, uri) !== null && (!best || r.uri.path.length > best.uri.path.length)) best = r;
    }
    return best;
  }

  /** Load targets for source URIs, each in the corpus it belongs to. */
  targets(uris: vscode.Uri[]): LoadTarget[] {
    const out: LoadTarget[] = [];
    for (const u of uris) {
      const t = targetIn(this.rootFor(u), u);
      if (t) out.push(t);
    }
    return out;
  }

  /** Every source URI (indexed, missing or refused) whose path starts with `prefix`. */
  sourcesUnder(prefix: string): vscode.Uri[] {
    const out: vscode.Uri[] = [];
    for (const root of this.roots.values()) {
      for (const source of [...root.corpus.all().map((e) => e.source), ...root.missing.keys(), ...root.refused.keys()]) {
        const u = this.uriOf(root, source);
        if (u.path.startsWith(prefix)) out.push(u);
      }
    }
    return out;
  }

  /** A folder's corpus roots: one at each registry found in it, and the folder's own. */
  async addRoots(folder: vscode.WorkspaceFolder, registries: readonly vscode.Uri[]): Promise<void> {
    for (const reg of registries) await this.addRoot(vscode.Uri.joinPath(reg, '..'), reg);
    if (!this.roots.has(folder.uri.toString())) await this.addRoot(folder.uri, vscode.Uri.joinPath(folder.uri, WORKSPACE_FILE));
  }

  private async addRoot(dir: vscode.Uri, registryUri: vscode.Uri): Promise<CorpusRoot> {
    const registry = await this.registries.once(dir, registryUri);
    let corpus: Corpus;
    let made: CorpusRoot | undefined;
    const keepText = (rel: string) => this.texts.anyOpen && made !== undefined && this.texts.isOpen(this.uriOf(made, rel));
    try {
      corpus = new Corpus(registry?.config ?? null, this.matchers.for(dir.toString()), keepText);
    } catch (e) {
      this.log.error(`${registryUri.fsPath}: ${describeFailure(e)}`);
      corpus = new Corpus(null, undefined, keepText);
    }
    const root: CorpusRoot = (made = { uri: dir, corpus, registryUri, registry, missing: new Map(), refused: new Map() });
    this.roots.set(dir.toString(), root);
    return root;
  }
}
