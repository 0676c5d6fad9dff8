// activate(): wiring only. Features arrive with the extension issue (#4).
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  void context;
}

export function deactivate(): void {}
