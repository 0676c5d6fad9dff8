// What every command module is built with (constructor injection, no globals).
import type * as vscode from 'vscode';
import type { LiveDocuments } from '../editor/liveDocuments';
import type { Author } from '../store/author';
import type { CorpusStore } from '../store/corpusStore';
import type { SidecarWriter } from '../store/sidecarWriter';
import type { Messages } from '../ui/messages';
import type { Trees } from '../views/trees';
import type { WorkClient } from '../worker/workClient';

export interface CommandDeps {
  store: CorpusStore;
  live: LiveDocuments;
  writer: SidecarWriter;
  trees: Trees;
  author: Author;
  log: vscode.LogOutputChannel;
  /** Every notification goes through here: file text in it is made inert. */
  ui: Messages;
  /** Whether the workspace is trusted is asked at run time (it can change); this says how. */
  trusted(): boolean;
  /** The editor's worker, for commands whose heavy work goes off the host's thread (Import Annotations…). */
  work?: WorkClient;
}
