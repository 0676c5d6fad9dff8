// What every command module is built with (constructor injection, no globals).
import type * as vscode from 'vscode';
import type { LiveDocuments } from '../editor/liveDocuments';
import type { Author } from '../store/author';
import type { CorpusStore } from '../store/corpusStore';
import type { SidecarWriter } from '../store/sidecarWriter';
import type { Trees } from '../views/trees';

export interface CommandDeps {
  store: CorpusStore;
  live: LiveDocuments;
  writer: SidecarWriter;
  trees: Trees;
  author: Author;
  log: vscode.LogOutputChannel;
}
