// Who is annotating: `marginalia.author`, else `git config user.name`, else the OS user.
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import { configuredAuthor } from '../config';

export class Author {
  private fromGit: Promise<string | undefined> | undefined;

  async name(scope?: vscode.Uri): Promise<string> {
    const configured = configuredAuthor(scope);
    if (configured) return configured;
    this.fromGit ??= gitUserName(scope);
    return (await this.fromGit) ?? safeUserName();
  }
}

function gitUserName(scope?: vscode.Uri): Promise<string | undefined> {
  const folder = scope && vscode.workspace.getWorkspaceFolder(scope);
  const cwd = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  return new Promise((resolve) => {
    // a fixed argument list, never a shell: nothing from the workspace reaches a command line
    execFile('git', ['config', 'user.name'], { cwd, timeout: 2000 }, (err, stdout) => {
      const name = stdout?.trim();
      resolve(err || !name ? undefined : name);
    });
  });
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
