// Who is annotating: `marginalia.author`, else `git config user.name` (as git reads it for the
// folder: a repository may set its own), else the OS user. The name is what the write path
// records as `author` on a new annotation and as `updatedBy` and `history[].by` on a change
// (issue 9), so two analysts' changes are told apart. Git runs asynchronously through src/node
// (fixed arguments, no shell, a timeout): the extension host never waits on it.
import * as vscode from 'vscode';
import * as os from 'node:os';
import { configGet } from '../../node/git';
import { configuredAuthor } from '../config';

export class Author {
  /** git's answer per folder (a promise, so concurrent writes ask git once). */
  private readonly fromGit = new Map<string, Promise<string | undefined>>();

  async name(scope?: vscode.Uri): Promise<string> {
    const configured = configuredAuthor(scope);
    if (configured) return configured;
    const folder = scope && vscode.workspace.getWorkspaceFolder(scope);
    const cwd = folder?.uri.scheme === 'file' ? folder.uri.fsPath : os.homedir();
    let asked = this.fromGit.get(cwd);
    if (!asked) {
      asked = configGet(cwd, 'user.name').then((n) => n?.trim() || undefined, () => undefined);
      this.fromGit.set(cwd, asked);
    }
    return (await asked) ?? safeUserName();
  }
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
