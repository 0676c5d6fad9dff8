// A view's updates for the store's changes, in a turn of the event loop of their own when a
// change is large (issue 15). A view updates what a change names from what the store holds now,
// so an update may wait; but every view updated in the store's event adds up to one stall: a
// claim's status changed in a transcript of 20,000 annotations held the host's thread 60-145 ms
// as the Sources, Entities and Claims views and the Review view each went over the source's
// annotations in the same task (views bench, `--only viewsLarge`). Given one LaterUpdates each,
// a small change updates them at once, as before, and a large one updates each a turn later,
// one view per turn (yieldThread). Changes that come while an update waits join it: one update,
// every source named. No `vscode` import.
import { yieldThread } from '../slices';

/** How a view's changes join, and whether one is large enough to wait for a turn of its own. */
export interface LaterRules<C> {
  /** One change standing for both, `a` first (every source either names; everything if either says so). */
  merge(a: C, b: C): C;
  /** Whether updating for this change may take long (it names sources holding many annotations). */
  large(change: C): boolean;
}

export class LaterUpdates<C> {
  private pending: C | undefined;
  private disposed = false;

  constructor(
    private readonly rules: LaterRules<C>,
    private readonly apply: (change: C) => void,
    /** Told of each wait (the store's drawingInSlices), so that whoever waits for the views waits for it too. */
    private readonly waiting: (done: Promise<void>) => void = () => undefined,
  ) {}

  /** Whether an update waits for its turn. */
  get due(): boolean {
    return this.pending !== undefined;
  }

  /** Updates for `change`: now, unless it is large or an update already waits (it then joins that one). */
  take(change: C): void {
    if (this.disposed) return;
    if (this.pending !== undefined) {
      this.pending = this.rules.merge(this.pending, change);
      return;
    }
    if (!this.rules.large(change)) {
      this.apply(change);
      return;
    }
    this.pending = change;
    this.waiting(this.later());
  }

  dispose(): void {
    this.disposed = true;
    this.pending = undefined;
  }

  private async later(): Promise<void> {
    await yieldThread();
    const change = this.pending;
    this.pending = undefined;
    if (change !== undefined && !this.disposed) this.apply(change);
  }
}
