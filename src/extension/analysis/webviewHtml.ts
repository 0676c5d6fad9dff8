// The one HTML shell of the analysis webviews (issue 13), built like the Markdown preview's: a
// Content-Security-Policy with a fresh nonce per load, nothing remote, only the extension's own
// bundled files (dist/webview/, through asWebviewUri), no inline script or style but the nonced
// script, and theme colours through --vscode-* CSS variables (analysis.css). The page holds no
// file text: the script draws the model it is posted, as text nodes.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export const WEBVIEW_DIR = ['dist', 'webview'];

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR)],
  };
}

/** The CSP of a page: scripts only with the nonce, styles and fonts only from the webview's own resources. */
export function contentSecurityPolicy(webview: vscode.Webview, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, script: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const res = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR, f)).toString();
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(webview, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${esc(res('analysis.css'))}">
<title>${esc(title)}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${esc(res(script))}"></script>
</body>
</html>`;
}
