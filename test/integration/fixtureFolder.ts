// A folder of test files inside the workspace that the store indexes like any other: written,
// waited for until the store has read them, and removed (and waited out of the store) after the
// suite. Shared by the suites that build their own small corpus (review, review loop); most
// of them set it up and take it down the same way (forSuite).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/extension/ids';
import { waitUntil } from './wait';
import { readAs } from './storeRead';

export const UPDATE_MS = 10_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const read = async (uri: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(uri));
export const sidecarOf = (uri: vscode.Uri) => uri.with({ path: `${uri.path}.annotations.yaml` });

/** Marginalia activated, with its first index done: where every suite that reads the store starts. */
export async function indexedApi(): Promise<MarginaliaApi> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in the test host`);
  const api = (await ext.activate()) as MarginaliaApi;
  await waitUntil(() => api.store.ready, UPDATE_MS, 'first index');
  await api.store.whenIndexed();
  return api;
}

export class FixtureFolder {
  private readonly written = new Set<string>();

  /** `dir`: the folder's path relative to the workspace folder (POSIX). */
  constructor(private readonly api: () => MarginaliaApi, readonly dir: string) {}

  uriOf(rel: string): vscode.Uri {
    return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...rel.split('/'));
  }

  async create(): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.uriOf(this.dir));
  }

  /**
   * The suite's setup and teardown around this folder, registered from inside `suite()`:
   * Marginalia indexed (its API handed to `got`) and the folder made; after the suite, every
   * editor closed and the folder removed.
   */
  forSuite(got: (api: MarginaliaApi) => void): void {
    const folder = this;
    suiteSetup(async function () {
      this.timeout(60_000);
      got(await indexedApi());
      await folder.create();
    });
    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await folder.remove();
    });
  }

  /** Writes a file (path relative to the workspace folder), to be removed by `remove()`. */
  async write(rel: string, text: string): Promise<vscode.Uri> {
    this.written.add(rel);
    const uri = this.uriOf(rel);
    await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
    return uri;
  }

  /**
   * Replaces a file whole, as git and atomic saves do (a temporary file renamed over it): the
   * watcher never reports it half-written, so a suite that counts what one change redraws sees
   * one change, not an empty file read first under load.
   */
  async replace(rel: string, text: string): Promise<vscode.Uri> {
    this.written.add(rel);
    const uri = this.uriOf(rel);
    const tmp = `${uri.fsPath}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, text);
    await fs.promises.rename(tmp, uri.fsPath);
    return uri;
  }

  /** A source and its sidecar, once the store has read both as written. */
  async fixture(rel: string, source: string, sidecar: string): Promise<vscode.Uri> {
    await this.write(`${rel}.annotations.yaml`, sidecar);
    const uri = await this.write(rel, source);
    await waitUntil(() => {
      const e = this.api().store.sourceFor(uri)?.entry;
      return readAs(e, source, sidecar);
    }, UPDATE_MS, `the store reads ${rel}`);
    return uri;
  }

  /** Everything written, then the folder; returns once the store has let go of them. */
  async remove(): Promise<void> {
    for (const rel of this.written) await vscode.workspace.fs.delete(this.uriOf(rel), { useTrash: false });
    await waitUntil(() => !this.api().store.allRoots().some((r) => r.corpus.all().some((e) => e.source.startsWith(`${this.dir}/`))), UPDATE_MS, 'fixtures leave the store');
    await vscode.workspace.fs.delete(this.uriOf(this.dir), { recursive: true, useTrash: false });
  }
}
