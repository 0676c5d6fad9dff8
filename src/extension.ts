// activate(): wiring only. Builds the store, then each feature with what it needs, all hung on
// context.subscriptions. Indexing runs in the background; activation itself does no I/O.
// The internals go back to the caller only in ExtensionMode.Test (the integration tests reach
// them through `extension.exports`); any other extension gets nothing to hold on to.
import * as vscode from 'vscode';
import { AnalysisViews } from './extension/analysis';
import { registerCommands } from './extension/commands';
import { Decorations } from './extension/editor/decorations';
import { Diagnostics } from './extension/editor/diagnostics';
import { Hovers } from './extension/editor/hovers';
import { LiveDocuments } from './extension/editor/liveDocuments';
import { SaveSync } from './extension/editor/saveSync';
import { WorkClient } from './extension/worker/workClient';
import { ContextKeys } from './extension/ids';
import { Author } from './extension/store/author';
import { CorpusStore } from './extension/store/corpusStore';
import { INDEX_CACHE_FOLDER } from './node/cacheGenerations';
import { SidecarWriter } from './extension/store/sidecarWriter';
import { StatusBar } from './extension/views/statusBar';
import { Messages, type ProgressShown, type Shown } from './extension/ui/messages';
import { ReviewLoop } from './extension/review';
import { Trees } from './extension/views/trees';
import { GitScanAdvice } from './extension/gitScan';

/** What the integration tests reach through `extension.exports`, in ExtensionMode.Test only. */
export interface MarginaliaApi {
  /** Every notification and modal shown, as shown (after neutralising file text). */
  shown: Shown[];
  /** Every progress notification shown. */
  progress: ProgressShown[];
  store: CorpusStore;
  live: LiveDocuments;
  writer: SidecarWriter;
  trees: Trees;
  statusBar: StatusBar;
  saveSync: SaveSync;
  review: ReviewLoop;
  analysis: AnalysisViews;
  gitScan: GitScanAdvice;
}

export function activate(context: vscode.ExtensionContext): MarginaliaApi | undefined {
  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  const shown: Shown[] = [];
  const progress: ProgressShown[] = [];
  const ui = new Messages(testing ? (m) => shown.push(m) : undefined, testing ? (p) => progress.push(p) : undefined);
  const log = vscode.window.createOutputChannel('Marginalia', { log: true });
  // the index's reads kept between sessions in this workspace's storage (node/indexCache.ts)
  const store = new CorpusStore(log, context.storageUri?.scheme === 'file' ? vscode.Uri.joinPath(context.storageUri, INDEX_CACHE_FOLDER).fsPath : undefined);
  // heavy editor work, off the host's thread (issue 15), with the index's matchers
  const work = WorkClient.beside(context.extensionUri, log, (entities) => store.matchers.keptFor(entities));
  store.readLargeWith((text, sidecar, file, handOver, held, heldRead) => work.read(text, sidecar, file, handOver, held, heldRead));
  store.placeSavedWith((text, annotations) => work.placeAll(text, annotations));
  const live = new LiveDocuments(store, work);
  const author = new Author();
  const writer = new SidecarWriter(store, author, work);
  const trees = new Trees(store, live);
  const statusBar = new StatusBar(store, live);
  const saveSync = new SaveSync(store, live, writer, log, work);
  const review = new ReviewLoop({ store, live, writer, trees, author, log, ui, trusted: () => vscode.workspace.isTrusted });
  const analysis = new AnalysisViews({ store, live, writer, trees, ui, log, extensionUri: context.extensionUri });
  context.subscriptions.push(
    log,
    store,
    work,
    live,
    writer,
    trees,
    new Decorations(live),
    new Hovers(store, live),
    new Diagnostics(store, live, work),
    saveSync,
    statusBar,
    review,
    analysis,
    ...registerCommands({ store, live, writer, trees, author, log, ui, trusted: () => vscode.workspace.isTrusted, work }, context),
  );
  const firstIndex = store.reindex();
  void firstIndex.then(() => vscode.commands.executeCommand('setContext', ContextKeys.ready, true));
  // VS Code's Git scanning every top-level folder: weighed once the first index is drawn, not during it
  const gitScan = new GitScanAdvice(firstIndex.then(() => store.whenDrawn()), store, context.workspaceState, ui, log, () => vscode.workspace.isTrusted);
  context.subscriptions.push(gitScan);
  return testing ? { shown, progress, store, live, writer, trees, statusBar, saveSync, review, analysis, gitScan } : undefined;
}

export function deactivate(): void {}
