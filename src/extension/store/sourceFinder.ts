// Finding a workspace's files the way the store lists them: sources under the include and
// exclude settings (marginalia.sources.*), sidecars under the same excludes but the one that
// hides sidecars from the sources, and everything under a folder git just created. VS Code's
// search (ripgrep) walks the disk; the store then filters with its compiled globs.
import * as vscode from 'vscode';
import { minimatch } from 'minimatch';
import { SIDECAR_SUFFIX, sourcePathFor, WORKSPACE_FILE } from '../../core/format';
import { describeFailure } from '../../core/unreadable';
import { sourceGlobs } from '../config';

/** The files of a workspace folder the include globs name, less the excluded ones. */
export function findSources(folder: vscode.WorkspaceFolder): Thenable<vscode.Uri[]> {
  const { include, exclude } = sourceGlobs(folder.uri);
  return vscode.workspace.findFiles(
    new vscode.RelativePattern(folder, include.length === 1 ? include[0] : `{${include.join(',')}}`),
    exclude.length ? `{${exclude.join(',')}}` : undefined,
  );
}

/** Sidecars matching `pattern`, under the exclude settings except the one that hides sidecars from the sources. */
export function findSidecars(pattern: vscode.RelativePattern, scope: vscode.Uri): Thenable<vscode.Uri[]> {
  const exclude = sourceGlobs(scope).exclude.filter((g) => !minimatch(`x${SIDECAR_SUFFIX}`, g) && !minimatch(`a/x${SIDECAR_SUFFIX}`, g));
  return vscode.workspace.findFiles(pattern, exclude.length ? `{${exclude.join(',')}}` : undefined);
}

/** Sources, registries and sidecars under a folder of `workspaceFolder` (one git created whole). */
export async function filesUnder(dir: vscode.Uri, workspaceFolder: vscode.WorkspaceFolder): Promise<vscode.Uri[]> {
  const { include, exclude } = sourceGlobs(workspaceFolder.uri);
  const inside = (g: string) => g.replace(/^\*\*\//, '');
  const found = await vscode.workspace.findFiles(
    new vscode.RelativePattern(dir, `{${include.map(inside).join(',')},**/${WORKSPACE_FILE}}`),
    exclude.length ? `{${exclude.join(',')}}` : undefined,
  );
  return [...found, ...(await findSidecars(new vscode.RelativePattern(dir, `**/*${SIDECAR_SUFFIX}`), workspaceFolder.uri))];
}

/** Sources that are not listed but have a sidecar (renamed or deleted; shown as missing). Never rejects. */
export async function leftBehind(folders: readonly vscode.WorkspaceFolder[], listed: ReadonlySet<string>, isSource: (u: vscode.Uri) => boolean, log: vscode.LogOutputChannel): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const folder of folders) {
    try {
      for (const sidecar of await findSidecars(new vscode.RelativePattern(folder, `**/*${SIDECAR_SUFFIX}`), folder.uri)) {
        const source = sidecar.with({ path: sourcePathFor(sidecar.path) });
        if (!listed.has(source.toString()) && isSource(source)) out.push(source);
      }
    } catch (e) {
      log.error(`cannot list the sidecars of ${folder.uri.fsPath}: ${describeFailure(e)}`);
    }
  }
  return out;
}
