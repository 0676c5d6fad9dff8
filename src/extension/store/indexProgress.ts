// Progress of an index that takes a while (issue 15): after a second, the Sources view shows
// its progress bar and the status bar says how many sources are read, until the index ends.
// A quick index shows nothing, so a save or a small workspace never flickers.
import * as vscode from 'vscode';
import { Views } from '../ids';
import { formatCount } from '../../core/text/count';

/** What the last long index showed, for the tests and the log. */
export interface ProgressShown {
  locations: string[];
  /** The last "n of N" reported. */
  done: number;
  total: number;
}

export class IndexProgress {
  /** How long an index runs before progress shows; a test may lower it. */
  delayMs = 1000;
  /** Set once progress was shown by the current or last index. */
  shown: ProgressShown | null = null;

  /** Runs `work`, showing progress if it is still running after delayMs. */
  async run<T>(title: string, work: (report: (done: number, total: number) => void) => Promise<T>): Promise<T> {
    let finished = false;
    let reporter: vscode.Progress<{ message?: string }> | undefined;
    let last = { done: 0, total: 0 };
    let lastReport = 0;
    const tell = () => {
      lastReport = Date.now();
      reporter?.report({ message: `${formatCount(last.done)} of ${formatCount(last.total)} sources` });
      if (this.shown) Object.assign(this.shown, last);
    };
    let release!: () => void;
    const ended = new Promise<void>((r) => (release = r));
    const timer = setTimeout(() => {
      if (finished) return;
      this.shown = { locations: [], ...last };
      void vscode.window.withProgress({ location: { viewId: Views.sources } }, () => ended);
      this.shown.locations.push(Views.sources);
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, (p) => {
        reporter = p;
        tell();
        return ended;
      });
      this.shown.locations.push('window');
    }, this.delayMs);
    this.shown = null;
    try {
      return await work((done, total) => {
        last = { done, total };
        // a report per chunk is plenty; the status bar need not redraw for every file
        if (Date.now() - lastReport > 100 || done === total) tell();
      });
    } finally {
      finished = true;
      clearTimeout(timer);
      release();
    }
  }
}
