// What the placed annotations around one annotation say of where it is now (neighbours.ts builds
// it each round), and the two questions every rule asks of it: do the neighbours put it at a
// place, or does a container it lay in rule that place out.
import type { Attempt } from './attempt';
import type { Judged } from './decide';
import { inside } from './verdicts';

export interface View {
  /** Where the placed annotations whose stored span contains this one's are now. */
  containers: { start: number; end: number }[];
  /** Starts predicted by the nearest placed neighbour on each side. */
  predictions: number[];
  /** The neighbour behind each prediction, index for index. */
  predictedBy: Attempt[];
  /**
   * Per placed container: where this one's words stood in it, now, and how far an edit inside
   * it may have shifted them (0 when it was found word for word).
   */
  within: { start: number; end: number; at: number; slack: number }[];
  /**
   * Starts predicted, and containers, from neighbours found word for word on their own evidence
   * only (not approximately, not on one side of their context): what may place a one-sided name.
   */
  firm: { predictions: number[]; predictedBy: Attempt[]; containers: { start: number; end: number }[] };
  /**
   * Per unplaced container torn between places its own evidence supports equally (two copies of
   * a sentence): those places.
   */
  undecided: Judged[][];
  /** The start predicted by the first placed annotation inside this one. */
  inner: number[];
  /** Unplaced annotations whose stored span contains this one's (a claim around a name). */
  refusing: Attempt[];
}

/**
 * Whether where the neighbours went puts this annotation at `j`. The stored offset itself counts
 * as a tie-break among equally good places, but not against another annotation claiming the
 * same words: a paragraph deleted after it can slide another copy of a name right under it.
 */
export function agrees(v: View, j: Judged, offsetCounts = true): boolean {
  return (
    (offsetCounts && j.atHint) ||
    v.predictions.includes(j.start) ||
    (v.containers.length > 0 && v.containers.every((y) => inside(j, y)))
  );
}

export function disagrees(v: View, j: Judged): boolean {
  return v.containers.some((y) => !inside(j, y));
}
