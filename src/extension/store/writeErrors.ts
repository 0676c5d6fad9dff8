// A write the write path refused, with the file (and line and column when known) it is about:
// the command layer shows it as one located message with an "Open Sidecar" button instead of
// letting it reach VS Code as a thrown error (which shows raw file text in a modal).
import type * as vscode from 'vscode';

export class SidecarError extends Error {
  constructor(message: string, readonly sidecar: vscode.Uri, readonly line?: number, readonly column?: number) {
    super(message);
  }
}
