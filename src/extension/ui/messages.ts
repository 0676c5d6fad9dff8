// Every notification and modal Marginalia shows goes through here (issue 8, reproduction 1).
// VS Code renders `[label](command:…)` in notification text as a live link, and Marginalia's
// messages quote sidecars, quotes, ids and parser errors that arrive through git from anyone.
// So the whole text and detail pass through `forMessage` here, once, whatever the caller built;
// the buttons are always our own words. In Test mode the extension passes `observe` (and
// `observeProgress`), so the integration tests can assert what reached the surface without
// patching the vscode API.
import * as vscode from 'vscode';
import { forMessage } from '../../core/text/untrusted';

export type Severity = 'info' | 'warning' | 'error';

/** A message as it was shown: after neutralising, so tests see what the analyst saw. */
export interface Shown {
  severity: Severity;
  text: string;
  detail?: string;
  items: string[];
}

/** Long enough for a file name, a line and column and a parser message; one line. */
const MAX_TEXT = 400;
const MAX_DETAIL = 1000;

/** Where a problem is: the file, 1-based line and column when known. */
export interface Place {
  uri: vscode.Uri;
  line?: number;
  column?: number;
}

/** A progress notification as it was shown. */
export interface ProgressShown {
  title: string;
  cancellable: boolean;
}

export const OPEN_SIDECAR = 'Open Sidecar';

export class Messages {
  constructor(
    private readonly observe?: (shown: Shown) => void,
    private readonly observeProgress?: (shown: ProgressShown) => void,
  ) {}

  info<T extends string>(text: string, ...items: T[]): Thenable<T | undefined> {
    return this.show('info', text, undefined, items);
  }

  warn<T extends string>(text: string, ...items: T[]): Thenable<T | undefined> {
    return this.show('warning', text, undefined, items);
  }

  error<T extends string>(text: string, ...items: T[]): Thenable<T | undefined> {
    return this.show('error', text, undefined, items);
  }

  /** A modal dialog; `detail` is neutralised like the text. */
  modal<T extends string>(severity: Severity, text: string, detail: string | undefined, ...items: T[]): Thenable<T | undefined> {
    return this.show(severity, text, detail, items, true);
  }

  /**
   * A progress notification while `task` runs (an export or import of thousands of sources takes
   * seconds), with Cancel unless `cancellable` is false; its title neutralised like any message text.
   */
  progress<T>(title: string, task: (token: vscode.CancellationToken) => Promise<T>, cancellable = true): Thenable<T> {
    const shown: ProgressShown = { title: forMessage(title, MAX_TEXT), cancellable };
    this.observeProgress?.(shown);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: shown.title, cancellable }, (_progress, token) => task(token));
  }

  /**
   * A file Marginalia cannot read or write: names the file, line and column, and offers to
   * open it there. The full problem list is in Problems; this is the pointer to it.
   */
  problemIn(place: Place, text: string): void {
    void this.error(text, OPEN_SIDECAR).then((choice) => {
      if (choice !== OPEN_SIDECAR) return;
      const line = Math.max(0, (place.line ?? 1) - 1);
      const col = Math.max(0, (place.column ?? 1) - 1);
      void vscode.window.showTextDocument(place.uri, { selection: new vscode.Range(line, col, line, col) });
    });
  }

  private show<T extends string>(severity: Severity, text: string, detail: string | undefined, items: T[], modal = false): Thenable<T | undefined> {
    const shown: Shown = { severity, text: forMessage(text, MAX_TEXT), items: [...items] };
    if (detail !== undefined) shown.detail = forMessage(detail, MAX_DETAIL);
    this.observe?.(shown);
    const options: vscode.MessageOptions = modal ? { modal: true, ...(shown.detail !== undefined ? { detail: shown.detail } : {}) } : {};
    const f = severity === 'info' ? vscode.window.showInformationMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    return f(shown.text, options, ...items);
  }
}

/**
 * An expected failure (a file that cannot be read or written, markers left by git, a name
 * not in the registry): shown as a message, never thrown out of a command, because VS Code
 * turns a thrown error into a second, modal "Command … resulted in an error" with the raw text.
 */
export class Refusal extends Error {
  constructor(message: string, readonly place?: Place) {
    super(message);
  }
}
