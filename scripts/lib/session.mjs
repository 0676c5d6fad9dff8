// One UI test's workbench: code-server on a scratch copy of a corpus, Chromium on it, and the
// extension activated — the same eight steps every test in test/e2e starts with, in one place.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extensionId, launchChromium, linkedDevelopmentPath, makeTempDir, makeWorkspaceCopy, startCodeServer, waitFor, workbenchUrl } from './code-server.mjs';
import { activationLine, waitForWorkbench } from './workbench.mjs';

/**
 * Opens a workbench for the test `name`. The corpus is a copy of sample/ unless `folder(scratch)`
 * makes another; `prepare(workspace)` adds the test's files before VS Code starts. User settings
 * add to a quiet editor without a minimap; `workspaceTrust` keeps VS Code's trust on (Restricted
 * Mode tests). `multiRoot(workspace, scratch)` returns a .code-workspace file to open instead of
 * the folder. Returns the page, the server, the workspace folder and the scratch folder.
 */
export async function openWorkbench(name, { folder, multiRoot, prepare, settings = {}, workspaceTrust = false, viewport = { width: 1400, height: 900 }, stepMs = 60_000 } = {}) {
  const scratch = makeTempDir(name);
  const workspace = folder ? folder(scratch) : makeWorkspaceCopy(scratch);
  await prepare?.(workspace);
  const workspaceFile = multiRoot ? await multiRoot(workspace, scratch) : undefined;
  const server = await startCodeServer({ scratch, workspaceTrust, settings: { 'editor.minimap.enabled': false, ...settings }, readyTimeoutMs: 120_000 });
  const { page } = await launchChromium({ viewport });
  await page.goto(workbenchUrl(server, { ...(workspaceFile ? { workspace: workspaceFile } : { folder: workspace }), developmentPath: linkedDevelopmentPath(scratch) }));
  await waitForWorkbench(page, 120_000);
  await waitFor(() => activationLine(server.userDataDir, extensionId), stepMs, `${extensionId} activated`);
  return { page, server, workspace, scratch };
}

/**
 * A corpus of `count` desk folders at the top of `dir`, one short source each, in one git
 * repository at `dir` (none in the desks): the workspace VS Code's Git extension scans folder by
 * folder (the Git scan tests). `event`: what each source says happened.
 */
export function makeDeskFolders(dir, count, event) {
  for (let k = 0; k < count; k++) {
    const desk = path.join(dir, `desk-${String(k).padStart(2, '0')}`);
    fs.mkdirSync(desk, { recursive: true });
    fs.writeFileSync(path.join(desk, `report-${k}.txt`), `Officials in Aurel said ${event} on day ${k}.\n`);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
}

/**
 * `key` in a settings.json VS Code may be writing, or undefined while the file is absent or not
 * yet whole: VS Code writes it in place, so a read between its truncation and its write finds
 * it empty or cut short (a fresh-clone CI run failed on "Unexpected end of JSON input" there).
 */
export function settingIn(file, key) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))[key];
  } catch {
    return undefined;
  }
}
