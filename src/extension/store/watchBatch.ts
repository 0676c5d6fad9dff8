// The watcher's events gathered into batches (issue 10). git checkouts touch many files at once:
// they are read as one update. The watcher hands a big change over in chunks (500 events each,
// 200 ms apart in VS Code); once a batch is big it waits for a longer pause, so a file git
// unlinks and writes anew is read once, not twice; a stream of events that never pauses is still
// read, a second after it began.
import type * as vscode from 'vscode';

/** Pending changes past which a batch waits for a longer pause (a checkout, a pull). */
const BIG_BATCH = 50;

export class WatchBatch implements vscode.Disposable {
  private pending = new Map<string, vscode.Uri>();
  /** URIs in `pending` the watcher reported only as changed: a changed folder is not re-read whole. */
  private changedOnly = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the first change of the pending batch came (Date.now()). */
  private started = 0;

  /** `flush` gets each batch, with the URIs reported only as changed. */
  constructor(private readonly flush: (uris: vscode.Uri[], changedOnly: ReadonlySet<string>) => void) {}

  add(uri: vscode.Uri, kind?: 'changed' | 'created'): void {
    const key = uri.toString();
    if (kind === 'changed' && !this.pending.has(key)) this.changedOnly.add(key);
    else if (kind !== 'changed') this.changedOnly.delete(key);
    this.pending.set(key, uri);
    if (this.timer) clearTimeout(this.timer);
    if (this.pending.size === 1) this.started = Date.now();
    const quiet = Date.now() - this.started > 1000 ? 0 : this.pending.size > BIG_BATCH ? 300 : 30;
    this.timer = setTimeout(() => {
      const batch = [...this.pending.values()];
      const changedOnly = this.changedOnly;
      this.pending.clear();
      this.changedOnly = new Set();
      this.flush(batch, changedOnly);
    }, quiet);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
